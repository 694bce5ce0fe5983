//! The catalog as pages read it: the Leptos server functions' port, implemented over the
//! cluster and schema catalogs.

use std::sync::Arc;

use app::catalog::CatalogReader;
use app::error::AppError;
use std::collections::HashMap;

use app::model::{Overview, SchemaLink, SchemasOverview, Subject};

use crate::catalog::{Catalog, RegistryCatalog};

pub struct CatalogView {
    pub clusters: Arc<Catalog>,
    pub registries: Arc<RegistryCatalog>,
}

#[async_trait::async_trait]
impl CatalogReader for CatalogView {
    /// The clusters, each topic with the subjects that describe it.
    async fn overview(&self) -> Result<Overview, AppError> {
        let mut overview = self.clusters.overview();
        let sources = self.registries.entries();
        for cluster in &mut overview.clusters {
            let Some(summary) = cluster.summary.as_mut() else { continue };
            let serving: Vec<_> = sources
                .iter()
                .filter(|source| source.clusters.is_empty() || source.clusters.contains(&cluster.status.alias))
                .filter_map(|source| source.snapshot.as_ref().map(|snapshot| (source.name.as_str(), snapshot)))
                .collect();
            let mut links: HashMap<&str, Vec<SchemaLink>> = HashMap::new();
            for (source, snapshot) in &serving {
                for subject in snapshot.subjects.iter().filter(|subject| !subject.deleted()) {
                    let latest = subject.latest();
                    for binding in &subject.topics {
                        links.entry(binding.topic.as_str()).or_default().push(SchemaLink {
                            source: (*source).to_owned(),
                            subject: subject.name.clone(),
                            role: binding.role,
                            format: latest.map(|version| version.format),
                            version: latest.map(|version| version.version),
                        });
                    }
                }
            }
            for topic in &mut summary.topics {
                topic.schemas = links.remove(topic.name.as_str()).unwrap_or_default();
            }
        }
        Ok(overview)
    }

    async fn schemas(&self) -> Result<SchemasOverview, AppError> {
        Ok(self.registries.overview())
    }

    async fn subject(&self, source: &str, subject: &str) -> Result<Option<Subject>, AppError> {
        Ok(self.registries.subject(source, subject))
    }
}
