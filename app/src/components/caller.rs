//! Who the page is shown to: fetched once per page from the server's access check and
//! shared as context, so the header can say who is signed in (or what not signing in
//! allows) and the stewards' forms can show themselves only to those who may use them.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::Caller;
use crate::server_fns::get_caller::get_caller;

/// The caller, as a resource every component of the page shares.
#[derive(Clone, Copy)]
pub struct CallerResource(pub Resource<Result<Caller, AppError>>);

/// Fetches the caller and provides it to the components below.
pub fn provide_caller() -> CallerResource {
    let resource = CallerResource(Resource::new(|| (), |_| get_caller()));
    provide_context(resource);
    resource
}

/// The caller provided by [`provide_caller`] (nobody signed in when none was).
pub fn use_caller() -> Option<CallerResource> {
    use_context::<CallerResource>()
}

/// The header's corner: the signed-in account with a sign-out form, or a sign-in link.
#[component]
pub fn CallerCorner() -> impl IntoView {
    let caller = use_caller();
    view! {
        <Suspense fallback=|| ()>
            {move || caller.and_then(|caller| caller.0.get()).map(|caller| match caller {
                Ok(Caller { account: Some(account), role, csrf, .. }) => view! {
                    <form method="post" action="/auth/sign-out" class="flex items-center gap-2 whitespace-nowrap text-xs" data-testid="signed-in">
                        <a href="/access" class="underline hover:bg-[#334155]">"Access"</a>
                        // A long name is cut short here (whole in its tooltip and on the Access page).
                        <span class="max-w-[16rem] truncate" title=account.clone()>{format!("{account} · {}", role.unwrap_or_default())}</span>
                        <input type="hidden" name="csrf" value=csrf.unwrap_or_default()/>
                        <button type="submit" class="rounded border border-slate-500 px-2 py-0.5 hover:bg-[#334155]">"Sign out"</button>
                        <button type="submit" name="everywhere" value="1" class="rounded px-1 py-0.5 underline hover:bg-[#334155]">"everywhere"</button>
                    </form>
                }.into_any(),
                _ => view! {
                    <a href="/sign-in" class="whitespace-nowrap rounded border border-slate-500 px-2 py-0.5 text-xs hover:bg-[#334155]">"Sign in"</a>
                }.into_any(),
            })}
        </Suspense>
    }
}

/// Said on every page when nobody is signed in: what that allows.
#[component]
pub fn AnonymousBanner() -> impl IntoView {
    let caller = use_caller();
    view! {
        <Suspense fallback=|| ()>
            {move || caller.and_then(|caller| caller.0.get()).and_then(|caller| caller.ok()).and_then(|caller| {
                let said = match (caller.account.is_some(), caller.anonymous.as_str()) {
                    (false, "first-run") => "No account exists yet: anyone who can reach this address may read the \
                        catalog, and nothing can be changed (Tributary answers on loopback only until an account exists). \
                        Make the first with `tributary user add NAME --role admin`, then sign in.",
                    (false, "read") => "You are not signed in: you may read the catalog; sign in to change anything.",
                    _ => return None,
                };
                Some(view! {
                    <div role="note" data-testid="anonymous-banner" class="bg-amber-100 px-6 py-2 text-center text-sm text-amber-900">{said}</div>
                })
            })}
        </Suspense>
    }
}
