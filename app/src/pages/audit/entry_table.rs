//! Audit entries in a table: when, who, what and to what, why, and the state before and
//! after folded in `<details>` (JSON text, shown as written).

use leptos::prelude::*;

use model::freshness::{elapsed_label, utc_label};
use model::AuditEntry;

/// How much of an entry's hash the table shows; the whole is in its title.
const HASH_SHOWN: usize = 12;

#[component]
pub fn EntryTable(entries: Vec<AuditEntry>, now: i64) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="text-sm text-slate-500">"No entry matches."</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|entry| {
            let short_hash: String = entry.hash.chars().take(HASH_SHOWN).collect();
            let action = entry.action.clone();
            view! {
                <tr class="align-top" data-testid="audit-entry" data-action=action>
                    <td class="py-1.5 pr-3 tabular-nums text-slate-500">{entry.seq}</td>
                    <td class="py-1.5 pr-3 text-xs text-slate-500 tabular-nums" title=elapsed_label(entry.at_ms, now)>
                        {utc_label(entry.at_ms)}
                    </td>
                    <td class="py-1.5 pr-3" data-testid="audit-actor">{entry.actor}</td>
                    <td class="py-1.5 pr-3 font-mono text-xs">{entry.action}</td>
                    <td class="py-1.5 pr-3 break-all font-mono text-xs" data-testid="audit-target">{entry.target}</td>
                    <td class="py-1.5 pr-3">{entry.reason}</td>
                    <td class="py-1.5 pr-3 text-xs">
                        <State label="before" json=entry.before/>
                        <State label="after" json=entry.after/>
                    </td>
                    <td class="py-1.5 font-mono text-xs text-slate-500" title=entry.hash>{short_hash}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto">
            <table class="w-full text-left text-sm">
                <thead class="text-xs uppercase text-slate-500">
                    <tr>
                        <th class="pr-3">"#"</th><th class="pr-3">"When"</th><th class="pr-3">"Who"</th>
                        <th class="pr-3">"Action"</th><th class="pr-3">"Target"</th><th class="pr-3">"Why"</th>
                        <th class="pr-3">"Before → after"</th><th>"Hash"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// One state, folded; nothing when there was none.
#[component]
fn State(label: &'static str, json: String) -> impl IntoView {
    (!json.is_empty()).then(|| {
        view! {
            <details data-state=label>
                <summary class="cursor-pointer text-slate-600">{label}</summary>
                <pre class="max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2">{json}</pre>
            </details>
        }
    })
}
