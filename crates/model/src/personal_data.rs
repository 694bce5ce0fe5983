//! The Personal data page's data: where personal data lives (each topic with its
//! fields, their protection, and what reaches it from upstream), which applications
//! mask it, and who reads it — directly or downstream — by category.

use serde::{Deserialize, Serialize};

use super::MaskingMark;

/// The inventory, the flows picture and the readers matrix.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalDataOverview {
    /// Topics holding personal data, their own or from upstream; sorted.
    pub topics: Vec<PersonalTopic>,
    /// The matrix's columns: every category held somewhere, sorted.
    pub categories: Vec<String>,
    /// The matrix's rows: every reader of personal data, sorted by kind and name.
    pub readers: Vec<PersonalReader>,
    /// Masking marks in force.
    pub masking: Vec<MaskingMark>,
    /// Personal data's paths as a picture: topics holding it of their own first, then
    /// the applications it flows through and the topics it reaches.
    pub flows: super::LineageView,
    /// The picture was cut at its most nodes: more paths exist than it draws.
    #[serde(default)]
    pub flows_cut: bool,
    /// When the catalog was last evaluated; what it waits for, if it is put off.
    pub evaluated_at_ms: Option<i64>,
    pub waiting_for: Option<String>,
    pub server_time_ms: i64,
}

/// One topic holding personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalTopic {
    pub cluster: String,
    pub topic: String,
    /// Every category it holds, its own and from upstream.
    pub categories: Vec<String>,
    /// Its own personal fields.
    pub fields: Vec<PersonalFieldView>,
    /// Personal data reaching it from upstream through applications.
    pub upstream: Vec<UpstreamMark>,
    /// Flows of its personal data that stopped at a masking application.
    pub stopped: Vec<StoppedMark>,
    /// Who reads it: `group:…`, `principal:…`, `connector:…`.
    pub readers: Vec<ReaderRef>,
    /// Stewards' tags on the whole topic, in force.
    #[serde(default)]
    pub tagged: Vec<super::TopicTag>,
    /// For a topic holding personal data of its own: how long that data can persist
    /// anywhere it flows. `null` for a topic holding only what reached it from upstream.
    #[serde(default)]
    pub lifespan: Option<super::Lifespan>,
}

/// One personal field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalFieldView {
    pub subject: String,
    pub path: String,
    pub categories: Vec<String>,
    /// The data-contract rule encrypting or masking it as written, if one does.
    pub protected_by: Option<String>,
    /// Set when the field is not in the latest version but an earlier one whose records
    /// may still be in the topic.
    #[serde(default)]
    pub held: Option<super::HeldVersion>,
}

/// Personal data from upstream: "PII upstream, through X, from topic Y, fields …".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpstreamMark {
    pub origin_cluster: String,
    pub origin_topic: String,
    /// The application it came through last (node path).
    pub through: String,
    pub categories: Vec<String>,
    /// The origin's personal fields, `subject#path`.
    pub fields: Vec<String>,
}

/// A flow stopped at a masking application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoppedMark {
    pub through: String,
    pub into_cluster: String,
    pub into_topic: String,
}

/// A reader of a topic.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReaderRef {
    /// `group`, `principal` or `connector`.
    pub kind: String,
    pub name: String,
}

/// One row of the readers matrix: a reader with, per category, the topics it reads that
/// hold it directly (the topic's own fields) and downstream (from upstream).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonalReader {
    pub kind: String,
    pub name: String,
    pub cluster: String,
    /// One per column of `categories`, in that order.
    pub cells: Vec<ReaderCell>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReaderCell {
    pub category: String,
    /// Topics whose own fields hold the category.
    pub direct: Vec<String>,
    /// Topics the category reaches from upstream.
    pub downstream: Vec<String>,
}
