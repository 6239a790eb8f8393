//! `--emit graph`: the request list as a JSON document, the same bytes from every front end.

use crate::model::{GraphRequest, GRAPH_ROOT};
use crate::scopes::scopes;
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    graph: &'static str,
    scopes: Vec<&'static str>,
    requests: &'a [GraphRequest],
}

/// The document: `graph` (the root URLs are relative to), `scopes`, `requests`; two-space
/// indentation and a final newline.
pub fn graph_json(requests: &[GraphRequest]) -> String {
    let document = Document {
        graph: GRAPH_ROOT,
        scopes: scopes(requests),
        requests,
    };
    let mut text = serde_json::to_string_pretty(&document).expect("plain data serializes");
    text.push('\n');
    text
}
