//! What sampling schema ids costs a running Tributary: the oldest and newest record of
//! every partition of BENCH_TOPICS topics (default 200, 3 partitions each, 50 records
//! per partition in the registry's wire format) read with the record sampler, as the
//! driver does every `ingest.record_sample_secs`. Reports the CPU time of one pass (this
//! process: the sampler and librdkafka's threads) and what that is as a share of one
//! core at the default period (300 s). Goal: under 1 % of a core.
//!
//! Needs a broker: BENCH_BOOTSTRAP=127.0.0.1:PORT (for example one started with
//! `source scripts/common.sh; start_apache_kafka PORT DIR`).
//!
//! `BENCH_BOOTSTRAP=127.0.0.1:19092 cargo bench -p server --features ssr --bench record_sampling`
//! Sizes: BENCH_TOPICS (default 200), BENCH_RUNS (default 5).

mod support;

use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::ClientConfig;
use support::env_usize;
use tributary::config::ClusterConfig;
use tributary::ingest::kafka::record_ends::RecordSampler;

const PARTITIONS: i32 = 3;
const RECORDS_PER_PARTITION: usize = 50;
/// The driver's default period.
const DEFAULT_PERIOD: Duration = Duration::from_secs(300);

/// This process's CPU time so far (user and system), from /proc.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<u64> = after.split_whitespace().filter_map(|field| field.parse().ok()).collect();
    let ticks = fields.get(10).copied().unwrap_or(0) + fields.get(11).copied().unwrap_or(0);
    // Linux reports in clock ticks of 1/100 s.
    Duration::from_millis(ticks * 10)
}

fn main() {
    let Ok(bootstrap) = std::env::var("BENCH_BOOTSTRAP") else {
        eprintln!("BENCH_BOOTSTRAP is not set: start a broker and give its address (see this file's doc)");
        return;
    };
    let topics = env_usize("BENCH_TOPICS", 200);
    let runs = env_usize("BENCH_RUNS", 5);
    let prefix = format!("sampled.{}", std::process::id());
    let names: Vec<String> = (0..topics).map(|i| format!("{prefix}.{i}")).collect();
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", &bootstrap).create().expect("an admin client");
    let new: Vec<NewTopic> =
        names.iter().map(|name| NewTopic::new(name, PARTITIONS, TopicReplication::Fixed(1))).collect();
    for chunk in new.chunks(100) {
        for result in runtime.block_on(admin.create_topics(chunk, &AdminOptions::new())).expect("topics created") {
            result.expect("a topic created");
        }
    }
    let producer: BaseProducer = ClientConfig::new().set("bootstrap.servers", &bootstrap).create().expect("a producer");
    for name in &names {
        for record in 0..RECORDS_PER_PARTITION * PARTITIONS as usize {
            let id = i32::try_from(record % 3 + 1).unwrap_or(1);
            let mut value = vec![0u8];
            value.extend_from_slice(&id.to_be_bytes());
            value.extend_from_slice(b"payload");
            let key = format!("k{record}");
            while producer.send(BaseRecord::to(name).key(&key).payload(&value)).is_err() {
                producer.poll(Duration::from_millis(10));
            }
        }
    }
    producer.flush(Duration::from_secs(60)).expect("records written");
    let cluster = ClusterConfig { alias: "bench".into(), bootstrap_servers: bootstrap, properties: Default::default() };
    let sampler = RecordSampler::new(&cluster).expect("a sampler");
    let partitions: Vec<i32> = (0..PARTITIONS).collect();
    let mut passes = Vec::new();
    for _ in 0..runs {
        let (cpu_before, began) = (cpu_time(), Instant::now());
        let mut refused = 0;
        for name in &names {
            if sampler.sample(name, &partitions).is_err() {
                refused += 1;
            }
        }
        passes.push((cpu_time() - cpu_before, began.elapsed(), refused));
    }
    passes.sort();
    let (cpu, wall, refused) = passes[passes.len() / 2];
    println!(
        "one pass over {topics} topics ({} partitions), median of {runs}: {:.2} s of CPU, {:.1} s of wall time \
         ({refused} refused); at a {} s period: {:.3} % of one core",
        topics * PARTITIONS as usize,
        cpu.as_secs_f64(),
        wall.as_secs_f64(),
        DEFAULT_PERIOD.as_secs(),
        100.0 * cpu.as_secs_f64() / DEFAULT_PERIOD.as_secs_f64()
    );
    let _ = runtime
        .block_on(admin.delete_topics(&names.iter().map(String::as_str).collect::<Vec<_>>(), &AdminOptions::new()));
}
