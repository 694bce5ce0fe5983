//! Terraform's JSON (`terraform show -json` of a plan or of a state) with the
//! Mongey/kafka provider's resources:
//!
//! - `kafka_topic`: `name`, `partitions`, `replication_factor`, `config`;
//! - `kafka_acl`: `resource_name`, `resource_type`, `resource_pattern_type_filter`,
//!   `acl_principal`, `acl_host`, `acl_operation`, `acl_permission_type`.
//!
//! A plan is read from `planned_values` (the state it would leave), a state from
//! `values`; modules are walked through `child_modules`. Data sources and other
//! resource types (`kafka_quota`, `kafka_user_scram_credential`) are not compared.
//! A value Terraform does not know until apply (absent from `planned_values`) is
//! treated as not declared.

use model::{AclBinding, AclResource, SourceLocation};

use super::acl_words;
use super::desired::{DesiredEstate, DesiredGrant, DesiredTopic};
use super::fields::{configs, mapping, sequence, Fault, Keys, Read};
use super::yaml_tree::Node;

/// Whether a document is Terraform's JSON (`format_version` and planned or state values).
pub fn recognises(root: &Node) -> bool {
    let Ok(entries) = mapping(root, "the file") else { return false };
    let has = |key: &str| entries.iter().any(|(name, _)| name.as_str() == Some(key));
    has("format_version") && (has("planned_values") || has("values"))
}

pub fn read(file: &str, root: &Node) -> Read<DesiredEstate> {
    let top = Keys::lenient(mapping(root, "Terraform's JSON")?);
    let values = top
        .get("planned_values")
        .or_else(|| top.get("values"))
        .ok_or_else(|| Fault::at(root.line, "neither `planned_values` (a plan) nor `values` (a state)"))?;
    let values = Keys::lenient(mapping(values, "the values")?);
    let mut estate = DesiredEstate::default();
    let Some(root_module) = values.get("root_module") else { return Ok(estate) };
    // Modules nest as deep as the tree may (bounded there): walked with a stack.
    let mut modules = vec![root_module];
    while let Some(module) = modules.pop() {
        let module = Keys::lenient(mapping(module, "a module")?);
        if let Some(resources) = module.get("resources") {
            for resource in sequence(resources, "`resources`")? {
                read_resource(file, resource, &mut estate)?;
            }
        }
        if let Some(children) = module.get("child_modules") {
            modules.extend(sequence(children, "`child_modules`")?.iter().rev());
        }
    }
    Ok(estate)
}

fn read_resource(file: &str, node: &Node, estate: &mut DesiredEstate) -> Read<()> {
    let resource = Keys::lenient(mapping(node, "a resource")?);
    if resource.optional_text("mode", "a resource")?.is_some_and(|mode| mode != "managed") {
        return Ok(());
    }
    let kind = resource.optional_text("type", "a resource")?.unwrap_or_default();
    if kind != "kafka_topic" && kind != "kafka_acl" {
        return Ok(());
    }
    let address = resource.optional_text("address", "a resource")?;
    let what = address.clone().unwrap_or_else(|| kind.clone());
    let at = SourceLocation { file: file.to_owned(), line: node.line, address };
    let Some(values) = resource.get("values") else {
        return Err(Fault::at(node.line, format!("{what} has no `values`")));
    };
    let values = Keys::lenient(mapping(values, &format!("the values of {what}"))?);
    if kind == "kafka_topic" {
        let configs = match values.get("config") {
            Some(config) => {
                configs(config, &format!("`config` of {what}"))?.into_iter().map(|(k, v, _)| (k, v)).collect()
            }
            None => Vec::new(),
        };
        estate.topics.push(DesiredTopic {
            name: values.required_text("name", node.line, &what)?,
            partitions: values.optional_count("partitions", &what)?,
            replication: values.optional_count("replication_factor", &what)?,
            configs,
            at,
        });
        return Ok(());
    }
    let word = |key: &str| values.required_text(key, node.line, &what);
    let unknown = |key: &str, value: &str| Fault::at(node.line, format!("{what}: `{key}` cannot be `{value}`"));
    let resource_type = word("resource_type")?;
    let pattern = values.optional_text("resource_pattern_type_filter", &what)?.unwrap_or_else(|| "Literal".into());
    let operation = word("acl_operation")?;
    let permission = word("acl_permission_type")?;
    let binding = AclBinding {
        resource: AclResource {
            kind: acl_words::resource_kind(&resource_type).ok_or_else(|| unknown("resource_type", &resource_type))?,
            name: word("resource_name")?,
            pattern: acl_words::pattern(&pattern).ok_or_else(|| unknown("resource_pattern_type_filter", &pattern))?,
        },
        principal: word("acl_principal")?,
        host: values.optional_text("acl_host", &what)?.unwrap_or_else(|| "*".into()),
        operation: acl_words::operation(&operation).ok_or_else(|| unknown("acl_operation", &operation))?,
        permission: acl_words::permission(&permission).ok_or_else(|| unknown("acl_permission_type", &permission))?,
    };
    estate.grants.push(DesiredGrant { binding, required: true, service: None, at });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estate::yaml_tree::parse;

    const PLAN: &str = r#"{
  "format_version": "1.2",
  "planned_values": {
    "root_module": {
      "resources": [
        {
          "address": "kafka_topic.orders",
          "mode": "managed",
          "type": "kafka_topic",
          "name": "orders",
          "values": {"name": "orders", "partitions": 6, "replication_factor": 3,
                     "config": {"cleanup.policy": "compact"}}
        }
      ],
      "child_modules": [
        {
          "address": "module.billing",
          "resources": [
            {
              "address": "module.billing.kafka_acl.read",
              "mode": "managed",
              "type": "kafka_acl",
              "name": "read",
              "values": {"resource_name": "orders", "resource_type": "Topic",
                         "resource_pattern_type_filter": "Literal", "acl_principal": "User:billing",
                         "acl_host": "*", "acl_operation": "Read", "acl_permission_type": "Allow"}
            },
            {"address": "data.kafka_topic.x", "mode": "data", "type": "kafka_topic", "name": "x", "values": {}}
          ]
        }
      ]
    }
  }
}"#;

    #[test]
    fn a_plan_declares_its_topics_and_acls_with_address_and_line() {
        let estate = read("plan.json", &parse(PLAN).unwrap()).unwrap();
        assert_eq!(estate.topics.len(), 1);
        let orders = &estate.topics[0];
        assert_eq!((orders.partitions, orders.replication), (Some(6), Some(3)));
        assert_eq!(orders.configs, [("cleanup.policy".to_owned(), "compact".to_owned())]);
        assert_eq!(orders.at.label(), "plan.json:6 (kafka_topic.orders)");
        assert_eq!(estate.grants.len(), 1);
        assert_eq!(estate.grants[0].binding.describe(), "ALLOW READ on topic orders from *");
        assert_eq!(estate.grants[0].at.address.as_deref(), Some("module.billing.kafka_acl.read"));
    }

    #[test]
    fn a_state_reads_from_values() {
        let state = PLAN.replace("planned_values", "values");
        assert_eq!(read("state.json", &parse(&state).unwrap()).unwrap().topics.len(), 1);
    }

    #[test]
    fn an_unknown_operation_is_an_error_at_its_resource() {
        let broken = PLAN.replace("\"Read\"", "\"Peek\"");
        let fault = read("plan.json", &parse(&broken).unwrap()).unwrap_err();
        assert_eq!(fault.line, Some(19));
        assert!(fault.message.contains("Peek"), "{}", fault.message);
    }
}
