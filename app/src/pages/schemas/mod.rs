//! The Schemas page: every schema registry and schema directory with its subjects.
//!
//! - [`source_section`]: one source: where it is, whether it is current, its subjects.
//! - [`subject_table`]: the subjects, filtered by the page's name filter, with parse
//!   errors shown in place.

mod source_section;
mod subject_table;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::live::use_catalog_changes;
use crate::components::states::{EmptyState, ErrorState, Loading};
use crate::pages::overview::NameFilter;
use crate::server_fns::get_schemas::get_schemas;
use model::SchemasOverview;
use source_section::SourceSection;

#[component]
pub fn SchemasPage() -> impl IntoView {
    let initial_filter = use_query_map().read_untracked().get("q").unwrap_or_default();
    let filter = RwSignal::new(initial_filter);
    let schemas = Resource::new(|| (), |_| get_schemas());
    use_catalog_changes(move || schemas.refetch());

    view! {
        <Title text="Schemas"/>
        <div class="mb-6 flex flex-wrap items-end justify-between gap-4">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight">"Schemas"</h1>
                <p class="text-sm text-slate-600">"Subjects of every schema registry and contracts directory, with the topics they describe."</p>
            </div>
            <NameFilter filter action="/schemas" label="Filter subjects by name"/>
        </div>
        <Transition fallback=|| view! { <Loading what="schemas"/> }>
            {move || Suspend::new(async move {
                match schemas.await {
                    Ok(schemas) => view! { <SourceList schemas filter=filter.read_only()/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SourceList(schemas: SchemasOverview, filter: ReadSignal<String>) -> impl IntoView {
    if schemas.sources.is_empty() {
        return view! {
            <EmptyState title="No schema registry or directory configured">
                <p>"Add a registry (or a directory of schema files) to the configuration file and restart Tributary:"</p>
                <pre class="mx-auto mt-3 w-fit rounded bg-slate-100 p-3 text-left text-xs">
                    "[[schema_registries]]\nname = \"main\"\nurl = \"http://127.0.0.1:8081\"\n\n[[schema_directories]]\nname = \"contracts\"\npath = \"contracts/\""
                </pre>
            </EmptyState>
        }
        .into_any();
    }
    let server_time_ms = schemas.server_time_ms;
    schemas
        .sources
        .into_iter()
        .map(|source| view! { <SourceSection source server_time_ms filter/> })
        .collect_view()
        .into_any()
}
