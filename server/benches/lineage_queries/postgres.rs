//! The same 3-hop walk as a recursive SQL query on PostgreSQL, the way Marquez
//! computes lineage: edges in a table indexed both ways, a `WITH RECURSIVE` walk
//! downstream and one upstream along the same edge kinds (reads, writes,
//! may_publish_to), answering each reached node with its distance, as the in-memory
//! walk does. Loaded with the very edges of the in-memory graph.

use std::time::{Duration, Instant};

use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use tributary_core::lineage::LineageGraph;

/// Rows per INSERT while loading.
const LOAD_BATCH: usize = 10_000;
/// Topics the Marquez-shaped query starts from: each call aggregates the whole table.
const MARQUEZ_SHAPED_QUERIES: usize = 20;

const WALK: &str = "
WITH RECURSIVE
  downstream(node, hops) AS (
    SELECT $1::text, 0
    UNION
    SELECT e.dst, d.hops + 1 FROM bench_lineage_edges e JOIN downstream d ON e.src = d.node
    WHERE d.hops < $2 AND e.kind IN ('reads', 'writes', 'may_publish_to')
  ),
  upstream(node, hops) AS (
    SELECT $1::text, 0
    UNION
    SELECT e.src, u.hops + 1 FROM bench_lineage_edges e JOIN upstream u ON e.dst = u.node
    WHERE u.hops < $2 AND e.kind IN ('reads', 'writes', 'may_publish_to')
  )
SELECT node, min(hops) FROM (
  SELECT node, hops FROM downstream UNION ALL SELECT node, -hops FROM upstream
) reached GROUP BY node";

/// Marquez's shape (its `LineageDao.getLineage`, written afresh here): jobs and the
/// datasets they read and write in a mapping table; each query aggregates every job's
/// inputs and outputs into arrays, then walks job to job through overlapping arrays.
/// Groups play jobs and topics datasets; it starts from every job touching the topic,
/// and one job hop spans two of ours (job → topic → job), so depth 1 here covers the
/// 3-hop walk's reach from the topic.
const MARQUEZ_SHAPED_WALK: &str = "
WITH RECURSIVE
  job_io AS (
    SELECT job,
           array_agg(DISTINCT dataset) FILTER (WHERE io_type = 'INPUT') AS inputs,
           array_agg(DISTINCT dataset) FILTER (WHERE io_type = 'OUTPUT') AS outputs
    FROM bench_job_io GROUP BY job
  ),
  lineage(job, inputs, outputs, depth) AS (
    SELECT job, inputs, outputs, 0 FROM job_io
    WHERE job IN (SELECT job FROM bench_job_io WHERE dataset = $1)
    UNION
    SELECT io.job, io.inputs, io.outputs, l.depth + 1
    FROM job_io io, lineage l
    WHERE io.job <> l.job
      AND array_cat(io.inputs, io.outputs) && array_cat(l.inputs, l.outputs)
      AND l.depth < $2
  )
SELECT DISTINCT ON (job) job, inputs, outputs FROM lineage";

pub struct SqlWalks {
    pub latencies: Vec<Duration>,
    /// Distinct nodes each walk reached, in query order.
    pub reached: Vec<usize>,
    pub load: Duration,
    /// The Marquez-shaped query's latencies, on the first few topics only (it is slow).
    pub marquez_shaped: Vec<Duration>,
}

/// Loads `graph`'s edges into PostgreSQL at `url` and walks `depth` hops both ways
/// from each of `starts` (node paths).
pub async fn walks(url: &str, graph: &LineageGraph, starts: &[String], depth: i32) -> Result<SqlWalks, sqlx::Error> {
    let pool: PgPool = PgPoolOptions::new().max_connections(1).connect(url).await?;
    let began = Instant::now();
    sqlx::query("DROP TABLE IF EXISTS bench_lineage_edges").execute(&pool).await?;
    sqlx::query("CREATE TABLE bench_lineage_edges (src text NOT NULL, dst text NOT NULL, kind text NOT NULL)")
        .execute(&pool)
        .await?;
    let edges: Vec<(String, String, String)> =
        graph.all_edges().map(|(from, to, edge)| (from.path(), to.path(), edge.kind.name().to_owned())).collect();
    for batch in edges.chunks(LOAD_BATCH) {
        let sources: Vec<&str> = batch.iter().map(|edge| edge.0.as_str()).collect();
        let targets: Vec<&str> = batch.iter().map(|edge| edge.1.as_str()).collect();
        let kinds: Vec<&str> = batch.iter().map(|edge| edge.2.as_str()).collect();
        sqlx::query("INSERT INTO bench_lineage_edges SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[])")
            .bind(sources)
            .bind(targets)
            .bind(kinds)
            .execute(&pool)
            .await?;
    }
    sqlx::query("CREATE INDEX ON bench_lineage_edges (src, dst)").execute(&pool).await?;
    sqlx::query("CREATE INDEX ON bench_lineage_edges (dst, src)").execute(&pool).await?;
    sqlx::query("ANALYZE bench_lineage_edges").execute(&pool).await?;
    sqlx::query("DROP TABLE IF EXISTS bench_job_io").execute(&pool).await?;
    sqlx::query(
        "CREATE TABLE bench_job_io AS
           SELECT dst AS job, src AS dataset, 'INPUT' AS io_type FROM bench_lineage_edges WHERE kind = 'reads'
           UNION ALL
           SELECT src, dst, 'OUTPUT' FROM bench_lineage_edges WHERE kind = 'writes'",
    )
    .execute(&pool)
    .await?;
    sqlx::query("CREATE INDEX ON bench_job_io (dataset)").execute(&pool).await?;
    sqlx::query("CREATE INDEX ON bench_job_io (job)").execute(&pool).await?;
    sqlx::query("ANALYZE bench_job_io").execute(&pool).await?;
    let load = began.elapsed();
    let mut latencies = Vec::with_capacity(starts.len());
    let mut reached = Vec::with_capacity(starts.len());
    for start in starts {
        let began = Instant::now();
        let rows: Vec<(String, i32)> = sqlx::query_as(WALK).bind(start).bind(depth).fetch_all(&pool).await?;
        latencies.push(began.elapsed());
        reached.push(rows.len());
    }
    let mut marquez_shaped = Vec::new();
    for start in starts.iter().take(MARQUEZ_SHAPED_QUERIES) {
        let topic = start.clone();
        let began = Instant::now();
        sqlx::query(MARQUEZ_SHAPED_WALK).bind(topic).bind(1).fetch_all(&pool).await?;
        marquez_shaped.push(began.elapsed());
    }
    sqlx::query("DROP TABLE bench_lineage_edges").execute(&pool).await?;
    sqlx::query("DROP TABLE bench_job_io").execute(&pool).await?;
    Ok(SqlWalks { latencies, reached, load, marquez_shaped })
}
