//! `licenselab export`: reads a tenant's licensing state from Microsoft Graph v1.0 into a
//! folder that `licenselab import` reads.
//!
//! # The front door
//!
//! [`export`] runs one export with a [`Config`] (output folder, [`Endpoint`] text, [`TokenSource`],
//! workers, [`RetryPolicy`]) and reports to a [`Progress`] ([`ConsoleProgress`] or [`Silent`]);
//! it returns a [`Summary`] or an [`ExportError`]. The modules behind it are private.
//!
//! # What it promises
//!
//! - **Only reads.** It sends `GET` requests, and `POST /$batch` whose requests are all `GET`s,
//!   to the endpoint chosen; an `@odata.nextLink` elsewhere is refused.
//! - **The token stays in memory.** [`Token`] prints as `[redacted]`; it is sent only in the
//!   `Authorization` header, never written to the folder, and removed from every error.
//! - **No clear text on a network.** `http://` is accepted only for loopback addresses.
//! - **An interrupted export says so.** `licenselab-export.json` is written first with
//!   `"complete": false` and rewritten with `"complete": true` only after the last page; every
//!   file is written through a temporary file and a rename.
//!
//! The folder layout (each page is Graph's list response as received; a `$batch` answer's
//! `body`):
//!
//! ```text
//! DIR/licenselab-export.json
//! DIR/organization/page-0001.json
//! DIR/subscribedSkus/page-0001.json
//! DIR/users/page-0001.json, page-0002.json, ...
//! DIR/groups/page-0001.json, ...
//! DIR/groups/<groupId>/members/page-0001.json, ...             (groups that are not dynamic)
//! DIR/groups/<groupId>/membersWithLicenseErrors/page-0001.json (groups with licenses)
//! ```

mod client;
mod endpoint;
mod error;
mod output;
mod plan;
mod progress;
mod run;
mod token;

pub use endpoint::{Endpoint, DEFAULT_GRAPH_URL};
pub use error::ExportError;
pub use output::COMPLETION_FILE;
pub use plan::{Kind, BATCH_SIZE, GROUP_SELECT, MEMBER_SELECT, PAGE_SIZE, USER_SELECT};
pub use progress::{ConsoleProgress, Progress, Silent};
pub use token::{Token, TokenSource, TOKEN_VARIABLE};

use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime};

/// How throttling (429, 503) and failed connections are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries of one request before giving up.
    pub max_retries: u32,
    /// The first backoff when Graph gives no `Retry-After`; it doubles with each retry.
    pub base_delay: Duration,
    /// The longest wait, also for a `Retry-After`.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 8,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(120),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The folder to write: new, empty, or a previous export (replaced).
    pub output: PathBuf,
    /// Graph's root, [`DEFAULT_GRAPH_URL`] unless a national cloud or a test server.
    pub graph_url: String,
    pub token: TokenSource,
    /// Requests in flight at once.
    pub workers: usize,
    pub retry: RetryPolicy,
    /// The longest a single request may take, connection to last byte.
    pub timeout: Duration,
}

impl Config {
    /// The defaults: Graph's global endpoint, 4 workers, [`RetryPolicy::default`], 5 minutes a
    /// request.
    pub fn new(output: impl Into<PathBuf>, token: TokenSource) -> Config {
        Config {
            output: output.into(),
            graph_url: DEFAULT_GRAPH_URL.to_owned(),
            token,
            workers: 4,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(300),
        }
    }
}

/// What a complete export read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Objects read, per kind, in [`Kind::ALL`] order.
    pub objects: [u64; 6],
    /// Pages written.
    pub pages: u64,
    /// Lists read to their end (top-level lists and member lists).
    pub lists: u64,
    /// HTTP requests sent (a `$batch` counts once), retries included.
    pub requests: u64,
    /// Retries: throttled or failed requests sent again, inside `$batch` too, and token renewals.
    pub retries: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn objects(&self, kind: Kind) -> u64 {
        self.objects[kind as usize]
    }
}

/// Runs one export. The folder says `"complete": true` only when this returns `Ok`.
pub fn export(config: &Config, progress: &dyn Progress) -> Result<Summary, ExportError> {
    let endpoint = Endpoint::parse(&config.graph_url).map_err(ExportError::GraphUrl)?;
    let tokens = token::Tokens::new(config.token.clone()).map_err(ExportError::Token)?;
    // Anything that could echo the token is redacted; `Tokens` knows every token of the run.
    let secrets = tokens.secrets();
    let result = run(config, endpoint, tokens, progress);
    progress.finish();
    result.map_err(|(error, mut more)| {
        more.extend(secrets);
        error.redacted(&more)
    })
}

fn run(
    config: &Config,
    endpoint: Endpoint,
    tokens: token::Tokens,
    progress: &dyn Progress,
) -> Result<Summary, (ExportError, Vec<String>)> {
    let clock = Instant::now();
    let started = humantime::format_rfc3339_seconds(SystemTime::now()).to_string();
    let graph_url = endpoint.origin().to_owned();
    let output = output::Output::prepare(&config.output).map_err(|e| (e, Vec::new()))?;
    output
        .write_completion(&json!({ "complete": false, "started": started }))
        .map_err(|e| (e, Vec::new()))?;
    let client = client::Client::new(endpoint, tokens, config.retry, config.timeout, progress);
    let run = run::Run::new(client, output);
    if let Err(error) = run.execute(config.workers) {
        return Err((error, run.client.tokens.secrets()));
    }
    let summary = Summary {
        objects: std::array::from_fn(|i| run.objects[i].load(Ordering::Relaxed)),
        pages: run.pages.load(Ordering::Relaxed),
        lists: run.lists.load(Ordering::Relaxed),
        requests: run.client.requests.load(Ordering::Relaxed),
        retries: run.client.retries.load(Ordering::Relaxed),
        elapsed: clock.elapsed(),
    };
    let objects: Map<String, Value> = Kind::ALL
        .iter()
        .map(|kind| (kind.name().to_owned(), json!(summary.objects(*kind))))
        .collect();
    let completion = json!({
        "complete": true,
        "started": started,
        "finished": humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        "exportedBy": concat!("licenselab ", env!("CARGO_PKG_VERSION")),
        "graphUrl": graph_url,
        "objects": objects,
        "pages": summary.pages,
        "requests": summary.requests,
        "retries": summary.retries,
    });
    run.output
        .write_completion(&completion)
        .map_err(|e| (e, run.client.tokens.secrets()))?;
    Ok(summary)
}
