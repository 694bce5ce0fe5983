//! librdkafka's own logs, routed to `tracing` and quietened for unreachable clusters.

use rdkafka::client::ClientContext;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::error::KafkaError;

/// Routes librdkafka's own logs to `tracing` at debug level, tagged with the cluster.
///
/// librdkafka reports every failed reconnect of every broker connection as an error;
/// for an unreachable cluster that is a flood. The poller already logs each failure
/// and recovery once, at the right level, so these are details for debugging.
pub struct LoggingContext {
    pub alias: String,
}

impl ClientContext for LoggingContext {
    fn log(&self, level: RDKafkaLogLevel, facility: &str, message: &str) {
        match level {
            RDKafkaLogLevel::Emerg | RDKafkaLogLevel::Alert | RDKafkaLogLevel::Critical => {
                tracing::warn!(target: "librdkafka", cluster = %self.alias, facility, "{message}")
            }
            RDKafkaLogLevel::Error | RDKafkaLogLevel::Warning | RDKafkaLogLevel::Notice => {
                tracing::debug!(target: "librdkafka", cluster = %self.alias, facility, "{message}")
            }
            RDKafkaLogLevel::Info | RDKafkaLogLevel::Debug => {
                tracing::trace!(target: "librdkafka", cluster = %self.alias, facility, "{message}")
            }
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        tracing::debug!(target: "librdkafka", cluster = %self.alias, %error, "{reason}");
    }
}

/// The offsets follower is a plain consumer: default rebalance and commit handling.
impl rdkafka::consumer::ConsumerContext for LoggingContext {}
