//! The Compliance page: the profiles in force (scope, rules, the topics they cover),
//! profile files that could not be read, open violations with their evidence, and those
//! resolved lately. Follows the live feed: a violation opened or resolved shows at once.
//!
//! - [`violation_table`]: violations, open or resolved, each linking to its topic.
//! - [`profile_card`]: one profile with its scope, rules and covered topics.

mod profile_card;
mod violation_table;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::live::use_catalog_changes;
use crate::components::states::{EmptyState, ErrorState, Loading};
use crate::server_fns::get_compliance::get_compliance;
use model::freshness::elapsed_label;
use model::{ComplianceOverview, ProfileLoadError};
use profile_card::ProfileCard;
use violation_table::ViolationTable;

#[component]
pub fn CompliancePage() -> impl IntoView {
    let compliance = Resource::new(|| (), |_| get_compliance());
    use_catalog_changes(move || compliance.refetch());
    view! {
        <Title text="Compliance"/>
        <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight">"Compliance"</h1>
            <p class="text-sm text-slate-600">"Which topics break the rules of your compliance profiles, and since when."</p>
        </div>
        <Transition fallback=|| view! { <Loading what="compliance profiles"/> }>
            {move || Suspend::new(async move {
                match compliance.await {
                    Ok(overview) => view! { <ComplianceView overview/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ComplianceView(overview: ComplianceOverview) -> impl IntoView {
    if overview.directory.is_none() && overview.profiles.is_empty() {
        return view! {
            <EmptyState title="No compliance profiles configured">
                <p>"Point Tributary at a directory of profile files (TOML, one profile each) and restart it:"</p>
                <pre class="mx-auto mt-3 w-fit rounded bg-slate-100 p-3 text-left text-xs">
                    "[compliance]\nprofiles_dir = \"profiles/\""
                </pre>
            </EmptyState>
        }
        .into_any();
    }
    let now = overview.server_time_ms;
    let evaluated = match (&overview.waiting_for, overview.evaluated_at_ms) {
        (Some(waiting), _) => format!("Not evaluated yet: waiting for {waiting}."),
        (None, Some(at)) => format!("Evaluated {} after the latest change.", elapsed_label(at, now)),
        (None, None) => "Not evaluated yet.".to_owned(),
    };
    let open_count = overview.open.len();
    let summary = format!(
        "{} profile{} in force, {open_count} open violation{}.",
        overview.profiles.len(),
        if overview.profiles.len() == 1 { "" } else { "s" },
        if open_count == 1 { "" } else { "s" },
    );
    let directory = overview.directory.clone().unwrap_or_default();
    view! {
        <p class="mb-4 text-sm text-slate-700" data-testid="compliance-summary">
            {summary} " " <span class="text-slate-500">{evaluated}</span>
            " " <span class="text-slate-500">"Profiles are read from " <code>{directory}</code> "."</span>
        </p>
        <LoadErrors errors=overview.load_errors/>
        <section class="mb-8" data-testid="open-violations">
            <h2 class="mb-2 text-lg font-semibold">"Open violations"</h2>
            <ViolationTable violations=overview.open now resolved=false/>
        </section>
        <section class="mb-8">
            <h2 class="mb-2 text-lg font-semibold">"Profiles"</h2>
            <div class="grid gap-4 lg:grid-cols-2">
                {overview.profiles.into_iter().map(|profile| view! { <ProfileCard profile/> }).collect_view()}
            </div>
        </section>
        <section class="mb-8" data-testid="resolved-violations">
            <h2 class="mb-2 text-lg font-semibold">"Resolved lately"</h2>
            <ViolationTable violations=overview.resolved now resolved=true/>
        </section>
    }
    .into_any()
}

/// Profile files that could not be used, each with where and why.
#[component]
fn LoadErrors(errors: Vec<ProfileLoadError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        let items = errors
            .into_iter()
            .map(|error| {
                let place = match error.line {
                    Some(line) => format!("{}, line {line}", error.file),
                    None => error.file.clone(),
                };
                let kept = if error.last_good_in_force {
                    "Its last good version stays in force."
                } else {
                    "It is not in force."
                };
                view! {
                    <li data-testid="profile-error" data-file=error.file.clone()>
                        <span class="font-mono font-semibold">{place}</span> ": " {error.message} " "
                        <span class="text-slate-600">{kept}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div role="alert" class="mb-6 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
                <p class="font-semibold">"Some profile files could not be read"</p>
                <ul class="mt-1 list-disc pl-5">{items}</ul>
            </div>
        }
    })
}
