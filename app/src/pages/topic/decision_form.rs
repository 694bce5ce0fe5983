//! A steward's decision on a suggested category: confirm or dismiss it, with a reason
//! and who decides. A plain form without JavaScript (the browser comes back to the
//! page); hydrated, it answers in place and the page refreshes from the live feed.

use leptos::prelude::*;

use crate::components::steward_signature::{answered, StewardChoice, StewardSignature};
use crate::server_fns::decide_field::DecideField;

#[component]
pub fn DecisionForm(source: String, subject: String, path: String, category: String) -> impl IntoView {
    let decide = ServerAction::<DecideField>::new();
    let outcome = answered(decide, |recorded| {
        format!("Recorded: {} {} on {}", recorded.decision.name(), recorded.category, recorded.path)
    });
    let label = format!("Decide on {category} for {path}");
    view! {
        <ActionForm action=decide attr:class="mt-1 flex flex-wrap items-center gap-2 text-xs" attr:data-testid="decision-form" attr:aria-label=label>
            <input type="hidden" name="source" value=source/>
            <input type="hidden" name="subject" value=subject/>
            <input type="hidden" name="path" value=path/>
            <input type="hidden" name="category" value=category/>
            <StewardChoice name="decision" label="Decision" options=[("confirm", "Confirm"), ("dismiss", "Dismiss")]/>
            <StewardSignature outcome reason_class="w-48"/>
        </ActionForm>
    }
}
