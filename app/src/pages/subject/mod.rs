//! One subject: its versions, the chosen version's field tree with tags, and what
//! changed from the version before. Addressed by query (`/subject?source=&name=&version=`)
//! because subject names may hold `/` (files in a contracts directory).
//!
//! - [`field_tree`]: the collapsible field tree (`<details>`, so it folds without JavaScript).
//! - [`version_changes`]: the diff from the previous version, field by field.
//! - [`side_by_side`]: the two versions' schema texts side by side.
//! - [`data_contract`]: the registration's properties (owner) and rules (encryption,
//!   masking).

mod data_contract;
mod field_tree;
mod side_by_side;
mod version_changes;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::page_title::page_title;
use leptos_router::hooks::use_query_map;

use crate::components::live::use_catalog_changes;
use crate::components::states::{missing_parameters, ErrorState, Loading, Missing};
use crate::server_fns::get_subject::get_subject;
use data_contract::DataContract;
use field_tree::FieldTree;
use model::links::subject_href;
use model::{diff_schemas, SchemaRole, Subject};
use side_by_side::SideBySide;
use version_changes::VersionChanges;

#[component]
pub fn SubjectPage() -> impl IntoView {
    let query = use_query_map();
    let source = move || query.read().get("source").unwrap_or_default();
    let name = move || query.read().get("name").unwrap_or_default();
    let version = move || query.read().get("version").and_then(|v| v.parse::<i32>().ok());
    let subject = Resource::new(move || (source(), name()), |(source, name)| get_subject(source, name));
    use_catalog_changes(move || subject.refetch());

    view! {
        <Title text=page_title(name)/>
        <p class="mb-2 text-sm"><a href="/schemas" class="text-sky-700 hover:underline">"← Schemas"</a></p>
        <Transition fallback=|| view! { <Loading what="the subject"/> }>
            {move || Suspend::new(async move {
                match subject.await {
                    Ok(Some(subject)) => view! { <SubjectView subject source=source() chosen=version()/> }.into_any(),
                    Ok(None) => view! {
                        <Missing
                            title="No such subject"
                            message=missing_parameters("subject", &[("source", source()), ("name", name())])
                                .unwrap_or_else(|| format!("{} has no subject named {}.", source(), name()))
                        />
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SubjectView(subject: Subject, source: String, chosen: Option<i32>) -> impl IntoView {
    let shown = chosen
        .and_then(|number| subject.versions.iter().find(|version| version.version == number))
        .or_else(|| subject.latest())
        .or_else(|| subject.versions.last())
        .cloned();
    let previous = shown.as_ref().and_then(|shown| {
        subject.versions.iter().rev().find(|version| version.version < shown.version && !version.deleted).cloned()
    });
    let topics: Vec<String> = subject
        .topics
        .iter()
        .map(|binding| format!("{} ({})", binding.topic, if binding.role == SchemaRole::Key { "key" } else { "value" }))
        .collect();
    let version_links = subject
        .versions
        .iter()
        .map(|version| {
            let href = format!("{}&version={}", subject_href(&source, &subject.name), version.version);
            let current = shown.as_ref().is_some_and(|shown| shown.version == version.version);
            let label = if version.deleted {
                format!("v{} (deleted)", version.version)
            } else {
                format!("v{}", version.version)
            };
            let class = if current {
                "rounded bg-slate-800 px-2 py-0.5 text-white"
            } else {
                "rounded bg-slate-100 px-2 py-0.5 hover:bg-slate-200"
            };
            view! { <a href=href class=class aria-current=current.then_some("page")>{label}</a> }
        })
        .collect_view();
    let body = match shown {
        None => view! { <p class="text-sm text-slate-600">"Every version of this subject is deleted."</p> }.into_any(),
        Some(version) => {
            let changes = match (&previous, &version.parsed) {
                (Some(previous), Ok(tree)) => {
                    previous.parsed.as_ref().ok().map(|old| (previous.version, diff_schemas(old, tree)))
                }
                _ => None,
            };
            let texts = previous
                .as_ref()
                .map(|previous| (previous.version, previous.schema.clone(), version.version, version.schema.clone()));
            let (properties, rules) = (version.properties.clone(), version.rules.clone());
            let tree = match version.parsed {
                Ok(tree) => view! { <FieldTree tree/> }.into_any(),
                Err(error) => view! {
                    <p role="alert" class="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-900" data-testid="parse-error">
                        {format!("Version {} cannot be parsed: {error}", version.version)}
                    </p>
                }
                .into_any(),
            };
            view! {
                <p class="mt-1 text-xs text-slate-500">
                    {format!("{} · schema id {}", version.format.schema_type(), version.id)}
                    {(!version.references.is_empty()).then(|| format!(" · references {}", version.references.iter().map(|r| format!("{} ({} v{})", r.name, r.subject, r.version)).collect::<Vec<_>>().join(", ")))}
                </p>
                <DataContract properties rules/>
                {changes.map(|(from, changes)| view! { <VersionChanges from changes/> })}
                {texts.map(|(before, before_text, after, after_text)| view! {
                    <SideBySide before before_text after after_text/>
                })}
                {tree}
                <details class="mt-6">
                    <summary class="cursor-pointer text-sm text-slate-600">"Schema text"</summary>
                    <pre class="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-3 text-xs">{version.schema}</pre>
                </details>
            }
            .into_any()
        }
    };
    view! {
        <Title text=subject.name.clone()/>
        <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="subject">
            <h1 class="font-mono text-xl font-semibold">{subject.name.clone()}</h1>
            <p class="mt-1 text-sm text-slate-600">
                {format!("{source} · compatibility {}", subject.compatibility.clone().unwrap_or_else(|| "as the registry's default".into()))}
                {(!topics.is_empty()).then(|| format!(" · describes {}", topics.join(", ")))}
            </p>
            <nav aria-label="Versions" class="mt-4 flex flex-wrap gap-2 text-sm">{version_links}</nav>
            {body}
        </section>
    }
}
