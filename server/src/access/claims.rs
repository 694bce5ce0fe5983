//! What a person signed in through an OpenID Connect provider becomes here: the role the
//! configured claim's values map to, and the account name their claims suggest. Pure.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Role;

/// Which role wins when a person's claim values map to several: one account holds one
/// role, so the broadest (admin), then the compliance officer's, the steward's, the viewer's.
const PRECEDENCE: [Role; 4] = [Role::Admin, Role::ComplianceOfficer, Role::Steward, Role::Viewer];

/// The configured claim and the role each of its values gives.
#[derive(Clone, Debug)]
pub struct RoleMapping {
    claim: String,
    roles: BTreeMap<String, Role>,
}

impl RoleMapping {
    /// The mapping `table` (claim value → role name) of claim `claim`; names that are not
    /// roles are left out (the configuration's check refuses them first).
    pub fn new(claim: &str, table: &BTreeMap<String, String>) -> Self {
        let roles = table.iter().filter_map(|(value, role)| Some((value.clone(), Role::parse(role)?))).collect();
        Self { claim: claim.to_owned(), roles }
    }

    pub fn claim(&self) -> &str {
        &self.claim
    }

    /// The claim's value among `claims`: a top-level claim of that name, else a dotted
    /// path into nested objects (`realm_access.roles`, as some providers nest them).
    pub fn claim_value<'a>(&self, claims: &'a serde_json::Map<String, Value>) -> Option<&'a Value> {
        if let Some(value) = claims.get(&self.claim) {
            return Some(value);
        }
        let mut parts = self.claim.split('.');
        let mut value = claims.get(parts.next()?)?;
        for part in parts {
            value = value.as_object()?.get(part)?;
        }
        Some(value)
    }

    /// The role `value` (a string, or a list of strings) gives, if any.
    pub fn role_for(&self, value: &Value) -> Option<Role> {
        let values: Vec<&str> = match value {
            Value::String(text) => vec![text.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let granted: Vec<Role> = values.iter().filter_map(|value| self.roles.get(*value).copied()).collect();
        PRECEDENCE.into_iter().find(|role| granted.contains(role))
    }
}

/// The name an account made at a first sign-in takes: the provider's preferred user
/// name, else the e-mail address, else the subject identifier (always present).
pub fn suggested_account_name(preferred_username: Option<&str>, email: Option<&str>, subject: &str) -> String {
    [preferred_username, email]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|name| !name.is_empty())
        .unwrap_or(subject)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn mapping(claim: &str) -> RoleMapping {
        let table = BTreeMap::from([
            ("stewards".to_owned(), "steward".to_owned()),
            ("auditors".to_owned(), "compliance-officer".to_owned()),
            ("everyone".to_owned(), "viewer".to_owned()),
            ("ops".to_owned(), "admin".to_owned()),
        ]);
        RoleMapping::new(claim, &table)
    }

    #[test]
    fn a_list_of_groups_gives_the_broadest_role_mapped() {
        let groups = mapping("groups");
        assert_eq!(groups.role_for(&json!(["everyone", "stewards"])), Some(Role::Steward));
        assert_eq!(groups.role_for(&json!(["stewards", "auditors", "everyone"])), Some(Role::ComplianceOfficer));
        assert_eq!(groups.role_for(&json!(["everyone", "ops"])), Some(Role::Admin));
        assert_eq!(groups.role_for(&json!("everyone")), Some(Role::Viewer));
    }

    #[test]
    fn values_mapped_to_nothing_give_no_role() {
        let groups = mapping("groups");
        assert_eq!(groups.role_for(&json!(["sales", "Stewards"])), None, "matching is exact");
        assert_eq!(groups.role_for(&json!([])), None);
        assert_eq!(groups.role_for(&json!(42)), None);
        assert_eq!(groups.role_for(&json!({"stewards": true})), None);
    }

    #[test]
    fn the_claim_is_found_at_the_top_or_along_a_dotted_path() {
        let claims = json!({"groups": ["stewards"], "realm_access": {"roles": ["ops"]}});
        let claims = claims.as_object().unwrap();
        assert_eq!(mapping("groups").claim_value(claims), Some(&json!(["stewards"])));
        assert_eq!(mapping("realm_access.roles").claim_value(claims), Some(&json!(["ops"])));
        assert_eq!(mapping("realm_access.missing").claim_value(claims), None);
        assert_eq!(mapping("absent").claim_value(claims), None);
    }

    #[test]
    fn the_account_name_prefers_the_user_name_then_the_address_then_the_subject() {
        assert_eq!(suggested_account_name(Some("stella"), Some("s@example.com"), "u1"), "stella");
        assert_eq!(suggested_account_name(Some("  "), Some("s@example.com"), "u1"), "s@example.com");
        assert_eq!(suggested_account_name(None, None, "u1"), "u1");
    }
}
