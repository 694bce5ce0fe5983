//! Which schema fields hold personal or sensitive data, as the pages and the API show
//! it: each category with where it came from.

use serde::{Deserialize, Serialize};

/// Where a field's category came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClassificationSource {
    /// A tag on the field, in the schema or given at registration (`metadata.tags`).
    SchemaTag,
    /// A name rule matched the field's name: a suggestion until someone decides.
    NameRule,
    /// A name rule matched the field's doc: a suggestion too.
    DocRule,
}

impl ClassificationSource {
    /// Whether the schema's authors said so (a tag), rather than Tributary suggesting it.
    pub fn decided(self) -> bool {
        self == ClassificationSource::SchemaTag
    }
}

/// One category of one field, with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldCategory {
    /// `PII`, `PCI`, `PHI`, `CREDENTIALS`, or a configured category.
    pub category: String,
    pub source: ClassificationSource,
    /// The tag, or the name of the rule that fired.
    pub detail: String,
}

/// A schema field that holds data of some category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClassifiedField {
    /// The schema source (registry or directory) and subject holding the field.
    pub source: String,
    pub subject: String,
    /// The field's dotted path: `customer.email`.
    pub path: String,
    pub categories: Vec<FieldCategory>,
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
