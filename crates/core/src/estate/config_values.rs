//! Whether a config value written in code and the one the broker reports are the same
//! setting, as Kafka parses them: numbers by value (`604800000` and `604800000.0` do
//! not differ; a YAML number and a quoted one neither), booleans and Kafka's enumerated
//! values without regard to case, lists (`compact,delete`) as sets. None of the three
//! formats writes durations with units (`7d`): their values go to Kafka as written.

/// Configs whose values Kafka reads without regard to case.
const CASE_INSENSITIVE: [&str; 5] = [
    "cleanup.policy",
    "compression.type",
    "message.timestamp.type",
    "message.format.version",
    "unclean.leader.election.enable",
];

/// Configs whose values are comma-separated lists.
const LISTS: [&str; 3] =
    ["cleanup.policy", "leader.replication.throttled.replicas", "follower.replication.throttled.replicas"];

/// Whether `declared` and `live` set config `name` to the same value.
pub fn same_value(name: &str, declared: &str, live: &str) -> bool {
    let (declared, live) = (declared.trim(), live.trim());
    if declared == live {
        return true;
    }
    if let (Ok(a), Ok(b)) = (declared.parse::<i64>(), live.parse::<i64>()) {
        return a == b;
    }
    if let (Ok(a), Ok(b)) = (declared.parse::<f64>(), live.parse::<f64>()) {
        return a == b;
    }
    let folded = |value: &str| {
        if CASE_INSENSITIVE.contains(&name) || value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
        {
            value.to_ascii_lowercase()
        } else {
            value.to_owned()
        }
    };
    if LISTS.contains(&name) {
        let set = |value: &str| {
            let mut items: Vec<String> =
                value.split(',').map(|item| folded(item.trim())).filter(|i| !i.is_empty()).collect();
            items.sort();
            items.dedup();
            items
        };
        return set(declared) == set(live);
    }
    folded(declared) == folded(live)
}

#[cfg(test)]
mod tests {
    use super::same_value;

    #[test]
    fn values_compare_as_kafka_reads_them() {
        assert!(same_value("retention.ms", "604800000", " 604800000"));
        assert!(same_value("min.cleanable.dirty.ratio", "0.5", "0.50"));
        assert!(same_value("cleanup.policy", "delete,compact", "compact, delete"));
        assert!(same_value("cleanup.policy", "COMPACT", "compact"));
        assert!(same_value("preallocate", "True", "true"));
        assert!(!same_value("retention.ms", "604800000", "86400000"));
        assert!(!same_value("cleanup.policy", "compact", "compact,delete"));
        assert!(!same_value("message.timestamp.type", "CreateTime", "LogAppendTime"));
    }
}
