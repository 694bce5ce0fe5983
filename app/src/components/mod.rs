//! Views used by more than one page.
//!
//! - [`layout`]: header, navigation and the main column.
//! - [`caller`]: who the page is shown to: signed in or not, and what that allows.
//! - [`states`]: empty, loading and error states, so no page is ever blank.
//! - [`detail_header`]: name, freshness, lineage link and key facts atop a topic or group page.
//! - [`freshness_badge`]: whether a cluster's data is live, stale or missing.
//! - [`live`]: following the catalog's change feed in the browser.
//! - [`search_box`]: the header's search, suggesting as you type when hydrated.
//! - [`lineage`]: the lineage picture around a node, fetched and drawn inline.
//! - [`sparkline`]: a small line of values over time (a reader's lag).
//! - [`recent_changes`]: the latest recorded changes as sentences.
//! - [`page_title`]: a page's title from its address, safe to render on the server.
//! - [`steward_signature`]: a steward's reason, name and submit button, on every form.

pub mod caller;
pub mod detail_header;
pub mod freshness_badge;
pub mod layout;
pub mod lineage;
pub mod live;
pub mod page_title;
pub mod recent_changes;
pub mod search_box;
pub mod sparkline;
pub mod states;
pub mod steward_signature;
