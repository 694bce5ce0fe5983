//! The end of every steward's form: why (a reason), who decides, the button, and what
//! the server answered. One place, so that every decision is recorded the same way: the
//! signed-in account decides and the session's CSRF token goes with the form; a caller
//! who may not record decisions (a viewer, or nobody signed in) gets no button, only a
//! note saying who may.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use super::caller::use_caller;
use model::Caller;

/// What the server answered a steward's form, in words: `describe` of what it recorded,
/// or the error's own message.
pub fn answered<S>(action: ServerAction<S>, describe: fn(&S::Output) -> String) -> Signal<Option<String>>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + std::fmt::Display + 'static,
{
    Signal::derive(move || {
        action.value().get().map(|result| match result {
            Ok(recorded) => describe(&recorded),
            Err(error) => error.to_string(),
        })
    })
}

/// A steward's two-way choice (confirm or dismiss, mark or take back), as a `<select>`
/// named `name`: `options` are (value, words) pairs, the first chosen at first.
#[component]
pub fn StewardChoice(
    name: &'static str,
    label: &'static str,
    options: [(&'static str, &'static str); 2],
) -> impl IntoView {
    let options =
        options.into_iter().map(|(value, words)| view! { <option value=value>{words}</option> }).collect_view();
    view! {
        <select name=name aria-label=label class="rounded border border-slate-300 px-1 py-0.5">{options}</select>
    }
}

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
