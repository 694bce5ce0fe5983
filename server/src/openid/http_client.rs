//! The `openidconnect` crate's HTTP requests, sent with reqwest: redirects are never
//! followed (a provider's answer that redirects elsewhere could point the server at an
//! internal address), and each request has a time limit.

use std::time::Duration;

use openidconnect::{HttpRequest, HttpResponse};

/// How long one request to the provider may take.
pub const PROVIDER_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest answer read from the provider (its metadata, keys, tokens, userinfo).
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// A request to the provider that could not be made or read.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ProviderHttpError(String);

/// The client the provider's requests go through.
pub fn provider_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(PROVIDER_REQUEST_TIMEOUT)
        .build()
        .unwrap_or_default()
}

/// Sends `request` with `client`, as the crate's asynchronous client interface asks.
pub async fn send(client: reqwest::Client, request: HttpRequest) -> Result<HttpResponse, ProviderHttpError> {
    let request = reqwest::Request::try_from(request).map_err(|error| ProviderHttpError(error.to_string()))?;
    let url = request.url().clone();
    let mut response =
        client.execute(request).await.map_err(|error| ProviderHttpError(format!("{url}: {}", error.without_url())))?;
    let mut builder = openidconnect::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        builder = builder.header(name, value);
    }
    let mut body = Vec::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|error| ProviderHttpError(format!("{url}: {}", error.without_url())))?
    {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(ProviderHttpError(format!("{url}: the answer is larger than {MAX_ANSWER_BYTES} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    builder.body(body).map_err(|error| ProviderHttpError(error.to_string()))
}
