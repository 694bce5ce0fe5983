//! What the topic holds over time: the personal fields of earlier schema versions whose
//! records may still be in it (each with its version and the date it clears by), how
//! long any record can stay, and the schema ids last found at its partitions' ends
//! where Tributary may read its records (or why it could not).

use leptos::prelude::*;

use model::freshness::utc_label;
use model::{Persistence, PersonalFieldView, RecordSampleState, Retention};

#[component]
pub fn HeldRecords(
    fields: Vec<PersonalFieldView>,
    persistence: Persistence,
    sample: Option<RecordSampleState>,
) -> impl IntoView {
    let longest = match persistence.gone_by_ms(0) {
        Some(ms) => format!(
            "A record can stay up to {} after it is written ({} of retention, plus up to {} until its segment closes).",
            Retention::Millis(ms).label(),
            Retention::Millis(persistence.longest_ms.unwrap_or_default()).label(),
            Retention::Millis(persistence.segment_ms).label(),
        ),
        None => format!("Nothing deletes its records by age: {}.", persistence.label),
    };
    let held = (!fields.is_empty()).then(|| {
        let items = fields
            .into_iter()
            .map(|field| {
                let when = field.held.as_ref().map(|held| held.describe()).unwrap_or_default();
                let version = field.held.as_ref().map(|held| held.version.to_string()).unwrap_or_default();
                let protected = field.protected_by.map(|rule| format!(" (protected by {rule})")).unwrap_or_default();
                view! {
                    <li data-testid="held-field" data-version=version>
                        <span class="font-mono">{field.path}</span>
                        <span class="ml-2 text-xs text-slate-500">{format!("{} · {}", field.categories.join(", "), field.subject)}</span>
                        <span class="ml-2">{format!("{when}{protected}")}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <p class="mt-3 text-sm font-medium text-red-800 dark:text-red-300">"Still held from earlier schema versions"</p>
            <ul class="mt-1 space-y-1 text-sm" data-testid="held-fields">{items}</ul>
        }
    });
    let sampled = sample.map(|state| match state {
        RecordSampleState::Taken { sample } => {
            let ends = sample
                .partitions
                .iter()
                .map(|ends| {
                    let id = |record: &Option<model::SampledRecord>| match record {
                        None => "empty".to_owned(),
                        Some(record) => match record.value_schema_id {
                            Some(id) => format!("offset {} schema id {id}", record.offset),
                            None => format!("offset {} not in the schema registry's wire format", record.offset),
                        },
                    };
                    format!("partition {}: oldest {}, newest {}", ends.partition, id(&ends.oldest), id(&ends.newest))
                })
                .collect::<Vec<_>>()
                .join("; ");
            view! {
                <p class="mt-2 text-xs text-slate-500" data-testid="record-sample">
                    {format!("Values' schema ids read at {}: {ends}.", utc_label(sample.at_ms))}
                </p>
            }
            .into_any()
        }
        RecordSampleState::Refused { at_ms, reason } => view! {
            <p class="mt-2 text-xs text-amber-800" data-testid="record-sample">
                {format!("Its records could not be read at {}: {reason}. Which versions it holds is assumed from dates.", utc_label(at_ms))}
            </p>
        }
        .into_any(),
    });
    view! {
        {held}
        <p class="mt-2 text-xs text-slate-500" data-testid="record-lifetime">{longest}</p>
        {sampled}
    }
}
