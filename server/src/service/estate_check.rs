//! `tributary check --estate` against the running catalog: proposed desired-state files
//! judged against the cluster's estate sources as read now, its topics, every topic's
//! personal data (own and upstream) and the profiles in force.

use model::{EstateCheckReport, EstateFileError};
use tributary_core::estate::{judge, EstateRead, ProposalContext};

use super::{ServiceError, Services};

/// The most proposed files one check reads.
pub const MAX_PROPOSED_FILES: usize = 200;

impl Services {
    /// Judges `files` (name, text) proposed for cluster `alias`.
    pub async fn check_estate(
        &self,
        alias: &str,
        files: Vec<(String, String)>,
    ) -> Result<EstateCheckReport, ServiceError> {
        if files.len() > MAX_PROPOSED_FILES {
            return Err(ServiceError::TooLarge(format!("at most {MAX_PROPOSED_FILES} files per check")));
        }
        let snapshot = match self.cluster(alias) {
            Some(cluster) => cluster.snapshot,
            None => return Err(ServiceError::not_found(format!("no cluster has the alias `{alias}`"))),
        };
        let (current, options) = self.estate_in_force(alias);
        let proposed = tokio::task::spawn_blocking(move || {
            let files = files.into_iter().map(|(name, text)| (name, Ok::<_, EstateFileError>(text))).collect();
            EstateRead::parse(Ok(files), &options)
        })
        .await
        .map_err(|source| {
            ServiceError::Failed(crate::Error::Internal { what: "reading proposed estate files", source })
        })?;
        // A file not read would make everything it declares look removed: nothing is judged.
        if !proposed.errors.is_empty() {
            return Ok(EstateCheckReport { cluster: alias.to_owned(), errors: proposed.errors, ..Default::default() });
        }
        let live_topics: Vec<String> =
            snapshot.map(|snapshot| snapshot.topics.into_iter().map(|topic| topic.name).collect()).unwrap_or_default();
        let (profiles, facts) = self.profiles_and_facts().await;
        let context = ProposalContext {
            cluster: alias,
            current: &current,
            live_topics: &live_topics,
            facts: &facts,
            profiles: &profiles,
        };
        Ok(judge(&proposed.estate, &context))
    }
}
