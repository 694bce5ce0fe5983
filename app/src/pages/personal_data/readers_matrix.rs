//! Readers × categories: for each group, principal and connector reading personal data,
//! the topics it reads that hold each category directly, and those the category reaches
//! from upstream.

use leptos::prelude::*;

use model::PersonalReader;

#[component]
pub fn ReadersMatrix(categories: Vec<String>, readers: Vec<PersonalReader>) -> impl IntoView {
    if readers.is_empty() {
        return view! { <p class="text-sm text-slate-500">"Nobody is seen reading personal data."</p> }.into_any();
    }
    let header = categories.iter().map(|category| view! { <th class="pr-3">{category.clone()}</th> }).collect_view();
    let rows = readers
        .into_iter()
        .map(|reader| {
            let (kind, name) = (reader.kind.clone(), reader.name.clone());
            let cells = reader
                .cells
                .into_iter()
                .map(|cell| {
                    let direct = (!cell.direct.is_empty()).then(|| format!("reads {}", cell.direct.join(", ")));
                    let downstream =
                        (!cell.downstream.is_empty()).then(|| format!("from upstream in {}", cell.downstream.join(", ")));
                    view! {
                        <td class="py-1.5 pr-3 text-xs" data-category=cell.category>
                            {direct.map(|text| view! { <span class="block">{text}</span> })}
                            {downstream.map(|text| view! { <span class="block text-amber-800 dark:text-amber-300">{text}</span> })}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr class="align-top" data-testid="reader-row" data-kind=kind data-name=name>
                    <td class="py-1.5 pr-3">
                        <span class="text-xs text-slate-500">{reader.kind}</span> " " {reader.name}
                        <span class="block text-xs text-slate-500">{reader.cluster}</span>
                    </td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="overflow-x-auto">
            <table class="w-full text-left text-sm" data-testid="readers-matrix">
                <thead class="text-xs uppercase text-slate-500"><tr><th class="pr-3">"Reader"</th>{header}</tr></thead>
                <tbody class="divide-y divide-slate-100">{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
