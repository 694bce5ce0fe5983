//! The end of every steward's form: why (a reason), who decides, the button, and what
//! the server answered. One place, so that every decision is recorded the same way.

use leptos::prelude::*;

/// The reason and name inputs (`reason`, `by`), the submit button, and `outcome` read
/// out in a status line. `reason_class` sets the reason box's width.
#[component]
pub fn StewardSignature(
    #[prop(into)] outcome: Signal<Option<String>>,
    #[prop(default = "w-48")] reason_class: &'static str,
) -> impl IntoView {
    view! {
        <input name="reason" required maxlength="2000" placeholder="Why" aria-label="Reason" class=format!("{reason_class} rounded border border-slate-300 px-1 py-0.5")/>
        <input name="by" required maxlength="200" placeholder="Your name" aria-label="Who decides" class="w-28 rounded border border-slate-300 px-1 py-0.5"/>
        <button type="submit" class="rounded bg-slate-800 px-2 py-0.5 font-medium text-white hover:bg-slate-700">"Record"</button>
        <span role="status" class="text-slate-600">{move || outcome.get()}</span>
    }
}
