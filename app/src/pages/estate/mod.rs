//! A cluster's estate as code on one page: the desired-state files read (JulieOps,
//! kafka-gitops, Terraform) and those that could not be used, what could not be judged,
//! and the drift by kind, each finding with what the code says, what the cluster says,
//! where in the code and since when. Addressed by query: `/estate?cluster=`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::live::use_catalog_changes;
use crate::components::page_title::page_title;
use crate::components::states::{missing_parameters, one_thing};
use crate::server_fns::get_estate::get_estate;
use model::freshness::utc_label;
use model::links::{cluster_href, principal_href, topic_href};
use model::{DriftFinding, DriftKind, EstateView};

#[component]
pub fn EstatePage() -> impl IntoView {
    let query = use_query_map();
    let cluster = move || query.read().get("cluster").unwrap_or_default();
    let estate = Resource::new(cluster, get_estate);
    use_catalog_changes(move || estate.refetch());

    view! {
        <Title text=page_title(move || format!("Estate of {}", cluster()))/>
        <p class="mb-2 text-sm">
            <a href=move || cluster_href(&cluster()) class="text-sky-700 hover:underline">"← Cluster"</a>
        </p>
        {one_thing(
            estate,
            "the estate",
            "No such cluster",
            move || {
                missing_parameters("cluster", &[("cluster", cluster())])
                    .unwrap_or_else(|| format!("No cluster is configured with the alias `{}`.", cluster()))
            },
            move |view| view! { <EstateSections view/> },
        )}
    }
}

#[component]
fn EstateSections(view: EstateView) -> impl IntoView {
    let cluster = view.cluster.clone();
    let total = view.findings.len();
    let counts = DriftKind::ALL
        .into_iter()
        .map(|kind| {
            let count = view.count(kind);
            view! {
                <li data-testid="drift-count" data-kind=kind.key()>
                    {if count > 0 {
                        view! { <a href=format!("#{}", kind.key()) class="text-sky-700 hover:underline">{kind.title()}</a> }.into_any()
                    } else {
                        view! { <span class="text-slate-500">{kind.title()}</span> }.into_any()
                    }}
                    ": "
                    <span class="tabular-nums font-semibold">{count}</span>
                </li>
            }
        })
        .collect_view();
    let not_judged =
        view.not_judged.iter().map(|line| view! { <li data-testid="not-judged">{line.clone()}</li> }).collect_view();
    let sources = view
        .sources
        .iter()
        .map(|source| {
            let files = source
                .files
                .iter()
                .map(|file| view! { <li><span class="font-mono">{file.file.clone()}</span>" ("{file.format.clone()}")"</li> })
                .collect_view();
            let errors = source
                .errors
                .iter()
                .map(|error| view! { <li data-testid="estate-file-error" class="text-red-700">{error.to_string()}</li> })
                .collect_view();
            view! {
                <li class="mb-2">
                    <span class="font-mono">{source.path.clone()}</span>
                    <ul class="ml-4 list-disc text-xs">{files}</ul>
                    <ul class="ml-4 list-disc text-xs">{errors}</ul>
                </li>
            }
        })
        .collect_view();
    let sections = DriftKind::ALL
        .into_iter()
        .filter(|kind| view.count(*kind) > 0)
        .map(|kind| {
            let rows = view
                .findings
                .iter()
                .filter(|finding| finding.kind == kind)
                .map(|finding| view! { <FindingRow finding=finding.clone() cluster=cluster.clone()/> })
                .collect_view();
            view! {
                <section id=kind.key() class="mb-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="drift-section">
                    <h2 class="text-base font-semibold">{kind.title()}</h2>
                    <table class="mt-2 w-full text-left text-sm">
                        <thead class="text-xs text-slate-500">
                            <tr>
                                <th class="pr-4">"Topic"</th>
                                <th class="pr-4">"Principal"</th>
                                <th class="pr-4">"What"</th>
                                <th class="pr-4">"The code says"</th>
                                <th class="pr-4">"The cluster says"</th>
                                <th class="pr-4">"Where in the code"</th>
                                <th>"Since"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            }
        })
        .collect_view();
    let headline = if view.sources.is_empty() {
        "No estate source describes this cluster.".to_owned()
    } else if total == 0 && view.not_judged.is_empty() {
        "The cluster matches its code.".to_owned()
    } else {
        format!("{total} differences between the code and the cluster.")
    };

    view! {
        <h1 class="mb-1 text-xl font-semibold">"Estate of " <span class="font-mono">{view.cluster.clone()}</span></h1>
        <p class="mb-4 text-sm text-slate-600" data-testid="estate-headline">
            {headline} " The code declares " {view.declared_topics} " topics and " {view.declared_principals}
            " principals. Tributary only reports: the team's own tool applies."
        </p>
        <ul class="mb-4 list-disc rounded-lg bg-amber-50 p-4 pl-8 text-sm text-amber-900" class:hidden=view.not_judged.is_empty()>
            {not_judged}
        </ul>
        <div class="mb-6 grid gap-4 md:grid-cols-2">
            <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
                <h2 class="text-base font-semibold">"Drift by kind"</h2>
                <ul class="mt-2 text-sm">{counts}</ul>
            </section>
            <section class="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="estate-sources">
                <h2 class="text-base font-semibold">"Sources"</h2>
                <ul class="mt-2 text-sm">{sources}</ul>
            </section>
        </div>
        {sections}
    }
}

#[component]
fn FindingRow(finding: DriftFinding, cluster: String) -> impl IntoView {
    let dash = || "—".to_owned();
    let topic = finding.topic.clone().map(|topic| {
        view! { <a href=topic_href(&cluster, &topic) class="font-mono text-sky-700 hover:underline">{topic.clone()}</a> }
    });
    view! {
        <tr data-testid="drift-finding" data-kind=finding.kind.key() class="border-t border-slate-100 align-top">
            <td class="py-1 pr-4">{topic}</td>
            <td class="py-1 pr-4 font-mono text-xs">
                {match finding.principal.clone() {
                    Some(principal) => view! {
                        <a href=principal_href(&cluster, &principal) class="text-sky-700 hover:underline">{principal.clone()}</a>
                    }.into_any(),
                    None => dash().into_any(),
                }}
            </td>
            <td class="py-1 pr-4 font-mono text-xs">{finding.item.clone()}</td>
            <td class="py-1 pr-4 text-xs">{finding.declared.clone().unwrap_or_else(|| "nothing".to_owned())}</td>
            <td class="py-1 pr-4 text-xs">{finding.live.clone().unwrap_or_else(|| "nothing".to_owned())}</td>
            <td class="py-1 pr-4 font-mono text-xs">{finding.at.as_ref().map(|at| at.label()).unwrap_or_else(dash)}</td>
            <td class="py-1 text-xs tabular-nums">{utc_label(finding.since_ms)}</td>
        </tr>
    }
}
