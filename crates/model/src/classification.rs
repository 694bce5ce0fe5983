//! Which schema fields hold personal or sensitive data, as the pages and the API show
//! it: each category with where it came from.

use serde::{Deserialize, Serialize};

/// Where a field's category came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClassificationSource {
    /// A tag on the field, in the schema or given at registration (`metadata.tags`).
    SchemaTag,
    /// A name rule matched the field's name: a suggestion until someone decides.
    NameRule,
    /// A name rule matched the field's doc: a suggestion too.
    DocRule,
    /// A steward decided: a suggestion confirmed, or a category given by hand.
    Steward,
}

impl ClassificationSource {
    /// Whether the schema's authors said so (a tag), rather than Tributary suggesting it.
    pub fn decided(self) -> bool {
        matches!(self, ClassificationSource::SchemaTag | ClassificationSource::Steward)
    }
}

/// One category of one field, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldCategory {
    /// `PII`, `PCI`, `PHI`, `CREDENTIALS`, or a configured category.
    pub category: String,
    pub source: ClassificationSource,
    /// The tag, or the name of the rule that fired (for a steward's decision: the rule it
    /// confirmed, or `by hand`).
    pub detail: String,
    /// For a steward's decision (or a dismissal): who decided, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<Decided>,
}

/// Who decided, when and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decided {
    pub by: String,
    pub at_ms: i64,
    pub reason: String,
}

/// What a steward decided about one category of one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// A rule's suggestion is right.
    Confirm,
    /// A rule's suggestion is wrong: the field does not hold this category.
    Dismiss,
    /// The field holds this category, though no rule or tag says so.
    Tag,
}

impl Decision {
    pub fn name(self) -> &'static str {
        match self {
            Decision::Confirm => "confirm",
            Decision::Dismiss => "dismiss",
            Decision::Tag => "tag",
        }
    }

    pub fn parse(name: &str) -> Option<Decision> {
        [Decision::Confirm, Decision::Dismiss, Decision::Tag].into_iter().find(|decision| decision.name() == name)
    }
}

/// One decision, as the history keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldDecision {
    /// The schema source and subject holding the field, and its dotted path.
    pub source: String,
    pub subject: String,
    pub path: String,
    pub category: String,
    pub decision: Decision,
    pub reason: String,
    pub decided_by: String,
    pub decided_at_ms: i64,
}

/// A schema field that holds data of some category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassifiedField {
    /// The schema source (registry or directory) and subject holding the field.
    pub source: String,
    pub subject: String,
    /// The field's dotted path: `customer.email`.
    pub path: String,
    pub categories: Vec<FieldCategory>,
    /// Suggestions a steward dismissed, with who and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dismissed: Vec<FieldCategory>,
}

impl ClassifiedField {
    /// Whether any category is personal data (every category but `CREDENTIALS`).
    pub fn personal(&self) -> bool {
        self.categories.iter().any(|category| category.category != "CREDENTIALS")
    }

    /// Whether only a rule suggests it (no tag says so).
    pub fn suggested_only(&self) -> bool {
        !self.categories.iter().any(|category| category.source.decided())
    }
}
