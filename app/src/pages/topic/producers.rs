//! The producers the brokers hold state for on a topic: each transactional id with its
//! producer id, transaction state, partitions and last write, and a count of the
//! other (idempotent) producers, which the broker knows only by number.

use leptos::prelude::*;

use crate::model::freshness::elapsed_label;
use crate::model::{TopicProducers, TransactionalWriter};

#[component]
pub fn ProducerList(producers: TopicProducers, server_time_ms: i64) -> impl IntoView {
    let last_write = move |at: Option<i64>| at.map(|at| format!("last write {}", elapsed_label(at, server_time_ms)));
    match producers {
        TopicProducers::NotRead => ().into_any(),
        TopicProducers::Unavailable { reason } => view! {
            <p class="mt-2 text-sm text-slate-500" data-testid="producers-unavailable">
                "Active producers could not be read: " {reason}
            </p>
        }
        .into_any(),
        TopicProducers::Read { writers: None } => view! {
            <p class="mt-2 text-sm text-slate-500" data-testid="producers">"The brokers hold no active producers for it."</p>
        }
        .into_any(),
        TopicProducers::Read { writers: Some(writers) } => {
            let transactional = writers
                .transactional
                .into_iter()
                .map(|writer: TransactionalWriter| {
                    let detail = [
                        Some(format!("producer {}", writer.producer_id)),
                        Some(writer.state.clone()),
                        Some(format!("partitions {}", partition_list(&writer.partitions))),
                        last_write(writer.last_write_ms),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ");
                    view! {
                        <li class="text-sm">
                            <span class="font-mono">{writer.transactional_id}</span>
                            <span class="ml-2 text-xs text-slate-500">"transactional id · " {detail}</span>
                        </li>
                    }
                })
                .collect_view();
            let others = (writers.other_producers > 0).then(|| {
                let count = writers.other_producers;
                let noun = if count == 1 { "other active producer" } else { "other active producers" };
                let when = last_write(writers.other_last_write_ms).map(|text| format!(", {text}")).unwrap_or_default();
                view! {
                    <li class="text-sm text-slate-600" data-testid="other-producers">
                        {format!("{count} {noun}{when}")}
                        <span class="ml-2 text-xs text-slate-500">"idempotent producers without a transactional id: counted, not named"</span>
                    </li>
                }
            });
            view! {
                <ul class="mt-2 space-y-1" data-testid="producers">{transactional}{others}</ul>
            }
            .into_any()
        }
    }
}

/// `0–2, 5`: partitions as short ranges.
fn partition_list(partitions: &[i32]) -> String {
    let mut ranges: Vec<(i32, i32)> = Vec::new();
    for &partition in partitions {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == partition => *end = partition,
            _ => ranges.push((partition, partition)),
        }
    }
    ranges
        .iter()
        .map(|(start, end)| if start == end { start.to_string() } else { format!("{start}–{end}") })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn partitions_read_as_ranges() {
        assert_eq!(super::partition_list(&[0, 1, 2, 5, 7, 8]), "0–2, 5, 7–8");
        assert_eq!(super::partition_list(&[]), "");
    }
}
