//! A steward marks an application (by its node path) as masking the personal data it
//! reads, or takes the mark back, with a reason. A plain form without JavaScript (the
//! browser comes back to the page); hydrated, it answers in place and the page
//! refreshes from the live feed.

use leptos::prelude::*;

use crate::components::steward_signature::{answered, StewardChoice, StewardSignature};
use crate::server_fns::mark_masking::MarkMasking;

#[component]
pub fn MaskingForm() -> impl IntoView {
    let mark = ServerAction::<MarkMasking>::new();
    let outcome = answered(mark, |recorded| {
        format!("Recorded: {} {}", recorded.node, if recorded.masking { "masks" } else { "no longer marked" })
    });
    view! {
        <ActionForm action=mark attr:class="mt-3 flex flex-wrap items-center gap-2 text-xs" attr:data-testid="masking-form" attr:aria-label="Mark an application as masking">
            <input name="node" required placeholder="group:cluster/application" aria-label="Application" class="w-56 rounded border border-slate-300 px-1 py-0.5 font-mono"/>
            <StewardChoice name="masking" label="Mark" options=[("true", "Masks what it reads"), ("false", "Take the mark back")]/>
            <StewardSignature outcome reason_class="w-56"/>
        </ActionForm>
    }
}
