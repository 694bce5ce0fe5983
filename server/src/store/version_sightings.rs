//! When each schema version was first seen: written once per version (a later sighting
//! of the same version changes nothing), read back at start so that the dates survive
//! restarts. See the migration `schema_version_sightings` for why.

use super::Store;
use crate::error::Result;

/// Rows per INSERT statement, and the values each row binds: 5,000 parameters stay below
/// SQLite's and PostgreSQL's limits.
const SIGHTINGS_PER_INSERT: usize = 1_000;
const SIGHTING_COLUMNS: usize = 5;

/// One version seen for the first time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    pub source: String,
    pub subject: String,
    pub version: i32,
    pub schema_id: i32,
    pub first_seen_ms: i64,
}

impl Store {
    /// Records `sightings`; a version already recorded keeps its first sighting.
    pub async fn record_version_sightings(&self, sightings: &[Sighting]) -> Result<()> {
        if sightings.is_empty() {
            return Ok(());
        }
        let mut transaction = self.pool.begin().await?;
        for chunk in sightings.chunks(SIGHTINGS_PER_INSERT) {
            let rows: Vec<String> = (0..chunk.len())
                .map(|row| {
                    let first = row * SIGHTING_COLUMNS;
                    format!("(${}, ${}, ${}, ${}, ${})", first + 1, first + 2, first + 3, first + 4, first + 5)
                })
                .collect();
            let statement = format!(
                "INSERT INTO schema_version_sightings (source, subject, version, schema_id, first_seen_ms) VALUES {}
                 ON CONFLICT (source, subject, version) DO NOTHING",
                rows.join(", ")
            );
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(statement));
            for sighting in chunk {
                insert = insert
                    .bind(&sighting.source)
                    .bind(&sighting.subject)
                    .bind(i64::from(sighting.version))
                    .bind(i64::from(sighting.schema_id))
                    .bind(sighting.first_seen_ms);
            }
            insert.execute(&mut *transaction).await?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Every sighting recorded.
    pub async fn version_sightings(&self) -> Result<Vec<Sighting>> {
        let rows = sqlx::query_as::<_, (String, String, i64, i64, i64)>(
            "SELECT source, subject, version, schema_id, first_seen_ms FROM schema_version_sightings",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(source, subject, version, schema_id, first_seen_ms)| Sighting {
                source,
                subject,
                version: i32::try_from(version).unwrap_or(i32::MAX),
                schema_id: i32::try_from(schema_id).unwrap_or(i32::MAX),
                first_seen_ms,
            })
            .collect())
    }
}
