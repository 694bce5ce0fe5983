//! How to connect to a cluster's brokers, read from the same librdkafka properties the
//! rest of ingestion uses (`security.protocol`, `sasl.mechanism`, `sasl.username`,
//! `sasl.password`), so one configuration serves both.

use std::collections::BTreeMap;

use super::scram::ScramHash;

/// The connection these requests make to each broker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WireSecurity {
    Plaintext,
    SaslPlain {
        username: String,
        password: String,
    },
    SaslScram {
        hash: ScramHash,
        username: String,
        password: String,
    },
    /// Settings these requests cannot honour (TLS, GSSAPI, OAUTHBEARER): they are not
    /// sent, and the catalog says why.
    Unsupported(String),
}

impl WireSecurity {
    /// The security of a cluster with librdkafka `properties`.
    pub fn of(properties: &BTreeMap<String, String>) -> WireSecurity {
        let get = |key: &str| properties.get(key).map(|value| value.trim().to_owned());
        let protocol = get("security.protocol").unwrap_or_else(|| "plaintext".into()).to_ascii_lowercase();
        match protocol.as_str() {
            "plaintext" => WireSecurity::Plaintext,
            "sasl_plaintext" => {
                let mechanism =
                    get("sasl.mechanism").or_else(|| get("sasl.mechanisms")).unwrap_or_else(|| "GSSAPI".into());
                let username = get("sasl.username").unwrap_or_default();
                let password = properties.get("sasl.password").cloned().unwrap_or_default();
                match mechanism.to_ascii_uppercase().as_str() {
                    "PLAIN" => WireSecurity::SaslPlain { username, password },
                    "SCRAM-SHA-256" => WireSecurity::SaslScram { hash: ScramHash::Sha256, username, password },
                    "SCRAM-SHA-512" => WireSecurity::SaslScram { hash: ScramHash::Sha512, username, password },
                    other => {
                        WireSecurity::Unsupported(format!("SASL mechanism {other} is not supported for these requests"))
                    }
                }
            }
            other => {
                WireSecurity::Unsupported(format!("security.protocol {other} is not supported for these requests yet"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(pairs: &[(&str, &str)]) -> WireSecurity {
        WireSecurity::of(&pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    #[test]
    fn librdkafka_properties_choose_the_connection() {
        assert_eq!(of(&[]), WireSecurity::Plaintext);
        assert_eq!(
            of(&[
                ("security.protocol", "SASL_PLAINTEXT"),
                ("sasl.mechanisms", "SCRAM-SHA-512"),
                ("sasl.username", "t"),
                ("sasl.password", "p w")
            ]),
            WireSecurity::SaslScram { hash: ScramHash::Sha512, username: "t".into(), password: "p w".into() }
        );
        assert!(matches!(
            of(&[("security.protocol", "sasl_plaintext"), ("sasl.mechanism", "PLAIN")]),
            WireSecurity::SaslPlain { .. }
        ));
        assert!(
            matches!(of(&[("security.protocol", "SSL")]), WireSecurity::Unsupported(reason) if reason.contains("ssl"))
        );
        assert!(
            matches!(of(&[("security.protocol", "sasl_plaintext")]), WireSecurity::Unsupported(reason) if reason.contains("GSSAPI"))
        );
    }
}
