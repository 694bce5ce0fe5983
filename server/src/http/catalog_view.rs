//! The catalog as pages read it: the Leptos server functions' port, implemented over the
//! cluster and schema catalogs.

use std::sync::Arc;

use app::catalog::CatalogReader;
use app::error::AppError;
use app::model::{Overview, SchemasOverview, Subject};

use crate::catalog::{linked_overview, Catalog, RegistryCatalog};

pub struct CatalogView {
    pub clusters: Arc<Catalog>,
    pub registries: Arc<RegistryCatalog>,
}

#[async_trait::async_trait]
impl CatalogReader for CatalogView {
    /// The clusters, each topic with the subjects that describe it.
    async fn overview(&self) -> Result<Overview, AppError> {
        Ok(linked_overview(&self.clusters, &self.registries))
    }

    async fn schemas(&self) -> Result<SchemasOverview, AppError> {
        Ok(self.registries.overview())
    }

    async fn subject(&self, source: &str, subject: &str) -> Result<Option<Subject>, AppError> {
        Ok(self.registries.subject(source, subject))
    }
}
