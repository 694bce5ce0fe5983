//! A version's data contract: the properties its registration gives (an owner, say)
//! and its rules (encryption, masking, conditions, migrations), each in a line.

use leptos::prelude::*;

use std::collections::BTreeMap;

use model::ContractRule;

#[component]
pub fn DataContract(properties: BTreeMap<String, String>, rules: Vec<ContractRule>) -> impl IntoView {
    if properties.is_empty() && rules.is_empty() {
        return None;
    }
    let properties = properties
        .into_iter()
        .map(|(key, value)| view! { <li><span class="font-mono text-xs text-slate-500">{key}</span> " " {value}</li> })
        .collect_view();
    let rules = rules
        .into_iter()
        .map(|rule| {
            let on = if rule.tags.is_empty() { String::new() } else { format!(" on {}", rule.tags.join(", ")) };
            let phase = if rule.migration { "migration" } else { "domain" };
            let state = if rule.disabled { " (disabled)" } else { "" };
            let line = format!("{} {}{on}, {} ({phase} rule){state}", rule.kind, rule.rule_type, rule.mode);
            view! {
                <li data-testid="contract-rule">
                    <span class="font-semibold">{rule.name}</span> ": " {line}
                    {rule.expr.map(|expr| view! { <code class="ml-2 text-xs text-slate-600">{expr}</code> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <div class="mt-4 rounded border border-slate-200 p-3 text-sm" data-testid="data-contract">
            <h2 class="text-xs font-semibold uppercase text-slate-500">"Data contract"</h2>
            <ul>{properties}</ul>
            <ul class="mt-1">{rules}</ul>
        </div>
    })
}
