//! One id per lineage node, stable across restarts, that renders to a readable path
//! (`prod/shop.orders`, `group:prod/billing`), to an OpenLineage dataset
//! (`kafka://host:port` + topic) and to a DataHub URN, and parses back from each.

use std::fmt;

/// What a node is, and the names that identify it.
/// A text that is not a node path ([`NodeId::path`]'s form).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NodeIdError {
    #[error("`{0}` is not a node path like `<cluster>/<topic>` or `group:<cluster>/<group>`")]
    NotAPath(String),
    #[error("`{0}`: topic names hold no `/`")]
    SlashInTopic(String),
    #[error("`{0}`: a field path is `field:<registry>/<subject>#<field path>`")]
    NotAFieldPath(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeId {
    Topic {
        cluster: String,
        topic: String,
    },
    /// A consumer group or the application behind it.
    Group {
        cluster: String,
        group: String,
    },
    Subject {
        registry: String,
        subject: String,
    },
    Principal {
        cluster: String,
        principal: String,
    },
    /// A job outside Kafka (Spark, Flink, Airflow) known from OpenLineage or declarations.
    Job {
        namespace: String,
        name: String,
    },
    /// A Kafka Connect connector, in the Connect cluster `connect`.
    Connector {
        connect: String,
        name: String,
    },
    /// A field of a subject's latest schema, by its dotted path.
    Field {
        registry: String,
        subject: String,
        path: String,
    },
}

/// The kinds, as paths and filters name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Topic,
    Group,
    Subject,
    Principal,
    Job,
    Connector,
    Field,
}

impl NodeKind {
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Topic => "topic",
            NodeKind::Group => "group",
            NodeKind::Subject => "subject",
            NodeKind::Principal => "principal",
            NodeKind::Job => "job",
            NodeKind::Connector => "connector",
            NodeKind::Field => "field",
        }
    }

    pub fn parse(name: &str) -> Option<NodeKind> {
        [
            NodeKind::Topic,
            NodeKind::Group,
            NodeKind::Subject,
            NodeKind::Principal,
            NodeKind::Job,
            NodeKind::Connector,
            NodeKind::Field,
        ]
        .into_iter()
        .find(|kind| kind.name() == name)
    }
}

impl NodeId {
    pub fn kind(&self) -> NodeKind {
        match self {
            NodeId::Topic { .. } => NodeKind::Topic,
            NodeId::Group { .. } => NodeKind::Group,
            NodeId::Subject { .. } => NodeKind::Subject,
            NodeId::Principal { .. } => NodeKind::Principal,
            NodeId::Job { .. } => NodeKind::Job,
            NodeId::Connector { .. } => NodeKind::Connector,
            NodeId::Field { .. } => NodeKind::Field,
        }
    }

    /// `<cluster>/<topic>` for topics (the common case reads plainly), `<kind>:<scope>/<name>`
    /// for the rest. Scopes (aliases, registry names, namespaces) hold no `/`, names may.
    pub fn path(&self) -> String {
        match self {
            NodeId::Topic { cluster, topic } => format!("{cluster}/{topic}"),
            NodeId::Group { cluster, group } => format!("group:{cluster}/{group}"),
            NodeId::Subject { registry, subject } => format!("subject:{registry}/{subject}"),
            NodeId::Principal { cluster, principal } => format!("principal:{cluster}/{principal}"),
            NodeId::Job { namespace, name } => format!("job:{}/{name}", namespace.replace('/', "%2F")),
            NodeId::Connector { connect, name } => format!("connector:{connect}/{name}"),
            // Field paths are dotted names: `#` cannot occur in them.
            NodeId::Field { registry, subject, path } => format!("field:{registry}/{subject}#{path}"),
        }
    }

    /// Parses what [`NodeId::path`] renders.
    pub fn parse_path(path: &str) -> Result<NodeId, NodeIdError> {
        let (kind, rest) = match path.split_once(':') {
            Some((kind, rest)) if NodeKind::parse(kind).is_some() && !rest.starts_with("//") => {
                (NodeKind::parse(kind).unwrap_or(NodeKind::Topic), rest)
            }
            _ => (NodeKind::Topic, path),
        };
        let (scope, name) = rest
            .split_once('/')
            .filter(|(scope, name)| !scope.is_empty() && !name.is_empty())
            .ok_or_else(|| NodeIdError::NotAPath(path.to_owned()))?;
        let (scope, name) = (scope.to_owned(), name.to_owned());
        Ok(match kind {
            NodeKind::Topic if name.contains('/') => return Err(NodeIdError::SlashInTopic(path.to_owned())),
            NodeKind::Topic => NodeId::Topic { cluster: scope, topic: name },
            NodeKind::Group => NodeId::Group { cluster: scope, group: name },
            NodeKind::Subject => NodeId::Subject { registry: scope, subject: name },
            NodeKind::Principal => NodeId::Principal { cluster: scope, principal: name },
            NodeKind::Job => NodeId::Job { namespace: scope.replace("%2F", "/"), name },
            NodeKind::Connector => NodeId::Connector { connect: scope, name },
            NodeKind::Field => match name.rsplit_once('#') {
                Some((subject, path)) if !subject.is_empty() && !path.is_empty() => {
                    NodeId::Field { registry: scope, subject: subject.to_owned(), path: path.to_owned() }
                }
                _ => return Err(NodeIdError::NotAFieldPath(path.to_owned())),
            },
        })
    }

    /// The OpenLineage dataset (namespace, name) of a topic, given its cluster's
    /// bootstrap servers: `kafka://<first host:port>` and the topic name.
    pub fn to_openlineage(&self, bootstrap_servers: &str) -> Option<(String, String)> {
        let NodeId::Topic { topic, .. } = self else { return None };
        let first = bootstrap_servers.split(',').next()?.trim();
        let host = first.split_once("://").map_or(first, |(_, rest)| rest);
        Some((format!("kafka://{host}"), topic.clone()))
    }

    /// The DataHub URN: topics are Kafka datasets qualified by the cluster as platform
    /// instance; groups are data jobs of a per-cluster flow.
    pub fn to_datahub_urn(&self) -> Option<String> {
        match self {
            NodeId::Topic { cluster, topic } => {
                Some(format!("urn:li:dataset:(urn:li:dataPlatform:kafka,{cluster}.{topic},PROD)"))
            }
            NodeId::Group { cluster, group } => {
                Some(format!("urn:li:dataJob:(urn:li:dataFlow:(kafka,{cluster},PROD),{group})"))
            }
            NodeId::Connector { connect, name } => {
                Some(format!("urn:li:dataJob:(urn:li:dataFlow:(kafka-connect,{connect},PROD),{name})"))
            }
            _ => None,
        }
    }

    /// Parses what [`NodeId::to_datahub_urn`] renders.
    pub fn from_datahub_urn(urn: &str) -> Option<NodeId> {
        if let Some(rest) = urn.strip_prefix("urn:li:dataset:(urn:li:dataPlatform:kafka,") {
            let qualified = rest.strip_suffix(",PROD)")?;
            // DataHub joins platform instance and name with `.`; topics may hold `.` too,
            // so this round trip holds for cluster aliases without one.
            let (cluster, topic) = qualified.split_once('.')?;
            return Some(NodeId::Topic { cluster: cluster.to_owned(), topic: topic.to_owned() });
        }
        let rest = urn.strip_prefix("urn:li:dataJob:(urn:li:dataFlow:(kafka,")?;
        let (cluster, rest) = rest.split_once(",PROD),")?;
        let group = rest.strip_suffix(')')?;
        Some(NodeId::Group { cluster: cluster.to_owned(), group: group.to_owned() })
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn examples() -> Vec<NodeId> {
        vec![
            NodeId::Topic { cluster: "prod".into(), topic: "shop.orders".into() },
            NodeId::Group { cluster: "prod".into(), group: "billing/eu:1".into() },
            NodeId::Subject { registry: "main".into(), subject: "shop/refund.proto".into() },
            NodeId::Principal { cluster: "prod".into(), principal: "User:payments".into() },
            NodeId::Job { namespace: "spark://cluster-1/etl".into(), name: "daily_revenue".into() },
            NodeId::Field { registry: "main".into(), subject: "shop/orders#1".into(), path: "customer.email".into() },
        ]
    }

    #[test]
    fn paths_read_plainly_and_round_trip() {
        assert_eq!(examples()[0].path(), "prod/shop.orders");
        assert_eq!(examples()[1].path(), "group:prod/billing/eu:1");
        for id in examples() {
            assert_eq!(NodeId::parse_path(&id.path()), Ok(id.clone()), "{id}");
        }
        assert!(NodeId::parse_path("orders").is_err());
        assert!(NodeId::parse_path("group:/x").is_err());
        assert!(NodeId::parse_path("prod/a/b").is_err());
        assert!(NodeId::parse_path("field:main/orders").is_err(), "a field needs its path");
        assert_eq!(examples()[5].path(), "field:main/shop/orders#1#customer.email");
    }

    #[test]
    fn topics_render_to_openlineage_and_datahub_and_back() {
        let topic = &examples()[0];
        assert_eq!(
            topic.to_openlineage("kafka-1:9092,kafka-2:9092"),
            Some(("kafka://kafka-1:9092".into(), "shop.orders".into()))
        );
        assert_eq!(
            topic.to_openlineage("SASL_SSL://broker:9093"),
            Some(("kafka://broker:9093".into(), "shop.orders".into()))
        );
        for id in &examples()[..2] {
            let urn = id.to_datahub_urn().unwrap();
            assert_eq!(NodeId::from_datahub_urn(&urn).as_ref(), Some(id), "{urn}");
        }
        assert_eq!(
            examples()[0].to_datahub_urn().unwrap(),
            "urn:li:dataset:(urn:li:dataPlatform:kafka,prod.shop.orders,PROD)"
        );
    }
}
