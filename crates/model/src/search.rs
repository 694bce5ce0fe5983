//! Finding things by name across the estate: topics, consumer groups, schema subjects,
//! schema fields, principals and schema tags, ranked so the likeliest answer comes first.

use serde::{Deserialize, Serialize};

/// What a search hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Topic,
    Group,
    Subject,
    /// A field of a subject's latest schema.
    Field,
    Principal,
    /// A Kafka Connect connector.
    Connector,
    /// A schema tag (`PII`, ...), with how many subjects' fields carry it.
    Tag,
}

impl SearchKind {
    pub const ALL: [SearchKind; 7] = [
        SearchKind::Topic,
        SearchKind::Group,
        SearchKind::Connector,
        SearchKind::Subject,
        SearchKind::Field,
        SearchKind::Principal,
        SearchKind::Tag,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SearchKind::Topic => "topic",
            SearchKind::Group => "group",
            SearchKind::Subject => "subject",
            SearchKind::Field => "field",
            SearchKind::Principal => "principal",
            SearchKind::Connector => "connector",
            SearchKind::Tag => "tag",
        }
    }

    pub fn parse(name: &str) -> Option<SearchKind> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// One thing found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The name matched: a topic, group id, subject, field path or principal.
    pub name: String,
    /// Where it lives: the cluster alias, or the schema source (and subject, for fields).
    pub scope: String,
    /// The lineage node to ask about (`prod/shop.orders`).
    pub node: Option<String>,
    /// The app page that shows it.
    pub href: String,
    /// Higher is better: exact name, then prefix, then word start, then anywhere.
    pub score: u32,
}

/// How well `name` answers `query` (already lower-cased), or `None` if it does not
/// contain it. Shorter names rank higher within a class, so `orders` beats
/// `orders_archive_2019` for the query `orders`.
pub fn match_score(query: &str, name: &str) -> Option<u32> {
    if query.is_empty() {
        return None;
    }
    // ASCII names (nearly all Kafka names) are compared in place, without lower-casing
    // a copy: search runs over every name in the estate.
    let (position, word_start, length, exact) = if name.is_ascii() && query.is_ascii() {
        let (haystack, needle) = (name.as_bytes(), query.as_bytes());
        let position = haystack.windows(needle.len()).position(|window| window.eq_ignore_ascii_case(needle))?;
        let word_start = position == 0 || !haystack[position - 1].is_ascii_alphanumeric();
        (position, word_start, haystack.len(), haystack.len() == needle.len())
    } else {
        let lowered = name.to_lowercase();
        let position = lowered.find(query)?;
        let word_start = !lowered[..position].ends_with(char::is_alphanumeric);
        (position, word_start, lowered.len(), lowered == query)
    };
    let class = if exact {
        4
    } else if position == 0 {
        3
    } else if word_start {
        2
    } else {
        1
    };
    let brevity = 1_000u32.saturating_sub(u32::try_from(length).unwrap_or(u32::MAX));
    Some(class * 1_000 + brevity)
}

/// The best `limit` hits seen so far. A candidate that would not make the cut costs no
/// allocation, so a query matching half the estate stays cheap.
pub struct TopHits {
    limit: usize,
    /// The worst kept hit on top.
    heap: std::collections::BinaryHeap<Ranked>,
}

struct Ranked(SearchHit);

impl Ranked {
    fn key(&self) -> (std::cmp::Reverse<u32>, SearchKind, &str, &str) {
        (std::cmp::Reverse(self.0.score), self.0.kind, &self.0.name, &self.0.scope)
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl TopHits {
    pub fn new(limit: usize) -> Self {
        TopHits { limit, heap: std::collections::BinaryHeap::with_capacity(limit + 1) }
    }

    /// Considers one match; `links` makes its lineage node and page address, and is
    /// only called for a hit that is kept.
    pub fn offer(
        &mut self,
        score: u32,
        kind: SearchKind,
        name: &str,
        scope: &str,
        links: impl FnOnce() -> (Option<String>, String),
    ) {
        if self.limit == 0 {
            return;
        }
        if self.heap.len() == self.limit {
            let worst = self.heap.peek().map(Ranked::key);
            if worst.is_some_and(|worst| (std::cmp::Reverse(score), kind, name, scope) >= worst) {
                return;
            }
        }
        let (node, href) = links();
        self.heap.push(Ranked(SearchHit { kind, name: name.to_owned(), scope: scope.to_owned(), node, href, score }));
        if self.heap.len() > self.limit {
            self.heap.pop();
        }
    }

    /// The kept hits, best first.
    pub fn into_sorted(self) -> Vec<SearchHit> {
        self.heap.into_sorted_vec().into_iter().map(|ranked| ranked.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(name: &str, score: u32) -> SearchHit {
        SearchHit {
            kind: SearchKind::Topic,
            name: name.into(),
            scope: "prod".into(),
            node: None,
            href: String::new(),
            score,
        }
    }

    #[test]
    fn exact_beats_prefix_beats_word_start_beats_anywhere() {
        let exact = match_score("orders", "Orders").unwrap();
        let prefix = match_score("orders", "orders.v2").unwrap();
        let word = match_score("orders", "shop.orders").unwrap();
        let inside = match_score("orders", "preorders").unwrap();
        assert!(exact > prefix && prefix > word && word > inside, "{exact} {prefix} {word} {inside}");
    }

    #[test]
    fn shorter_names_rank_first_within_a_class() {
        assert!(match_score("ord", "orders").unwrap() > match_score("ord", "orders_archive_2019").unwrap());
    }

    #[test]
    fn no_match_and_empty_query_find_nothing() {
        assert_eq!(match_score("payments", "orders"), None);
        assert_eq!(match_score("", "orders"), None);
    }

    #[test]
    fn the_best_hits_are_kept_in_order_and_the_rest_cost_nothing() {
        let mut top = TopHits::new(2);
        let mut made = 0;
        for hit in [hit("b", 10), hit("a", 30), hit("c", 20), hit("d", 5)] {
            top.offer(hit.score, hit.kind, &hit.name, &hit.scope, || {
                made += 1;
                (None, String::new())
            });
        }
        let names: Vec<_> = top.into_sorted().into_iter().map(|hit| hit.name).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(made, 3, "`d` never made the cut, so its links were never built");
    }

    #[test]
    fn names_outside_ascii_match_too() {
        assert!(match_score("bestellungen", "Shop.Bestellungen").is_some());
        assert!(match_score("größe", "artikel.größe").is_some());
    }
}
