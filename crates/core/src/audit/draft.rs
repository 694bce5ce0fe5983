//! An audit entry as the service layer describes it, before the store gives it its
//! place in the chain.

use serde::Serialize;

/// A change made through Tributary, to be audited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    pub at_ms: i64,
    pub actor: String,
    pub action: &'static str,
    pub target: String,
    pub reason: String,
    /// JSON text of the target's state before; empty when it had none.
    pub before: String,
    /// JSON text of the target's state after; empty when it has none any more.
    pub after: String,
}

impl Draft {
    /// A draft whose before and after are the JSON of `before` and `after` (`None`:
    /// no state), serialised once here so that the hash covers exactly what is stored.
    pub fn new<B: Serialize, A: Serialize>(
        at_ms: i64,
        actor: &str,
        action: &'static str,
        target: String,
        reason: &str,
        before: Option<&B>,
        after: Option<&A>,
    ) -> Self {
        Self {
            at_ms,
            actor: actor.to_owned(),
            action,
            target,
            reason: reason.to_owned(),
            before: before.map(json).unwrap_or_default(),
            after: after.map(json).unwrap_or_default(),
        }
    }
}

/// Plain data types serialise without fail; a failure would be a bug, and shows as a
/// marker in the entry rather than losing the change.
fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|error| format!("\"unserialisable: {error}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_json_text_and_absent_ones_empty() {
        let draft = Draft::new(1, "ada", "topic_tagged", "prod/orders".into(), "why", None::<&()>, Some(&["PII"]));
        assert_eq!((draft.before.as_str(), draft.after.as_str()), ("", r#"["PII"]"#));
    }
}
