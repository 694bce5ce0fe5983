//! The one table of what each route needs, and whether a caller may do it.
//!
//! Every request is classified by [`action_for`] (method and path, before any handler
//! runs); [`Principal::may`] then says whether the caller may do that action. A route
//! the table does not name needs [`Action::Read`] to read and [`Action::Administer`] to
//! change anything, so a new write route is closed until the table says otherwise.

use super::roles::{Role, Scope};

/// What a request does, as far as access is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Anyone, signed in or not: health, the app's assets, signing in and out.
    Public,
    /// Read the catalog: pages, the API's reads, `check`, compatibility questions.
    Read,
    /// Declare or remove lineage, post OpenLineage events.
    DeclareLineage,
    /// Stewards' decisions: tag fields and topics, dismiss, mark masking applications.
    Steward,
    /// Export reports, read and verify the audit log.
    Report,
    /// Make, list and revoke one's own API tokens (signed in, not with a token).
    OwnTokens,
    /// Manage accounts and every token.
    Administer,
}

impl Action {
    /// The roles that may do the action (none for [`Action::Public`]: no role needed).
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Action::Public => &[],
            Action::Read | Action::OwnTokens => &[Viewer, Steward, ComplianceOfficer, Admin],
            Action::DeclareLineage | Action::Steward => &[Steward, Admin],
            Action::Report => &[ComplianceOfficer, Admin],
            Action::Administer => &[Admin],
        }
    }

    /// The scope an API token needs for the action; `None`: no token may do it.
    pub fn scope(self) -> Option<Scope> {
        match self {
            Action::Public | Action::Read => Some(Scope::Read),
            Action::DeclareLineage => Some(Scope::LineageWrite),
            Action::Steward => Some(Scope::TagsWrite),
            Action::Report => Some(Scope::Reports),
            Action::OwnTokens | Action::Administer => None,
        }
    }

    /// Whether the action changes something (a session's request of it, other than a GET,
    /// needs the session's CSRF token).
    pub fn changes_state(self) -> bool {
        !matches!(self, Action::Public | Action::Read | Action::Report)
    }
}

/// Which methods an entry of the table covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Methods {
    /// GET and HEAD.
    Read,
    Post,
    Delete,
    Any,
}

/// The table: (methods, path pattern, action). A pattern's `{name}` matches one path
/// segment and a trailing `*` matches the rest. The first entry that matches decides.
const TABLE: &[(Methods, &str, Action)] = &[
    (Methods::Read, "/healthz", Action::Public),
    (Methods::Read, "/readyz", Action::Public),
    (Methods::Read, "/pkg/*", Action::Public),
    (Methods::Read, "/favicon.ico", Action::Public),
    // The API's description: what it offers is no secret (the answers are).
    (Methods::Read, "/api/v1/openapi.json", Action::Public),
    (Methods::Read, "/sign-in", Action::Public),
    (Methods::Post, "/auth/sign-in", Action::Public),
    (Methods::Post, "/auth/sign-out", Action::Public),
    (Methods::Read, "/auth/oidc/start", Action::Public),
    (Methods::Read, "/auth/oidc/callback", Action::Public),
    // Lineage declared by hand or by OpenLineage producers.
    (Methods::Post, "/api/v1/lineage/edges", Action::DeclareLineage),
    (Methods::Delete, "/api/v1/lineage/edges", Action::DeclareLineage),
    (Methods::Post, "/api/v1/lineage", Action::DeclareLineage),
    // Stewards' decisions, over the API and from the pages.
    (Methods::Post, "/api/v1/classification/decisions", Action::Steward),
    (Methods::Post, "/api/v1/classification/masking", Action::Steward),
    (Methods::Post, "/api/v1/classification/topic-tags", Action::Steward),
    (Methods::Post, "/_sfn/decide_field", Action::Steward),
    (Methods::Post, "/_sfn/mark_masking", Action::Steward),
    (Methods::Post, "/_sfn/tag_topic", Action::Steward),
    // Reports and the audit log.
    (Methods::Read, "/api/v1/reports", Action::Report),
    // An erasure record: a document for the officer, entered in the audit log.
    (Methods::Post, "/api/v1/erasure", Action::Report),
    (Methods::Read, "/api/v1/audit", Action::Report),
    (Methods::Read, "/api/v1/audit/*", Action::Report),
    (Methods::Read, "/reports", Action::Report),
    (Methods::Read, "/audit", Action::Report),
    (Methods::Post, "/_sfn/audit", Action::Report),
    // Questions asked with a body that change nothing.
    (Methods::Post, "/api/v1/check", Action::Read),
    (Methods::Post, "/api/v1/clusters/{alias}/estate/check", Action::Read),
    (Methods::Post, "/api/v1/registries/{registry}/subjects/{subject}/compatibility", Action::Read),
    // Tokens and accounts.
    (Methods::Any, "/api/v1/tokens", Action::OwnTokens),
    (Methods::Any, "/api/v1/tokens/*", Action::OwnTokens),
    (Methods::Any, "/api/v1/accounts", Action::Administer),
    (Methods::Any, "/api/v1/accounts/*", Action::Administer),
    (Methods::Read, "/access", Action::OwnTokens),
    (Methods::Post, "/_sfn/create_token", Action::OwnTokens),
    (Methods::Post, "/_sfn/revoke_token", Action::OwnTokens),
    (Methods::Post, "/_sfn/add_account", Action::Administer),
    // The pages' reads: server functions are POSTs that change nothing.
    (Methods::Post, "/_sfn/*", Action::Read),
];

/// What a request of `method` on `path` does.
pub fn action_for(method: &str, path: &str) -> Action {
    let reading = matches!(method, "GET" | "HEAD");
    let entry = TABLE.iter().find(|(methods, pattern, _)| {
        let method_matches = match methods {
            Methods::Read => reading,
            Methods::Post => method == "POST",
            Methods::Delete => method == "DELETE",
            Methods::Any => true,
        };
        method_matches && path_matches(pattern, path)
    });
    match entry {
        Some((_, _, action)) => *action,
        None if reading => Action::Read,
        None => Action::Administer,
    }
}

/// Whether `path` matches `pattern` (`{name}`: one segment; a trailing `*`: the rest).
fn path_matches(pattern: &str, path: &str) -> bool {
    if let Some(prefix) = pattern.strip_suffix('*') {
        return path.starts_with(prefix) && path.len() > prefix.len();
    }
    let mut wanted = pattern.split('/');
    let mut given = path.split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(want), Some(segment)) if want.starts_with('{') && !segment.is_empty() => {}
            (Some(want), Some(segment)) if want == segment => {}
            _ => return false,
        }
    }
}

/// What callers who are not signed in may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnonymousAccess {
    /// Nothing but sign in.
    None,
    /// Read the catalog.
    Read,
    /// No account exists yet, and Tributary answers on loopback only: the catalog, its
    /// reports and audit log may be read (every page says so); nothing may be changed
    /// until the first account exists, which ends this mode.
    FirstRun,
}

/// What callers who are not signed in may do: as configured, else nothing once an
/// account exists, else the first-run mode.
pub fn anonymous_access(configured: Option<AnonymousAccess>, accounts_exist: bool) -> AnonymousAccess {
    configured.unwrap_or(if accounts_exist { AnonymousAccess::None } else { AnonymousAccess::FirstRun })
}

/// Why Tributary must not start listening on `listen`: an address other machines reach,
/// with no account to sign in with and no explicit choice of what anonymous callers
/// may do.
pub fn exposed_without_accounts(
    listen: std::net::SocketAddr,
    configured: Option<AnonymousAccess>,
    accounts_exist: bool,
) -> Option<String> {
    (!listen.ip().is_loopback() && !accounts_exist && configured.is_none()).then(|| {
        format!(
            "refusing to listen on {listen}: no account exists, so anyone who reaches that address could read \
             the catalog. Add one first (`tributary user add NAME --role admin`), or set \
             `auth.anonymous = \"read\"` (everyone may read, nobody may change) or \"none\" in the configuration, \
             or listen on a loopback address"
        )
    })
}

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    /// Signed in, with a session.
    Account {
        name: String,
        role: Role,
    },
    /// An API token of an account.
    Token {
        account: String,
        role: Role,
        scopes: Vec<Scope>,
    },
}

/// Why a request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 401: sign in (or send a token) first.
    NotSignedIn,
    /// 403: signed in, but this caller may not.
    Forbidden,
}

/// How a request's caller was identified, kept for the requests that outlive their
/// check (a live event stream): what must still hold for it to go on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// Nobody signed in: what anonymous readers may read.
    Anonymous,
    /// A browser session, by its id (as the cookie carries it).
    Session(String),
    /// An API token, by its secret (as the header carries it).
    Token(String),
}

impl Principal {
    /// Who is asking, as a document names them: the account, with "(API token)" when a
    /// token of it asks; a reader nobody signed in as, when nobody did.
    pub fn described(&self) -> String {
        match self {
            Principal::Anonymous => "a reader who did not sign in".to_owned(),
            Principal::Account { name, .. } => name.clone(),
            Principal::Token { account, .. } => format!("{account} (API token)"),
        }
    }

    /// The name recorded as "who" in the audit log; `None` when not signed in.
    pub fn actor(&self) -> Option<&str> {
        match self {
            Principal::Anonymous => None,
            Principal::Account { name, .. } => Some(name),
            Principal::Token { account, .. } => Some(account),
        }
    }

    /// Whether the caller may do `action`, anonymous callers getting `anonymous`.
    pub fn may(&self, action: Action, anonymous: AnonymousAccess) -> Result<(), Refusal> {
        if action == Action::Public {
            return Ok(());
        }
        match self {
            Principal::Anonymous => match (action, anonymous) {
                (Action::Read, AnonymousAccess::Read | AnonymousAccess::FirstRun) => Ok(()),
                (Action::Report, AnonymousAccess::FirstRun) => Ok(()),
                _ => Err(Refusal::NotSignedIn),
            },
            Principal::Account { role, .. } => action.roles().contains(role).then_some(()).ok_or(Refusal::Forbidden),
            Principal::Token { role, scopes, .. } => {
                let scoped = action.scope().is_some_and(|needed| scopes.contains(&needed));
                (scoped && action.roles().contains(role)).then_some(()).ok_or(Refusal::Forbidden)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state-changing route there is, and what it needs.
    const WRITES: &[(&str, &str, Action)] = &[
        ("POST", "/api/v1/lineage/edges", Action::DeclareLineage),
        ("DELETE", "/api/v1/lineage/edges", Action::DeclareLineage),
        ("POST", "/api/v1/lineage", Action::DeclareLineage),
        ("POST", "/api/v1/classification/decisions", Action::Steward),
        ("POST", "/api/v1/classification/masking", Action::Steward),
        ("POST", "/api/v1/classification/topic-tags", Action::Steward),
        ("POST", "/_sfn/decide_field", Action::Steward),
        ("POST", "/_sfn/mark_masking", Action::Steward),
        ("POST", "/_sfn/tag_topic", Action::Steward),
        ("POST", "/api/v1/tokens", Action::OwnTokens),
        ("DELETE", "/api/v1/tokens/3", Action::OwnTokens),
        ("POST", "/api/v1/accounts", Action::Administer),
    ];

    #[test]
    fn the_table_classifies_routes() {
        for (method, path, action) in WRITES {
            assert_eq!(action_for(method, path), *action, "{method} {path}");
        }
        assert_eq!(action_for("GET", "/api/v1/topics"), Action::Read);
        assert_eq!(action_for("HEAD", "/clusters/prod/topics/orders"), Action::Read);
        assert_eq!(action_for("GET", "/api/v1/audit/export"), Action::Report);
        assert_eq!(action_for("GET", "/api/v1/auditx"), Action::Read, "a pattern matches whole segments");
        assert_eq!(action_for("POST", "/api/v1/registries/main/subjects/a-value/compatibility"), Action::Read);
        assert_eq!(action_for("POST", "/api/v1/registries/main/subjects//compatibility"), Action::Administer);
        assert_eq!(action_for("POST", "/_sfn/topic"), Action::Read);
        assert_eq!(action_for("GET", "/pkg/app.wasm"), Action::Public);
        assert_eq!(action_for("GET", "/pkg/"), Action::Read, "a prefix needs something after it");
        // Unknown writes are closed until the table names them.
        assert_eq!(action_for("PUT", "/api/v1/topics"), Action::Administer);
        assert_eq!(action_for("POST", "/api/v1/new-thing"), Action::Administer);
    }

    /// The whole matrix: every role and every token scope against every action.
    #[test]
    fn roles_and_scopes_against_every_action() {
        use Action::*;
        let actions = [Public, Read, DeclareLineage, Steward, Report, OwnTokens, Administer];
        let allowed_roles = |action: Action| -> Vec<Role> {
            match action {
                Public | Read | OwnTokens => Role::ALL.to_vec(),
                DeclareLineage | Steward => vec![Role::Steward, Role::Admin],
                Report => vec![Role::ComplianceOfficer, Role::Admin],
                Administer => vec![Role::Admin],
            }
        };
        for action in actions {
            for role in Role::ALL {
                let account = Principal::Account { name: "ada".into(), role };
                let expected = if allowed_roles(action).contains(&role) { Ok(()) } else { Err(Refusal::Forbidden) };
                assert_eq!(account.may(action, AnonymousAccess::None), expected, "{role} {action:?}");
                for scope in Scope::ALL {
                    let token = Principal::Token { account: "ada".into(), role, scopes: vec![scope] };
                    let needed = match action {
                        Public | Read => Some(Scope::Read),
                        DeclareLineage => Some(Scope::LineageWrite),
                        Steward => Some(Scope::TagsWrite),
                        Report => Some(Scope::Reports),
                        OwnTokens | Administer => None,
                    };
                    let expected =
                        if action == Public || (needed == Some(scope) && allowed_roles(action).contains(&role)) {
                            Ok(())
                        } else {
                            Err(Refusal::Forbidden)
                        };
                    assert_eq!(token.may(action, AnonymousAccess::None), expected, "{role} token {scope} {action:?}");
                }
            }
            let read_only = if matches!(action, Public | Read) { Ok(()) } else { Err(Refusal::NotSignedIn) };
            assert_eq!(Principal::Anonymous.may(action, AnonymousAccess::Read), read_only, "{action:?}");
            let closed = if action == Public { Ok(()) } else { Err(Refusal::NotSignedIn) };
            assert_eq!(Principal::Anonymous.may(action, AnonymousAccess::None), closed, "{action:?}");
            let first_run = if matches!(action, Public | Read | Report) { Ok(()) } else { Err(Refusal::NotSignedIn) };
            assert_eq!(Principal::Anonymous.may(action, AnonymousAccess::FirstRun), first_run, "{action:?}");
        }
    }
}

#[cfg(test)]
mod first_run_tests {
    use super::*;

    #[test]
    fn an_exposed_address_needs_an_account_or_an_explicit_choice() {
        let loopback = "127.0.0.1:3000".parse().unwrap();
        let everywhere = "0.0.0.0:3000".parse().unwrap();
        assert!(exposed_without_accounts(loopback, None, false).is_none());
        let refusal = exposed_without_accounts(everywhere, None, false).unwrap();
        assert!(refusal.contains("0.0.0.0:3000") && refusal.contains("tributary user add"), "{refusal}");
        assert!(exposed_without_accounts(everywhere, Some(AnonymousAccess::Read), false).is_none());
        assert!(exposed_without_accounts(everywhere, None, true).is_none());
        assert!(exposed_without_accounts("[::1]:3000".parse().unwrap(), None, false).is_none());
        assert_eq!(anonymous_access(None, false), AnonymousAccess::FirstRun);
        assert_eq!(anonymous_access(None, true), AnonymousAccess::None);
        assert_eq!(anonymous_access(Some(AnonymousAccess::Read), false), AnonymousAccess::Read);
    }
}
