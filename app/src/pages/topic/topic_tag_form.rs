//! A steward tags the whole topic as holding a category (or takes a tag back), with a
//! reason: for a topic whose schema does not say. A plain form without JavaScript (the
//! browser comes back to the page); hydrated, it answers in place and the page refreshes
//! from the live feed.

use leptos::prelude::*;

use crate::components::steward_signature::{answered, StewardChoice, StewardSignature};
use crate::server_fns::tag_topic::TagTopic;
use model::TopicTag;

#[component]
pub fn TopicTags(cluster: String, topic: String, tags: Vec<TopicTag>) -> impl IntoView {
    let tag = ServerAction::<TagTopic>::new();
    let outcome = answered(tag, |recorded| {
        format!("Recorded: {} {}", recorded.category, if recorded.tagged { "tagged" } else { "taken back" })
    });
    let in_force = tags
        .into_iter()
        .map(|tag| {
            view! {
                <li data-testid="topic-tag">
                    <span class="font-semibold">{tag.category}</span> ", tagged by hand by " {tag.decided_by} ": " {tag.reason}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="mt-2 space-y-1 text-sm">{in_force}</ul>
        <details class="mt-2 text-sm">
            <summary class="cursor-pointer text-slate-600">"Tag the whole topic"</summary>
            <ActionForm action=tag attr:class="mt-1 flex flex-wrap items-center gap-2 text-xs" attr:data-testid="topic-tag-form" attr:aria-label="Tag the whole topic">
                <input type="hidden" name="cluster" value=cluster/>
                <input type="hidden" name="topic" value=topic/>
                <input name="category" required maxlength="40" value="PII" aria-label="Category" class="w-20 rounded border border-slate-300 px-1 py-0.5"/>
                <StewardChoice name="tagged" label="Tag" options=[("true", "Holds it"), ("false", "Take the tag back")]/>
                <StewardSignature outcome reason_class="w-48"/>
            </ActionForm>
        </details>
    }
}
