//! The app's page addresses, built in one place so the server (search hits, API
//! answers) and the pages link to the same URLs.

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// The subject page of `subject` in schema source `source`.
pub fn subject_href(source: &str, subject: &str) -> String {
    format!("/subject?source={}&name={}", encode(source), encode(subject))
}

/// The subject page scrolled to the field at `path`.
pub fn field_href(source: &str, subject: &str, path: &str) -> String {
    format!("{}#field-{}", subject_href(source, subject), encode(path))
}

/// The Schemas page showing the subjects that carry `tag`.
pub fn tag_href(tag: &str) -> String {
    format!("/schemas?q={}", encode(tag))
}

/// The topic page of `topic` on cluster `cluster`.
pub fn topic_href(cluster: &str, topic: &str) -> String {
    format!("/topic?cluster={}&name={}", encode(cluster), encode(topic))
}

/// The consumer group page of `group` on cluster `cluster`.
pub fn group_href(cluster: &str, group: &str) -> String {
    format!("/group?cluster={}&id={}", encode(cluster), encode(group))
}

/// The page of connector `name` of Kafka Connect cluster `connect`.
pub fn connector_href(connect: &str, name: &str) -> String {
    format!("/connector?connect={}&name={}", encode(connect), encode(name))
}

/// The lineage explorer centred on the node at `path`, `depth` hops both ways.
pub fn lineage_href(path: &str, depth: u32) -> String {
    format!("/lineage?node={}&depth={depth}", encode(path))
}

/// The page of cluster `cluster`.
pub fn cluster_href(cluster: &str) -> String {
    format!("/cluster?name={}", encode(cluster))
}

/// The Estate page of cluster `cluster`: its code and the drift from it.
pub fn estate_href(cluster: &str) -> String {
    format!("/estate?cluster={}", encode(cluster))
}

/// The page of principal `principal` of cluster `cluster`: its ACLs, their use, its
/// place in the estate's code.
pub fn principal_href(cluster: &str, principal: &str) -> String {
    format!("/principal?cluster={}&name={}", encode(cluster), encode(principal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_reserved_characters_survive_in_links() {
        assert_eq!(subject_href("main", "a b&c"), "/subject?source=main&name=a%20b%26c");
        assert_eq!(topic_href("prod", "shop.orders"), "/topic?cluster=prod&name=shop.orders");
    }
}
