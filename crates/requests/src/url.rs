//! Graph URLs: ids as percent-encoded path segments (RFC 3986 unreserved characters and `@`,
//! which user principal names carry and Graph reads as written, stay as they are).

use crate::model::GRAPH_ROOT;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// `id` as one path segment.
pub(crate) fn segment(id: &str) -> String {
    utf8_percent_encode(id, SEGMENT).to_string()
}

pub(crate) fn user(id: &str) -> String {
    format!("/users/{}", segment(id))
}

pub(crate) fn group(id: &str) -> String {
    format!("/groups/{}", segment(id))
}

/// The `@odata.id` of a directory object, for a `$ref` body.
pub(crate) fn directory_object(id: &str) -> String {
    format!("{GRAPH_ROOT}/directoryObjects/{}", segment(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_encoded_as_one_segment() {
        assert_eq!(user("alice@contoso.com"), "/users/alice@contoso.com");
        assert_eq!(group("a/b c?d#e%f'g"), "/groups/a%2Fb%20c%3Fd%23e%25f%27g");
        assert_eq!(segment("é$"), "%C3%A9%24");
        assert_eq!(
            directory_object("x y"),
            "https://graph.microsoft.com/v1.0/directoryObjects/x%20y"
        );
    }
}
