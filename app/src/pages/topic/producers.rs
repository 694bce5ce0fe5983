//! The producers the brokers hold state for on a topic: each transactional id with its
//! producer id, transaction state, partitions and last write, and a count of the
//! other (idempotent) producers, which the broker knows only by number.

use leptos::prelude::*;

use model::freshness::elapsed_label;
use model::writers::RECENT_WRITE_WINDOW_MS;
use model::{TopicProducers, TransactionalWriter};

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
            <p class="mt-2 text-sm text-slate-500" data-testid="producers">"The brokers hold no producers for it."</p>
        }
        .into_any(),
        TopicProducers::Read { writers: Some(writers) } => {
            let refused = writers.refused.clone().map(|reason| {
                view! {
                    <p class="mt-2 text-sm text-amber-800" data-testid="producers-refused">
                        "Writers could not be read: " {reason}
                    </p>
                }
            });
            let by_recency = writers.others_by_recency(server_time_ms);
            let none_listed = by_recency.recent == 0 && by_recency.idle == 0 && writers.transactional.is_empty();
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
            let window = RECENT_WRITE_WINDOW_MS / 60_000;
            let recent = (by_recency.recent > 0).then(|| {
                let count = by_recency.recent;
                let noun = if count == 1 { "other producer" } else { "other producers" };
                view! {
                    <li class="text-sm text-slate-600" data-testid="other-producers">
                        {format!("{count} {noun} writing in the last {window} minutes")}
                        <span class="ml-2 text-xs text-slate-500">"idempotent producers without a transactional id: counted, not named"</span>
                    </li>
                }
            });
            let idle = (by_recency.idle > 0).then(|| {
                let count = by_recency.idle;
                let noun = if count == 1 { "other producer" } else { "other producers" };
                let when = by_recency
                    .idle_last_write_ms
                    .map(|at| format!(" last seen writing {}", elapsed_label(at, server_time_ms)))
                    .unwrap_or_default();
                view! {
                    <li class="text-sm text-slate-500" data-testid="idle-producers">
                        {format!("{count} {noun}{when}")}
                        <span class="ml-2 text-xs">"the brokers keep a producer's state for a while after its last write (producer.id.expiration.ms)"</span>
                    </li>
                }
            });
            let nothing = (none_listed && writers.refused.is_none()).then(|| {
                view! { <li class="text-sm text-slate-500">"The brokers hold no producers for it."</li> }
            });
            view! {
                {refused}
                <ul class="mt-2 space-y-1" data-testid="producers">{transactional}{recent}{idle}{nothing}</ul>
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
