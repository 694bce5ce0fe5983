//! The API page: the HTTP API's operations by resource family, each with its
//! parameters and answers, and a link to the OpenAPI document itself.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::states::{ErrorState, Loading};
use crate::server_fns::get_api_reference::get_api_reference;
use model::{ApiOperation, ApiReference, ApiSection};

/// Where the machine-readable document is served.
const OPENAPI_DOCUMENT: &str = "/api/v1/openapi.json";

#[component]
pub fn ApiReferencePage() -> impl IntoView {
    let reference = Resource::new(|| (), |_| get_api_reference());
    view! {
        <Title text="API"/>
        <Transition fallback=|| view! { <Loading what="the API reference"/> }>
            {move || Suspend::new(async move {
                match reference.await {
                    Ok(reference) => view! { <Reference reference/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Reference(reference: ApiReference) -> impl IntoView {
    let contents = reference
        .sections
        .iter()
        .map(|section| {
            let href = format!("#{}", section.name);
            view! { <li><a href=href class="text-sky-700 hover:underline">{section.name.clone()}</a></li> }
        })
        .collect_view();
    let paragraphs = reference
        .description
        .split("\n\n")
        .map(|paragraph| view! { <p class="mt-2 text-sm text-slate-700">{paragraph.replace('\n', " ")}</p> })
        .collect_view();
    view! {
        <div class="mb-6 flex flex-wrap items-start justify-between gap-4">
            <div class="max-w-3xl">
                <h1 class="text-2xl font-semibold tracking-tight">{reference.title.clone()}</h1>
                {paragraphs}
            </div>
            <a href=OPENAPI_DOCUMENT class="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm hover:bg-slate-50" data-testid="openapi-link">
                "OpenAPI document (JSON)"
            </a>
        </div>
        <nav aria-label="API sections" class="mb-6">
            <ul class="flex flex-wrap gap-3 text-sm">{contents}</ul>
        </nav>
        {reference.sections.into_iter().map(|section| view! { <Section section/> }).collect_view()}
    }
}

#[component]
fn Section(section: ApiSection) -> impl IntoView {
    view! {
        <section id=section.name.clone() class="mb-8">
            <h2 class="text-lg font-semibold capitalize">{section.name.clone()}</h2>
            <p class="mb-3 text-sm text-slate-600">{section.description.clone()}</p>
            <div class="space-y-3">
                {section.operations.into_iter().map(|operation| view! { <Operation operation/> }).collect_view()}
            </div>
        </section>
    }
}

fn method_colour(method: &str) -> &'static str {
    match method {
        "GET" => "bg-sky-100 text-sky-800",
        "POST" => "bg-emerald-100 text-emerald-800",
        "DELETE" => "bg-rose-100 text-rose-800",
        _ => "bg-slate-100 text-slate-800",
    }
}

#[component]
fn Operation(operation: ApiOperation) -> impl IntoView {
    let badge = format!(
        "w-16 shrink-0 rounded px-2 py-0.5 text-center text-xs font-semibold {}",
        method_colour(&operation.method)
    );
    let parameters = (!operation.parameters.is_empty()).then(|| {
        let rows = operation
            .parameters
            .iter()
            .map(|parameter| {
                view! {
                    <tr class="border-t border-slate-100 align-top">
                        <td class="py-1 pr-3 font-mono">{parameter.name.clone()}{parameter.required.then_some(" *")}</td>
                        <td class="py-1 pr-3 text-slate-500">{parameter.location.clone()}</td>
                        <td class="py-1 pr-3 font-mono text-xs text-slate-500 break-all">{parameter.type_label.clone()}</td>
                        <td class="py-1">{parameter.description.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="mt-2 w-full text-left text-sm">
                <thead class="text-xs uppercase text-slate-500">
                    <tr><th class="py-1 pr-3">"Parameter"</th><th class="py-1 pr-3">"In"</th><th class="py-1 pr-3">"Type"</th><th class="py-1">"Meaning"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let body = operation.request_body.clone().map(|body| {
        view! { <p class="mt-2 text-sm">"Body: " <span class="font-mono">{body}</span></p> }
    });
    let responses = operation
        .responses
        .iter()
        .map(|response| {
            let colour = if response.status.starts_with('2') { "text-emerald-700" } else { "text-amber-700" };
            view! {
                <li>
                    <span class=format!("font-mono font-semibold {colour}")>{response.status.clone()}</span>
                    " " {response.description.clone()}
                    {response.body.clone().map(|body| view! { <span class="ml-1 font-mono text-xs text-slate-500">{body}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <details id=operation.anchor() class="rounded-lg border border-slate-200 bg-white shadow-sm" data-testid="operation">
            <summary class="flex cursor-pointer items-center gap-3 px-4 py-2">
                <span class=badge>{operation.method.clone()}</span>
                <span class="font-mono text-sm">{operation.path.clone()}</span>
                <span class="truncate text-sm text-slate-600">{operation.summary.clone()}</span>
            </summary>
            <div class="border-t border-slate-100 px-4 py-3">
                {(!operation.description.is_empty()).then(|| view! { <p class="text-sm text-slate-700">{operation.description.clone()}</p> })}
                {parameters}
                {body}
                <ul class="mt-2 space-y-0.5 text-sm">{responses}</ul>
            </div>
        </details>
    }
}
