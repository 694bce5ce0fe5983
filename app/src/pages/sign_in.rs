//! The sign-in page: a local account's name and password, posted as a plain form (it
//! works without JavaScript) to `/auth/sign-in`, which sends the browser on to the page
//! it came from; and, when a provider is configured, a link that signs in through it
//! (`/auth/oidc/start`). `/sign-in?next=&failed=` (`failed`: `1` a wrong name or
//! password, `provider` a sign-in through the provider that failed, `no-role` one whose
//! account there has no role here).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::caller::use_caller;

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|query| query.get("next").unwrap_or_else(|| "/".into()));
    let failure = move || {
        query.with(|query| {
            query.get("failed").map(|failed| match failed.as_str() {
                "provider" => "Signing in through the provider did not succeed. Try again.",
                "no-role" => "Your account at the provider has no role in Tributary. Ask an administrator for one.",
                _ => "That name and password do not match an account.",
            })
        })
    };
    let provider = use_caller().sign_in_with;
    let provider_link = move || format!("/auth/oidc/start?next={}", model::links::encode(&next()));
    let input = "rounded border border-slate-300 px-2 py-1";
    view! {
        <Title text="Sign in"/>
        <div class="mx-auto max-w-sm">
            <h1 class="mb-4 text-2xl font-semibold tracking-tight">"Sign in"</h1>
            {move || failure().map(|message| view! {
                <p role="alert" class="mb-3 rounded bg-red-50 px-3 py-2 text-sm text-red-800">{message}</p>
            })}
            {provider.map(|label| view! {
                <a href=provider_link rel="external" class="mb-4 block rounded border border-slate-800 px-3 py-1.5 text-center text-sm font-medium hover:bg-slate-100">
                    {format!("Sign in with {label}")}
                </a>
                <p class="mb-3 text-center text-xs text-slate-500">"or with a local account"</p>
            })}
            <form method="post" action="/auth/sign-in" aria-label="Sign in" class="flex flex-col gap-3 text-sm">
                <input type="hidden" name="next" value=next/>
                <label class="flex flex-col gap-1">
                    <span class="font-medium">"Name"</span>
                    <input name="name" required autocomplete="username" class=input/>
                </label>
                <label class="flex flex-col gap-1">
                    <span class="font-medium">"Password"</span>
                    <input name="password" type="password" required autocomplete="current-password" class=input/>
                </label>
                <button type="submit" class="rounded bg-slate-800 px-3 py-1.5 font-medium text-white hover:bg-slate-700">"Sign in"</button>
            </form>
        </div>
    }
}
