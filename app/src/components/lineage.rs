//! The lineage picture as a component: fetched for one node, laid out left to right
//! and drawn as inline SVG whose nodes are links, so it reads and navigates without
//! JavaScript. Hydrated, those links navigate in place, the picture pans by dragging
//! and zooms, and what arrives while a person looks (a new topic, an edge, an opened
//! node's next hop) glows for a moment.

use leptos::prelude::*;

use crate::components::live::use_catalog_changes;
use crate::components::states::{ErrorState, Loading};
use crate::lineage_picture::Shown;
pub use crate::lineage_picture::{explorer_href, lineage_svg, NodeClicks};
use crate::server_fns::get_lineage::get_lineage;
use model::{LineageRequest, LineageView};

/// Zoom steps and bounds for the picture's zoom buttons (and Ctrl + wheel).
const ZOOM_STEP: f64 = 1.25;
const ZOOM_MIN: f64 = 0.1;
const ZOOM_MAX: f64 = 4.0;

/// The lineage around `node`, both ways, `depth` hops, following the change feed;
/// `shown` remembers the last picture (kept by the page, which outlives this panel).
#[component]
pub fn LineagePanel(#[prop(into)] node: String, depth: u32, shown: StoredValue<Option<Shown>>) -> impl IntoView {
    let request = LineageRequest { node, depth, ..LineageRequest::default() };
    let lineage = Resource::new(move || request.clone(), get_lineage);
    use_catalog_changes(move || lineage.refetch());
    view! {
        <Transition fallback=|| view! { <Loading what="the lineage"/> }>
            {move || Suspend::new(async move {
                match lineage.await {
                    Ok(Some(view)) => {
                        view! { <LineagePicture view clicks=NodeClicks::Explore { depth } shown/> }.into_any()
                    }
                    Ok(None) => view! { <p class="text-sm text-slate-500">"Not in the lineage yet."</p> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The drawn picture with its legend, in a frame as wide as the window, fitted to it
/// when it opens (also without JavaScript). Hydrated, it also pans by dragging, zooms
/// (buttons, Ctrl + wheel; "Fit" goes back), exports as PNG, follows node links in place,
/// and marks what `shown` (the last picture) lacked.
#[component]
pub fn LineagePicture(view: LineageView, clicks: NodeClicks, shown: StoredValue<Option<Shown>>) -> impl IntoView {
    let svg = shown
        .try_update_value(|shown| lineage_svg(&view, &clicks, Some((shown, browser_now_ms()))))
        .unwrap_or_default();
    let summary = format!("{} nodes, {} edges", view.nodes.len(), view.edges.len());
    // `None`: fitted to the frame (the picture shrinks to the frame's width, never
    // grows); a number: that scale of the picture's own size.
    let zoom = RwSignal::new(None::<f64>);
    // Effects run only in the browser: the controls appear once they can work.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let zoom_by =
        move |factor: f64| zoom.update(|zoom| *zoom = Some((zoom.unwrap_or(1.0) * factor).clamp(ZOOM_MIN, ZOOM_MAX)));
    let png_source = svg.clone();
    let navigate = leptos_router::hooks::use_navigate();
    let scroller = NodeRef::<leptos::html::Div>::new();
    let drag = StoredValue::new(None::<DragStart>);
    view! {
        <Show when=move || interactive.get()>
            <div class="mt-2 flex items-center gap-2 text-sm" role="group" aria-label="Picture controls">
                <button type="button" class="rounded border border-slate-300 px-2" aria-label="Zoom out" on:click=move |_| zoom_by(1.0 / ZOOM_STEP)>"−"</button>
                <span class="w-12 text-center tabular-nums" data-testid="zoom-level">
                    {move || zoom.get().map_or_else(|| "Fit".to_owned(), |zoom| format!("{:.0}%", zoom * 100.0))}
                </span>
                <button type="button" class="rounded border border-slate-300 px-2" aria-label="Zoom in" on:click=move |_| zoom_by(ZOOM_STEP)>"+"</button>
                <button type="button" class="rounded border border-slate-300 px-2" on:click=move |_| zoom.set(Some(1.0))>"100%"</button>
                <button type="button" class="rounded border border-slate-300 px-2" on:click=move |_| zoom.set(None)>"Fit"</button>
                <button type="button" class="rounded border border-slate-300 px-2" data-testid="export-png"
                    on:click={
                        let source = png_source.clone();
                        move |_| export_png(&source)
                    }>"Export PNG"</button>
            </div>
        </Show>
        <div
            node_ref=scroller
            class="relative left-1/2 mt-2 max-h-[80vh] w-[calc(100vw-4rem)] -translate-x-1/2 cursor-grab select-none overflow-auto rounded-lg border border-slate-200 bg-[#ffffff] p-2 active:cursor-grabbing"
            data-testid="lineage-picture"
            on:wheel=move |event| {
                if event.ctrl_key() {
                    event.prevent_default();
                    zoom_by(if event.delta_y() < 0.0 { ZOOM_STEP } else { 1.0 / ZOOM_STEP });
                }
            }
            on:click=move |event| {
                if let Some(href) = in_app_link(&event) {
                    event.prevent_default();
                    navigate(&href, Default::default());
                }
            }
            on:pointerdown=move |event| drag.set_value(drag_start(&event, scroller))
            on:pointermove=move |event| drag.with_value(|start| pan(&event, start.as_ref(), scroller))
            on:pointerup=move |_| drag.set_value(None)
            on:pointercancel=move |_| drag.set_value(None)
        >
            // Fitted: the picture's own width at most, the frame's at least (so the last
            // column is never cut off at the right edge); zoomed: its own size scaled.
            <div
                class:fit-picture=move || zoom.get().is_none()
                class="[&.fit-picture_svg]:h-auto [&.fit-picture_svg]:max-w-full"
                // None (fitted) renders no style attribute: the page policy refuses inline styles.
                style:zoom=move || zoom.get().map(|zoom| zoom.to_string())
                inner_html=svg
            ></div>
        </div>
        <p class="mt-1 flex flex-wrap gap-4 text-xs text-slate-500">
            <span>{summary}</span>
            <span>"── observed"</span>
            <span>"- - declared"</span>
            <span>"··· inferred"</span>
            <span class="font-semibold text-[#dc2626]">"red: carries PII"</span>
            <span class="font-semibold text-[#b45309]">"glowing: new since you looked"</span>
            <span>"Upstream on the left, downstream on the right. "{clicks.hint()}" Drag to pan."</span>
        </p>
    }
}

/// The browser's clock; the server draws first pictures only, which mark nothing.
fn browser_now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now() as i64;
    #[cfg(not(feature = "hydrate"))]
    0
}

/// Where a drag began: the pointer and the scroll position then.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct DragStart {
    x: i32,
    y: i32,
    left: i32,
    top: i32,
}

/// A drag starts on the picture's background, not on a node (whose click is a link).
#[cfg(feature = "hydrate")]
fn drag_start(event: &leptos::ev::PointerEvent, scroller: NodeRef<leptos::html::Div>) -> Option<DragStart> {
    use wasm_bindgen::JsCast;

    let on_link = event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a").ok().flatten())
        .is_some();
    if on_link || event.button() != 0 {
        return None;
    }
    let element = scroller.get_untracked()?;
    Some(DragStart { x: event.client_x(), y: event.client_y(), left: element.scroll_left(), top: element.scroll_top() })
}

#[cfg(feature = "hydrate")]
fn pan(event: &leptos::ev::PointerEvent, start: Option<&DragStart>, scroller: NodeRef<leptos::html::Div>) {
    let (Some(start), Some(element)) = (start, scroller.get_untracked()) else { return };
    if event.buttons() & 1 == 0 {
        return;
    }
    element.set_scroll_left(start.left - (event.client_x() - start.x));
    element.set_scroll_top(start.top - (event.client_y() - start.y));
}

/// The app address a plain click on one of the picture's links goes to: SVG links are
/// not the router's, so the picture follows them itself instead of reloading the page.
#[cfg(feature = "hydrate")]
fn in_app_link(event: &leptos::ev::MouseEvent) -> Option<String> {
    use wasm_bindgen::JsCast;

    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let href = target.closest("a").ok()??.get_attribute("href")?;
    href.starts_with('/').then_some(href)
}

#[cfg(not(feature = "hydrate"))]
fn drag_start(_: &leptos::ev::PointerEvent, _: NodeRef<leptos::html::Div>) -> Option<DragStart> {
    None
}

#[cfg(not(feature = "hydrate"))]
fn pan(_: &leptos::ev::PointerEvent, _: Option<&DragStart>, _: NodeRef<leptos::html::Div>) {}

#[cfg(not(feature = "hydrate"))]
fn in_app_link(_: &leptos::ev::MouseEvent) -> Option<String> {
    None
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
