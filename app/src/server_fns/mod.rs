//! Leptos server functions, one per file. Their URLs live under `/_sfn`, apart from
//! the public REST API under `/api/v1`.

pub mod add_account;
pub mod create_token;
pub mod decide_field;
pub mod get_access;
pub mod get_api_reference;
pub mod get_audit;
pub mod get_cluster_changes;
pub mod get_compliance;
pub mod get_connector;
pub mod get_estate;
pub mod get_group;
pub mod get_lineage;
pub mod get_overview;
pub mod get_personal_data;
pub mod get_principal;
pub mod get_schemas;
pub mod get_subject;
pub mod get_topic;
pub mod mark_masking;
pub mod revoke_token;
pub mod search;
pub mod tag_topic;
