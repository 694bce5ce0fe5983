//! The name filter above a page's lists (live when hydrated, a GET form without JavaScript).

use leptos::prelude::*;

/// Filters a page's lists by name. Hydrated, it filters as you type; without
/// JavaScript it is a GET form to `action` whose `q` the server applies (with `keep`,
/// a query parameter the page needs, such as which cluster it shows).
#[component]
pub fn NameFilter(
    filter: RwSignal<String>,
    action: &'static str,
    label: &'static str,
    #[prop(optional)] keep: Option<(&'static str, String)>,
) -> impl IntoView {
    view! {
        <form method="get" action=action role="search" class="flex gap-2" on:submit=|event| event.prevent_default()>
            {keep.map(|(name, value)| view! { <input type="hidden" name=name value=value/> })}
            <label for="name-filter" class="sr-only">{label}</label>
            <input
                id="name-filter"
                name="q"
                type="search"
                placeholder="Filter by name"
                autocomplete="off"
                class="w-64 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm shadow-sm focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500"
                prop:value=move || filter.get()
                on:input=move |event| filter.set(event_target_value(&event))
            />
            <noscript>
                <button type="submit" class="rounded-md bg-slate-800 px-3 py-1.5 text-sm text-white">"Filter"</button>
            </noscript>
        </form>
    }
}

/// Whether `name` passes the filter: a case-insensitive substring match.
pub fn matches(name: &str, filter: &str) -> bool {
    filter.is_empty() || name.to_lowercase().contains(&filter.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn filter_matches_substrings_ignoring_case() {
        assert!(matches("orders.v1", ""));
        assert!(matches("orders.v1", "ORD"));
        assert!(matches("payments-orders", "orders "));
        assert!(!matches("payments", "orders"));
    }
}
