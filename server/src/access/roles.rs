//! The roles an account holds and the scopes an API token carries.

use std::fmt;

/// What an account may do. Each role may read; beyond that each has its own work, and
/// an admin may do all of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Reads the catalog.
    Viewer,
    /// Tags fields and topics, dismisses classifications, marks masking applications,
    /// declares lineage.
    Steward,
    /// Exports reports and reads the audit log.
    ComplianceOfficer,
    /// Manages accounts and every token; may do what every other role may.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Steward, Role::ComplianceOfficer, Role::Admin];

    /// The role named `text` (`viewer`, `steward`, `compliance-officer`, `admin`).
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text.trim().to_ascii_lowercase().replace('_', "-"))
    }

    /// Whether a token of an account with this role may carry `scope` (a scope the
    /// role could never use is refused when the token is made, not only when used).
    pub fn grants(self, scope: Scope) -> bool {
        match scope {
            Scope::Read => true,
            Scope::LineageWrite | Scope::TagsWrite => matches!(self, Role::Steward | Role::Admin),
            Scope::Reports => matches!(self, Role::ComplianceOfficer | Role::Admin),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Steward => "steward",
            Role::ComplianceOfficer => "compliance-officer",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// What an API token may be used for, within its account's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Read the catalog (and ask `check`).
    Read,
    /// Declare and remove lineage, post OpenLineage events.
    LineageWrite,
    /// Tag fields and topics, dismiss classifications, mark masking applications.
    TagsWrite,
    /// Export reports and read the audit log.
    Reports,
}

impl Scope {
    pub const ALL: [Scope; 4] = [Scope::Read, Scope::LineageWrite, Scope::TagsWrite, Scope::Reports];

    /// The scope named `text` (`read`, `lineage:write`, `tags:write`, `reports`).
    pub fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == text.trim())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::LineageWrite => "lineage:write",
            Scope::TagsWrite => "tags:write",
            Scope::Reports => "reports",
        }
    }

    /// Scopes from a list like `read,tags:write`; the first unknown one is the error.
    pub fn parse_list(text: &str) -> Result<Vec<Scope>, String> {
        let mut scopes = Vec::new();
        for part in text.split([',', ' ']).filter(|part| !part.trim().is_empty()) {
            let scope = Scope::parse(part).ok_or_else(|| {
                format!("unknown scope `{part}` (scopes are read, lineage:write, tags:write, reports)")
            })?;
            if !scopes.contains(&scope) {
                scopes.push(scope);
            }
        }
        scopes.sort();
        Ok(scopes)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_scopes_read_back_what_they_print() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Compliance_Officer"), Some(Role::ComplianceOfficer));
        assert_eq!(Role::parse("root"), None);
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
        assert_eq!(Scope::parse_list("tags:write, read,read"), Ok(vec![Scope::Read, Scope::TagsWrite]));
        assert!(Scope::parse_list("read,admin").unwrap_err().contains("`admin`"));
    }
}
