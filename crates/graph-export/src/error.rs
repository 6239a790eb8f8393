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
    pub(crate) fn redacted(mut self, secrets: &[String]) -> ExportError {
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let texts: Vec<&mut String> = match &mut self {
            ExportError::GraphUrl(m) | ExportError::Token(m) | ExportError::Output(m) => vec![m],
            ExportError::Graph {
                path,
                code,
                message,
                ..
            } => vec![path, code, message],
            ExportError::GaveUp { path, last, .. } => vec![path, last],
            ExportError::Response { path, problem, .. } => vec![path, problem],
        };
        for text in texts {
            *text = redact(text, &secrets);
        }
        self
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_of_an_error_is_redacted() {
        let error = ExportError::Graph {
            method: "GET",
            path: "/v1.0/users?x=SECRET1".into(),
            status: 400,
            code: "SECRET2".into(),
            message: "bad SECRET1 and SECRET2".into(),
        };
        let text = error
            .redacted(&["SECRET1".into(), "SECRET2".into()])
            .to_string();
        assert_eq!(
            text,
            "GET /v1.0/users?x=[redacted]: Graph answered 400 [redacted]: bad [redacted] and [redacted]"
        );
    }
}
