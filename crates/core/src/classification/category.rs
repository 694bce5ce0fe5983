//! The classification's vocabulary: the categories of sensitive data, and when a name
//! rule's match counts. The rules' table and the rule set both speak it.

/// A kind of sensitive data. The four named here are built in; a configuration may
/// add its own (`PII_MINOR`, ...). Every category is personal data except credentials.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Category(pub String);

impl Category {
    pub const PII: &'static str = "PII";
    pub const PCI: &'static str = "PCI";
    pub const PHI: &'static str = "PHI";
    pub const CREDENTIALS: &'static str = "CREDENTIALS";

    pub fn named(name: &str) -> Category {
        Category(name.trim().to_ascii_uppercase())
    }

    /// Whether data of this category is about a person (GDPR's personal data).
    pub fn is_personal(&self) -> bool {
        self.0 != Self::CREDENTIALS
    }

    /// The category a schema tag names: `PII`, `pii.email` and `PII_SENSITIVE` are PII,
    /// `PCI` is PCI; `None` for tags that name no category (`SENSITIVE`, `internal`).
    pub fn of_tag(tag: &str) -> Option<Category> {
        let upper = tag.to_ascii_uppercase();
        [Self::PII, Self::PCI, Self::PHI, Self::CREDENTIALS]
            .into_iter()
            .find(|name| {
                upper == *name || upper.starts_with(&format!("{name}.")) || upper.starts_with(&format!("{name}_"))
            })
            .map(|name| Category(name.to_owned()))
    }
}

/// When a rule's name match counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Always.
    Anywhere,
    /// Only in personal surroundings: under an address-like parent (`billing_address.city`)
    /// or beside a field that names a person (`first_name`, `email`, `phone`).
    PersonalRecord,
    /// Only beside a card number (`expiration_date`).
    CardRecord,
    /// Only under a parent that names a person (`recipient.name`, `customer.name`).
    PersonParent,
}
