//! The last known state of each cluster: its status row, brokers, topics and groups.

use std::collections::BTreeMap;

use app::model::{Broker, ClusterOverview, ClusterSnapshot, ClusterStatus, GroupSummary, Retention, TopicSummary};
use sqlx::Row;

use super::Store;
use crate::error::Result;

impl Store {
    /// Inserts or updates the status of one cluster.
    pub async fn save_cluster_status(&self, status: &ClusterStatus) -> Result<()> {
        sqlx::query(
            "INSERT INTO clusters (alias, bootstrap_servers, last_good_read_ms, last_attempt_ms, last_error)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (alias) DO UPDATE SET
                 bootstrap_servers = excluded.bootstrap_servers,
                 last_good_read_ms = excluded.last_good_read_ms,
                 last_attempt_ms = excluded.last_attempt_ms,
                 last_error = excluded.last_error",
        )
        .bind(&status.alias)
        .bind(&status.bootstrap_servers)
        .bind(status.last_good_read_ms)
        .bind(status.last_attempt_ms)
        .bind(&status.last_error)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Replaces the stored snapshot of a cluster with `snapshot`, in one transaction, so
    /// a reader never sees half of it.
    pub async fn save_cluster_snapshot(&self, status: &ClusterStatus, snapshot: &ClusterSnapshot) -> Result<()> {
        self.save_cluster_status(status).await?;
        let alias = &status.alias;
        let mut transaction = self.pool.begin().await?;
        for delete in [
            "DELETE FROM brokers WHERE cluster_alias = $1",
            "DELETE FROM topics WHERE cluster_alias = $1",
            "DELETE FROM consumer_groups WHERE cluster_alias = $1",
        ] {
            sqlx::query(delete).bind(alias).execute(&mut *transaction).await?;
        }
        for broker in &snapshot.brokers {
            sqlx::query("INSERT INTO brokers (cluster_alias, broker_id, host, port) VALUES ($1, $2, $3, $4)")
                .bind(alias)
                .bind(i64::from(broker.id))
                .bind(&broker.host)
                .bind(i64::from(broker.port))
                .execute(&mut *transaction)
                .await?;
        }
        for topic in &snapshot.topics {
            let retention_ms = match topic.retention {
                Retention::Millis(ms) => Some(ms),
                Retention::Forever => Some(-1),
                Retention::NotReported => None,
            };
            sqlx::query(
                "INSERT INTO topics (cluster_alias, name, internal, partitions, replication_factor, retention_ms)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(alias)
            .bind(&topic.name)
            .bind(i64::from(topic.internal))
            .bind(i64::from(topic.partitions))
            .bind(i64::from(topic.replication_factor))
            .bind(retention_ms)
            .execute(&mut *transaction)
            .await?;
        }
        for group in &snapshot.groups {
            sqlx::query(
                "INSERT INTO consumer_groups (cluster_alias, group_id, state, protocol_type, members)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(alias)
            .bind(&group.group_id)
            .bind(&group.state)
            .bind(&group.protocol_type)
            .bind(i64::from(group.members))
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Every stored cluster, by alias; the snapshot is present once a read succeeded.
    pub async fn load_clusters(&self) -> Result<BTreeMap<String, ClusterOverview>> {
        let mut clusters = BTreeMap::new();
        let rows = sqlx::query(
            "SELECT alias, bootstrap_servers, last_good_read_ms, last_attempt_ms, last_error FROM clusters",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            let status = ClusterStatus {
                alias: row.try_get("alias")?,
                bootstrap_servers: row.try_get("bootstrap_servers")?,
                last_good_read_ms: row.try_get("last_good_read_ms")?,
                last_attempt_ms: row.try_get("last_attempt_ms")?,
                last_error: row.try_get("last_error")?,
            };
            let snapshot = match status.last_good_read_ms {
                Some(_) => Some(self.load_snapshot(&status.alias).await?),
                None => None,
            };
            clusters.insert(status.alias.clone(), ClusterOverview { status, snapshot });
        }
        Ok(clusters)
    }

    async fn load_snapshot(&self, alias: &str) -> Result<ClusterSnapshot> {
        let brokers = sqlx::query("SELECT broker_id, host, port FROM brokers WHERE cluster_alias = $1 ORDER BY broker_id")
            .bind(alias)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .map(|row| {
                Ok(Broker { id: narrow(row.try_get("broker_id")?), host: row.try_get("host")?, port: narrow(row.try_get("port")?) })
            })
            .collect::<Result<_, sqlx::Error>>()?;
        let topics = sqlx::query(
            "SELECT name, internal, partitions, replication_factor, retention_ms
             FROM topics WHERE cluster_alias = $1 ORDER BY name",
        )
        .bind(alias)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| {
            let retention = match row.try_get::<Option<i64>, _>("retention_ms")? {
                Some(ms) if ms < 0 => Retention::Forever,
                Some(ms) => Retention::Millis(ms),
                None => Retention::NotReported,
            };
            Ok(TopicSummary {
                name: row.try_get("name")?,
                internal: row.try_get::<i64, _>("internal")? != 0,
                partitions: narrow(row.try_get("partitions")?),
                replication_factor: narrow(row.try_get("replication_factor")?),
                retention,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
        let groups = sqlx::query(
            "SELECT group_id, state, protocol_type, members FROM consumer_groups WHERE cluster_alias = $1 ORDER BY group_id",
        )
        .bind(alias)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|row| {
            Ok(GroupSummary {
                group_id: row.try_get("group_id")?,
                state: row.try_get("state")?,
                protocol_type: row.try_get("protocol_type")?,
                members: narrow(row.try_get("members")?),
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
        Ok(ClusterSnapshot { brokers, topics, groups })
    }
}

/// Counts and ids are stored as BIGINT (the one integer type both backends decode the
/// same way) but are 32-bit in Kafka.
fn narrow(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}
