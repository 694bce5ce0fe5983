//! The Audit page: every change made through Tributary (stewards' decisions and tags,
//! masking marks, declared lineage, profile files), who made it, when and why, with the
//! state before and after; filtered by actor, action and target with a plain GET form
//! (it works without JavaScript), paged, exportable as CSV or JSON with the same
//! filters, and headed by whether the log's hash chain holds. `/audit`.
//!
//! - [`entry_table`]: the entries in a table, states folded in `<details>`.

mod entry_table;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::live::use_catalog_changes;
use crate::components::states::{ErrorState, Loading};
use crate::server_fns::get_audit::get_audit;
use entry_table::EntryTable;
use model::links::encode;
use model::{AuditLogView, AuditQuery, AuditVerdict, AUDIT_ACTIONS};

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let asked = move || {
        let query = query.read();
        let text = |key: &str| query.get(key).unwrap_or_default();
        AuditQuery {
            actor: text("actor"),
            action: text("action"),
            target: text("target"),
            after: text("after").parse().unwrap_or(0),
        }
    };
    let log = Resource::new(asked, get_audit);
    use_catalog_changes(move || log.refetch());
    view! {
        <Title text="Audit log"/>
        <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight">"Audit log"</h1>
            <p class="text-sm text-slate-600">
                "Every change made through Tributary: who, when, what, why, before and after. "
                "Append-only; each entry carries the hash of the one before."
            </p>
        </div>
        <FilterForm query=asked()/>
        <Transition fallback=|| view! { <Loading what="the audit log"/> }>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(view) => view! { <AuditView view query=asked()/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The filters as a GET form: the page's URL holds them, so a filtered view can be
/// shared and reloaded.
#[component]
fn FilterForm(query: AuditQuery) -> impl IntoView {
    let options = AUDIT_ACTIONS
        .iter()
        .map(|action| view! { <option value=*action selected=query.action == *action>{*action}</option> })
        .collect_view();
    view! {
        <form method="get" action="/audit" class="mb-4 flex flex-wrap items-end gap-3 text-sm" data-testid="audit-filters">
            <label class="flex flex-col">
                <span class="text-xs text-slate-500">"Actor"</span>
                <input name="actor" value=query.actor class="rounded border border-slate-300 px-2 py-1"/>
            </label>
            <label class="flex flex-col">
                <span class="text-xs text-slate-500">"Action"</span>
                <select name="action" class="rounded border border-slate-300 px-2 py-1">
                    <option value="" selected=query.action.is_empty()>"any"</option>
                    {options}
                </select>
            </label>
            <label class="flex flex-col">
                <span class="text-xs text-slate-500">"Target contains"</span>
                <input name="target" value=query.target class="rounded border border-slate-300 px-2 py-1"/>
            </label>
            <button type="submit" class="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800">"Filter"</button>
        </form>
    }
}

#[component]
fn AuditView(view: AuditLogView, query: AuditQuery) -> impl IntoView {
    let filters =
        format!("actor={}&action={}&target={}", encode(&query.actor), encode(&query.action), encode(&query.target));
    let next = view.page.next_after.map(|after| format!("/audit?{filters}&after={after}"));
    let shown = view.page.entries.len();
    let summary = format!(
        "{} entr{} match{}; showing {shown}.",
        view.page.total,
        if view.page.total == 1 { "y" } else { "ies" },
        if view.page.total == 1 { "es" } else { "" }
    );
    view! {
        <ChainStatus verdict=view.verdict/>
        <p class="mb-2 flex flex-wrap items-center gap-3 text-sm text-slate-700">
            <span data-testid="audit-summary">{summary}</span>
            <a class="text-sky-700 hover:underline" data-testid="audit-export-csv" href=format!("/api/v1/audit/export?format=csv&{filters}")>"Export CSV"</a>
            <a class="text-sky-700 hover:underline" data-testid="audit-export-json" href=format!("/api/v1/audit/export?format=json&{filters}")>"Export JSON"</a>
        </p>
        <EntryTable entries=view.page.entries now=view.server_time_ms/>
        {next.map(|href| view! { <a class="mt-3 inline-block text-sm text-sky-700 hover:underline" href=href>"Next page →"</a> })}
    }
}

/// Whether the stored chain is the one Tributary wrote, and the head hash to keep.
#[component]
fn ChainStatus(verdict: AuditVerdict) -> impl IntoView {
    match verdict.broken {
        Some(broken) => view! {
            <p class="mb-4 rounded border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900" data-testid="audit-chain" data-intact="false">
                <strong>{format!("The log was edited: entry {} breaks the chain. ", broken.seq)}</strong>
                {broken.why}
            </p>
        }
        .into_any(),
        None => {
            let head = verdict.head_hash.unwrap_or_else(|| "none yet".to_owned());
            view! {
                <p class="mb-4 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="audit-chain" data-intact="true">
                    {format!("The chain holds: all {} entries are as written. Head hash ", verdict.entries)}
                    <code class="break-all text-xs">{head}</code>
                    " (keep it elsewhere to prove later that nothing was cut off the end)."
                </p>
            }
            .into_any()
        }
    }
}
