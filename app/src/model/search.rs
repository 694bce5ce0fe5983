//! Finding things by name across the estate: topics, consumer groups, schema subjects,
//! schema fields and principals, ranked so the likeliest answer comes first.

use serde::{Deserialize, Serialize};

/// What a search hit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Topic,
    Group,
    Subject,
    /// A field of a subject's latest schema.
    Field,
    Principal,
}

impl SearchKind {
    pub const ALL: [SearchKind; 5] =
        [SearchKind::Topic, SearchKind::Group, SearchKind::Subject, SearchKind::Field, SearchKind::Principal];

    pub fn name(self) -> &'static str {
        match self {
            SearchKind::Topic => "topic",
            SearchKind::Group => "group",
            SearchKind::Subject => "subject",
            SearchKind::Field => "field",
            SearchKind::Principal => "principal",
        }
    }

    pub fn parse(name: &str) -> Option<SearchKind> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// One thing found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
    let lowered = name.to_lowercase();
    let position = lowered.find(query)?;
    let class = if lowered == query {
        4
    } else if position == 0 {
        3
    } else if !lowered[..position].ends_with(char::is_alphanumeric) {
        2
    } else {
        1
    };
    let brevity = 1_000u32.saturating_sub(u32::try_from(lowered.len()).unwrap_or(u32::MAX));
    Some(class * 1_000 + brevity)
}

/// Orders hits best first (ties by kind, then name) and keeps `limit`.
pub fn rank(mut hits: Vec<SearchHit>, limit: usize) -> Vec<SearchHit> {
    hits.sort_by(|a, b| {
        b.score.cmp(&a.score).then(a.kind.cmp(&b.kind)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.scope.cmp(&b.scope))
    });
    hits.truncate(limit);
    hits
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
    fn rank_orders_by_score_and_truncates() {
        let ranked = rank(vec![hit("b", 10), hit("a", 30), hit("c", 20)], 2);
        let names: Vec<_> = ranked.iter().map(|hit| hit.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
    }
}
