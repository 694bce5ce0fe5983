//! A table of one cluster's items (topics, consumer groups) that the page's name filter
//! narrows as it changes: its heading, "N of M" caption, column headings and one row per
//! item shown. The topic and group tables differ only in their columns and rows.

use leptos::prelude::*;

use super::name_filter::matches;

/// A column heading, and whether its cells are numbers (aligned right).
pub struct Column {
    pub heading: &'static str,
    pub numeric: bool,
}

/// What the table lists: `plural` for its heading-less caption ("3 of 10 topics"),
/// `testid` for the tests that read it.
pub struct TableKind {
    pub heading: &'static str,
    pub plural: &'static str,
    pub testid: &'static str,
}

/// `items` whose `name` matches `filter`, each drawn by `row`, under `columns`.
#[component]
pub fn FilteredTable<T, Row>(
    kind: TableKind,
    columns: Vec<Column>,
    items: Vec<T>,
    name: fn(&T) -> &str,
    filter: ReadSignal<String>,
    row: Row,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Row: Fn(T) -> AnyView + Send + Sync + 'static,
{
    let total = items.len();
    let items = StoredValue::new(items);
    let shown = move || {
        let filter = filter.get();
        items.with_value(|items| items.iter().filter(|item| matches(name(item), &filter)).cloned().collect::<Vec<_>>())
    };
    let last = columns.len().saturating_sub(1);
    let headings: Vec<(String, &'static str)> = columns
        .into_iter()
        .enumerate()
        .map(|(index, column)| {
            let class = format!(
                "py-2 {}{}font-medium",
                if index == last { "" } else { "pr-4 " },
                if column.numeric { "text-right " } else { "" }
            );
            (class, column.heading)
        })
        .collect();
    let headings = StoredValue::new(headings);
    let TableKind { heading, plural, testid } = kind;

    view! {
        <h3 class="mt-8 text-base font-semibold">{heading}</h3>
        {move || {
            let shown = shown();
            let caption = format!("{} of {} {plural}", shown.len(), total);
            let rows = shown.into_iter().map(&row).collect_view();
            let headings = headings
                .get_value()
                .into_iter()
                .map(|(class, heading)| view! { <th scope="col" class=class>{heading}</th> })
                .collect_view();
            view! {
                <table class="mt-2 w-full text-left text-sm" data-testid=testid>
                    <caption class="caption-bottom pt-2 text-left text-xs text-slate-500">{caption}</caption>
                    <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                        <tr>{headings}</tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            }
        }}
    }
}
