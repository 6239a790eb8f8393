//! Text to JSON values: one value, or several written one after another (pages appended to one
//! file). Errors say where, and whether the file was cut short.

use crate::ImportError;
use serde_json::error::Category;
use serde_json::Value;

pub(crate) fn values(path: &str, text: &str) -> Result<Vec<Value>, ImportError> {
    let mut values = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        values.push(value.map_err(|e| error(path, &e))?);
    }
    if values.is_empty() {
        return Err(empty(path));
    }
    Ok(values)
}

pub(crate) fn empty(path: &str) -> ImportError {
    ImportError::new(
        path,
        "is empty; export it again (a Graph response, an EntraExporter file or ConvertTo-Json output)",
    )
}

pub(crate) fn error(path: &str, e: &serde_json::Error) -> ImportError {
    let (line, column) = (e.line(), e.column());
    let message = match e.classify() {
        Category::Eof => format!(
            "the JSON ends too early at line {line}, column {column}: the file is cut short; export it again, or copy the whole response"
        ),
        _ => {
            let what = e.to_string();
            let what = what
                .split(" at line ")
                .next()
                .unwrap_or(&what)
                .to_owned();
            format!("is not valid JSON at line {line}, column {column} ({what}); export it again as JSON")
        }
    };
    ImportError::new(path, message)
}
