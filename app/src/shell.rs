//! The HTML document around the app, rendered on the server only.

use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::routes::App;

/// Renders `<html>` with the hydration scripts and the app inside `<body>`.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="Tributary: the topics, schemas, readers, writers and lineage of your Kafka estate"/>
                <meta name="theme-color" content="#0f172a"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/site.webmanifest"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class="bg-slate-50 text-slate-900 antialiased">
                <App/>
            </body>
        </html>
    }
}
