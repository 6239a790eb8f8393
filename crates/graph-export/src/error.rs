//! Why an export stopped. Every message is redacted of the run's tokens before it leaves the crate.

use crate::token::redact;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// `--graph-url` was refused.
    GraphUrl(String),
    /// The token could not be obtained.
    Token(String),
    /// The output folder cannot be used or written.
    Output(String),
    /// Graph answered with an error that is not worth retrying.
    Graph {
        method: &'static str,
        /// The path under the endpoint, with its query (the token is never in a path).
        path: String,
        status: u16,
        code: String,
        message: String,
    },
    /// Graph kept throttling (429, 503), or the connection kept failing, past the retry limit.
    GaveUp {
        method: &'static str,
        path: String,
        attempts: u32,
        last: String,
    },
    /// Graph's answer could not be read.
    Response {
        method: &'static str,
        path: String,
        problem: String,
    },
}

impl ExportError {
    /// The same error with every secret replaced by `[redacted]`.
    pub(crate) fn redacted(self, secrets: &[String]) -> ExportError {
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let r = |text: String| redact(&text, &secrets);
        match self {
            ExportError::GraphUrl(m) => ExportError::GraphUrl(r(m)),
            ExportError::Token(m) => ExportError::Token(r(m)),
            ExportError::Output(m) => ExportError::Output(r(m)),
            ExportError::Graph {
                method,
                path,
                status,
                code,
                message,
            } => ExportError::Graph {
                method,
                path: r(path),
                status,
                code: r(code),
                message: r(message),
            },
            ExportError::GaveUp {
                method,
                path,
                attempts,
                last,
            } => ExportError::GaveUp {
                method,
                path: r(path),
                attempts,
                last: r(last),
            },
            ExportError::Response {
                method,
                path,
                problem,
            } => ExportError::Response {
                method,
                path: r(path),
                problem: r(problem),
            },
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::GraphUrl(m) => write!(f, "--graph-url: {m}"),
            ExportError::Token(m) => write!(f, "access token: {m}"),
            ExportError::Output(m) => f.write_str(m),
            ExportError::Graph {
                method,
                path,
                status,
                code,
                message,
            } => write!(
                f,
                "{method} {path}: Graph answered {status} {code}: {message}"
            ),
            ExportError::GaveUp {
                method,
                path,
                attempts,
                last,
            } => write!(
                f,
                "{method} {path}: gave up after {attempts} attempts ({last})"
            ),
            ExportError::Response {
                method,
                path,
                problem,
            } => write!(f, "{method} {path}: unexpected response: {problem}"),
        }
    }
}

impl std::error::Error for ExportError {}
