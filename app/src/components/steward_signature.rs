//! The end of every steward's form: why (a reason), who decides, the button, and what
//! the server answered. One place, so that every decision is recorded the same way: the
//! signed-in account decides and the session's CSRF token goes with the form; a caller
//! who may not record decisions (a viewer, or nobody signed in) gets no button, only a
//! note saying who may.

use leptos::prelude::*;

use super::caller::use_caller;
use model::Caller;

/// The reason input, who decides (with the hidden `csrf`), the submit button, and
/// `outcome` read out in a status line. `reason_class` sets the reason box's width.
#[component]
pub fn StewardSignature(
    #[prop(into)] outcome: Signal<Option<String>>,
    #[prop(default = "w-48")] reason_class: &'static str,
) -> impl IntoView {
    let caller = use_caller();
    let signature = move |caller: Caller| {
        if !caller.may_steward {
            let said = if caller.anonymous == "first-run" && caller.account.is_none() {
                "Stewards record decisions here: make the first account (`tributary user add`), then sign in."
            } else {
                "Stewards record decisions here: sign in as one."
            };
            return view! { <span class="text-slate-500" data-testid="steward-only">{said}</span> }.into_any();
        }
        let (account, csrf) = (caller.account.unwrap_or_default(), caller.csrf.unwrap_or_default());
        let who = view! {
            <input type="hidden" name="csrf" value=csrf/>
            <span class="text-slate-600">"as "{account}</span>
        };
        view! {
            <input name="reason" required maxlength="2000" placeholder="Why" aria-label="Reason" class=format!("{reason_class} rounded border border-slate-300 px-1 py-0.5")/>
            {who}
            <button type="submit" class="rounded bg-slate-800 px-2 py-0.5 font-medium text-white hover:bg-slate-700">"Record"</button>
            <span role="status" class="text-slate-600">{move || outcome.get()}</span>
        }
        .into_any()
    };
    signature(caller)
}
