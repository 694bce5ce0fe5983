//! The list of pages and the router around them.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::Layout;
use crate::pages::{
    access::AccessPage, api_reference::ApiReferencePage, audit::AuditPage, cluster::ClusterPage,
    compliance::CompliancePage, connector::ConnectorPage, estate::EstatePage, group::GroupPage, lineage::LineagePage,
    not_found::NotFound, principal::PrincipalPage, search::SearchPage, topic::TopicPage,
};
use crate::pages::{
    overview::OverviewPage, personal_data::PersonalDataPage, reports::ReportsPage, schemas::SchemasPage,
    sign_in::SignInPage, subject::SubjectPage,
};

/// The root component: metadata, stylesheet and the routes inside the common layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::security::send_page_policy();
    mark_hydrated();

    view! {
        <Stylesheet id="leptos" href="/pkg/tributary.css"/>
        <Title formatter=crate::security::tab_title/>
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    // Async: the server waits for the data before sending the page, so it
                    // reads complete without JavaScript (streamed chunks need a script).
                    <Route path=path!("") view=OverviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/schemas") view=SchemasPage ssr=SsrMode::Async/>
                    <Route path=path!("/subject") view=SubjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/api") view=ApiReferencePage ssr=SsrMode::Async/>
                    <Route path=path!("/cluster") view=ClusterPage ssr=SsrMode::Async/>
                    <Route path=path!("/estate") view=EstatePage ssr=SsrMode::Async/>
                    <Route path=path!("/principal") view=PrincipalPage ssr=SsrMode::Async/>
                    <Route path=path!("/topic") view=TopicPage ssr=SsrMode::Async/>
                    <Route path=path!("/group") view=GroupPage ssr=SsrMode::Async/>
                    <Route path=path!("/connector") view=ConnectorPage ssr=SsrMode::Async/>
                    <Route path=path!("/lineage") view=LineagePage ssr=SsrMode::Async/>
                    <Route path=path!("/compliance") view=CompliancePage ssr=SsrMode::Async/>
                    <Route path=path!("/personal-data") view=PersonalDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/access") view=AccessPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Sets `data-hydrated="true"` on `<body>` once the browser bundle runs, so tests (and
/// curious users) can tell a hydrated page from a server-rendered one. Effects never
/// run on the server.
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
