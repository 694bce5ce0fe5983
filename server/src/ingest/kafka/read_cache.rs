//! What a read must ask the cluster afresh, and what it may take from earlier reads.
//!
//! Metadata and groups are read every poll: they reveal created and deleted topics,
//! new partitions and groups, and membership, which must show within seconds. Topic
//! configs change rarely: new topics get theirs at once, the rest are refreshed every
//! `config_refresh`. Committed offsets and high watermarks (lag) are refreshed every
//! `lag_refresh`, except that a group seen for the first time gets its offsets at once.
//! ACLs are re-listed every poll (one request, whatever the estate's size), so that an
//! ACL added or removed by hand shows as drift from the estate's code within a poll;
//! after a failed listing, only at the config cadence, so a slow authorizer is not
//! asked every poll.
//! This keeps steady-state polling of a large estate cheap.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use model::{ClusterAcls, TopicConfig, WriterActivity};

use super::offsets::PartitionOffsets;

#[derive(Default)]
pub struct ReadCache {
    configs: HashMap<String, Vec<TopicConfig>>,
    configs_read_at: Option<Instant>,
    watermarks: PartitionOffsets,
    committed: HashMap<String, PartitionOffsets>,
    lag_read_at: Option<Instant>,
    access: ClusterAcls,
    access_read_at: Option<Instant>,
    /// The last listing failed: the next waits for the config cadence.
    access_failed: bool,
    writers: WriterActivity,
    writers_read_at: Option<Instant>,
}

/// How often the slow-changing parts are read again.
#[derive(Clone, Copy, Debug)]
pub struct RefreshIntervals {
    pub configs: Duration,
    pub lag: Duration,
}

fn due(last: Option<Instant>, now: Instant, every: Duration) -> bool {
    last.is_none_or(|last| now.duration_since(last) >= every)
}

impl ReadCache {
    /// The topics (of `listed`) whose configs must be read now; all of them when a full
    /// refresh is due, in which case the second value is true.
    pub fn topics_needing_configs<'a>(
        &self,
        listed: &[&'a str],
        now: Instant,
        every: Duration,
    ) -> (Vec<&'a str>, bool) {
        if due(self.configs_read_at, now, every) {
            (listed.to_vec(), true)
        } else {
            (listed.iter().copied().filter(|topic| !self.configs.contains_key(*topic)).collect(), false)
        }
    }

    /// Keeps `fresh` configs; forgets topics no longer `listed`.
    pub fn store_configs(
        &mut self,
        fresh: HashMap<String, Vec<TopicConfig>>,
        full: bool,
        listed: &[&str],
        now: Instant,
    ) {
        if full {
            self.configs_read_at = Some(now);
        }
        self.configs.extend(fresh);
        let listed: std::collections::HashSet<&str> = listed.iter().copied().collect();
        self.configs.retain(|topic, _| listed.contains(topic.as_str()));
    }

    pub fn configs_of(&self, topic: &str) -> Vec<TopicConfig> {
        self.configs.get(topic).cloned().unwrap_or_default()
    }

    /// Whether offsets and watermarks are due for a refresh.
    pub fn lag_due(&self, now: Instant, every: Duration) -> bool {
        due(self.lag_read_at, now, every)
    }

    pub fn store_watermarks(&mut self, watermarks: PartitionOffsets, now: Instant) {
        self.watermarks = watermarks;
        self.lag_read_at = Some(now);
    }

    pub fn watermarks(&self) -> &PartitionOffsets {
        &self.watermarks
    }

    /// The cached committed offsets of `group`, if it has been read before.
    pub fn committed_of(&self, group: &str) -> Option<&PartitionOffsets> {
        self.committed.get(group)
    }

    pub fn store_committed(&mut self, group: &str, offsets: PartitionOffsets) {
        self.committed.insert(group.to_owned(), offsets);
    }

    /// Whether the ACLs are due to be listed again (at the config cadence).
    /// Whether the ACLs should be listed now: every poll while listing works, every
    /// `after_failure` once it failed.
    pub fn access_due(&self, now: Instant, after_failure: Duration) -> bool {
        !self.access_failed || due(self.access_read_at, now, after_failure)
    }

    /// Records an attempt to list the ACLs; a failed one (`None`) keeps the last known
    /// ACLs until the next attempt is due, so a slow authorizer is not asked every poll.
    pub fn store_access(&mut self, access: Option<ClusterAcls>, now: Instant) {
        self.access_failed = access.is_none();
        if let Some(access) = access {
            self.access = access;
        }
        self.access_read_at = Some(now);
    }

    pub fn access(&self) -> &ClusterAcls {
        &self.access
    }

    /// Whether the brokers are due to be asked about writers again (at the lag cadence:
    /// producers come and go about as often as readers do).
    pub fn writers_due(&self, now: Instant, every: Duration) -> bool {
        due(self.writers_read_at, now, every)
    }

    pub fn store_writers(&mut self, writers: WriterActivity, now: Instant) {
        self.writers = writers;
        self.writers_read_at = Some(now);
    }

    pub fn writers(&self) -> &WriterActivity {
        &self.writers
    }

    /// Forgets groups that no longer exist.
    pub fn retain_groups(&mut self, groups: &[&str]) {
        let groups: std::collections::HashSet<&str> = groups.iter().copied().collect();
        self.committed.retain(|group, _| groups.contains(group.as_str()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    #[test]
    fn configs_are_read_for_new_topics_and_fully_when_due() {
        let mut cache = ReadCache::default();
        let start = Instant::now();
        let (first, full) = cache.topics_needing_configs(&["a", "b"], start, MINUTE);
        assert_eq!((first, full), (vec!["a", "b"], true));
        cache.store_configs(HashMap::from([("a".into(), vec![]), ("b".into(), vec![])]), true, &["a", "b"], start);

        let soon = start + Duration::from_secs(5);
        assert_eq!(cache.topics_needing_configs(&["a", "b", "c"], soon, MINUTE), (vec!["c"], false));
        cache.store_configs(HashMap::from([("c".into(), vec![])]), false, &["a", "c"], soon);
        assert!(cache.configs.contains_key("c") && !cache.configs.contains_key("b"), "deleted topics are forgotten");

        let later = start + MINUTE;
        assert_eq!(cache.topics_needing_configs(&["a", "c"], later, MINUTE), (vec!["a", "c"], true));
    }

    #[test]
    fn lag_is_due_first_and_then_every_interval() {
        let mut cache = ReadCache::default();
        let start = Instant::now();
        assert!(cache.lag_due(start, MINUTE));
        cache.store_watermarks(PartitionOffsets::new(), start);
        assert!(!cache.lag_due(start + Duration::from_secs(59), MINUTE));
        assert!(cache.lag_due(start + MINUTE, MINUTE));
    }
}
