//! Logging through `tracing`: readable lines, or JSON for log collectors. The level
//! comes from `RUST_LOG` (default `info`; librdkafka's own chatter at `warn`).

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Used when `RUST_LOG` is not set.
const DEFAULT_FILTER: &str = "info,librdkafka=warn,rdkafka=warn,sqlx=warn";

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // A second init (tests that start several servers) keeps the first subscriber.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
