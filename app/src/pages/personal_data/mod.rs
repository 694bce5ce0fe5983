//! The Personal data page: every topic holding personal data (its own fields, with
//! their protection, and what reaches it from upstream through applications), the
//! picture of its flows, the readers matrix (who reads which category, directly or downstream), and the masking
//! marks in force, with a form to mark an application. Follows the live feed.
//!
//! - [`inventory`]: the topics holding personal data.
//! - [`readers_matrix`]: readers × categories.
//! - [`masking_form`]: a steward marking an application as masking what it reads.

mod inventory;
mod masking_form;
mod readers_matrix;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::lineage::{LineagePicture, NodeClicks};
use crate::components::live::use_catalog_changes;
use crate::components::states::{ErrorState, Loading};
use crate::lineage_picture::Shown;
use crate::server_fns::get_personal_data::get_personal_data;
use inventory::Inventory;
use masking_form::MaskingForm;
use model::freshness::elapsed_label;
use model::PersonalDataOverview;
use readers_matrix::ReadersMatrix;

/// Hops the explorer opens with when a node of the flows picture is clicked.
const FLOW_EXPLORER_DEPTH: u32 = 2;

#[component]
pub fn PersonalDataPage() -> impl IntoView {
    let overview = Resource::new(|| (), |_| get_personal_data());
    use_catalog_changes(move || overview.refetch());
    view! {
        <Title text="Personal data"/>
        <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight">"Personal data"</h1>
            <p class="text-sm text-slate-600">"Where personal data lives, where it flows, and who reads it."</p>
        </div>
        <Transition fallback=|| view! { <Loading what="personal data"/> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! { <PersonalDataView overview/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PersonalDataView(overview: PersonalDataOverview) -> impl IntoView {
    let now = overview.server_time_ms;
    let when = match (&overview.waiting_for, overview.evaluated_at_ms) {
        (Some(waiting), _) => format!("Not known yet: waiting for {waiting}."),
        (None, Some(at)) => format!("As found {} after the latest change.", elapsed_label(at, now)),
        (None, None) => "Not known yet.".to_owned(),
    };
    let summary =
        format!("{} topics hold personal data; {} readers read it.", overview.topics.len(), overview.readers.len());
    let marks = overview
        .masking
        .iter()
        .map(|mark| {
            view! {
                <li data-testid="masking-mark">
                    <span class="font-mono text-xs">{mark.node.clone()}</span> " masks what it reads: " {mark.reason.clone()}
                    <span class="text-slate-500">{format!(" ({}, {})", mark.decided_by, elapsed_label(mark.decided_at_ms, now))}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="mb-4 text-sm text-slate-700" data-testid="personal-summary">{summary} " " <span class="text-slate-500">{when}</span></p>
        <section class="mb-8">
            <h2 class="mb-2 text-lg font-semibold">"Where it lives"</h2>
            <Inventory topics=overview.topics/>
        </section>
        <section class="mb-8" data-testid="pii-flows">
            <h2 class="mb-2 text-lg font-semibold">"Where it flows"</h2>
            <p class="text-sm text-slate-600">"Topics holding personal data of their own on the left; the applications it flows through and the topics it reaches to the right. A flow into a masking application ends at the topic it writes."</p>
            {overview.flows_cut.then(|| view! {
                <p class="text-sm text-amber-800" role="note">{format!("The picture shows the first {} nodes; the inventory above lists every topic.", overview.flows.nodes.len())}</p>
            })}
            {if overview.flows.nodes.is_empty() {
                view! { <p class="text-sm text-slate-500">"No path of personal data is known."</p> }.into_any()
            } else {
                let shown = StoredValue::new(None::<Shown>);
                view! { <LineagePicture view=overview.flows clicks=NodeClicks::Explore { depth: FLOW_EXPLORER_DEPTH } shown/> }.into_any()
            }}
        </section>
        <section class="mb-8">
            <h2 class="mb-2 text-lg font-semibold">"Who reads it"</h2>
            <ReadersMatrix categories=overview.categories readers=overview.readers/>
        </section>
        <section class="mb-8" data-testid="masking">
            <h2 class="mb-2 text-lg font-semibold">"Masking applications"</h2>
            <p class="text-sm text-slate-600">"Personal data does not propagate through an application marked as masking what it reads."</p>
            {if overview.masking.is_empty() {
                view! { <p class="text-sm text-slate-500">"No application is marked."</p> }.into_any()
            } else {
                view! { <ul class="mt-2 space-y-1 text-sm">{marks}</ul> }.into_any()
            }}
            <MaskingForm/>
        </section>
    }
}
