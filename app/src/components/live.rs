//! Live updates: the catalog's change feed, followed from the browser.

/// Where the server streams catalog events (server-sent events).
pub const CHANGE_STREAM_URL: &str = "/api/v1/events/stream";

/// Calls `on_change` whenever the catalog changes (or the feed says it missed events),
/// for as long as the calling component lives. Only in the hydrated browser: a page
/// served without JavaScript is a snapshot, and the server never runs this.
pub fn use_catalog_changes(on_change: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::{on_cleanup, Effect};
        use wasm_bindgen::{closure::Closure, JsCast};

        Effect::new(move |_| {
            let Ok(source) = web_sys::EventSource::new(CHANGE_STREAM_URL) else {
                leptos::logging::warn!("cannot open the change stream; this page will not update live");
                return;
            };
            let callback = on_change.clone();
            let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_: web_sys::MessageEvent| callback());
            for event in ["changes", "resync"] {
                let _ = source.add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
            }
            // Browser objects are not Send; they only ever live on the browser's one thread.
            let subscription = send_wrapper::SendWrapper::new((source, listener));
            on_cleanup(move || {
                let (source, _listener) = subscription.take();
                source.close();
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_change;
}
