//! What a compiled Protobuf schema's options say, read from prost-reflect's options
//! messages: Confluent's meta tags, every other custom option as text, and the topics a
//! message option lists. Their depth is bounded before compilation (see
//! [`super::protobuf::MAX_OPTION_VALUE_DEPTH`]), so the text form here stays shallow.

use prost_reflect::{DynamicMessage, Value};

/// The `tags` of the Confluent meta option `extension` set on `options`.
pub(super) fn meta_tags(options: &DynamicMessage, extension: &str) -> Vec<String> {
    options
        .extensions()
        .filter(|(descriptor, _)| descriptor.full_name() == extension)
        .filter_map(|(_, value)| value.as_message().cloned())
        .flat_map(|meta| strings(meta.get_field_by_name("tags").as_deref()))
        .collect()
}

/// Every extension option other than `skip`, as (`(full.name)`, text format).
pub(super) fn custom_options(options: &DynamicMessage, skip: &str) -> Vec<(String, String)> {
    options
        .extensions()
        .filter(|(descriptor, _)| descriptor.full_name() != skip)
        .map(|(descriptor, value)| (format!("({})", descriptor.full_name()), value.to_string()))
        .collect()
}

/// The topics listed by the message option whose name is `option` (matched on its full
/// name or its last segment): a string or a list of strings.
pub(super) fn declared_topics(options: &DynamicMessage, option: &str) -> Vec<String> {
    if option.is_empty() {
        return Vec::new();
    }
    options
        .extensions()
        .filter(|(descriptor, _)| descriptor.full_name() == option || descriptor.name() == option)
        .flat_map(|(_, value)| strings(Some(value)))
        .collect()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(text)) => vec![text.clone()],
        Some(Value::List(items)) => items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}
