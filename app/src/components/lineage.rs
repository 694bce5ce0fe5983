//! The lineage picture as a component: fetched for one node, laid out left to right
//! and drawn as inline SVG whose nodes link to their own lineage, so it reads and
//! navigates without JavaScript.

use leptos::prelude::*;

use crate::components::live::use_catalog_changes;
use crate::components::states::{ErrorState, Loading};
use crate::lineage_picture::{layout, to_svg};
use crate::links::lineage_href;
use crate::model::{LineageRequest, LineageView};
use crate::server_fns::get_lineage::get_lineage;

/// Nodes drawn per column before the rest collapse into "+N more".
pub const NODES_PER_COLUMN: usize = 25;

/// The picture for `view`, each node linking to its own lineage at `depth`.
pub fn lineage_svg(view: &LineageView, depth: u32) -> String {
    to_svg(&layout(view, NODES_PER_COLUMN), |node| (node.kind != "more").then(|| lineage_href(&node.id, depth)))
}

/// The lineage around `node`, both ways, `depth` hops.
#[component]
pub fn LineagePanel(#[prop(into)] node: String, depth: u32) -> impl IntoView {
    let request = LineageRequest { node, depth, ..LineageRequest::default() };
    let lineage = Resource::new(move || request.clone(), get_lineage);
    use_catalog_changes(move || lineage.refetch());
    view! {
        <Transition fallback=|| view! { <Loading what="the lineage"/> }>
            {move || Suspend::new(async move {
                match lineage.await {
                    Ok(Some(view)) => view! { <LineagePicture view depth/> }.into_any(),
                    Ok(None) => view! { <p class="text-sm text-slate-500">"Not in the lineage yet."</p> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The drawn picture with its legend; scrolls when wider than the page.
#[component]
pub fn LineagePicture(view: LineageView, depth: u32) -> impl IntoView {
    let svg = lineage_svg(&view, depth);
    let summary = format!("{} nodes, {} edges", view.nodes.len(), view.edges.len());
    view! {
        <div class="mt-2 overflow-auto rounded-lg border border-slate-200 bg-[#ffffff] p-2" data-testid="lineage-picture" inner_html=svg></div>
        <p class="mt-1 flex flex-wrap gap-4 text-xs text-slate-500">
            <span>{summary}</span>
            <span>"── observed"</span>
            <span>"- - declared"</span>
            <span>"··· inferred"</span>
            <span class="font-semibold text-[#dc2626]">"red: carries PII"</span>
            <span>"Upstream on the left, downstream on the right; click a node to centre on it."</span>
        </p>
    }
}
