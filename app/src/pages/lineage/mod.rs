//! The lineage explorer: the picture around one node with its controls (depth,
//! direction, node kinds, whether schemas and fields join the walk) as a plain GET
//! form, so it works without JavaScript; the current view exports as SVG.
//! Addressed by query: `/lineage?node=&depth=&direction=&kinds=&schemas=`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::lineage::LineagePicture;
use crate::components::live::use_catalog_changes;
use crate::components::states::{EmptyState, ErrorState, Loading};
use crate::model::{LineageRequest, LINEAGE_EXPLORER_MAX_DEPTH};
use crate::server_fns::get_lineage::get_lineage;

/// The node kinds a person may hide.
const KINDS: [&str; 5] = ["topic", "group", "job", "subject", "field"];

fn request_from_query(query: &leptos_router::params::ParamsMap) -> LineageRequest {
    let kinds: Vec<String> = query.get_all("kinds").unwrap_or_default();
    let schemas = query.get("schemas").is_some_and(|value| value == "on");
    let mut request = LineageRequest {
        node: query.get("node").unwrap_or_default(),
        direction: query.get("direction").unwrap_or_else(|| "both".into()),
        depth: query.get("depth").and_then(|depth| depth.parse().ok()).unwrap_or(3),
        kinds,
        edges: Vec::new(),
    };
    if schemas {
        request.edges = ["reads", "writes", "may_publish_to", "has_schema", "member_of"].map(String::from).to_vec();
    }
    request
}

#[component]
pub fn LineagePage() -> impl IntoView {
    let query = use_query_map();
    let request = move || request_from_query(&query.read());
    let lineage = Resource::new(request, get_lineage);
    use_catalog_changes(move || lineage.refetch());

    view! {
        <Title text="Lineage"/>
        <div class="mb-4">
            <h1 class="text-2xl font-semibold tracking-tight">"Lineage"</h1>
            <p class="text-sm text-slate-600">"What feeds a node and what it feeds, as the catalog knows it."</p>
        </div>
        {move || view! { <Controls request=request()/> }}
        <Transition fallback=|| view! { <Loading what="the lineage"/> }>
            {move || Suspend::new(async move {
                let asked = request();
                if asked.node.is_empty() {
                    return view! {
                        <EmptyState title="Pick a node">
                            <p>"Search for a topic or group above, or open a topic and choose “Explore lineage”."</p>
                        </EmptyState>
                    }
                    .into_any();
                }
                match lineage.await {
                    Ok(Some(view)) => view! { <LineagePicture view depth=asked.depth/> }.into_any(),
                    Ok(None) => view! {
                        <EmptyState title="Not in the lineage">
                            <p>{format!("`{}` is not a node the catalog knows.", asked.node)}</p>
                        </EmptyState>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Controls(request: LineageRequest) -> impl IntoView {
    let depths = (1..=LINEAGE_EXPLORER_MAX_DEPTH)
        .map(|depth| view! { <option value=depth.to_string() selected=depth == request.depth>{depth}</option> })
        .collect_view();
    let directions = [("both", "Both ways"), ("upstream", "Upstream"), ("downstream", "Downstream")]
        .map(|(value, label)| view! { <option value=value selected=request.direction == value>{label}</option> });
    let kinds = KINDS
        .map(|kind| {
            let checked = request.kinds.is_empty() || request.kinds.iter().any(|shown| shown == kind);
            view! {
                <label class="flex items-center gap-1">
                    <input type="checkbox" name="kinds" value=kind checked=checked/>{kind}
                </label>
            }
        })
        .collect_view();
    let schemas = request.edges.iter().any(|edge| edge == "member_of");
    let export = format!("/lineage.svg?{}", request.to_query());
    view! {
        <form method="get" action="/lineage" class="mb-4 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-label="Lineage view">
            <label class="flex flex-col gap-1">"Node"
                <input name="node" value=request.node.clone() class="w-72 rounded border border-slate-300 px-2 py-1 font-mono" placeholder="prod/shop.orders"/>
            </label>
            <label class="flex flex-col gap-1">"Depth"<select name="depth" class="rounded border border-slate-300 px-2 py-1">{depths}</select></label>
            <label class="flex flex-col gap-1">"Direction"<select name="direction" class="rounded border border-slate-300 px-2 py-1">{directions}</select></label>
            <fieldset class="flex flex-wrap gap-3"><legend class="sr-only">"Node kinds shown"</legend>{kinds}</fieldset>
            <label class="flex items-center gap-1"><input type="checkbox" name="schemas" checked=schemas/>"Schemas and fields"</label>
            <button type="submit" class="rounded-md bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700">"Show"</button>
            {(!request.node.is_empty()).then(|| view! {
                <a href=export download="lineage.svg" class="text-sky-700 hover:underline" data-testid="export-svg">"Export SVG"</a>
            })}
        </form>
    }
}
