//! Who the page is shown to: found once per page by the server's access check, sent to
//! the browser with the page, and shared as context, so the header can say who is
//! signed in (or what not signing in allows) and the stewards' forms can show themselves
//! only to those who may use them.

use leptos::prelude::*;

use model::Caller;

/// The caller, shared by every component of the page.
#[derive(Clone, Copy)]
struct PageCaller(StoredValue<Caller>);

/// Finds the caller and provides it to the components below. Read synchronously: the
/// server's access check has already found them for this request, and the browser gets
/// the same value with the page (a shared value, not a resource: a resource read under
/// several `<Suspense>`s at once can leave a server render waiting forever, leptos
/// #4851).
pub fn provide_caller() {
    let caller = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        let found = crate::stewardship::caller_from_context();
        #[cfg(not(feature = "ssr"))]
        let found = Caller::default();
        found
    })
    .into_inner();
    provide_context(PageCaller(StoredValue::new(caller)));
}

/// The caller provided by [`provide_caller`] (nobody signed in when none was).
pub fn use_caller() -> Caller {
    use_context::<PageCaller>().map(|caller| caller.0.get_value()).unwrap_or_default()
}

/// The header's corner: the signed-in account with a sign-out form, or a sign-in link.
#[component]
pub fn CallerCorner() -> impl IntoView {
    match use_caller() {
        Caller { account: Some(account), role, csrf, .. } => view! {
            <form method="post" action="/auth/sign-out" class="flex items-center gap-2 whitespace-nowrap text-xs" data-testid="signed-in">
                <a href="/access" class="underline hover:bg-[#334155]">"Access"</a>
                // A long name is cut short here (whole in its tooltip and on the Access page).
                <span class="max-w-[16rem] truncate" title=account.clone()>{format!("{account} · {}", role.unwrap_or_default())}</span>
                <input type="hidden" name="csrf" value=csrf.unwrap_or_default()/>
                <button type="submit" class="rounded border border-slate-500 px-2 py-0.5 hover:bg-[#334155]">"Sign out"</button>
                <button type="submit" name="everywhere" value="1" class="rounded px-1 py-0.5 underline hover:bg-[#334155]">"everywhere"</button>
            </form>
        }
        .into_any(),
        _ => view! {
            <a href="/sign-in" class="whitespace-nowrap rounded border border-slate-500 px-2 py-0.5 text-xs hover:bg-[#334155]">"Sign in"</a>
        }
        .into_any(),
    }
}

/// Said on every page when nobody is signed in: what that allows.
#[component]
pub fn AnonymousBanner() -> impl IntoView {
    let caller = use_caller();
    let said = match (caller.account.is_some(), caller.anonymous.as_str()) {
        (false, "first-run") => Some(
            "No account exists yet: anyone who can reach this address may read the catalog, and nothing can be \
             changed (Tributary answers on loopback only until an account exists). Make the first with \
             `tributary user add NAME --role admin`, then sign in.",
        ),
        (false, "read") => Some("You are not signed in: you may read the catalog; sign in to change anything."),
        _ => None,
    };
    said.map(|said| {
        view! {
            <div role="note" data-testid="anonymous-banner" class="bg-amber-100 px-6 py-2 text-center text-sm text-amber-900">{said}</div>
        }
    })
}
