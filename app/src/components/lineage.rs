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

/// Nodes drawn per column before the rest collapse into "+N more": about 1,000 nodes
/// over three hops each way stay drawn; beyond that the picture collapses.
pub const NODES_PER_COLUMN: usize = 250;
/// Zoom steps and bounds for the picture's zoom buttons (and Ctrl + wheel).
const ZOOM_STEP: f64 = 1.25;
const ZOOM_MIN: f64 = 0.1;
const ZOOM_MAX: f64 = 4.0;

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

/// The drawn picture with its legend; scrolls (pans) when larger than the page.
/// Hydrated, it also zooms (buttons, Ctrl + wheel) and exports as PNG.
#[component]
pub fn LineagePicture(view: LineageView, depth: u32) -> impl IntoView {
    let svg = lineage_svg(&view, depth);
    let summary = format!("{} nodes, {} edges", view.nodes.len(), view.edges.len());
    let zoom = RwSignal::new(1.0_f64);
    // Effects run only in the browser: the controls appear once they can work.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let zoom_by = move |factor: f64| zoom.update(|zoom| *zoom = (*zoom * factor).clamp(ZOOM_MIN, ZOOM_MAX));
    let png_source = svg.clone();
    view! {
        <Show when=move || interactive.get()>
            <div class="mt-2 flex items-center gap-2 text-sm" role="group" aria-label="Picture controls">
                <button type="button" class="rounded border border-slate-300 px-2" aria-label="Zoom out" on:click=move |_| zoom_by(1.0 / ZOOM_STEP)>"−"</button>
                <span class="w-12 text-center tabular-nums" data-testid="zoom-level">{move || format!("{:.0}%", zoom.get() * 100.0)}</span>
                <button type="button" class="rounded border border-slate-300 px-2" aria-label="Zoom in" on:click=move |_| zoom_by(ZOOM_STEP)>"+"</button>
                <button type="button" class="rounded border border-slate-300 px-2" on:click=move |_| zoom.set(1.0)>"100%"</button>
                <button type="button" class="rounded border border-slate-300 px-2" data-testid="export-png"
                    on:click={
                        let source = png_source.clone();
                        move |_| export_png(&source)
                    }>"Export PNG"</button>
            </div>
        </Show>
        <div
            class="mt-2 max-h-[80vh] overflow-auto rounded-lg border border-slate-200 bg-[#ffffff] p-2"
            data-testid="lineage-picture"
            on:wheel=move |event| {
                if event.ctrl_key() {
                    event.prevent_default();
                    zoom_by(if event.delta_y() < 0.0 { ZOOM_STEP } else { 1.0 / ZOOM_STEP });
                }
            }
        >
            <div style:zoom=move || zoom.get().to_string() inner_html=svg></div>
        </div>
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

/// Draws the SVG onto a canvas and downloads it as `lineage.png` (browser only).
#[cfg(feature = "hydrate")]
fn export_png(svg: &str) {
    use wasm_bindgen::{closure::Closure, JsCast};

    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let Ok(image) = web_sys::HtmlImageElement::new() else { return };
    let source = format!("data:image/svg+xml;charset=utf-8,{}", js_sys::encode_uri_component(svg));
    let loaded = image.clone();
    let onload = Closure::once_into_js(move || {
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|element| element.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width(loaded.natural_width());
        canvas.set_height(loaded.natural_height());
        let context = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|context| context.dyn_into::<web_sys::CanvasRenderingContext2d>().ok());
        let Some(context) = context else { return };
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, f64::from(canvas.width()), f64::from(canvas.height()));
        let _ = context.draw_image_with_html_image_element(&loaded, 0.0, 0.0);
        let Ok(url) = canvas.to_data_url_with_type("image/png") else { return };
        if let Some(link) =
            document.create_element("a").ok().and_then(|element| element.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            link.set_href(&url);
            link.set_download("lineage.png");
            link.click();
        }
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&source);
}

#[cfg(not(feature = "hydrate"))]
fn export_png(_svg: &str) {}
