//! The page for a path that names no page.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::states::{answer_not_found, EmptyState};

#[component]
pub fn NotFound() -> impl IntoView {
    answer_not_found();
    view! {
        <Title text="Not found"/>
        <EmptyState title="Page not found">
            <a class="text-sky-700 underline" href="/">"Back to the clusters"</a>
        </EmptyState>
    }
}
