//! A steward's decision on a suggested category: confirm or dismiss it, with a reason
//! and who decides. A plain form without JavaScript (the browser comes back to the
//! page); hydrated, it answers in place and the page refreshes from the live feed.

use leptos::prelude::*;

use crate::components::steward_signature::StewardSignature;
use crate::server_fns::decide_field::DecideField;

#[component]
pub fn DecisionForm(source: String, subject: String, path: String, category: String) -> impl IntoView {
    let decide = ServerAction::<DecideField>::new();
    let outcome = move || {
        decide.value().get().map(|result| match result {
            Ok(recorded) => {
                format!("Recorded: {} {} on {}", recorded.decision.name(), recorded.category, recorded.path)
            }
            Err(error) => error.to_string(),
        })
    };
    let label = format!("Decide on {category} for {path}");
    view! {
        <ActionForm action=decide attr:class="mt-1 flex flex-wrap items-center gap-2 text-xs" attr:data-testid="decision-form" attr:aria-label=label>
            <input type="hidden" name="source" value=source/>
            <input type="hidden" name="subject" value=subject/>
            <input type="hidden" name="path" value=path/>
            <input type="hidden" name="category" value=category/>
            <select name="decision" aria-label="Decision" class="rounded border border-slate-300 px-1 py-0.5">
                <option value="confirm">"Confirm"</option>
                <option value="dismiss">"Dismiss"</option>
            </select>
            <StewardSignature outcome=Signal::derive(outcome) reason_class="w-48"/>
        </ActionForm>
    }
}
