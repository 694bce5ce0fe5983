//! The topic against its cluster's estate code: where the code declares it (file and
//! line), and each difference naming it, linking the cluster's Estate page.

use leptos::prelude::*;

use model::links::estate_href;
use model::TopicEstate;

/// Nothing when no estate source describes the cluster.
#[component]
pub fn TopicEstateSection(cluster: String, estate: Option<TopicEstate>) -> impl IntoView {
    let estate = estate?;
    let declared = if estate.declared_at.is_empty() {
        view! { <p class="text-sm text-amber-800" data-testid="topic-undeclared">"The estate's code declares it nowhere."</p> }
            .into_any()
    } else {
        let places = estate
            .declared_at
            .iter()
            .map(|declared| view! { <li class="font-mono text-xs">{declared.at.label()}</li> })
            .collect_view();
        view! { <p class="text-sm">"Declared in:"</p><ul class="ml-4 list-disc" data-testid="topic-declared-at">{places}</ul> }
            .into_any()
    };
    let drift = estate
        .drift
        .iter()
        .map(|finding| {
            let says = |side: &Option<String>| side.clone().unwrap_or_else(|| "nothing".to_owned());
            view! {
                <li data-testid="topic-drift" data-kind=finding.kind.key()>
                    <span class="font-semibold">{finding.kind.title()}</span> ": "
                    <span class="font-mono text-xs">{finding.item.clone()}</span>
                    {format!(" (the code says {}, the cluster {})", says(&finding.declared), says(&finding.live))}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <h2 class="mt-6 text-base font-semibold">"Estate as code"</h2>
        {declared}
        <ul class="mt-2 space-y-1 text-sm text-amber-800 dark:text-amber-300">{drift}</ul>
        <p class="text-sm"><a class="text-sky-700 hover:underline" href=estate_href(&cluster)>"The cluster's estate"</a></p>
    })
}
