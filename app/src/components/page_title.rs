//! A page's title from its address. On the server the title is written into `<head>`
//! after the page has rendered, when the page's reactive values may already be gone (a
//! closure reading them then panics the request, as concurrent requests showed), so the
//! server build takes the text once, while the page renders; in the browser the title
//! follows the address as the user navigates.

use leptos::text_prop::TextProp;

/// The title `text` gives now (server) or whenever it changes (browser).
pub fn page_title(text: impl Fn() -> String + Send + Sync + 'static) -> TextProp {
    if cfg!(feature = "ssr") {
        TextProp::from(text())
    } else {
        TextProp::from(text)
    }
}
