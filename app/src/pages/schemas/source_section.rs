//! One schema source on the Schemas page: its freshness, differences noticed, subjects.

use leptos::prelude::*;

use super::subject_table::SubjectTable;
use model::freshness::elapsed_label;
use model::SchemaSource;

#[component]
pub fn SourceSection(source: SchemaSource, server_time_ms: i64, filter: ReadSignal<String>) -> impl IntoView {
    let heading_id = format!("source-{}", source.name);
    let labelled_by = heading_id.clone();
    let kind = if source.kind == "directory" { "Contracts directory" } else { "Schema registry" };
    let status = match (&source.last_error, source.last_good_read_ms) {
        (Some(_), Some(ms)) => {
            ("bg-amber-100 text-amber-900", format!("Stale · last good read {}", elapsed_label(ms, server_time_ms)))
        }
        (Some(_), None) => ("bg-rose-100 text-rose-800", "Unreachable".to_owned()),
        (None, Some(ms)) => {
            ("bg-emerald-100 text-emerald-800", format!("Live · read {}", elapsed_label(ms, server_time_ms)))
        }
        (None, None) => ("bg-slate-200 text-slate-700", "Connecting…".to_owned()),
    };
    let body = match source.subjects {
        Some(subjects) => view! { <SubjectTable subjects filter/> }.into_any(),
        None => {
            view! { <p class="mt-4 text-sm text-slate-500" role="status">"Reading the source for the first time…"</p> }
                .into_any()
        }
    };
    view! {
        <section aria-labelledby=labelled_by class="mb-10 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="schema-source">
            <div class="flex flex-wrap items-center gap-3">
                <h2 id=heading_id class="text-xl font-semibold">{source.name.clone()}</h2>
                <span class="text-xs uppercase tracking-wide text-slate-500">{kind}</span>
                <code class="text-xs text-slate-500">{source.location.clone()}</code>
                <span class=format!("rounded-full px-2.5 py-0.5 text-xs font-medium {}", status.0) data-testid="freshness">{status.1}</span>
            </div>
            {(!source.answers_differ.is_empty()).then(|| view! {
                <ul class="mt-2 text-xs text-slate-600" data-testid="answers-differ">
                    {source.answers_differ.iter().map(|note| view! { <li>{format!("registry: {note}")}</li> }).collect_view()}
                </ul>
            })}
            {source.last_error.map(|error| view! {
                <p role="alert" class="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{error}</p>
            })}
            {body}
        </section>
    }
}
