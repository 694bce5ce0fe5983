//! Violations in a table: rule, profile, topic (linked), what breaks it and the
//! evidence, first and last seen (and when resolved).

use leptos::prelude::*;

use model::freshness::elapsed_label;
use model::links::topic_href;
use model::Violation;

#[component]
pub fn ViolationTable(violations: Vec<Violation>, now: i64, resolved: bool) -> impl IntoView {
    if violations.is_empty() {
        let none = if resolved { "Nothing resolved lately." } else { "No topic breaks a rule of a profile in force." };
        return view! { <p class="text-sm text-slate-500">{none}</p> }.into_any();
    }
    let rows = violations
        .into_iter()
        .map(|violation| {
            let href = topic_href(&violation.cluster, &violation.topic);
            let when = match violation.resolved_at_ms {
                Some(at) => format!("resolved {}", elapsed_label(at, now)),
                None => format!("last seen {}", elapsed_label(violation.last_seen_ms, now)),
            };
            let (rule_key, topic_key) = (violation.rule.clone(), violation.topic.clone());
            view! {
                <tr class="align-top" data-testid="violation" data-rule=rule_key data-topic=topic_key>
                    <td class="py-1.5 pr-3 font-mono text-xs">{violation.rule}</td>
                    <td class="py-1.5 pr-3">{violation.profile}</td>
                    <td class="py-1.5 pr-3">
                        <a class="text-sky-700 hover:underline" href=href>{violation.topic}</a>
                        <span class="block text-xs text-slate-500">{violation.cluster}</span>
                    </td>
                    <td class="py-1.5 pr-3">
                        <span class="block font-mono text-xs text-slate-600">{violation.target}</span>
                        {violation.evidence}
                    </td>
                    <td class="py-1.5 text-xs text-slate-500 tabular-nums">
                        "first seen " {elapsed_label(violation.first_seen_ms, now)}
                        <span class="block">{when}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto">
            <table class="w-full text-left text-sm">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th class="pr-3">"Rule"</th><th class="pr-3">"Profile"</th><th class="pr-3">"Topic"</th><th class="pr-3">"Evidence"</th><th>"When"</th></tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
