//! The overview's table of topics: partitions, retention, schema, PII, readers.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::filtered_table::{Column, FilteredTable, TableKind};
use super::ARRIVED_ROW;
use model::links::{subject_href, topic_href};
use model::{SchemaRole, TopicSummary};

#[component]
pub fn TopicTable(
    topics: Vec<TopicSummary>,
    filter: ReadSignal<String>,
    cluster: String,
    arrived: Arc<HashSet<String>>,
) -> impl IntoView {
    let kind = TableKind { heading: "Topics", plural: "topics", testid: "topics" };
    let columns = vec![
        Column { heading: "Name", numeric: false },
        Column { heading: "Partitions", numeric: true },
        Column { heading: "Replication", numeric: true },
        Column { heading: "Records kept", numeric: false },
        Column { heading: "Schemas", numeric: false },
    ];
    let row = move |topic: TopicSummary| {
        let arrived = arrived.contains(&format!("{cluster}/{}", topic.name));
        view! { <TopicRow topic cluster=cluster.clone() arrived/> }.into_any()
    };
    view! {
        <FilteredTable kind columns items=topics name=|topic: &TopicSummary| topic.name.as_str() filter row/>
    }
}

#[component]
fn TopicRow(topic: TopicSummary, cluster: String, arrived: bool) -> impl IntoView {
    view! {
        <tr class=if arrived { ARRIVED_ROW } else { "" } data-arrived=arrived.then_some("true")>
            <td class="py-2 pr-4 font-mono">
                <a href=topic_href(&cluster, &topic.name) class="text-sky-700 hover:underline">{topic.name.clone()}</a>
                {topic.internal.then(|| view! {
                    <span class="ml-2 rounded bg-slate-100 px-1.5 py-0.5 font-sans text-xs text-slate-600">"internal"</span>
                })}
            </td>
            <td class="py-2 pr-4 text-right tabular-nums">{topic.partitions}</td>
            <td class="py-2 pr-4 text-right tabular-nums">
                {topic.replication_factor}
                {(topic.under_replicated > 0).then(|| view! {
                    <span class="ml-2 rounded bg-rose-100 px-1.5 py-0.5 text-xs text-rose-800">
                        {format!("{} under-replicated", topic.under_replicated)}
                    </span>
                })}
            </td>
            <td class="py-2 pr-4">{topic.persistence.label.clone()}</td>
            <td class="py-2 text-xs">
                {topic.schemas.into_iter().map(|link| {
                    let role = if link.role == SchemaRole::Key { "key" } else { "value" };
                    let format = link.format.map(|format| format.schema_type()).unwrap_or("?");
                    let label = format!("{role}: {format} v{}", link.version.unwrap_or_default());
                    view! {
                        <a href=subject_href(&link.source, &link.subject) title=link.subject.clone()
                            class="mr-1 inline-block rounded bg-sky-50 px-1.5 py-0.5 text-sky-800 hover:underline">{label}</a>
                    }
                }).collect_view()}
            </td>
        </tr>
    }
}
