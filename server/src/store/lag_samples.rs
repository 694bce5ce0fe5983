//! Each group's lag on each topic over time, for the sparklines on topic pages. Samples
//! are metrics, not history: they are taken at most every few seconds per cluster and
//! dropped after a day. Every replica sharing the database reads the same series.

use std::collections::BTreeMap;

use model::{LagSample, LagSeries};
use sqlx::Row;

use super::Store;
use crate::error::Result;

/// How long samples are kept, and how far back a topic page looks.
pub const LAG_HISTORY_WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
/// Reads closer together than this add no sample: a cluster read every second would
/// otherwise write its whole lag table every second.
const MIN_SAMPLE_INTERVAL_MS: i64 = 5_000;
/// Rows per INSERT statement, and the values each row binds: 5,000 parameters stay
/// below SQLite's and PostgreSQL's limits.
const LAG_ROWS_PER_INSERT: usize = 1_000;
const LAG_COLUMNS: usize = 5;
/// The most samples a series shows; older ones are thinned out evenly.
const MAX_SAMPLES_PER_SERIES: usize = 120;

/// One group's summed lag on one topic, as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LagReading {
    pub group_id: String,
    pub topic: String,
    pub lag: i64,
}

impl Store {
    /// Records `readings` of cluster `alias` taken at `at_ms`, unless the last sample
    /// is more recent than the minimum interval; drops samples older than the window.
    /// Answers whether it recorded.
    pub async fn record_lag(&self, alias: &str, at_ms: i64, readings: &[LagReading]) -> Result<bool> {
        let last: Option<i64> = sqlx::query("SELECT MAX(at_ms) AS last FROM lag_samples WHERE cluster_alias = $1")
            .bind(alias)
            .fetch_one(&self.pool)
            .await?
            .try_get("last")?;
        if readings.is_empty() || last.is_some_and(|last| at_ms - last < MIN_SAMPLE_INTERVAL_MS) {
            return Ok(false);
        }
        let mut transaction = self.pool.begin().await?;
        // Many rows per statement: a large estate has a reading per group and topic, and
        // one round trip each would hold a PostgreSQL writer for seconds.
        for chunk in readings.chunks(LAG_ROWS_PER_INSERT) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|row| {
                    let first = row * LAG_COLUMNS;
                    format!("(${}, ${}, ${}, ${}, ${})", first + 1, first + 2, first + 3, first + 4, first + 5)
                })
                .collect();
            let statement = format!(
                "INSERT INTO lag_samples (cluster_alias, group_id, topic, at_ms, lag) VALUES {}",
                rows.join(", ")
            );
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(statement));
            for reading in chunk {
                insert = insert.bind(alias).bind(&reading.group_id).bind(&reading.topic).bind(at_ms).bind(reading.lag);
            }
            insert.execute(&mut *transaction).await?;
        }
        sqlx::query("DELETE FROM lag_samples WHERE cluster_alias = $1 AND at_ms < $2")
            .bind(alias)
            .bind(at_ms - LAG_HISTORY_WINDOW_MS)
            .execute(&mut *transaction)
            .await?;
        transaction.commit().await?;
        Ok(true)
    }

    /// Each group's lag on `topic` of `cluster` since `since_ms`, oldest first, by group.
    pub async fn lag_history(&self, cluster: &str, topic: &str, since_ms: i64) -> Result<Vec<LagSeries>> {
        let rows = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT group_id, at_ms, lag FROM lag_samples
             WHERE cluster_alias = $1 AND topic = $2 AND at_ms >= $3 ORDER BY group_id, at_ms",
        )
        .bind(cluster)
        .bind(topic)
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await?;
        let mut series: BTreeMap<String, Vec<LagSample>> = BTreeMap::new();
        for (group_id, at_ms, lag) in rows {
            series.entry(group_id).or_default().push(LagSample { at_ms, lag });
        }
        Ok(series.into_iter().map(|(group_id, samples)| LagSeries { group_id, samples: thin(samples) }).collect())
    }
}

/// At most [`MAX_SAMPLES_PER_SERIES`] samples, evenly spread, always keeping the last.
fn thin(samples: Vec<LagSample>) -> Vec<LagSample> {
    if samples.len() <= MAX_SAMPLES_PER_SERIES {
        return samples;
    }
    let step = samples.len().div_ceil(MAX_SAMPLES_PER_SERIES);
    let last = samples.len() - 1;
    samples.into_iter().enumerate().filter(|(at, _)| at % step == 0 || *at == last).map(|(_, sample)| sample).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_series_are_thinned_evenly_and_keep_the_latest() {
        let samples: Vec<LagSample> = (0..1000).map(|at| LagSample { at_ms: at, lag: at * 2 }).collect();
        let thinned = thin(samples);
        assert!(thinned.len() <= MAX_SAMPLES_PER_SERIES + 1);
        assert_eq!(thinned.first().unwrap().at_ms, 0);
        assert_eq!(thinned.last().unwrap().at_ms, 999);
    }
}
