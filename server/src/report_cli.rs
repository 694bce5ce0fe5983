//! `tributary report`: a compliance report downloaded from a running Tributary into a
//! file, with a progress line on stderr (bytes and elapsed time) while it streams. The
//! file is written under a temporary name and renamed when complete, so that a failed
//! download never leaves a truncated report where a complete one is expected.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How long the server may take to start answering.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// How often the progress line is redrawn.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

/// What to ask for.
pub struct ReportDownload {
    pub url: String,
    /// An API token with the `reports` scope (needed once Tributary has accounts).
    pub token: Option<String>,
    /// Query parameters, as given (empty ones are left out).
    pub parameters: Vec<(&'static str, Option<String>)>,
    pub output: PathBuf,
}

pub async fn run(download: ReportDownload) -> ExitCode {
    match fetch(&download).await {
        Ok((bytes, took)) => {
            eprintln!(
                "\rreport written to {} ({bytes} bytes in {:.1} s)",
                download.output.display(),
                took.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("\rerror: {why}");
            ExitCode::FAILURE
        }
    }
}

async fn fetch(download: &ReportDownload) -> Result<(u64, Duration), String> {
    let started = Instant::now();
    let client = reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .build()
        .map_err(|error| format!("cannot make an HTTP client: {error}"))?;
    let parameters: Vec<(&str, &str)> =
        download.parameters.iter().filter_map(|(name, value)| Some((*name, value.as_deref()?))).collect();
    let endpoint = format!("{}/api/v1/reports", download.url.trim_end_matches('/'));
    let endpoint = reqwest::Url::parse_with_params(&endpoint, &parameters)
        .map_err(|error| format!("`{}` is not a URL: {error}", download.url))?;
    let mut request = client.get(endpoint);
    if let Some(token) = &download.token {
        request = request.bearer_auth(token);
    }
    let response =
        request.send().await.map_err(|error| format!("cannot reach Tributary at {}: {error}", download.url))?;
    let status = response.status();
    if !status.is_success() {
        let answer: serde_json::Value = response.json().await.unwrap_or_default();
        let said = answer["error"]["message"].as_str().unwrap_or("no reason given");
        return Err(format!("Tributary refused the report ({status}): {said}"));
    }
    let partial = partial_path(&download.output);
    let written = match write_body(response, &partial, started).await {
        Ok(written) => written,
        Err(why) => {
            // Nothing truncated is left behind.
            let _ = std::fs::remove_file(&partial);
            return Err(why);
        }
    };
    std::fs::rename(&partial, &download.output)
        .map_err(|error| format!("cannot move the report to {}: {error}", download.output.display()))?;
    Ok((written, started.elapsed()))
}

/// Streams the body into `partial`, redrawing the progress line; the bytes written.
async fn write_body(mut response: reqwest::Response, partial: &Path, started: Instant) -> Result<u64, String> {
    let cannot_write = |error: std::io::Error| format!("cannot write {}: {error}", partial.display());
    let mut file = std::fs::File::create(partial).map_err(cannot_write)?;
    let (mut written, mut drawn) = (0_u64, Instant::now());
    loop {
        let chunk = response.chunk().await;
        let Some(chunk) = chunk.map_err(|error| format!("the download broke off after {written} bytes: {error}"))?
        else {
            break;
        };
        file.write_all(&chunk).map_err(cannot_write)?;
        written += chunk.len() as u64;
        if drawn.elapsed() >= PROGRESS_EVERY {
            eprint!("\rreceived {written} bytes in {:.1} s", started.elapsed().as_secs_f64());
            let _ = std::io::stderr().flush();
            drawn = Instant::now();
        }
    }
    file.sync_all().map_err(cannot_write)?;
    Ok(written)
}

/// `report.json` is written as `report.json.partial` until complete.
fn partial_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().map(|name| name.to_os_string()).unwrap_or_default();
    name.push(".partial");
    output.with_file_name(name)
}
