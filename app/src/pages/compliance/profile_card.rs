//! One compliance profile: its name, description and file, its scope and rules in
//! sentences, and the topics it covers now.

use leptos::prelude::*;

use model::links::topic_href;
use model::ProfileView;

/// Topics listed on a card before the rest are counted.
const TOPICS_SHOWN: usize = 30;

#[component]
pub fn ProfileCard(profile: ProfileView) -> impl IntoView {
    let open = match profile.open_violations {
        0 => "no open violation".to_owned(),
        1 => "1 open violation".to_owned(),
        many => format!("{many} open violations"),
    };
    let covered = profile.topics.len();
    let more = covered.saturating_sub(TOPICS_SHOWN);
    let topics = profile
        .topics
        .into_iter()
        .take(TOPICS_SHOWN)
        .map(|topic| {
            let href = topic_href(&topic.cluster, &topic.topic);
            view! { <li><a class="text-sky-700 hover:underline" href=href>{topic.topic}</a></li> }
        })
        .collect_view();
    let key = profile.name.clone();
    view! {
        <article class="rounded border border-slate-200 p-4" data-testid="profile" data-profile=key>
            <h3 class="font-semibold">{profile.name}</h3>
            <p class="text-sm text-slate-600">{profile.description}</p>
            <p class="text-xs text-slate-500">{profile.file} " · " {open}</p>
            <h4 class="mt-3 text-xs font-semibold uppercase text-slate-500">"Covers"</h4>
            <ul class="text-sm">{profile.scope.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <h4 class="mt-3 text-xs font-semibold uppercase text-slate-500">"Requires"</h4>
            <ul class="text-sm">
                {profile.rules.into_iter().map(|rule| view! {
                    <li><span class="font-mono text-xs text-slate-500">{rule.rule}</span> " " {rule.requires}</li>
                }).collect_view()}
            </ul>
            <h4 class="mt-3 text-xs font-semibold uppercase text-slate-500">{format!("Topics covered now ({covered})")}</h4>
            <ul class="flex flex-wrap gap-x-3 text-sm">{topics}</ul>
            {(more > 0).then(|| view! { <p class="text-xs text-slate-500">{format!("and {more} more")}</p> })}
        </article>
    }
}
