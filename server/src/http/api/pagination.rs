//! Cursor pagination: a page of items in a stable order, and an opaque cursor that
//! resumes after the last one. The cursor names the last item's sort key, not an
//! offset, so items added or removed between requests neither repeat nor vanish.

use serde::Serialize;
use utoipa::ToSchema;

use crate::http::error::ApiError;

/// Items per page when the client does not say.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: usize = 1_000;
/// Longer cursors were not made here: refuse before decoding.
const MAX_CURSOR_LENGTH: usize = 4_096;

#[derive(Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// `cursor` and `limit`, as every paged list takes them.
#[derive(Default)]
pub struct PageRequest {
    pub cursor: Option<String>,
    pub limit: Option<usize>,
}

impl PageRequest {
    /// Pages `items` (in any order) by `key`: sorts them, skips those at or before the
    /// cursor's key and keeps at most `limit`.
    pub fn page<T>(&self, mut items: Vec<T>, key: impl Fn(&T) -> String) -> Result<Page<T>, ApiError> {
        let limit = match self.limit {
            None => DEFAULT_PAGE_SIZE,
            Some(limit) if (1..=MAX_PAGE_SIZE).contains(&limit) => limit,
            Some(limit) => {
                return Err(ApiError::bad_request(format!("`limit` must be from 1 to {MAX_PAGE_SIZE}, not {limit}")))
            }
        };
        let after = self.cursor.as_deref().map(decode).transpose()?;
        let mut keyed: Vec<(String, T)> = items.drain(..).map(|item| (key(&item), item)).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let start = after.map_or(0, |after| keyed.partition_point(|(key, _)| key.as_str() <= after.as_str()));
        let rest = keyed.len() - start;
        let mut page: Vec<(String, T)> = keyed.into_iter().skip(start).take(limit).collect();
        let next_cursor = (rest > limit).then(|| page.last().map(|(key, _)| encode(key))).flatten();
        Ok(Page { items: page.drain(..).map(|(_, item)| item).collect(), next_cursor })
    }
}

/// The cursor of a log paged by sequence number (the history, the audit log): the
/// last item's number, opaque like every other cursor.
pub fn sequence_cursor(last: i64) -> String {
    encode(&last.to_string())
}

/// The sequence number a log's page resumes after: from `cursor`, else from the older
/// `after` parameter (still accepted), else the start.
pub fn sequence_after(cursor: Option<&str>, after: Option<i64>) -> Result<i64, ApiError> {
    // An empty `cursor=` is refused, as by every list: the documented pattern says so.
    let after = match cursor {
        Some(cursor) => {
            decode(cursor)?.parse::<i64>().map_err(|_| ApiError::bad_request("`cursor` was not made here"))?
        }
        None => after.unwrap_or(0),
    };
    if after < 0 {
        return Err(ApiError::bad_request(format!("`after` must not be negative, got {after}")));
    }
    Ok(after)
}

/// A sort key made of parts that may contain any character, joined unambiguously.
pub fn sort_key(parts: &[&str]) -> String {
    parts.join("\u{0}")
}

fn encode(key: &str) -> String {
    key.bytes().map(|byte| format!("{byte:02x}")).collect()
}

fn decode(cursor: &str) -> Result<String, ApiError> {
    let invalid = || ApiError::bad_request("`cursor` is not one this API gave out; start again without it");
    if cursor.is_empty() || cursor.len() > MAX_CURSOR_LENGTH || !cursor.len().is_multiple_of(2) {
        return Err(invalid());
    }
    let bytes: Option<Vec<u8>> =
        (0..cursor.len()).step_by(2).map(|at| u8::from_str_radix(cursor.get(at..at + 2)?, 16).ok()).collect();
    // Any hex resumes somewhere sensible: the cursor is only a sort key to start after.
    bytes.map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).ok_or_else(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(cursor: Option<String>, limit: usize) -> PageRequest {
        PageRequest { cursor, limit: Some(limit) }
    }

    #[test]
    fn pages_walk_every_item_once_in_order() {
        let items: Vec<String> = ["d", "a", "c", "b", "e"].iter().map(|s| s.to_string()).collect();
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = request(cursor, 2).page(items.clone(), |item| item.clone()).unwrap();
            seen.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn an_item_removed_between_pages_does_not_shift_the_next_page() {
        let first = request(None, 2).page(vec!["a", "b", "c", "d"], |item| item.to_string()).unwrap();
        let second = request(first.next_cursor, 2).page(vec!["b", "c", "d"], |item| item.to_string()).unwrap();
        assert_eq!(second.items, ["c", "d"]);
        assert_eq!(second.next_cursor, None);
    }

    #[test]
    fn forged_cursors_and_absurd_limits_are_refused() {
        assert!(request(Some("zz".into()), 10).page(vec!["a"], |item| item.to_string()).is_err());
        assert!(request(Some("abc".into()), 10).page(vec!["a"], |item| item.to_string()).is_err());
        assert!(request(None, 0).page(vec!["a"], |item| item.to_string()).is_err());
        assert!(request(None, MAX_PAGE_SIZE + 1).page(vec!["a"], |item| item.to_string()).is_err());
    }
}
