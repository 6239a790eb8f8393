//! Requests to Graph: GET and `$batch` POST only, with the token, retries and token renewal.

use crate::endpoint::Endpoint;
use crate::error::ExportError;
use crate::plan::{self, VERSION};
use crate::progress::Progress;
use crate::token::Tokens;
use crate::RetryPolicy;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use ureq::Agent;

/// The largest response body read (a page of 999 users with every property is a few MB).
const BODY_LIMIT: u64 = 512 * 1024 * 1024;

/// The two kinds of request this crate can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    /// `POST /$batch` whose requests are all GETs (built by [`plan::batch_body`]).
    Batch,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Batch => "POST",
        }
    }
}

pub(crate) struct Client<'a> {
    agent: Agent,
    pub endpoint: Endpoint,
    pub tokens: Tokens,
    pub retry: RetryPolicy,
    pub progress: &'a dyn Progress,
    pub requests: AtomicU64,
    pub retries: AtomicU64,
}

/// What to do after a failed attempt.
pub(crate) enum Failure {
    /// Wait and try again (throttled, or the connection failed).
    Retry {
        retry_after: Option<Duration>,
        reason: String,
    },
    /// The token expired: renew it and try again.
    Expired { generation: u64 },
    /// Stop with this Graph error.
    Stop {
        status: u16,
        code: String,
        message: String,
    },
}

impl<'a> Client<'a> {
    pub fn new(
        endpoint: Endpoint,
        tokens: Tokens,
        retry: RetryPolicy,
        timeout: Duration,
        progress: &'a dyn Progress,
    ) -> Client<'a> {
        let mut config = Agent::config_builder()
            .http_status_as_error(false)
            // A redirect could carry the request elsewhere; Graph does not redirect these reads.
            .max_redirects(0)
            .timeout_global(Some(timeout))
            .user_agent(concat!("licenselab/", env!("CARGO_PKG_VERSION")));
        if endpoint.is_loopback() {
            // A loopback server is on this machine; no proxy from the environment applies.
            config = config.proxy(None);
        }
        Client {
            agent: config.build().into(),
            endpoint,
            tokens,
            retry,
            progress,
            requests: AtomicU64::new(0),
            retries: AtomicU64::new(0),
        }
    }

    /// Sends one request (`path` under [`VERSION`]) until it succeeds, retrying throttling,
    /// failed connections and an expired token within the retry policy; returns the body.
    pub fn send(&self, method: Method, path: &str, body: &[u8]) -> Result<Vec<u8>, ExportError> {
        let shown = format!("{VERSION}{path}");
        let mut attempt = 0;
        loop {
            attempt += 1;
            let failure = match self.attempt(method, path, body) {
                Ok(bytes) => return Ok(bytes),
                Err(failure) => failure,
            };
            let wait = self.decide(method.name(), &shown, attempt, failure)?;
            std::thread::sleep(wait);
        }
    }

    /// Decides what a failure means for attempt number `attempt`: how long to wait before
    /// trying again (renewing the token first when it expired), or the error to stop with.
    pub fn decide(
        &self,
        method: &'static str,
        shown: &str,
        attempt: u32,
        failure: Failure,
    ) -> Result<Duration, ExportError> {
        let give_up = |last: String| ExportError::GaveUp {
            method,
            path: shown.to_owned(),
            attempts: attempt,
            last,
        };
        match failure {
            Failure::Stop {
                status,
                code,
                message,
            } => Err(ExportError::Graph {
                method,
                path: shown.to_owned(),
                status,
                code,
                message,
            }),
            Failure::Retry {
                retry_after,
                reason,
            } => {
                if attempt > self.retry.max_retries {
                    return Err(give_up(reason));
                }
                let counter = self.retries.fetch_add(1, Ordering::Relaxed);
                let wait = plan::retry_delay(
                    attempt,
                    retry_after,
                    self.retry.base_delay,
                    self.retry.max_delay,
                    counter,
                );
                self.progress.retry(&format!(
                    "{method} {shown}: {reason}; waiting {} ms",
                    wait.as_millis()
                ));
                Ok(wait)
            }
            Failure::Expired { generation } => {
                if attempt > self.retry.max_retries {
                    return Err(give_up("the access token expired".to_owned()));
                }
                let renewed = self.tokens.renew(generation).map_err(ExportError::Token)?;
                if !renewed {
                    return Err(ExportError::Token(format!(
                        "{method} {shown}: Graph says the access token expired or is invalid, and \
                         it cannot be renewed (renew it, or pass --token-command so licenselab \
                         can)"
                    )));
                }
                self.retries.fetch_add(1, Ordering::Relaxed);
                self.progress.retry(&format!(
                    "{method} {shown}: the access token expired; renewed it"
                ));
                Ok(Duration::ZERO)
            }
        }
    }

    fn attempt(&self, method: Method, path: &str, body: &[u8]) -> Result<Vec<u8>, Failure> {
        let (generation, token) = self.tokens.current();
        let authorization = format!("Bearer {}", token.secret());
        let url = self.endpoint.url(path);
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.progress.request();
        let sent = match method {
            Method::Get => self
                .agent
                .get(&url)
                .header("Authorization", &authorization)
                .header("Accept", "application/json")
                .call(),
            Method::Batch => self
                .agent
                .post(&url)
                .header("Authorization", &authorization)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .send(body),
        };
        let connection_failed = |e: ureq::Error| Failure::Retry {
            retry_after: None,
            reason: format!("connection failed: {e}"),
        };
        let mut response = sent.map_err(connection_failed)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(plan::retry_after);
        let bytes = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
            .map_err(connection_failed)?;
        if (200..300).contains(&status) {
            return Ok(bytes);
        }
        let (code, message) = plan::graph_error_bytes(&bytes);
        Err(classify(status, code, message, retry_after, generation))
    }
}

/// What a non-success status means.
pub(crate) fn classify(
    status: u16,
    code: String,
    message: String,
    retry_after: Option<Duration>,
    generation: u64,
) -> Failure {
    if plan::throttled(status) {
        Failure::Retry {
            retry_after,
            reason: format!("Graph answered {status} {code}"),
        }
    } else if plan::token_expired(status, &code) {
        Failure::Expired { generation }
    } else {
        Failure::Stop {
            status,
            code,
            message,
        }
    }
}
