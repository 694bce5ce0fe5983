//! The lineage explorer: the picture around one node with its controls (depth,
//! direction, node kinds, evidence classes, whether schemas and fields join the walk)
//! as a plain GET form, so it works without JavaScript; clicking a node opens its next
//! hop (`expand=`), its mark re-centres the view; the current view exports as SVG.
//! Addressed by query:
//! `/lineage?node=&depth=&direction=&kinds=&evidence=&schemas=&expand=`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::lineage::{explorer_href, LineagePicture, NodeClicks};
use crate::components::live::use_catalog_changes;
use crate::components::states::{EmptyState, ErrorState, Loading};
use crate::lineage_picture::Shown;
use crate::server_fns::get_lineage::get_lineage;
use model::{EdgeBasis, LineageRequest, LINEAGE_EXPLORER_MAX_DEPTH};

/// The node kinds a person may hide.
const KINDS: [&str; 6] = ["topic", "group", "connector", "job", "subject", "field"];

/// Edges walked when "schemas and fields" is ticked: data flow, and what describes it.
const WITH_SCHEMAS: [&str; 5] = ["reads", "writes", "may_publish_to", "has_schema", "member_of"];

/// The request in the address: what the form submits (`schemas=on`) or what the
/// picture's links carry (`edges=`, see [`LineageRequest::to_query`]).
fn request_from_query(query: &leptos_router::params::ParamsMap) -> LineageRequest {
    let defaults = LineageRequest::default();
    let mut request = LineageRequest {
        node: query.get("node").unwrap_or_default(),
        direction: query.get("direction").unwrap_or(defaults.direction),
        depth: query.get("depth").and_then(|depth| depth.parse().ok()).unwrap_or(defaults.depth),
        kinds: query.get_all("kinds").unwrap_or_default(),
        edges: query.get_all("edges").unwrap_or_default(),
        evidence: query.get_all("evidence").unwrap_or_default(),
        expand: query.get_all("expand").unwrap_or_default(),
        more: query.get_all("more").unwrap_or_default().iter().filter_map(|depth| depth.parse().ok()).collect(),
    };
    if query.get("schemas").is_some_and(|value| value == "on") {
        request.edges = WITH_SCHEMAS.map(String::from).to_vec();
    }
    request
}

#[component]
pub fn LineagePage() -> impl IntoView {
    let query = use_query_map();
    let request = move || request_from_query(&query.read());
    // Opening a "+N more" stub redraws the same walk: `more` is the picture's, not the walk's.
    let lineage = Resource::new(move || LineageRequest { more: Vec::new(), ..request() }, get_lineage);
    use_catalog_changes(move || lineage.refetch());
    let shown = StoredValue::new(None::<Shown>);

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
                    Ok(Some(view)) => view! {
                        <Opened request=asked.clone()/>
                        <LineagePicture view clicks=NodeClicks::Expand(asked) shown/>
                    }
                    .into_any(),
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
    let kinds = checkboxes("kinds", &KINDS, &request.kinds);
    let evidence = checkboxes("evidence", &EdgeBasis::ALL.map(EdgeBasis::name), &request.evidence);
    let opened = request
        .expand
        .iter()
        .map(|node| view! { <input type="hidden" name="expand" value=node.clone()/> })
        .collect_view();
    let widened = request
        .more
        .iter()
        .map(|depth| view! { <input type="hidden" name="more" value=depth.to_string()/> })
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
            <fieldset class="flex flex-wrap gap-3 border-l border-slate-200 pl-3"><legend class="sr-only">"Edges by evidence"</legend>{evidence}</fieldset>
            {opened}
            {widened}
            <label class="flex items-center gap-1"><input type="checkbox" name="schemas" checked=schemas/>"Schemas and fields"</label>
            <button type="submit" class="rounded-md bg-slate-900 px-3 py-1.5 text-white hover:bg-slate-700">"Show"</button>
            {(!request.node.is_empty()).then(|| view! {
                <a href=export download="lineage.svg" class="text-sky-700 hover:underline" data-testid="export-svg">"Export SVG"</a>
            })}
        </form>
    }
}

/// The nodes opened a hop further, each closable, and a way back to the plain walk.
#[component]
fn Opened(request: LineageRequest) -> impl IntoView {
    (!request.expand.is_empty()).then(|| {
        let closed = LineageRequest { expand: Vec::new(), ..request.clone() };
        let chips = request
            .expand
            .iter()
            .map(|node| {
                view! {
                    <a href=explorer_href(&request.toggling(node)) class="rounded-full border border-slate-300 px-2 font-mono hover:bg-slate-100" aria-label=format!("Close {node}")>
                        {node.clone()}" ×"
                    </a>
                }
            })
            .collect_view();
        view! {
            <p class="flex flex-wrap items-center gap-2 text-xs text-slate-600" data-testid="opened-nodes">
                "Opened a hop further:"{chips}
                <a href=explorer_href(&closed) class="text-sky-700 hover:underline">"close all"</a>
            </p>
        }
    })
}

/// One checkbox per value, named `name`; all ticked when `ticked` is empty (no filter).
fn checkboxes(name: &'static str, values: &[&'static str], ticked: &[String]) -> impl IntoView {
    values
        .iter()
        .map(|&value| {
            let checked = ticked.is_empty() || ticked.iter().any(|shown| shown == value);
            view! {
                <label class="flex items-center gap-1">
                    <input type="checkbox" name=name value=value checked=checked/>{value}
                </label>
            }
        })
        .collect_view()
}
