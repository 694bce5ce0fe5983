//! A schema's fields as a collapsible tree.

use leptos::prelude::*;

use model::{Field, SchemaTree};

/// Nested fields deeper than this start folded.
const OPEN_DEPTH: usize = 2;

/// The schema as a collapsible tree: name, type, optional, default, tags, doc, options.
#[component]
pub fn FieldTree(tree: SchemaTree) -> impl IntoView {
    let tags = tree.tags.clone();
    view! {
        <div class="mt-4" data-testid="field-tree">
            <p class="text-sm">
                <span class="font-mono font-semibold">{if tree.name.is_empty() { "(anonymous)".to_owned() } else { tree.name.clone() }}</span>
                " " <span class="text-slate-500">{tree.type_label.clone()}</span>
                {tags.into_iter().map(|tag| view! { <Tag tag/> }).collect_view()}
            </p>
            {tree.doc.map(|doc| view! { <p class="text-sm text-slate-600">{doc}</p> })}
            {(!tree.declared_topics.is_empty()).then(|| view! {
                <p class="text-sm text-slate-600">"May be published to: " <span class="font-mono">{tree.declared_topics.join(", ")}</span></p>
            })}
            <ul class="mt-2 space-y-1 text-sm">
                {tree.fields.into_iter().map(|field| view! { <FieldNode field depth=0/> }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn FieldNode(field: Field, depth: usize) -> impl IntoView {
    let line = view! {
        <span class="font-mono">{field.name.clone()}</span>
        " " <span class="text-slate-500">{field.type_label.clone()}</span>
        {field.optional.then(|| view! { <span class="ml-1 text-xs text-slate-400">"optional"</span> })}
        {field.default.clone().map(|default| view! { <span class="ml-1 text-xs text-slate-400">{format!("default {default}")}</span> })}
        {field.recursive_type.clone().map(|name| view! { <span class="ml-1 text-xs text-amber-700">{format!("↻ recursive {name}")}</span> })}
        {field.tags.clone().into_iter().map(|tag| view! { <Tag tag/> }).collect_view()}
        {field.doc.clone().map(|doc| view! { <div class="text-xs text-slate-600">{doc}</div> })}
        {(!field.options.is_empty()).then(|| view! {
            <div class="text-xs text-slate-400">
                {field.options.iter().map(|(name, value)| format!("{name} = {value}")).collect::<Vec<_>>().join(" · ")}
            </div>
        })}
    };
    if field.children.is_empty() {
        return view! { <li id=format!("field-{}", field.path) data-path=field.path.clone()>{line}</li> }.into_any();
    }
    let open = depth < OPEN_DEPTH;
    let children =
        field.children.into_iter().map(|child| view! { <FieldNode field=child depth=depth + 1/> }).collect_view();
    view! {
        <li id=format!("field-{}", field.path) data-path=field.path.clone()>
            <details open=open>
                <summary class="cursor-pointer">{line}</summary>
                <ul class="ml-5 mt-1 space-y-1 border-l border-slate-200 pl-3">{children}</ul>
            </details>
        </li>
    }
    .into_any()
}

#[component]
fn Tag(tag: String) -> impl IntoView {
    view! { <span class="ml-1 rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-800" data-testid="tag">{tag}</span> }
}
