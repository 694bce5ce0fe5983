//! The overview's table of consumer groups: state, members, lag, topics.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use super::filtered_table::{Column, FilteredTable, TableKind};
use super::ARRIVED_ROW;
use model::links::group_href;
use model::{ApplicationKind, GroupSummary};

#[component]
pub fn GroupTable(
    groups: Vec<GroupSummary>,
    filter: ReadSignal<String>,
    cluster: String,
    arrived: Arc<HashSet<String>>,
) -> impl IntoView {
    let kind = TableKind { heading: "Consumer groups", plural: "consumer groups", testid: "groups" };
    let columns = vec![
        Column { heading: "Group", numeric: false },
        Column { heading: "State", numeric: false },
        Column { heading: "Members", numeric: true },
        Column { heading: "Reads", numeric: false },
        Column { heading: "Lag", numeric: true },
    ];
    let row = move |group: GroupSummary| {
        let arrived = arrived.contains(&format!("group:{cluster}/{}", group.group_id));
        view! { <GroupRow group cluster=cluster.clone() arrived/> }.into_any()
    };
    view! {
        <FilteredTable kind columns items=groups name=|group: &GroupSummary| group.group_id.as_str() filter row/>
    }
}

#[component]
fn GroupRow(group: GroupSummary, cluster: String, arrived: bool) -> impl IntoView {
    let state_class = match group.state.as_str() {
        "Stable" => "bg-emerald-100 text-emerald-800",
        "Empty" | "Dead" => "bg-slate-100 text-slate-600",
        _ => "bg-amber-100 text-amber-900",
    };
    view! {
        <tr class=if arrived { ARRIVED_ROW } else { "" } data-arrived=arrived.then_some("true")>
            <td class="py-2 pr-4 font-mono">
                <a href=group_href(&cluster, &group.group_id) class="text-sky-700 hover:underline">{group.group_id.clone()}</a>
                {(group.kind != ApplicationKind::Consumer).then(|| view! {
                    <span class="ml-2 rounded bg-sky-100 px-1.5 py-0.5 font-sans text-xs text-sky-800">{group.kind.label()}</span>
                })}
            </td>
            <td class="py-2 pr-4">
                <span class=format!("rounded px-1.5 py-0.5 text-xs {state_class}")>{group.state}</span>
            </td>
            <td class="py-2 pr-4 text-right tabular-nums">{group.members}</td>
            <td class="py-2 pr-4 font-mono text-xs">{group.topics.join(", ")}</td>
            <td class="py-2 text-right tabular-nums" title="Records not yet consumed, summed over partitions">
                {group.total_lag.map_or_else(|| "–".to_owned(), |lag| lag.to_string())}
            </td>
        </tr>
    }
}
