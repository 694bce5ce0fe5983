use leptos::prelude::*;

/// Shown when there is nothing to show yet, with what to do about it.
#[component]
pub fn EmptyState(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <section class="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center" data-testid="empty-state">
            <h2 class="text-lg font-semibold">{title}</h2>
            <div class="mt-2 text-sm text-slate-600">{children()}</div>
        </section>
    }
}

/// Shown while data is on its way.
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <p class="animate-pulse text-sm text-slate-500" role="status">"Loading " {what} "…"</p>
    }
}

/// Shown when a request failed, with the server's message.
#[component]
pub fn ErrorState(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <section role="alert" class="rounded-lg border border-rose-300 bg-rose-50 p-6 text-rose-900">
            <h2 class="font-semibold">"Something went wrong"</h2>
            <p class="mt-1 text-sm">{message}</p>
        </section>
    }
}
