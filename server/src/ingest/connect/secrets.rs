//! Which connector configuration values are secrets. Connect returns connector configs
//! as they were submitted, passwords included; Tributary keeps the key and drops the
//! value of anything that looks secret, and masks credentials inside URLs.

use crate::config::mask_url_credentials;

/// Key fragments that mark a secret (`connection.password`, `aws.secret.access.key`,
/// `sasl.jaas.config`, `ssl.keystore.key`, `api.key`, `oauth.token`, ...).
const SECRET_KEY_PARTS: &[&str] = &[
    "password",
    "secret",
    "token",
    "credential",
    "jaas",
    "private",
    "apikey",
    "api.key",
    "api_key",
    "keystore.key",
    "auth.key",
];

/// `value` as it may be kept for `key`: `None` for a secret, URLs with their
/// credentials masked.
pub fn keepable(key: &str, value: &str) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    if SECRET_KEY_PARTS.iter().any(|part| lower.contains(part)) {
        return None;
    }
    // A JDBC or HTTP URL may carry `user:password@`.
    let masked = mask_url_credentials(value);
    let masked = match masked.strip_prefix("jdbc:") {
        Some(rest) if masked == value => format!("jdbc:{}", mask_url_credentials(rest)),
        _ => masked,
    };
    // `password=` inside a connection string (`...;password=x`).
    if masked.to_ascii_lowercase().contains("password=") {
        return None;
    }
    Some(masked)
}

#[cfg(test)]
mod tests {
    use super::keepable;

    #[test]
    fn secrets_are_dropped_and_the_rest_kept() {
        for key in [
            "connection.password",
            "aws.secret.access.key",
            "sasl.jaas.config",
            "api.key",
            "oauth.token",
            "SSL.KEYSTORE.KEY",
        ] {
            assert_eq!(keepable(key, "hunter2"), None, "{key}");
        }
        assert_eq!(
            keepable("connection.url", "jdbc:postgresql://app:pw@db:5432/shop").as_deref(),
            Some("jdbc:postgresql://app:***@db:5432/shop")
        );
        assert_eq!(keepable("connection.url", "jdbc:sqlserver://db;user=a;password=b"), None);
        assert_eq!(
            keepable("key.converter", "org.apache.kafka.connect.storage.StringConverter").as_deref(),
            Some("org.apache.kafka.connect.storage.StringConverter")
        );
        assert_eq!(keepable("topics", "a,b").as_deref(), Some("a,b"));
    }
}
