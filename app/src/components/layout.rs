//! The frame of every page: header, navigation, search.

use leptos::prelude::*;
use leptos_router::components::A;

use super::caller::{provide_caller, AnonymousBanner, CallerCorner};
use super::search_box::SearchBox;

/// The frame of every page: a header with the product name, navigation, search and who
/// is signed in; a banner when nobody is, saying what that allows.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    provide_caller();
    view! {
        <AnonymousBanner/>
        // Two rows, so the name, search and who is signed in never push the navigation
        // (or the sign-out button) past the edge of a laptop's window.
        <header class="bg-[#0f172a] text-[#f1f5f9]">
            <div class="mx-auto max-w-6xl px-6">
                <div class="flex flex-wrap items-center gap-x-6 gap-y-2 py-3">
                    <a href="/" class="flex items-center gap-2 text-lg font-semibold tracking-tight">
                        <span aria-hidden="true" class="inline-block h-3 w-3 rounded-full bg-sky-400"></span>
                        "Tributary"
                    </a>
                    <SearchBox/>
                    <CallerCorner/>
                </div>
                <nav aria-label="Main" class="-mx-2 flex flex-wrap gap-x-4 gap-y-1 pb-2 text-sm">
                    <A href="/" exact=true attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "Clusters"
                    </A>
                    <A href="/schemas" attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "Schemas"
                    </A>
                    <A href="/lineage" attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "Lineage"
                    </A>
                    <A href="/personal-data" attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "Personal data"
                    </A>
                    <A href="/compliance" attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "Compliance"
                    </A>
                    <A href="/reports" attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "Reports"
                    </A>
                    <A href="/audit" attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "Audit"
                    </A>
                    <A href="/api" attr:class="whitespace-nowrap rounded px-2 py-1 hover:bg-[#334155] aria-[current=page]:bg-[#334155]">
                        "API"
                    </A>
                </nav>
            </div>
        </header>
        <main class="mx-auto max-w-6xl px-6 py-8">{children()}</main>
    }
}
