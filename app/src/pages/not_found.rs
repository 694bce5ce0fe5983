use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::states::EmptyState;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found"/>
        <EmptyState title="Page not found">
            <a class="text-sky-700 underline" href="/">"Back to the clusters"</a>
        </EmptyState>
    }
}
