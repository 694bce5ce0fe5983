//! How current the catalog's view of a cluster is.

use serde::{Deserialize, Serialize};

/// The ingestion state of one configured cluster. Times are Unix milliseconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterStatus {
    pub alias: String,
    pub bootstrap_servers: String,
    /// End of the last read that succeeded; `None` if none ever did.
    pub last_good_read_ms: Option<i64>,
    /// End of the last read, successful or not.
    pub last_attempt_ms: Option<i64>,
    /// Why the last read failed; `None` when it succeeded.
    pub last_error: Option<String>,
}

/// What a reader of the catalog should make of a cluster's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Freshness {
    /// No read has finished yet since the server started and none is stored.
    Connecting,
    /// The last read succeeded.
    Current,
    /// The last read failed but an earlier one succeeded: the data is the last known state.
    Stale,
    /// Every read failed: there is no data.
    Unreachable,
}

impl ClusterStatus {
    pub fn new(alias: impl Into<String>, bootstrap_servers: impl Into<String>) -> Self {
        Self {
            alias: alias.into(),
            bootstrap_servers: bootstrap_servers.into(),
            last_good_read_ms: None,
            last_attempt_ms: None,
            last_error: None,
        }
    }

    pub fn freshness(&self) -> Freshness {
        match (self.last_attempt_ms, self.last_good_read_ms, &self.last_error) {
            (None, None, _) => Freshness::Connecting,
            (_, Some(_), None) => Freshness::Current,
            (_, Some(_), Some(_)) => Freshness::Stale,
            (_, None, _) => Freshness::Unreachable,
        }
    }
}

/// "just now", "42 s ago", "5 min ago", "3 h ago", "2 days ago".
pub fn elapsed_label(from_ms: i64, now_ms: i64) -> String {
    let seconds = (now_ms - from_ms).max(0) / 1_000;
    match seconds {
        0..=4 => "just now".to_owned(),
        5..=119 => format!("{seconds} s ago"),
        120..=7_199 => format!("{} min ago", seconds / 60),
        7_200..=172_799 => format!("{} h ago", seconds / 3_600),
        _ => format!("{} days ago", seconds / 86_400),
    }
}

/// A Unix-millisecond time as `2026-11-30 15:04:05 UTC`: records (the audit log) need
/// the moment itself, not how long ago it was.
pub fn utc_label(at_ms: i64) -> String {
    let seconds = at_ms.div_euclid(1_000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", of_day / 3_600, of_day % 3_600 / 60, of_day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_labels_name_the_moment() {
        assert_eq!(utc_label(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_label(951_782_400_000), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_label(1_796_052_654_142), "2026-11-30 15:30:54 UTC");
        assert_eq!(utc_label(-1_000), "1969-12-31 23:59:59 UTC");
    }

    #[test]
    fn freshness_follows_the_last_reads() {
        let mut status = ClusterStatus::new("prod", "kafka:9092");
        assert_eq!(status.freshness(), Freshness::Connecting);

        status.last_attempt_ms = Some(10);
        status.last_error = Some("connection refused".into());
        assert_eq!(status.freshness(), Freshness::Unreachable);

        status.last_good_read_ms = Some(20);
        status.last_attempt_ms = Some(20);
        status.last_error = None;
        assert_eq!(status.freshness(), Freshness::Current);

        status.last_attempt_ms = Some(30);
        status.last_error = Some("timed out".into());
        assert_eq!(status.freshness(), Freshness::Stale);
    }

    #[test]
    fn elapsed_labels_round_down_to_a_readable_unit() {
        assert_eq!(elapsed_label(0, 3_000), "just now");
        assert_eq!(elapsed_label(0, 42_000), "42 s ago");
        assert_eq!(elapsed_label(0, 300_000), "5 min ago");
        assert_eq!(elapsed_label(0, 3 * 3_600_000), "3 h ago");
        assert_eq!(elapsed_label(0, 2 * 86_400_000), "2 days ago");
        assert_eq!(elapsed_label(10_000, 0), "just now");
    }
}
