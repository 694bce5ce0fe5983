//! A steward's decision on a suggested category: confirm or dismiss it, with a reason
//! and who decides. A plain form without JavaScript (the browser comes back to the
//! page); hydrated, it answers in place and the page refreshes from the live feed.

use leptos::prelude::*;

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
            <input name="reason" required maxlength="2000" placeholder="Why" aria-label="Reason" class="w-48 rounded border border-slate-300 px-1 py-0.5"/>
            <input name="by" required maxlength="200" placeholder="Your name" aria-label="Who decides" class="w-28 rounded border border-slate-300 px-1 py-0.5"/>
            <button type="submit" class="rounded bg-slate-800 px-2 py-0.5 font-medium text-white hover:bg-slate-700">"Record"</button>
            <span role="status" class="text-slate-600">{outcome}</span>
        </ActionForm>
    }
}
