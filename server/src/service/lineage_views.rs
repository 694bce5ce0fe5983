//! The lineage around a node, as the explorer page, its SVG export and the API ask for
//! it: one parse of the question, one walk, one rendering, one marking of unknown
//! topics.

use model::LineageView;

use super::{ServiceError, Services};
use tributary_core::lineage::query::MAX_DEPTH;
use tributary_core::lineage::view::{parse_direction, parse_filter, render};
use tributary_core::lineage::NodeId;

/// The depth a walk takes when none is asked for.
pub const DEFAULT_DEPTH: usize = 3;
/// Nodes a view may open one hop further: enough for exploring by hand, and a bound on
/// what one request can make the server walk.
pub const MAX_EXPANDED: usize = model::LINEAGE_MAX_EXPANDED;

/// A lineage question in the caller's words (names, not types); checked here.
#[derive(Default)]
pub struct LineageAsk<'a> {
    /// A node path: `prod/shop.orders`, `group:prod/billing`, ...
    pub node: &'a str,
    /// `upstream`, `downstream` or `both` (the default).
    pub direction: Option<&'a str>,
    /// Hops, 1–[`MAX_DEPTH`]; default [`DEFAULT_DEPTH`].
    pub depth: Option<usize>,
    /// Node kinds to keep; none keeps all.
    pub kinds: Vec<&'a str>,
    /// Edge kinds to follow; none follows data flow.
    pub edges: Vec<&'a str>,
    /// Evidence names an edge must have one of; none follows every edge.
    pub evidence: Vec<&'a str>,
    /// Only nodes of this cluster.
    pub cluster: Option<String>,
    /// Nodes of the view opened one hop further, both ways.
    pub expand: Vec<&'a str>,
}

impl Services {
    /// The nodes reached from the node asked about, with their distance, and the edges
    /// between them; topics their cluster does not have are marked unknown, and topics
    /// holding personal data carry its categories (see [`Services::mark_personal_data`]).
    pub async fn lineage_view(&self, ask: LineageAsk<'_>) -> Result<LineageView, ServiceError> {
        let node = node_path("node", ask.node)?;
        let direction = parse_direction(ask.direction.unwrap_or("both")).map_err(ServiceError::invalid_because)?;
        let depth = checked_depth(ask.depth)?;
        let filter =
            parse_filter(ask.kinds, ask.edges, ask.evidence, ask.cluster).map_err(ServiceError::invalid_because)?;
        if ask.expand.len() > MAX_EXPANDED {
            return Err(ServiceError::invalid(format!("at most {MAX_EXPANDED} nodes may be opened at once")));
        }
        let opened = ask.expand.iter().map(|path| node_path("expand", path)).collect::<Result<Vec<_>, _>>()?;
        // Rendered under the graph's read lock, straight from its own ids.
        let rendered = self.lineage.read(|graph| {
            let mut found = graph.walk_view(&node, direction, depth, &filter)?;
            found.expand(graph, &opened, &filter);
            Some(render(graph, &node, found.nodes.iter().copied(), found.edges.iter().copied()))
        });
        let mut view =
            rendered.ok_or_else(|| ServiceError::not_found(format!("no node `{}` in the lineage", node.path())))?;
        // Outside the graph's lock: the catalog has its own.
        self.clusters.mark_unknown_topics(&mut view);
        self.mark_personal_data(&mut view).await;
        Ok(view)
    }

    /// One meaning of red in every picture: a topic carries the personal data categories
    /// the last compliance evaluation found it holding, from its schema's tags, name
    /// rules, stewards' decisions and tags, or upstream, as the Personal data page and
    /// the reports draw it; not only its schema's tags.
    pub async fn mark_personal_data(&self, view: &mut LineageView) {
        let (_, facts) = self.profiles_and_facts().await;
        let held: std::collections::HashMap<String, std::collections::BTreeSet<String>> = facts
            .iter()
            .filter(|topic| topic.holds_personal_data())
            .map(|topic| (format!("{}/{}", topic.cluster, topic.topic), topic.all_categories()))
            .collect();
        for node in view.nodes.iter_mut().filter(|node| node.kind == "topic") {
            if let Some(categories) = held.get(&node.id) {
                let missing: Vec<String> =
                    categories.iter().filter(|category| !node.tags.contains(category)).cloned().collect();
                node.tags.extend(missing);
            }
        }
    }

    /// What a change to subject `subject` (a `subject:` path) reaches: the topics it
    /// describes and everything downstream of them, to `depth` hops.
    pub async fn schema_impact(&self, subject: &str, depth: Option<usize>) -> Result<LineageView, ServiceError> {
        let mut view = self.schema_reach(subject, depth)?;
        self.mark_personal_data(&mut view).await;
        Ok(view)
    }

    /// As [`Services::schema_impact`], without the personal data marks (for `check`,
    /// which counts what is reached).
    pub(super) fn schema_reach(&self, subject: &str, depth: Option<usize>) -> Result<LineageView, ServiceError> {
        let subject = node_path("subject", subject)?;
        if !matches!(subject, NodeId::Subject { .. }) {
            return Err(ServiceError::invalid("`subject` must be a subject path: `subject:<registry>/<subject>`"));
        }
        let depth = checked_depth(depth)?;
        let found = self.lineage.read(|graph| {
            graph.impact_of(&subject, depth).map(|found| {
                render(
                    graph,
                    &subject,
                    found.nodes.iter().map(|(id, depth)| (id, *depth)),
                    found.edges.iter().map(|(from, to, edge)| (from, to, edge)),
                )
            })
        });
        let mut view =
            found.ok_or_else(|| ServiceError::not_found(format!("no subject `{}` in the lineage", subject.path())))?;
        self.clusters.mark_unknown_topics(&mut view);
        Ok(view)
    }
}

/// A node path, or an error naming the parameter it came from.
pub fn node_path(parameter: &str, path: &str) -> Result<NodeId, ServiceError> {
    NodeId::parse_path(path).map_err(|error| ServiceError::invalid(format!("`{parameter}`: {error}")))
}

fn checked_depth(depth: Option<usize>) -> Result<usize, ServiceError> {
    match depth {
        None => Ok(DEFAULT_DEPTH),
        Some(depth) if (1..=MAX_DEPTH).contains(&depth) => Ok(depth),
        Some(depth) => {
            Err(ServiceError::invalid(format!("`depth` must be a number from 1 to {MAX_DEPTH}, not {depth}")))
        }
    }
}
