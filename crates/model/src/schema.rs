//! Schemas as the catalog shows them: one field-tree model for Avro, Protobuf and JSON
//! Schema, with docs, defaults, nesting, references and every tag a field carries.

use serde::{Deserialize, Serialize};

/// The serialization format of a schema, as the registry's `schemaType` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum SchemaFormat {
    Avro,
    Protobuf,
    Json,
}

impl SchemaFormat {
    /// The registry's `schemaType`; absent means AVRO.
    pub fn from_schema_type(schema_type: Option<&str>) -> Option<Self> {
        match schema_type.unwrap_or("AVRO") {
            "AVRO" => Some(SchemaFormat::Avro),
            "PROTOBUF" => Some(SchemaFormat::Protobuf),
            "JSON" => Some(SchemaFormat::Json),
            _ => None,
        }
    }

    pub fn schema_type(self) -> &'static str {
        match self {
            SchemaFormat::Avro => "AVRO",
            SchemaFormat::Protobuf => "PROTOBUF",
            SchemaFormat::Json => "JSON",
        }
    }
}

/// A parsed schema: its root type and fields as a tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchemaTree {
    pub format: SchemaFormat,
    /// The root type's full name (`io.shop.Order`); empty for anonymous roots.
    pub name: String,
    /// What the root type is: `record`, `message`, `object`, or a primitive.
    pub type_label: String,
    pub doc: Option<String>,
    /// Tags on the schema (or root message) as a whole.
    pub tags: Vec<String>,
    pub fields: Vec<Field>,
    /// Topics a message option declares it may be published to (Protobuf contracts).
    pub declared_topics: Vec<String>,
}

/// One field, with the fields nested in its type as children.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Field {
    pub name: String,
    /// Dotted path from the root: `customer.address.zip`; array items and map values
    /// add no segment.
    pub path: String,
    /// The type as the schema's own language would say it: `string`, `long`,
    /// `array<string>`, `map<string, Address>`, `io.shop.Address`, `["null","string"]`.
    pub type_label: String,
    pub doc: Option<String>,
    /// The default value as JSON text, where the schema declares one.
    pub default: Option<String>,
    /// Whether a value may be absent (Avro union with null, Protobuf `optional`, JSON
    /// Schema property not listed in `required`).
    pub optional: bool,
    /// Tags from the schema itself and from the registration's path-matched metadata.
    pub tags: Vec<String>,
    /// Custom options or properties, kept verbatim: (name, value as written); in JSON
    /// an object (see [`super::json_shapes`]).
    #[serde(with = "super::json_shapes::options_object")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: Vec<(String, String)>,
    /// Set when the field's type is a named type already being expanded above it: the
    /// tree stops here instead of recursing forever.
    pub recursive_type: Option<String>,
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Field>,
}

/// Whether a schema tag marks personal data: `PII`, `pii.email`, `PII_SENSITIVE`.
pub fn marks_personal_data(tag: &str) -> bool {
    tag.to_ascii_uppercase().contains("PII")
}

impl SchemaTree {
    /// Every field in the tree, depth first.
    pub fn all_fields(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        let mut stack: Vec<&Field> = self.fields.iter().rev().collect();
        while let Some(field) = stack.pop() {
            out.push(field);
            stack.extend(field.children.iter().rev());
        }
        out
    }

    /// Every distinct tag in the schema, sorted.
    pub fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> =
            self.tags.iter().cloned().chain(self.all_fields().into_iter().flat_map(|f| f.tags.clone())).collect();
        tags.sort();
        tags.dedup();
        tags
    }
}

impl Field {
    /// Moves this field and everything under it from path prefix `from` to `to`, for
    /// subtrees built under one path and shown under another (union branches).
    pub fn rebase(&mut self, from: &str, to: &str) {
        let mut stack: Vec<&mut Field> = vec![self];
        while let Some(field) = stack.pop() {
            if let Some(rest) = field.path.strip_prefix(from) {
                field.path = format!("{to}{rest}");
            }
            stack.extend(field.children.iter_mut());
        }
    }

    pub fn new(name: &str, parent_path: &str, type_label: String) -> Self {
        Field {
            name: name.to_owned(),
            path: if parent_path.is_empty() { name.to_owned() } else { format!("{parent_path}.{name}") },
            type_label,
            doc: None,
            default: None,
            optional: false,
            tags: Vec::new(),
            options: Vec::new(),
            recursive_type: None,
            children: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_absent_schema_type_means_avro() {
        assert_eq!(SchemaFormat::from_schema_type(None), Some(SchemaFormat::Avro));
        assert_eq!(SchemaFormat::from_schema_type(Some("PROTOBUF")), Some(SchemaFormat::Protobuf));
        assert_eq!(SchemaFormat::from_schema_type(Some("XML")), None);
    }

    #[test]
    fn fields_and_tags_are_collected_depth_first() {
        let mut customer = Field::new("customer", "", "Customer".into());
        let mut email = Field::new("email", "customer", "string".into());
        email.tags = vec!["PII".into()];
        customer.children.push(email);
        let tree = SchemaTree {
            format: SchemaFormat::Avro,
            name: "Order".into(),
            type_label: "record".into(),
            doc: None,
            tags: vec!["CONTRACT".into()],
            fields: vec![customer, Field::new("total", "", "double".into())],
            declared_topics: vec![],
        };
        let paths: Vec<&str> = tree.all_fields().iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["customer", "customer.email", "total"]);
        assert_eq!(tree.tags(), ["CONTRACT", "PII"]);
    }
}
