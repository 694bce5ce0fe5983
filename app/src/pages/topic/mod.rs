//! One topic on one page: what it is (partitions, replication, retention, configs),
//! what describes it (key and value schemas), who reads it (with lag over the last
//! day), who writes it, its lineage as a picture, and what changed lately.
//! Addressed by query: `/topic?cluster=&name=`.
//!
//! - [`partitions`]: the partition table (leader, replicas, in-sync replicas, end offset).
//! - [`decision_form`]: a steward confirming or dismissing a suggested category.
//! - [`producers`]: the producers the brokers hold state for (transactional ids, a count
//!   of the others).
//! - [`topic_tag_form`]: stewards' tags on the whole topic, and a form to add one.
//! - [`held`]: personal fields of earlier schema versions still held, and how long a
//!   record can stay.

mod decision_form;
mod estate;
mod held;
mod partitions;
mod producers;
mod topic_tag_form;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::page_title::page_title;
use leptos_router::hooks::use_query_map;

use crate::components::detail_header::DetailHeader;
use crate::components::lineage::LineagePanel;
use crate::components::live::use_catalog_changes;
use crate::components::recent_changes::RecentChanges;
use crate::components::sparkline::LagSparkline;
use crate::components::states::{missing_parameters, one_thing};
use crate::lineage_picture::Shown;
use crate::server_fns::get_topic::get_topic;
use decision_form::DecisionForm;
use estate::TopicEstateSection;
use held::HeldRecords;
use model::links::{field_href, group_href, subject_href, topic_href};
use model::{ClassificationSource, ClassifiedField, FieldCategory, SchemaRole, TopicDetail, UpstreamMark, Violation};
use partitions::PartitionTable;
use producers::ProducerList;
use topic_tag_form::TopicTags;

/// Hops of lineage the topic page draws; the explorer goes further.
const PAGE_LINEAGE_DEPTH: u32 = 2;

#[component]
pub fn TopicPage() -> impl IntoView {
    let query = use_query_map();
    let cluster = move || query.read().get("cluster").unwrap_or_default();
    let name = move || query.read().get("name").unwrap_or_default();
    let topic = Resource::new(move || (cluster(), name()), |(cluster, name)| get_topic(cluster, name));
    use_catalog_changes(move || topic.refetch());
    // Outlives each refetch's fresh view, so the picture can mark what arrived.
    let shown = StoredValue::new(None::<Shown>);

    view! {
        <Title text=page_title(name)/>
        <p class="mb-2 text-sm"><a href="/" class="text-sky-700 hover:underline">"← Clusters"</a></p>
        {one_thing(
            topic,
            "the topic",
            "No such topic",
            move || {
                missing_parameters("topic", &[("cluster", cluster()), ("name", name())]).unwrap_or_else(|| {
                    format!("Cluster `{}` has no topic `{}`, or it has not been read yet.", cluster(), name())
                })
            },
            move |detail| view! { <TopicView detail shown/> },
        )}
    }
}

#[component]
fn TopicView(detail: TopicDetail, shown: StoredValue<Option<Shown>>) -> impl IntoView {
    let topic = &detail.topic;
    let node = format!("{}/{}", detail.cluster, topic.name);
    let persistence = topic.persistence().label;
    let under_replicated = topic.partitions.iter().filter(|p| p.in_sync_replicas.len() < p.replicas.len()).count();
    let facts = vec![
        ("Partitions", topic.partitions.len().to_string()),
        ("Replication", topic.replication_factor().to_string()),
        ("Records kept", persistence),
        ("Under-replicated", under_replicated.to_string()),
        ("Cleanup", topic.config("cleanup.policy").unwrap_or("delete").to_owned()),
    ];
    let schemas = detail
        .schemas
        .iter()
        .map(|link| {
            let role = if link.role == SchemaRole::Key { "key" } else { "value" };
            let format = link.format.map(|format| format.schema_type()).unwrap_or("?");
            let version = link.version.map(|version| format!("v{version}")).unwrap_or_default();
            view! {
                <li>
                    <span class="mr-2 inline-block w-12 text-xs uppercase text-slate-500">{role}</span>
                    <a href=subject_href(&link.source, &link.subject) class="font-mono text-sky-700 hover:underline">{link.subject.clone()}</a>
                    <span class="ml-2 text-xs text-slate-500">{format!("{format} {version} · {}", link.source)}</span>
                </li>
            }
        })
        .collect_view();
    let readers = detail
        .readers
        .iter()
        .map(|reader| {
            let lag = reader.lag.map(|lag| lag.to_string()).unwrap_or_else(|| "—".into());
            let history = detail
                .lag_history
                .iter()
                .find(|series| series.group_id == reader.group_id)
                .map(|series| series.samples.clone())
                .unwrap_or_default();
            view! {
                <tr data-testid="reader">
                    <td class="py-1.5 pr-4 font-mono">
                        <a href=group_href(&detail.cluster, &reader.group_id) class="text-sky-700 hover:underline">{reader.group_id.clone()}</a>
                    </td>
                    <td class="py-1.5 pr-4">{reader.kind.label()}</td>
                    <td class="py-1.5 pr-4">{reader.state.clone()}</td>
                    <td class="py-1.5 pr-4 text-right tabular-nums">{lag}</td>
                    <td class="py-1.5"><LagSparkline samples=history/></td>
                </tr>
            }
        })
        .collect_view();
    let writers = if detail.writers.is_empty() {
        view! { <p class="text-sm text-slate-500">"No application is known to write it: declare one over the API, or send OpenLineage events."</p> }.into_any()
    } else {
        let items = detail
            .writers
            .iter()
            .map(|writer| {
                view! {
                    <li class="font-mono text-sm">{writer.node.clone()}
                        <span class="ml-2 font-sans text-xs text-slate-500">{writer.evidence.join(", ")}</span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="mt-2 space-y-1" data-testid="writers">{items}</ul> }.into_any()
    };
    let configs = topic
        .configs
        .iter()
        .map(|config| {
            view! {
                <tr>
                    <td class="py-1 pr-4 font-mono">{config.name.clone()}</td>
                    <td class="py-1 pr-4 font-mono">{config.value.clone().unwrap_or_else(|| "(sensitive)".into())}</td>
                    <td class="py-1 text-xs text-slate-500">{config.source.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="topic">
            <DetailHeader
                title=topic.name.clone()
                subtitle=format!("Topic on cluster {}", detail.cluster)
                status=detail.status.clone()
                server_time_ms=detail.server_time_ms
                node=node.clone()
                facts
            />
            <div class="mt-6 grid gap-6 lg:grid-cols-2">
                <div>
                    <h2 class="text-base font-semibold">"Schemas"</h2>
                    {if detail.schemas.is_empty() {
                        view! { <p class="text-sm text-slate-500">"No schema source describes this topic."</p> }.into_any()
                    } else {
                        view! { <ul class="mt-2 space-y-1 text-sm" data-testid="topic-schemas">{schemas}</ul> }.into_any()
                    }}
                    <h2 class="mt-6 text-base font-semibold">"Personal data"</h2>
                    <PersonalData
                        has_schemas=!detail.schemas.is_empty()
                        fields=detail.classified_fields.clone()
                        held_earlier=!detail.held_fields.is_empty()
                    />
                    <HeldRecords
                        fields=detail.held_fields.clone()
                        persistence=topic.persistence()
                        sample=detail.record_sample.clone()
                    />
                    <Upstream marks=detail.upstream.clone()/>
                    <TopicTags cluster=detail.cluster.clone() topic=topic.name.clone() tags=detail.topic_tags.clone()/>
                    <h2 class="mt-6 text-base font-semibold">"Compliance"</h2>
                    <ProfileVerdicts violations=detail.violations.clone()/>
                    <TopicEstateSection cluster=detail.cluster.clone() estate=detail.estate.clone()/>
                    <h2 class="mt-6 text-base font-semibold">"Writers"</h2>
                    // A list only when there is one: a `<p>` inside `<ul>` is no list item.
                    {writers}
                    <ProducerList producers=detail.producers.clone() server_time_ms=detail.server_time_ms/>
                </div>
                <div>
                    <h2 class="text-base font-semibold">"Readers"</h2>
                    {detail.readers.is_empty().then(|| view! {
                        <p class="text-sm text-slate-500">"No consumer group reads it yet."</p>
                    })}
                    <table class="mt-2 w-full text-left text-sm" data-testid="readers" class:hidden=detail.readers.is_empty()>
                        <thead class="text-xs uppercase text-slate-500">
                            <tr><th class="py-1 pr-4">"Group"</th><th class="py-1 pr-4">"Kind"</th><th class="py-1 pr-4">"State"</th><th class="py-1 pr-4 text-right">"Lag"</th><th class="py-1">"Last day"</th></tr>
                        </thead>
                        <tbody class="divide-y divide-slate-100">{readers}</tbody>
                    </table>
                </div>
            </div>
            <h2 class="mt-6 text-base font-semibold">"Lineage"</h2>
            <LineagePanel node=node.clone() depth=PAGE_LINEAGE_DEPTH shown/>
            <h2 class="mt-6 text-base font-semibold">"Recent changes"</h2>
            <RecentChanges events=detail.recent_changes.clone() server_time_ms=detail.server_time_ms/>
            <h2 class="mt-6 text-base font-semibold">"Partitions"</h2>
            <PartitionTable partitions=topic.partitions.clone()/>
            <details class="mt-6">
                <summary class="cursor-pointer text-base font-semibold">{format!("Configs ({})", topic.configs.len())}</summary>
                <table class="mt-2 w-full text-left text-sm"><tbody>{configs}</tbody></table>
            </details>
        </section>
    }
}

/// Personal data reaching the topic from upstream, each mark with its origin and path.
#[component]
fn Upstream(marks: Vec<UpstreamMark>) -> impl IntoView {
    (!marks.is_empty()).then(|| {
        let items = marks
            .into_iter()
            .map(|mark| {
                let origin = topic_href(&mark.origin_cluster, &mark.origin_topic);
                view! {
                    <li data-testid="upstream-mark">
                        {format!("{} upstream, through {}, from topic ", mark.categories.join(", "), mark.through)}
                        <a class="text-sky-700 hover:underline" href=origin>{mark.origin_topic}</a>
                        {format!(" (fields {})", mark.fields.join(", "))}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="mt-2 space-y-1 text-sm text-amber-800 dark:text-amber-300" data-testid="topic-upstream">{items}</ul> }
    })
}

/// The rules of compliance profiles the topic breaks now, each with its evidence.
#[component]
fn ProfileVerdicts(violations: Vec<Violation>) -> impl IntoView {
    if violations.is_empty() {
        return view! {
            <p class="text-sm text-slate-500">"It breaks no rule of a compliance profile in force. "
                <a class="text-sky-700 hover:underline" href="/compliance">"Profiles"</a></p>
        }
        .into_any();
    }
    let items = violations
        .into_iter()
        .map(|violation| {
            let rule = violation.rule.clone();
            view! {
                <li data-testid="topic-violation" data-rule=rule>
                    <span class="font-semibold">{violation.profile}</span> " · "
                    <span class="font-mono text-xs">{violation.rule}</span> ": " {violation.evidence}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="mt-2 space-y-1 text-sm text-red-800 dark:text-red-300" data-testid="topic-violations">{items}</ul>
        <p class="text-sm"><a class="text-sky-700 hover:underline" href="/compliance">"All violations"</a></p>
    }
    .into_any()
}

/// Whether the topic carries personal data, with the fields that say so (each linking to
/// its place in the field tree) and where each category came from: a tag in the schema,
/// or a name rule's suggestion.
#[component]
fn PersonalData(has_schemas: bool, fields: Vec<ClassifiedField>, held_earlier: bool) -> impl IntoView {
    let dismissals: Vec<String> = fields
        .iter()
        .flat_map(|field| field.dismissed.iter().map(move |category| (field, category)))
        .map(|(field, category)| {
            let who = category.decided.as_ref().map(|d| format!(" by {}: {}", d.by, d.reason)).unwrap_or_default();
            format!("{} not {} (rule {}){who}", field.path, category.category, category.detail)
        })
        .collect();
    let dismissed = (!dismissals.is_empty()).then(|| {
        let items = dismissals.into_iter().map(|line| view! { <li>{line}</li> }).collect_view();
        view! {
            <p class="mt-3 text-xs font-medium text-slate-500">"Suggestions dismissed"</p>
            <ul class="mt-1 space-y-1 text-xs text-slate-500" data-testid="dismissed-suggestions">{items}</ul>
        }
    });
    let personal: Vec<ClassifiedField> = fields.into_iter().filter(ClassifiedField::personal).collect();
    if !has_schemas {
        return view! { <p class="text-sm text-slate-500">"Unknown: no schema describes this topic."</p> }.into_any();
    }
    if personal.is_empty() {
        let said = if held_earlier {
            "No field of the latest schema is tagged as personal data or looks like it, but records of earlier versions that carry some may still be in the topic:"
        } else {
            "No field is tagged as personal data, and none looks like it."
        };
        return view! {
            <p class="text-sm text-slate-600" data-testid="personal-data">{said}</p>
            {dismissed}
        }
        .into_any();
    }
    let badge = if personal.iter().all(ClassifiedField::suggested_only) {
        view! { <span class="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">"Likely carries personal data (suggested, not tagged)"</span> }.into_any()
    } else {
        view! { <span class="rounded-full bg-[#fee2e2] px-2 py-0.5 text-xs font-semibold text-[#991b1b]">"Carries personal data"</span> }.into_any()
    };
    let items = personal
        .into_iter()
        .map(|field| {
            let reasons = field.categories.iter().map(reason).collect::<Vec<_>>().join("; ");
            let forms = field
                .categories
                .iter()
                .filter(|category| !category.source.decided())
                .map(|category| {
                    view! {
                        <DecisionForm
                            source=field.source.clone()
                            subject=field.subject.clone()
                            path=field.path.clone()
                            category=category.category.clone()
                        />
                    }
                })
                .collect_view();
            view! {
                <li data-testid="classified-field">
                    <a href=field_href(&field.source, &field.subject, &field.path) class="font-mono text-sky-700 hover:underline">{field.path.clone()}</a>
                    <span class="ml-2 text-xs text-slate-500">{format!("{reasons} · {}", field.subject)}</span>
                    {forms}
                </li>
            }
        })
        .collect_view();
    view! {
        <div data-testid="personal-data">
            <p class="text-sm">{badge}</p>
            <ul class="mt-2 space-y-1 text-sm">{items}</ul>
            {dismissed}
        </div>
    }
    .into_any()
}

/// `PII, tagged PII` or `PII, suggested by rule email (name)`.
fn reason(category: &FieldCategory) -> String {
    match category.source {
        ClassificationSource::SchemaTag => format!("{}, tagged {}", category.category, category.detail),
        ClassificationSource::NameRule => {
            format!("{}, suggested by rule {} (name)", category.category, category.detail)
        }
        ClassificationSource::DocRule => format!("{}, suggested by rule {} (doc)", category.category, category.detail),
        ClassificationSource::Steward => match &category.decided {
            Some(decided) => format!("{}, decided by {}: {}", category.category, decided.by, decided.reason),
            None => format!("{}, decided by a steward", category.category),
        },
    }
}
