//! The one error an import gives: which file, and what to do.

use std::fmt;

/// A file the import cannot use, or two files that disagree. `path` is the file (as the front end
/// named it); `message` says what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub path: String,
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(path: &str, message: impl Into<String>) -> Self {
        ImportError {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for ImportError {}
