//! What changed between two versions of a subject, field by field.

use leptos::prelude::*;

use model::FieldChange;

/// What changed from version `from` to the version shown.
#[component]
pub fn VersionChanges(from: i32, changes: Vec<FieldChange>) -> impl IntoView {
    let heading = format!("Changes since v{from}");
    let items = changes
        .into_iter()
        .map(|change| {
            let (class, text) = describe(&change);
            view! { <li class=class>{text}</li> }
        })
        .collect_view();
    view! {
        <section class="mt-4 rounded-lg bg-slate-50 p-3" data-testid="version-changes">
            <h2 class="text-sm font-semibold">{heading}</h2>
            <ul class="mt-1 space-y-0.5 font-mono text-xs">{items}</ul>
        </section>
    }
}

fn describe(change: &FieldChange) -> (&'static str, String) {
    match change {
        FieldChange::Added { path, type_label } => ("text-emerald-800", format!("+ {path}: {type_label}")),
        FieldChange::Removed { path, type_label } => ("text-rose-800", format!("− {path}: {type_label}")),
        FieldChange::Retyped { path, before, after } => ("text-amber-800", format!("~ {path}: {before} → {after}")),
        FieldChange::TagsChanged { path, added, removed } => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("+{}", added.join(", +")));
            }
            if !removed.is_empty() {
                parts.push(format!("−{}", removed.join(", −")));
            }
            ("text-violet-800", format!("~ {path}: tags {}", parts.join(" ")))
        }
        FieldChange::DefaultChanged { path, before, after } => (
            "text-slate-700",
            format!(
                "~ {path}: default {} → {}",
                before.as_deref().unwrap_or("none"),
                after.as_deref().unwrap_or("none")
            ),
        ),
        FieldChange::DocChanged { path } => ("text-slate-700", format!("~ {path}: doc changed")),
    }
}
