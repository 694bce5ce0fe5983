//! One principal of one cluster on one page: where the estate's code declares it, the
//! drift naming it, the topics its ACLs let it read and write (each with whether that was
//! seen in use: the unused grants to review), and its ACLs. Addressed by query:
//! `/principal?cluster=&name=`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::live::use_catalog_changes;
use crate::components::page_title::page_title;
use crate::components::states::{missing_parameters, one_thing};
use crate::server_fns::get_principal::get_principal;
use model::links::{cluster_href, estate_href, topic_href};
use model::{Direction, GrantUsage, PrincipalDetail};

#[component]
pub fn PrincipalPage() -> impl IntoView {
    let query = use_query_map();
    let cluster = move || query.read().get("cluster").unwrap_or_default();
    let name = move || query.read().get("name").unwrap_or_default();
    let principal = Resource::new(move || (cluster(), name()), |(cluster, name)| get_principal(cluster, name));
    use_catalog_changes(move || principal.refetch());

    view! {
        <Title text=page_title(name)/>
        <p class="mb-2 text-sm"><a href=move || cluster_href(&cluster()) class="text-sky-700 hover:underline">"← Cluster"</a></p>
        {one_thing(
            principal,
            "the principal",
            "No such cluster",
            move || {
                missing_parameters("principal", &[("cluster", cluster()), ("name", name())])
                    .unwrap_or_else(|| format!("No cluster is configured with the alias `{}`.", cluster()))
            },
            move |detail| view! { <PrincipalView detail/> },
        )}
    }
}

/// What a permission's use says, in words.
fn usage(usage: &GrantUsage) -> String {
    match usage {
        GrantUsage::SeenInUse { groups } => format!("seen reading through {}", groups.join(", ")),
        GrantUsage::NotSeenInUse => "never seen in use".to_owned(),
        GrantUsage::WrittenBy { transactional_ids } => format!("written with {}", transactional_ids.join(", ")),
        GrantUsage::NotObservable => "not judged (producers without a transactional id are never named)".to_owned(),
    }
}

#[component]
fn PrincipalView(detail: PrincipalDetail) -> impl IntoView {
    let cluster = detail.cluster.clone();
    let declared = match &detail.declared_at {
        None => view! { <p class="text-sm text-slate-500">"No estate source describes this cluster."</p> }.into_any(),
        Some(places) if places.is_empty() => view! {
            <p class="text-sm text-amber-800" data-testid="principal-undeclared">"The estate's code declares it nowhere."</p>
        }
        .into_any(),
        Some(places) => {
            let items = places
                .iter()
                .map(|place| {
                    let service = place.service.clone().map(|service| format!("{service}: ")).unwrap_or_default();
                    view! { <li>{service}<span class="font-mono text-xs">{place.at.label()}</span></li> }
                })
                .collect_view();
            view! { <ul class="ml-4 list-disc text-sm" data-testid="principal-declared-at">{items}</ul> }.into_any()
        }
    };
    let drift = detail
        .drift
        .iter()
        .map(|finding| {
            view! {
                <li data-testid="principal-drift" data-kind=finding.kind.key()>
                    <span class="font-semibold">{finding.kind.title()}</span> ": "
                    <span class="font-mono text-xs">{finding.item.clone()}</span>
                    {finding.topic.clone().map(|topic| format!(" (topic {topic})"))}
                </li>
            }
        })
        .collect_view();
    let permissions = detail
        .permissions
        .iter()
        .map(|edge| {
            let unused = matches!(edge.usage, GrantUsage::NotSeenInUse);
            view! {
                <tr data-testid="permission" data-unused=unused.to_string()>
                    <td class="py-1 pr-4 font-mono"><a class="text-sky-700 hover:underline" href=topic_href(&cluster, &edge.topic)>{edge.topic.clone()}</a></td>
                    <td class="py-1 pr-4">{if edge.direction == Direction::Reads { "read" } else { "write" }}</td>
                    <td class="py-1" class:text-amber-800=unused>{usage(&edge.usage)}</td>
                </tr>
            }
        })
        .collect_view();
    let acls = detail
        .acls
        .iter()
        .map(|binding| view! { <li class="font-mono text-xs">{format!("{} {}", binding.principal, binding.describe())}</li> })
        .collect_view();

    view! {
        <h1 class="mb-4 text-xl font-semibold">"Principal " <span class="font-mono">{detail.principal.clone()}</span></h1>
        <section class="mb-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-base font-semibold">"Estate as code"</h2>
            {declared}
            <ul class="mt-2 space-y-1 text-sm text-amber-800">{drift}</ul>
            <p class="text-sm"><a class="text-sky-700 hover:underline" href=estate_href(&detail.cluster)>"The cluster's estate"</a></p>
        </section>
        <section class="mb-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-base font-semibold">"What it may read and write"</h2>
            <p class="text-sm text-slate-600">{detail.acls_status.clone()}</p>
            <table class="mt-2 w-full text-left text-sm"><tbody>{permissions}</tbody></table>
        </section>
        <section class="mb-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <h2 class="text-base font-semibold">"Its ACLs"</h2>
            <ul class="mt-2 space-y-1">{acls}</ul>
        </section>
    }
}
