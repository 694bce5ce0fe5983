//! A topic's partitions: leader, replicas, in-sync replicas.

use leptos::prelude::*;

use model::Partition;

/// Leader, replicas and in-sync replicas per partition; under-replicated ones stand out.
#[component]
pub fn PartitionTable(partitions: Vec<Partition>) -> impl IntoView {
    let list = |ids: &[i32]| ids.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
    let rows = partitions
        .iter()
        .map(|partition| {
            let short = partition.in_sync_replicas.len() < partition.replicas.len();
            let class = if short { "bg-amber-50" } else { "" };
            let leader = if partition.leader < 0 { "none".to_owned() } else { partition.leader.to_string() };
            view! {
                <tr class=class data-testid="partition">
                    <td class="py-1 pr-4 tabular-nums">{partition.id}</td>
                    <td class="py-1 pr-4 tabular-nums">{leader}</td>
                    <td class="py-1 pr-4 tabular-nums">{list(&partition.replicas)}</td>
                    <td class="py-1 pr-4 tabular-nums">{list(&partition.in_sync_replicas)}{short.then_some(" (under-replicated)")}</td>
                    <td class="py-1 text-right tabular-nums">{partition.high_watermark.map(|offset| offset.to_string()).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="mt-2 w-full text-left text-sm" data-testid="partitions">
            <thead class="text-xs uppercase text-slate-500">
                <tr>
                    <th class="py-1 pr-4">"Partition"</th><th class="py-1 pr-4">"Leader"</th><th class="py-1 pr-4">"Replicas"</th>
                    <th class="py-1 pr-4">"In sync"</th><th class="py-1 text-right">"End offset"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-slate-100">{rows}</tbody>
        </table>
    }
}
