//! Empty, not-found and error states, each saying what to do about it.

use leptos::prelude::*;

/// Shown when there is nothing to show yet, with what to do about it.
#[component]
pub fn EmptyState(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <section class="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center" data-testid="empty-state">
            <h2 class="text-lg font-semibold">{title}</h2>
            <div class="mt-2 text-sm text-slate-600">{children()}</div>
        </section>
    }
}

/// Shown for a thing that does not exist (a topic, group, subject or cluster named in
/// the address): the empty state, answered with status 404 so that links checkers,
/// scripts and crawlers see the miss too.
#[component]
pub fn Missing(#[prop(into)] title: String, #[prop(into)] message: String) -> impl IntoView {
    answer_not_found();
    view! { <EmptyState title><p>{message}</p></EmptyState> }
}

/// When a page's address lacks a parameter it needs, the sentence saying which (and
/// what the page shows): `None` when every one of `parameters` (name, value) is given.
pub fn missing_parameters(what: &str, parameters: &[(&str, String)]) -> Option<String> {
    let missing: Vec<String> =
        parameters.iter().filter(|(_, value)| value.trim().is_empty()).map(|(name, _)| format!("`{name}=`")).collect();
    if missing.is_empty() {
        return None;
    }
    Some(format!(
        "This address does not say which {what}: it needs {} (as links to it from other pages give).",
        missing.join(" and ")
    ))
}

/// Sets the answer's status to 404 when the page is rendered on the server (the pages
/// are rendered whole before the status is sent).
pub fn answer_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

/// Shown while data is on its way.
#[component]
pub fn Loading(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <p class="animate-pulse text-sm text-slate-500" role="status">"Loading " {what} "…"</p>
    }
}

/// Shown when a request failed, with the server's message.
#[component]
pub fn ErrorState(#[prop(into)] message: String) -> impl IntoView {
    view! {
        <section role="alert" class="rounded-lg border border-rose-300 bg-rose-50 p-6 text-rose-900">
            <h2 class="font-semibold">"Something went wrong"</h2>
            <p class="mt-1 text-sm">{message}</p>
        </section>
    }
}

/// The body of a page about one thing: loading, then the thing drawn by `render`, an
/// empty state titled `missing_title` saying `missing()` when it does not exist, or the
/// error.
pub fn one_thing<T, V>(
    resource: Resource<Result<Option<T>, crate::error::AppError>>,
    what: &'static str,
    missing_title: &'static str,
    missing: impl Fn() -> String + Copy + Send + Sync + 'static,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=move || view! { <Loading what=what/> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(Some(thing)) => render(thing).into_any(),
                    Ok(None) => view! { <Missing title=missing_title message=missing()/> }.into_any(),
                    Err(error) => view! { <ErrorState message=error.to_string()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::missing_parameters;

    #[test]
    fn the_missing_parameters_are_named() {
        let sentence = missing_parameters("topic", &[("cluster", "prod".into()), ("name", " ".into())]).unwrap();
        assert!(sentence.contains("which topic") && sentence.contains("`name=`") && !sentence.contains("cluster="));
        let both = missing_parameters("group", &[("cluster", String::new()), ("id", String::new())]).unwrap();
        assert!(both.contains("`cluster=` and `id=`"));
        assert_eq!(missing_parameters("topic", &[("cluster", "p".into()), ("name", "t".into())]), None);
    }
}
