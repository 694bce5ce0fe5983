//! Lineage as it was: who read a topic at a past time, replayed from the change history
//! (groups starting and stopping to read, groups disappearing) and, for what the
//! history does not cover (edges seen before it began), from each edge's first- and
//! last-seen times. Pure.

use std::collections::BTreeMap;

use model::{CatalogEvent, Change, Direction, SeenEdge};

/// A group that was reading the topic at the time asked about, and why we say so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastReader {
    pub group: String,
    /// When it started reading, if the history says.
    pub since_ms: Option<i64>,
    /// `history` (an event said so) or `seen` (the edge was observed around then).
    pub basis: &'static str,
}

/// The groups reading `topic` at `at_ms`. `events` are the cluster's events, oldest
/// first; `edges` its remembered edges.
pub fn readers_at(topic: &str, at_ms: i64, events: &[CatalogEvent], edges: &[SeenEdge]) -> Vec<PastReader> {
    // group → (reading?, since) as of the last event at or before `at_ms`.
    let mut from_history: BTreeMap<&str, (bool, i64)> = BTreeMap::new();
    for event in events.iter().take_while(|event| event.at_ms <= at_ms) {
        match &event.change {
            Change::GroupStartedReading { group, topic: read } if read == topic => {
                from_history.insert(group, (true, event.at_ms));
            }
            Change::GroupStoppedReading { group, topic: read } if read == topic => {
                from_history.insert(group, (false, event.at_ms));
            }
            Change::GroupDisappeared { group } => {
                if let Some(state) = from_history.get_mut(group.as_str()) {
                    *state = (false, event.at_ms);
                }
            }
            _ => {}
        }
    }
    let mut readers: Vec<PastReader> = from_history
        .iter()
        .filter(|(_, (reading, _))| *reading)
        .map(|(group, (_, since))| PastReader { group: (*group).to_owned(), since_ms: Some(*since), basis: "history" })
        .collect();
    for seen in edges {
        let edge = &seen.edge;
        let unknown_to_history = !from_history.contains_key(edge.group_id.as_str());
        if edge.topic == topic
            && edge.direction == Direction::Reads
            && unknown_to_history
            && (seen.first_seen_ms..=seen.last_seen_ms).contains(&at_ms)
        {
            readers.push(PastReader { group: edge.group_id.clone(), since_ms: None, basis: "seen" });
        }
    }
    readers.sort_by(|a, b| a.group.cmp(&b.group));
    readers.dedup_by(|a, b| a.group == b.group);
    readers
}

/// A point in time as Unix milliseconds: digits (milliseconds), a date (`2026-03-15`,
/// its start in UTC) or a UTC timestamp (`2026-03-15T09:30:00Z`, fractions allowed).
pub fn parse_instant(text: &str) -> Option<i64> {
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        return text.parse().ok();
    }
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00Z"));
    let mut parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (year, month, day) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let time = time.strip_suffix('Z')?;
    let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut parts = clock.splitn(3, ':').map(str::parse::<i64>);
    let (hour, minute, second) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let millis: i64 = format!("{fraction:0<3}").get(..3)?.parse().ok()?;
    // Days from 1970-01-01 to the civil date (Howard Hinnant's algorithm).
    let shifted = if month <= 2 { year - 1 } else { year };
    let era = shifted.div_euclid(400);
    let year_of_era = shifted - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some(((days * 24 + hour) * 60 + minute) * 60_000 + second * 1_000 + millis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Evidence, ObservedEdge};

    fn event(at_ms: i64, change: Change) -> CatalogEvent {
        CatalogEvent { id: at_ms, cluster: "prod".into(), at_ms, change }
    }

    #[test]
    fn instants_read_as_milliseconds_dates_or_utc_timestamps() {
        assert_eq!(parse_instant("1700000000000"), Some(1_700_000_000_000));
        assert_eq!(parse_instant("1970-01-01"), Some(0));
        assert_eq!(parse_instant("2026-03-15"), Some(1_773_532_800_000));
        assert_eq!(parse_instant("2026-03-15T09:30:00Z"), Some(1_773_532_800_000 + 34_200_000));
        assert_eq!(parse_instant("2024-02-29T00:00:00.5Z"), Some(1_709_164_800_500));
        for bad in ["", "yesterday", "2026-13-01", "2026-03-15T25:00:00Z", "2026-03-15T09:30:00+02:00"] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_history_is_replayed_to_the_time_asked_about() {
        let started =
            |group: &str, at| event(at, Change::GroupStartedReading { group: group.into(), topic: "orders".into() });
        let stopped =
            |group: &str, at| event(at, Change::GroupStoppedReading { group: group.into(), topic: "orders".into() });
        let events = vec![
            started("billing", 100),
            started("audit", 150),
            stopped("billing", 300),
            event(400, Change::GroupDisappeared { group: "audit".into() }),
        ];
        let old_reader = SeenEdge {
            edge: ObservedEdge {
                group_id: "legacy".into(),
                topic: "orders".into(),
                direction: Direction::Reads,
                evidence: vec![Evidence::CommittedOffsets],
            },
            first_seen_ms: 0,
            last_seen_ms: 250,
        };
        let groups = |at| -> Vec<String> {
            readers_at("orders", at, &events, std::slice::from_ref(&old_reader)).into_iter().map(|r| r.group).collect()
        };
        assert_eq!(groups(50), ["legacy"]);
        assert_eq!(groups(200), ["audit", "billing", "legacy"]);
        assert_eq!(groups(350), ["audit"]);
        assert!(groups(500).is_empty());
        let at_200 = readers_at("orders", 200, &events, &[]);
        assert_eq!(at_200[1], PastReader { group: "billing".into(), since_ms: Some(100), basis: "history" });
    }
}
