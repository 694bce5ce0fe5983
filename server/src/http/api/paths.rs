//! The path parameters of the API's resources, one type each: the handler extracts it
//! and its `#[utoipa::path]` documents it from the same fields.

use serde::Deserialize;
use utoipa::IntoParams;

/// A cluster, by alias.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ClusterPath {
    /// The cluster's alias.
    pub alias: String,
}

/// A principal of a cluster (`User:billing`, percent-encoded in the path).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PrincipalPath {
    /// The cluster's alias.
    pub alias: String,
    /// The principal, as its ACLs name it.
    pub principal: String,
}

/// A topic of a cluster.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TopicPath {
    /// The cluster's alias.
    pub alias: String,
    /// The topic's name.
    pub topic: String,
}

/// A consumer group of a cluster.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct GroupPath {
    /// The cluster's alias.
    pub alias: String,
    /// The group id.
    pub group: String,
}

/// A connector of a Kafka Connect cluster.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ConnectorPath {
    /// The Connect cluster's name.
    pub connect: String,
    /// The connector's name.
    pub connector: String,
}

/// A subject of a schema source.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SubjectPath {
    /// The schema source's name.
    pub registry: String,
    /// The subject's name.
    pub subject: String,
}

/// One version of a subject.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct VersionPath {
    /// The schema source's name.
    pub registry: String,
    /// The subject's name.
    pub subject: String,
    /// A version number or `latest`.
    #[param(pattern = "^(latest|[0-9]{1,9})$")]
    pub version: String,
}
