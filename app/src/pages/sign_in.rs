//! The sign-in page: a local account's name and password, posted as a plain form (it
//! works without JavaScript) to `/auth/sign-in`, which sends the browser on to the page
//! it came from. `/sign-in?next=&failed=`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|query| query.get("next").unwrap_or_else(|| "/".into()));
    let failed = move || query.with(|query| query.get("failed").is_some());
    let input = "rounded border border-slate-300 px-2 py-1";
    view! {
        <Title text="Sign in"/>
        <div class="mx-auto max-w-sm">
            <h1 class="mb-4 text-2xl font-semibold tracking-tight">"Sign in"</h1>
            <Show when=failed>
                <p role="alert" class="mb-3 rounded bg-red-50 px-3 py-2 text-sm text-red-800">
                    "That name and password do not match an account."
                </p>
            </Show>
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
