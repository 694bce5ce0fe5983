//! How fresh a cluster's data is, in words and colour.

use leptos::prelude::*;

use model::freshness::elapsed_label;
use model::{ClusterStatus, Freshness};

/// "Live · read 3 s ago", "Stale · last good read 5 min ago", "Unreachable", "Connecting…".
#[component]
pub fn FreshnessBadge(status: ClusterStatus, server_time_ms: i64) -> impl IntoView {
    let since = |ms: Option<i64>| ms.map(|ms| elapsed_label(ms, server_time_ms)).unwrap_or_default();
    let (class, text) = match status.freshness() {
        Freshness::Current => {
            ("bg-emerald-100 text-emerald-800", format!("Live · read {}", since(status.last_good_read_ms)))
        }
        Freshness::Stale => {
            ("bg-amber-100 text-amber-900", format!("Stale · last good read {}", since(status.last_good_read_ms)))
        }
        Freshness::Unreachable => ("bg-rose-100 text-rose-800", "Unreachable".to_owned()),
        Freshness::Connecting => ("bg-slate-200 text-slate-700", "Connecting…".to_owned()),
    };
    view! {
        <span class=format!("rounded-full px-2.5 py-0.5 text-xs font-medium {class}") data-testid="freshness">
            {text}
        </span>
    }
}
