//! The topics holding personal data: each with its categories, its own fields (and
//! whether a data-contract rule protects each; those only earlier schema versions carry
//! with the version and the date their records clear by), what reaches it from upstream,
//! and the flows stopped at a masking application; for personal data of its own, how long
//! it can persist anywhere it flows (each place, and the sinks it leaves Kafka through).

use leptos::prelude::*;

use model::links::topic_href;
use model::{PersonalTopic, PlaceKind};

#[component]
pub fn Inventory(topics: Vec<PersonalTopic>) -> impl IntoView {
    if topics.is_empty() {
        return view! { <p class="text-sm text-slate-500">"No topic is known to hold personal data."</p> }.into_any();
    }
    let rows = topics
        .into_iter()
        .map(|topic| {
            let href = topic_href(&topic.cluster, &topic.topic);
            let key = topic.topic.clone();
            let fields = topic
                .fields
                .into_iter()
                .map(|field| {
                    let protection = match field.protected_by {
                        Some(rule) => format!("protected by {rule}"),
                        None => "in clear".to_owned(),
                    };
                    let held = field.held.as_ref().map(|held| format!(" · {}", held.describe())).unwrap_or_default();
                    let testid = if field.held.is_some() { "held-field" } else { "personal-field" };
                    view! {
                        <li data-testid=testid>
                            <span class="font-mono text-xs">{field.path}</span> " "
                            {field.categories.join(", ")} " · " <span class="text-slate-500">{protection}</span>
                            <span class="text-red-800 dark:text-red-300">{held}</span>
                        </li>
                    }
                })
                .collect_view();
            let upstream = topic
                .upstream
                .into_iter()
                .map(|mark| {
                    let line = format!(
                        "{} upstream, through {}, from topic {} (fields {})",
                        mark.categories.join(", "),
                        mark.through,
                        mark.origin_topic,
                        mark.fields.join(", ")
                    );
                    view! { <li data-testid="upstream-mark">{line}</li> }
                })
                .collect_view();
            let tagged = topic
                .tagged
                .into_iter()
                .map(|tag| {
                    view! { <li data-testid="topic-tag">{format!("{}: the whole topic, tagged by hand by {}: {}", tag.category, tag.decided_by, tag.reason)}</li> }
                })
                .collect_view();
            let stopped = topic
                .stopped
                .into_iter()
                .map(|stop| {
                    view! { <li data-testid="stopped-flow">{format!("stopped at {} (masking) before {}", stop.through, stop.into_topic)}</li> }
                })
                .collect_view();
            let kept = topic.lifespan.as_ref().map(|lifespan| {
                let places = lifespan
                    .places
                    .iter()
                    .map(|place| {
                        let kind = match place.kind {
                            PlaceKind::Origin => "here",
                            PlaceKind::Topic => "downstream",
                            PlaceKind::StateStore => "state store",
                            PlaceKind::Sink => "sink",
                        };
                        view! { <li data-testid="lifespan-place" data-kind=kind>{format!("{kind}: {}: {}", place.name, place.said)}</li> }
                    })
                    .collect_view();
                view! {
                    <p class="font-medium" data-testid="lifespan">{format!("Kept {}", lifespan.describe())}</p>
                    <ul class="mt-1">{places}</ul>
                }
            });
            view! {
                <tr class="align-top" data-testid="personal-topic" data-topic=key>
                    <td class="py-1.5 pr-3">
                        <a class="text-sky-700 hover:underline" href=href>{topic.topic}</a>
                        <span class="block text-xs text-slate-500">{topic.cluster}</span>
                    </td>
                    <td class="py-1.5 pr-3">{topic.categories.join(", ")}</td>
                    <td class="py-1.5 pr-3"><ul>{tagged}</ul><ul>{fields}</ul><ul class="text-amber-800 dark:text-amber-300">{upstream}</ul></td>
                    <td class="py-1.5 pr-3 text-xs text-slate-600">{kept}</td>
                    <td class="py-1.5 text-xs text-slate-600"><ul>{stopped}</ul></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto">
            <table class="w-full text-left text-sm" data-testid="personal-inventory">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th class="pr-3">"Topic"</th><th class="pr-3">"Holds"</th><th class="pr-3">"Fields, and from upstream"</th><th class="pr-3">"How long, anywhere it flows"</th><th>"Stopped flows"</th></tr>
                </thead>
                <tbody class="divide-y divide-slate-100">{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
