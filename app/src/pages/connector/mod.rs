//! One Kafka Connect connector on one page: its type, class, state, tasks and workers,
//! the topics it writes or reads (and, for a sink, its consumer group), its settings
//! with secrets left out, and its lineage. Addressed by query: `/connector?connect=&name=`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::detail_header::DetailHeader;
use crate::components::lineage::LineagePanel;
use crate::components::live::use_catalog_changes;
use crate::components::page_title::page_title;
use crate::components::states::{missing_parameters, one_thing};
use crate::lineage_picture::Shown;
use crate::server_fns::get_connector::get_connector;
use model::links::{group_href, topic_href};
use model::{ConnectorDetail, ConnectorKind};

/// Hops of lineage the connector page draws; the explorer goes further.
const PAGE_LINEAGE_DEPTH: u32 = 2;

#[component]
pub fn ConnectorPage() -> impl IntoView {
    let query = use_query_map();
    let connect = move || query.read().get("connect").unwrap_or_default();
    let name = move || query.read().get("name").unwrap_or_default();
    let connector = Resource::new(move || (connect(), name()), |(connect, name)| get_connector(connect, name));
    use_catalog_changes(move || connector.refetch());
    let shown = StoredValue::new(None::<Shown>);

    view! {
        <Title text=page_title(name)/>
        <p class="mb-2 text-sm"><a href="/" class="text-sky-700 hover:underline">"← Clusters"</a></p>
        {one_thing(
            connector,
            "the connector",
            "No such connector",
            move || {
                missing_parameters("connector", &[("connect", connect()), ("name", name())]).unwrap_or_else(|| {
                    format!("Connect cluster `{}` has no connector `{}`, or it has not been read yet.", connect(), name())
                })
            },
            move |detail| view! { <ConnectorView detail shown/> },
        )}
    }
}

#[component]
fn ConnectorView(detail: ConnectorDetail, shown: StoredValue<Option<Shown>>) -> impl IntoView {
    let connector = &detail.connector;
    let node = format!("connector:{}/{}", detail.connect, connector.name);
    let facts = vec![
        ("Type", connector.kind.label().to_owned()),
        ("State", connector.state.clone()),
        // The simple name fits the box; the full class is among the settings.
        ("Class", connector.class.rsplit('.').next().unwrap_or_default().to_owned()),
        ("Worker", if connector.worker_id.is_empty() { "—".into() } else { connector.worker_id.clone() }),
        ("Tasks", connector.tasks.len().to_string()),
    ];
    let verb = match connector.kind {
        ConnectorKind::Source => "Writes",
        ConnectorKind::Sink => "Reads",
        ConnectorKind::Unknown => "Uses",
    };
    let topics = match (&connector.topics, &detail.cluster) {
        (None, _) => view! { <p class="text-sm text-slate-500">"This Connect worker does not report the topics connectors use (Connect 2.5 or later does)."</p> }.into_any(),
        (Some(topics), _) if topics.is_empty() => view! { <p class="text-sm text-slate-500">"No topic used since it was last started."</p> }.into_any(),
        (Some(topics), cluster) => {
            let items = topics
                .iter()
                .map(|topic| match cluster {
                    Some(cluster) => view! { <li><a href=topic_href(cluster, topic) class="font-mono text-sky-700 hover:underline">{topic.clone()}</a></li> }.into_any(),
                    None => view! { <li class="font-mono">{topic.clone()}</li> }.into_any(),
                })
                .collect_view();
            view! { <ul class="mt-2 space-y-1 text-sm" data-testid="connector-topics">{items}</ul> }.into_any()
        }
    };
    let group = connector.sink_group().map(|group| {
        let link = detail.cluster.as_deref().map(|cluster| group_href(cluster, &group));
        view! {
            <p class="mt-2 text-sm" data-testid="sink-group">"Reads through consumer group "
                {match link {
                    Some(href) => view! { <a href=href class="font-mono text-sky-700 hover:underline">{group.clone()}</a> }.into_any(),
                    None => view! { <span class="font-mono">{group.clone()}</span> }.into_any(),
                }}
            </p>
        }
    });
    let tasks = connector
        .tasks
        .iter()
        .map(|task| {
            view! {
                <tr data-testid="task">
                    <td class="py-1 pr-4 tabular-nums">{task.id}</td>
                    <td class="py-1 pr-4">{task.state.clone()}</td>
                    <td class="py-1 font-mono text-xs">{task.worker_id.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let settings = connector
        .config
        .iter()
        .map(|setting| view! {
            <tr>
                <td class="py-1 pr-4 font-mono">{setting.key.clone()}</td>
                <td class="py-1 font-mono">{setting.value.clone().unwrap_or_else(|| "(secret, not kept)".into())}</td>
            </tr>
        })
        .collect_view();
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="connector">
            <DetailHeader
                title=connector.name.clone()
                subtitle=format!("Kafka Connect {} connector on {}", connector.kind.label(), detail.connect)
                status=detail.status.clone()
                server_time_ms=detail.server_time_ms
                node=node.clone()
                facts
            />
            <h2 class="mt-6 text-base font-semibold">{verb} " topics"</h2>
            {topics}
            {group}
            <h2 class="mt-6 text-base font-semibold">"Lineage"</h2>
            <LineagePanel node=node.clone() depth=PAGE_LINEAGE_DEPTH shown/>
            <h2 class="mt-6 text-base font-semibold">"Tasks"</h2>
            <table class="mt-2 w-full text-left text-sm" data-testid="tasks">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th class="py-1 pr-4">"Task"</th><th class="py-1 pr-4">"State"</th><th class="py-1">"Worker"</th></tr>
                </thead>
                <tbody>{tasks}</tbody>
            </table>
            <h2 class="mt-6 text-base font-semibold">"Settings"</h2>
            <table class="mt-2 w-full text-left text-sm" data-testid="settings">
                <tbody>{settings}</tbody>
            </table>
        </section>
    }
}
