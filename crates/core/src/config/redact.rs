//! Credentials written into URLs (`https://user:secret@registry`, `postgres://app:pw@db`,
//! `https://api-key@host`) masked before a URL is shown, logged or put in an error.

/// What replaces a password or a bare credential in a URL.
const MASK: &str = "***";

/// `scheme://user:secret@host/path` becomes `scheme://user:***@host/path`, and a lone
/// credential (`scheme://token@host`) becomes `scheme://***@host`. The user info ends at
/// the last `@` before the path, so a password holding `@` is masked whole; an `@` in
/// the path or query is left alone. Anything without `scheme://` is returned as is.
pub fn mask_url_credentials(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let Some((credentials, host)) = authority.rsplit_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:{MASK}@{host}{path}"),
        None => format!("{scheme}://{MASK}@{host}{path}"),
    }
}

#[cfg(test)]
mod tests {
    use super::mask_url_credentials;

    #[test]
    fn passwords_and_lone_credentials_are_masked() {
        assert_eq!(mask_url_credentials("http://user:pass@host:8081"), "http://user:***@host:8081");
        assert_eq!(mask_url_credentials("postgres://app:s3cret@db:5432/catalog"), "postgres://app:***@db:5432/catalog");
        assert_eq!(mask_url_credentials("https://api-key@registry/"), "https://***@registry/");
        assert_eq!(mask_url_credentials("http://u:p@ss:w@rd@host/x"), "http://u:***@host/x");
    }

    #[test]
    fn urls_without_credentials_are_unchanged() {
        assert_eq!(mask_url_credentials("sqlite://tributary.db"), "sqlite://tributary.db");
        assert_eq!(mask_url_credentials("http://host/path@x?y=a@b"), "http://host/path@x?y=a@b");
        assert_eq!(mask_url_credentials("not a url"), "not a url");
    }
}
