//! The overview's ACL table: who may read and write, and grants never seen in use.

use leptos::prelude::*;

use model::links::principal_href;
use model::PrincipalSummary;

/// How many never-seen read grants to name per principal before "+N more".
const UNUSED_GRANTS_SHOWN: usize = 5;

/// Who may read and write on the cluster, per principal, with the read grants that were
/// never seen in use; or, without listed ACLs, what the cluster said about them.
#[component]
pub fn AclTable(cluster: String, acls: String, principals: Vec<PrincipalSummary>) -> impl IntoView {
    view! {
        <h3 class="mt-8 text-base font-semibold">"Who may read and write"</h3>
        {if principals.is_empty() {
            view! { <p class="mt-2 text-sm text-slate-600" data-testid="acl-status">{acls}</p> }.into_any()
        } else {
            let rows = principals.into_iter().map(|principal| view! { <PrincipalRow cluster=cluster.clone() principal/> }).collect_view();
            view! {
                <table class="mt-2 w-full text-left text-sm" data-testid="acls">
                    <caption class="caption-bottom pt-2 text-left text-xs text-slate-500">
                        {acls} ". Who reads comes from consumer groups; who writes shows on each topic's page, from the brokers' producer state."
                    </caption>
                    <thead class="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                        <tr>
                            <th scope="col" class="py-2 pr-4 font-medium">"Principal"</th>
                            <th scope="col" class="py-2 pr-4 text-right font-medium">"May read"</th>
                            <th scope="col" class="py-2 pr-4 text-right font-medium">"Seen reading"</th>
                            <th scope="col" class="py-2 pr-4 text-right font-medium">"May write"</th>
                            <th scope="col" class="py-2 pr-4 text-right font-medium" title="through a transactional id it may use">"Seen writing"</th>
                            <th scope="col" class="py-2 font-medium">"Read grants never seen in use"</th>
                        </tr>
                    </thead>
                    <tbody class="divide-y divide-slate-100">{rows}</tbody>
                </table>
            }
            .into_any()
        }}
    }
}

#[component]
fn PrincipalRow(cluster: String, principal: PrincipalSummary) -> impl IntoView {
    let hidden = principal.reads_not_seen.len().saturating_sub(UNUSED_GRANTS_SHOWN);
    let mut unused: Vec<String> = principal.reads_not_seen.into_iter().take(UNUSED_GRANTS_SHOWN).collect();
    if hidden > 0 {
        unused.push(format!("+{hidden} more"));
    }
    view! {
        <tr>
            <td class="py-2 pr-4 font-mono">
                <a class="text-sky-700 hover:underline" href=principal_href(&cluster, &principal.principal)>{principal.principal.clone()}</a>
            </td>
            <td class="py-2 pr-4 text-right tabular-nums">{principal.may_read}</td>
            <td class="py-2 pr-4 text-right tabular-nums">{principal.seen_reading}</td>
            <td class="py-2 pr-4 text-right tabular-nums">{principal.may_write}</td>
            <td class="py-2 pr-4 text-right tabular-nums">{principal.seen_writing}</td>
            <td class="py-2 font-mono text-xs">{unused.join(", ")}</td>
        </tr>
    }
}
