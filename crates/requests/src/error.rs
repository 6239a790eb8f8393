//! Why a scenario cannot be written as requests.

use licenselab_engine::LoadError;
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum RequestsError {
    /// The scenario does not load (line, column and field path from the engine).
    Load(LoadError),
    /// It loads, but cannot be sent to Graph as it stands: `path` is the field path
    /// (`steps[2].addLicenses[0].skuId`, `expect[1]`).
    Plan { path: String, message: String },
}

impl RequestsError {
    pub(crate) fn plan(path: impl Into<String>, message: impl Into<String>) -> Self {
        RequestsError::Plan {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for RequestsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestsError::Load(error) => error.fmt(f),
            RequestsError::Plan { path, message } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for RequestsError {}

impl From<LoadError> for RequestsError {
    fn from(error: LoadError) -> Self {
        RequestsError::Load(error)
    }
}
