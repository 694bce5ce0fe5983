//! The table of a source's subjects: format, versions, topics, tags.

use leptos::prelude::*;

use crate::pages::overview::matches;
use model::links::subject_href;
use model::{SchemaRole, SubjectSummary};

#[component]
pub fn SubjectTable(subjects: Vec<SubjectSummary>, filter: ReadSignal<String>) -> impl IntoView {
    let total = subjects.len();
    let subjects = StoredValue::new(subjects);
    let shown = move || {
        let filter = filter.get();
        subjects.with_value(|subjects| {
            // The filter finds subjects by name, or by a tag they carry (`PII`).
            let tag = filter.trim();
            subjects
                .iter()
                .filter(|subject| {
                    matches(&subject.subject, &filter) || subject.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        {move || {
            let shown = shown();
            let failing = shown.iter().filter(|subject| !subject.parse_errors.is_empty()).count();
            let caption = format!("{} of {} subjects · {} with schemas that cannot be parsed", shown.len(), total, failing);
            let rows = shown.into_iter().map(|subject| view! { <SubjectRow subject/> }).collect_view();
            view! {
                <table class="mt-4 w-full text-left text-sm" data-testid="subjects">
                    <caption class="caption-bottom pt-2 text-left text-xs text-slate-500">{caption}</caption>
                    <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                        <tr>
                            <th scope="col" class="py-2 pr-4 font-medium">"Subject"</th>
                            <th scope="col" class="py-2 pr-4 font-medium">"Format"</th>
                            <th scope="col" class="py-2 pr-4 text-right font-medium">"Version"</th>
                            <th scope="col" class="py-2 pr-4 font-medium">"Topic"</th>
                            <th scope="col" class="py-2 font-medium">"Tags"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            }
        }}
    }
}

#[component]
fn SubjectRow(subject: SubjectSummary) -> impl IntoView {
    let topics: Vec<String> = subject
        .topics
        .iter()
        .map(|binding| {
            let role = if binding.role == SchemaRole::Key { "key" } else { "value" };
            format!("{} ({role})", binding.topic)
        })
        .chain(subject.declared_topics.iter().map(|topic| format!("{topic} (declared)")))
        .collect();
    let topics = if topics.is_empty() { "–".to_owned() } else { topics.join(", ") };
    let version = match (subject.latest_version, subject.versions) {
        (Some(latest), count) if count > 1 => format!("{latest} of {count}"),
        (Some(latest), _) => latest.to_string(),
        (None, _) => "deleted".to_owned(),
    };
    let errors = subject.parse_errors.clone();
    view! {
        <tr data-testid="subject-row">
            <td class="py-2 pr-4 font-mono">
                <a href=subject_href(&subject.registry, &subject.subject) class="text-sky-700 hover:underline">{subject.subject.clone()}</a>
                {subject.record.map(|record| view! { <div class="font-sans text-xs text-slate-500">{record}</div> })}
                {errors.into_iter().map(|failure| view! {
                    <div role="note" class="mt-1 rounded bg-rose-50 px-2 py-1 font-sans text-xs text-rose-800" data-testid="parse-error">
                        {format!("Version {} cannot be parsed: {}", failure.version, failure.error)}
                    </div>
                }).collect_view()}
            </td>
            <td class="py-2 pr-4">{subject.format.map(|format| format.schema_type()).unwrap_or("–")}</td>
            <td class="py-2 pr-4 text-right tabular-nums">{version}</td>
            <td class="py-2 pr-4 font-mono text-xs">{topics}</td>
            <td class="py-2">
                {subject.tags.into_iter().map(|tag| view! {
                    <span class="mr-1 rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-800">{tag}</span>
                }).collect_view()}
            </td>
        </tr>
    }
}
