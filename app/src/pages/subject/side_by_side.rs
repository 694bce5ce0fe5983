//! The chosen version's schema text beside the previous version's, lines aligned,
//! removed lines marked on the left and added lines on the right.

use leptos::prelude::*;

use model::text_diff::{lay_out, side_by_side, DiffRow};

#[component]
pub fn SideBySide(before: i32, before_text: String, after: i32, after_text: String) -> impl IntoView {
    let rows = side_by_side(&lay_out(&before_text), &lay_out(&after_text));
    let changed = rows.iter().filter(|row| !row.unchanged()).count();
    let body = rows.into_iter().map(|row| view! { <Row row/> }).collect_view();
    view! {
        <details class="mt-4" id="side-by-side" data-testid="side-by-side">
            <summary class="cursor-pointer text-sm font-semibold">
                {format!("Side by side: v{before} → v{after} ({changed} lines differ)")}
            </summary>
            <div class="mt-2 max-h-[32rem] overflow-auto rounded border border-slate-200">
                <table class="w-full table-fixed font-mono text-xs">
                    <thead class="sticky top-0 bg-slate-100 text-left text-slate-600">
                        <tr><th class="w-10"></th><th class="px-2">{format!("v{before}")}</th><th class="w-10"></th><th class="px-2">{format!("v{after}")}</th></tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn Row(row: DiffRow) -> impl IntoView {
    let same = row.unchanged();
    let side = |line: Option<(usize, String)>, changed_class: &'static str| {
        let class = match (&line, same) {
            (None, _) => "bg-slate-50",
            (Some(_), true) => "",
            (Some(_), false) => changed_class,
        };
        let (number, text) = line.map_or((String::new(), String::new()), |(number, text)| (number.to_string(), text));
        view! {
            <td class="select-none px-1 text-right align-top text-slate-400">{number}</td>
            <td class=format!("whitespace-pre-wrap break-all px-2 align-top {class}")>{text}</td>
        }
    };
    let kind = match (&row.left, &row.right) {
        _ if same => "same",
        (Some(_), None) => "removed",
        (None, Some(_)) => "added",
        _ => "changed",
    };
    view! {
        <tr data-change=kind>
            {side(row.left, "bg-rose-100 text-rose-900")}
            {side(row.right, "bg-emerald-100 text-emerald-900")}
        </tr>
    }
}
