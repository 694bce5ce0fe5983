//! The Reports page: a compliance report for a scope (a profile, a cluster, a list of
//! topics) and a period, as a PDF for people or JSON and CSV for tools. A plain GET form
//! whose answer is the download itself (it works without JavaScript); the browser shows
//! the download's progress while the report streams. `/reports`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::states::{ErrorState, Loading};
use crate::server_fns::get_compliance::get_compliance;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let compliance = Resource::new(|| (), |_| get_compliance());
    view! {
        <Title text="Reports"/>
        <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight">"Reports"</h1>
            <p class="text-sm text-slate-600">
                "Evidence for an auditor: where personal data lives and who reads it, the violations as they stood "
                "at the end of a period, and every change made through Tributary in it."
            </p>
        </div>
        <Transition fallback=|| view! { <Loading what="the profiles"/> }>
            {move || Suspend::new(async move {
                match compliance.await {
                    Ok(overview) => {
                        let profiles: Vec<String> = overview.profiles.into_iter().map(|profile| profile.name).collect();
                        view! { <ReportForm profiles/> }.into_any()
                    }
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ReportForm(profiles: Vec<String>) -> impl IntoView {
    let options =
        profiles.into_iter().map(|name| view! { <option value=name.clone()>{name.clone()}</option> }).collect_view();
    let label = "flex flex-col gap-1 text-sm";
    let input = "rounded border border-slate-300 px-2 py-1";
    view! {
        <form method="get" action="/api/v1/reports" aria-label="Report" data-testid="report-form"
            class="grid max-w-2xl grid-cols-1 gap-4 sm:grid-cols-2">
            <label class=label>
                <span class="font-medium">"Profile"</span>
                <select name="profile" class=input>{options}</select>
            </label>
            <label class=label>
                <span class="font-medium">"Cluster (optional)"</span>
                <input name="cluster" class=input placeholder="every cluster"/>
            </label>
            <label class=label>
                <span class="font-medium">"From"</span>
                <input name="from" type="date" class=input/>
            </label>
            <label class=label>
                <span class="font-medium">"To (the report is as of this day's start)"</span>
                <input name="to" type="date" class=input/>
            </label>
            <label class=label>
                <span class="font-medium">"Format"</span>
                <select name="format" class=input>
                    <option value="pdf" selected=true>"PDF, for people"</option>
                    <option value="json">"JSON, the whole report"</option>
                    <option value="csv">"CSV, one section"</option>
                </select>
            </label>
            <label class=label>
                <span class="font-medium">"On behalf of (optional; the cover names your account first)"</span>
                <input name="by" class=input/>
            </label>
            <p class="text-xs text-slate-500 sm:col-span-2">
                "CSV holds the inventory; ask the API for the other sections ("
                <code>"section=records|violations|changes"</code>
                "). Without dates the report covers everything until now. Large estates take a few seconds; "
                "JSON and CSV stream, so the download starts at once."
            </p>
            <div class="sm:col-span-2">
                <button type="submit" class="rounded bg-sky-700 px-4 py-1.5 font-medium text-white hover:bg-sky-800">
                    "Download the report"
                </button>
            </div>
        </form>
    }
}
