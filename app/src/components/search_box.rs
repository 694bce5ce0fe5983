//! The header's search box. Without JavaScript it is a plain form to the results page;
//! hydrated it suggests as you type (from two characters), and the arrow keys, Enter
//! and Escape move through, open and close the suggestions (a WAI-ARIA combobox).
//! On the results page it keeps the query it shows.

use leptos::ev::KeyboardEvent;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

use crate::server_fns::search::search;
use model::SearchHit;

/// Suggestions shown under the box.
const SUGGESTIONS: usize = 8;
/// Shorter queries would match most of the estate.
const MIN_QUERY_CHARS: usize = 2;
const LISTBOX_ID: &str = "search-suggestions";
/// Suggestions wait for a pause in typing this long, so a fast typist asks once.
const TYPING_PAUSE: Duration = Duration::from_millis(150);

#[component]
pub fn SearchBox() -> impl IntoView {
    let on_results = use_location().pathname.get_untracked() == "/search";
    let asked = if on_results { use_query_map().read_untracked().get("q").unwrap_or_default() } else { String::new() };
    let typed = RwSignal::new(asked.clone());
    let query = RwSignal::new(String::new());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let hits = Resource::new(
        move || query.get(),
        |text| async move {
            if text.trim().chars().count() < MIN_QUERY_CHARS {
                return Ok(Vec::new());
            }
            search(text, SUGGESTIONS).await
        },
    );
    let current = move || hits.get().and_then(Result::ok).unwrap_or_default();
    let navigate = use_navigate();
    let on_key = move |event: KeyboardEvent| {
        let count = current().len();
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                open.set(true);
                active.update(|at| *at = Some(at.map_or(0, |at| (at + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                active.update(|at| *at = Some(at.map_or(count - 1, |at| (at + count - 1) % count)));
            }
            "Enter" => {
                if let Some(hit) = active.get().and_then(|at| current().get(at).cloned()) {
                    event.prevent_default();
                    open.set(false);
                    navigate(&hit.href, NavigateOptions::default());
                }
            }
            "Escape" => {
                open.set(false);
                active.set(None);
            }
            _ => {}
        }
    };
    let option_id = |at: usize| format!("search-option-{at}");
    view! {
        <form method="get" action="/search" role="search" class="relative ml-auto" on:focusout=move |_| open.set(false)>
            <input
                type="search"
                name="q"
                required
                autocomplete="off"
                placeholder="Search topics, groups, subjects, fields…"
                aria-label="Search the catalog"
                role="combobox"
                aria-autocomplete="list"
                aria-controls=LISTBOX_ID
                aria-expanded=move || (open.get() && !current().is_empty()).to_string()
                aria-activedescendant=move || active.get().map(option_id)
                class="w-72 rounded-md border border-[#475569] bg-[#1e293b] px-3 py-1.5 text-sm text-[#f1f5f9] placeholder:text-[#94a3b8]"
                value=asked
                prop:value=move || typed.get()
                on:input=move |event| {
                    let text = event_target_value(&event);
                    typed.set(text.clone());
                    open.set(true);
                    active.set(None);
                    if let Some(waiting) = pending.get_value() {
                        waiting.clear();
                    }
                    pending.set_value(set_timeout_with_handle(move || query.set(text), TYPING_PAUSE).ok());
                }
                on:keydown=on_key
            />
            <Show when=move || open.get() && !current().is_empty()>
                <ul
                    id=LISTBOX_ID
                    role="listbox"
                    aria-label="Suggestions"
                    class="absolute right-0 z-10 mt-1 w-96 overflow-hidden rounded-md border border-slate-200 bg-white text-sm text-slate-900 shadow-lg"
                >
                    {move || current().into_iter().enumerate().map(|(at, hit)| view! {
                        <Suggestion hit selected=move || active.get() == Some(at) id=option_id(at)/>
                    }).collect_view()}
                </ul>
            </Show>
        </form>
    }
}

#[component]
fn Suggestion(hit: SearchHit, selected: impl Fn() -> bool + Send + Sync + 'static, id: String) -> impl IntoView {
    let kind = hit.kind.name();
    let selected = Signal::derive(selected);
    view! {
        <li id=id role="option" aria-selected=move || selected.get().to_string()
            class=move || if selected.get() { "bg-slate-100" } else { "" }>
            // Chosen on mousedown, before the input's focus-out closes the list.
            <a href=hit.href.clone() class="flex items-center gap-2 px-3 py-2" on:mousedown=|event| event.prevent_default()>
                <span class=format!("w-16 shrink-0 rounded px-1.5 py-0.5 text-center text-xs {}", kind_badge(kind))>{kind}</span>
                <span class="truncate font-mono">{hit.name.clone()}</span>
                <span class="ml-auto shrink-0 text-xs text-slate-500">{hit.scope.clone()}</span>
            </a>
        </li>
    }
}

/// The colour of a kind's badge (here and on the Search page).
pub fn kind_badge(kind: &str) -> &'static str {
    match kind {
        "topic" => "bg-sky-100 text-sky-800",
        "group" => "bg-emerald-100 text-emerald-800",
        "subject" => "bg-violet-100 text-violet-800",
        "field" => "bg-slate-200 text-slate-800",
        "tag" => "bg-amber-100 text-amber-900",
        "connector" => "bg-fuchsia-100 text-fuchsia-800",
        _ => "bg-rose-100 text-rose-800",
    }
}
