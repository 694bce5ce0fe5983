//! The Access page: the signed-in account's API tokens (made, with the secret shown
//! once; listed with their scopes, expiry and last use; revoked) and, for an admin,
//! every account and a form to make one. `/access`.
//!
//! Revoking and making accounts are plain forms (they work without JavaScript). Making a
//! token needs its answer on the page, the only time the secret is shown, so that form
//! appears once the page is hydrated; until then (without JavaScript, for good) the page
//! says how else to make one.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::caller::use_caller;
use crate::components::states::{ErrorState, Loading};
use crate::server_fns::add_account::AddAccount;
use crate::server_fns::create_token::CreateToken;
use crate::server_fns::get_access::get_access;
use crate::server_fns::revoke_token::RevokeToken;
use model::freshness::utc_label;
use model::{AccessOverview, AccountView, ApiToken};

const INPUT: &str = "rounded border border-slate-300 px-2 py-1";
const BUTTON: &str = "rounded bg-slate-800 px-3 py-1 font-medium text-white hover:bg-slate-700";

#[component]
pub fn AccessPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let add = ServerAction::<AddAccount>::new();
    let access =
        Resource::new(move || (create.version().get(), revoke.version().get(), add.version().get()), |_| get_access());
    view! {
        <Title text="Access"/>
        <div class="mb-6">
            <h1 class="text-2xl font-semibold tracking-tight">"Access"</h1>
            <p class="text-sm text-slate-600">
                "API tokens let scripts and CI call the API as you: send one as "
                <code>"Authorization: Bearer trb_…"</code>"."
            </p>
        </div>
        <NewTokenForm create/>
        <Transition fallback=|| view! { <Loading what="tokens and accounts"/> }>
            {move || Suspend::new(async move {
                match access.await {
                    Ok(AccessOverview { tokens, accounts }) => view! {
                        <TokenTable tokens revoke/>
                        {accounts.map(|accounts| view! { <Accounts accounts add/> })}
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The session's CSRF token, as every form here sends it (the caller looked up once,
/// where the component is made).
fn session_csrf() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let csrf = StoredValue::new(use_caller().csrf.unwrap_or_default());
    move || csrf.get_value()
}

/// Making a token: label, scopes, life; the answer shows the secret once.
#[component]
fn NewTokenForm(create: ServerAction<CreateToken>) -> impl IntoView {
    let csrf = session_csrf();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let made = move || {
        create.value().get().map(|answer| match answer {
            Ok(made) => view! {
                <div class="mt-3 rounded border border-emerald-300 bg-emerald-50 p-3 text-sm" role="status">
                    <p class="font-medium">{format!("Token “{}” made. Copy it now: it is not shown again.", made.token.label)}</p>
                    <code class="mt-1 block break-all font-mono" data-testid="new-token">{made.secret}</code>
                </div>
            }
            .into_any(),
            Err(error) => view! { <p class="mt-3 text-sm text-rose-800" role="alert">{error.to_string()}</p> }.into_any(),
        })
    };
    view! {
        <section class="mb-8">
            <h2 class="mb-2 text-lg font-semibold">"Make a token"</h2>
            <Show when=move || !hydrated.get()>
                <p class="text-sm text-slate-600" data-testid="token-without-script">
                    "A token's secret is shown once, on this page, with JavaScript. Without it, use "
                    <code>"tributary token add"</code>" or "<code>"POST /api/v1/tokens"</code>"."
                </p>
            </Show>
            <Show when=move || hydrated.get()>
                // The CSRF token comes from the caller resource: read under Suspense.
                <Suspense fallback=|| ()>
                    <ActionForm action=create attr:class="flex flex-wrap items-end gap-3 text-sm" attr:aria-label="Make a token">
                        <input type="hidden" name="csrf" value=csrf/>
                        <label class="flex flex-col gap-1">
                            <span class="font-medium">"Label"</span>
                            <input name="label" required maxlength="200" placeholder="CI for the orders repo" class=INPUT/>
                        </label>
                        <fieldset class="flex gap-3">
                            <legend class="font-medium">"Scopes"</legend>
                            <label><input type="checkbox" name="read" checked/>" read"</label>
                            <label><input type="checkbox" name="lineage_write"/>" lineage:write"</label>
                            <label><input type="checkbox" name="tags_write"/>" tags:write"</label>
                            <label><input type="checkbox" name="reports"/>" reports"</label>
                        </fieldset>
                        <label class="flex flex-col gap-1">
                            <span class="font-medium">"Days"</span>
                            <input name="days" type="number" min="1" max="366" placeholder="90" class=format!("{INPUT} w-20")/>
                        </label>
                        <button type="submit" class=BUTTON>"Make the token"</button>
                    </ActionForm>
                </Suspense>
                {made}
            </Show>
        </section>
    }
}

/// The account's tokens, each with a revoke button while it is in force.
#[component]
fn TokenTable(tokens: Vec<ApiToken>, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let csrf = session_csrf();
    if tokens.is_empty() {
        return view! { <p class="mb-8 text-sm text-slate-600">"You have no API tokens."</p> }.into_any();
    }
    let rows = tokens
        .into_iter()
        .map(|token| {
            let state = match token.revoked_at_ms {
                Some(at) => format!("revoked {}", utc_label(at)),
                None => format!("expires {}", utc_label(token.expires_at_ms)),
            };
            let last_used = token.last_used_ms.map_or_else(|| "never".to_owned(), utc_label);
            let active = token.revoked_at_ms.is_none();
            view! {
                <tr class="border-t border-slate-200" data-testid="token-row">
                    <td class="py-1 pr-3">{token.label.clone()}</td>
                    <td class="py-1 pr-3 font-mono text-xs">{token.id.clone()}</td>
                    <td class="py-1 pr-3">{token.scopes.join(", ")}</td>
                    <td class="py-1 pr-3">{state}</td>
                    <td class="py-1 pr-3">{last_used}</td>
                    <td class="py-1">
                        {active.then(|| view! {
                            <ActionForm action=revoke attr:aria-label=format!("Revoke {}", token.label)>
                                <input type="hidden" name="id" value=token.id.clone()/>
                                <input type="hidden" name="csrf" value=csrf/>
                                <button type="submit" class="rounded border border-slate-400 px-2 py-0.5 text-xs hover:bg-slate-100">"Revoke"</button>
                            </ActionForm>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="mb-8">
            <h2 class="mb-2 text-lg font-semibold">"Your tokens"</h2>
            <table class="w-full text-left text-sm">
                <thead class="text-slate-500">
                    <tr><th>"Label"</th><th>"Id"</th><th>"Scopes"</th><th>"State"</th><th>"Last used"</th><th></th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}

/// Every account, and a form to make one (admins see this).
#[component]
fn Accounts(accounts: Vec<AccountView>, add: ServerAction<AddAccount>) -> impl IntoView {
    let csrf = session_csrf();
    let outcome = move || {
        add.value().get().map(|answer| match answer {
            Ok(made) => format!("Account “{}” made with the role {}.", made.name, made.role),
            Err(error) => error.to_string(),
        })
    };
    let rows = accounts
        .into_iter()
        .map(|account| {
            view! {
                <tr class="border-t border-slate-200" data-testid="account-row">
                    <td class="py-1 pr-3">{account.name}</td>
                    <td class="py-1 pr-3">{account.role}</td>
                    <td class="py-1">{utc_label(account.created_at_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section>
            <h2 class="mb-2 text-lg font-semibold">"Accounts"</h2>
            <table class="mb-4 w-full text-left text-sm">
                <thead class="text-slate-500"><tr><th>"Name"</th><th>"Role"</th><th>"Made"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <ActionForm action=add attr:class="flex flex-wrap items-end gap-3 text-sm" attr:aria-label="Make an account">
                <input type="hidden" name="csrf" value=csrf/>
                <label class="flex flex-col gap-1">
                    <span class="font-medium">"Name"</span>
                    <input name="name" required maxlength="200" class=INPUT/>
                </label>
                <label class="flex flex-col gap-1">
                    <span class="font-medium">"Role"</span>
                    <select name="role" class=INPUT>
                        <option value="viewer">"viewer"</option>
                        <option value="steward">"steward"</option>
                        <option value="compliance-officer">"compliance officer"</option>
                        <option value="admin">"admin"</option>
                    </select>
                </label>
                <label class="flex flex-col gap-1">
                    <span class="font-medium">"Password"</span>
                    <input name="password" type="password" required minlength="12" autocomplete="new-password" class=INPUT/>
                </label>
                <button type="submit" class=BUTTON>"Make the account"</button>
                <span role="status" class="text-slate-600">{outcome}</span>
            </ActionForm>
        </section>
    }
}
