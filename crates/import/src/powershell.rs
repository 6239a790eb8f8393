//! Graph PowerShell SDK objects through `ConvertTo-Json`: PascalCase keys, an
//! `AdditionalProperties` map, `\/Date(ms)\/` dates (Windows PowerShell 5.1), and type names where
//! a too-small `-Depth` cut objects short. Turned into the camelCase Graph shape.

use crate::ImportError;
use serde_json::{Map, Value};

/// An SDK object has PascalCase keys: at least `Id` or `AdditionalProperties`.
pub(crate) fn is_sdk_object(object: &Map<String, Value>) -> bool {
    object.contains_key("Id") || object.contains_key("AdditionalProperties")
}

/// `Get-MgGroupMember` puts only `Id` and `DeletedDateTime` at the top level.
pub(crate) fn is_directory_object(object: &Map<String, Value>) -> bool {
    object.keys().all(|k| {
        matches!(
            k.as_str(),
            "Id" | "DeletedDateTime" | "AdditionalProperties"
        )
    })
}

/// Fails when a value is a .NET type name, the mark of `ConvertTo-Json` cut short by `-Depth`.
pub(crate) fn check_depth(path: &str, value: &Value, at: &str) -> Result<(), ImportError> {
    match value {
        Value::String(s) if is_type_name(s) => Err(ImportError::new(
            path,
            format!(
                "{at} holds the type name \"{s}\" instead of its value: ConvertTo-Json cut the objects short at its -Depth (2 by default); export again with ConvertTo-Json -Depth 10"
            ),
        )),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| check_depth(path, item, &format!("{at}[{i}]"))),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            let at = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            check_depth(path, v, &at)
        }),
        _ => Ok(()),
    }
}

fn is_type_name(s: &str) -> bool {
    s.starts_with("Microsoft.Graph.PowerShell.")
        || s.starts_with("System.Collections.")
        || s.starts_with("System.Management.Automation.")
        || s == "System.Object[]"
}

/// PascalCase keys to camelCase, `AdditionalProperties` merged into its object, `/Date(ms)/` to ISO.
pub(crate) fn camel_case(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                if key == "AdditionalProperties" {
                    if let Value::Object(extra) = value {
                        for (k, v) in extra {
                            out.insert(k, camel_case(v));
                        }
                    }
                    continue;
                }
                out.insert(lower_first(&key), camel_case(value));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(camel_case).collect()),
        Value::String(s) => Value::String(net_date(&s).unwrap_or(s)),
        other => other,
    }
}

fn lower_first(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) if first.is_ascii_uppercase() => {
            first.to_ascii_lowercase().to_string() + chars.as_str()
        }
        _ => key.to_owned(),
    }
}

/// `/Date(1700000000000)/` (optionally with a `+0100` offset, which the milliseconds already
/// account for) to `2023-11-14T22:13:20Z`.
fn net_date(s: &str) -> Option<String> {
    let inner = s.strip_prefix("/Date(")?.strip_suffix(")/")?;
    let digits_end = inner
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map_or(inner.len(), |(i, _)| i);
    let ms: i64 = inner[..digits_end].parse().ok()?;
    let (secs, millis) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let time = format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60);
    Some(if millis == 0 {
        format!("{y:04}-{m:02}-{d:02}T{time}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{time}.{millis:03}Z")
    })
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_dates() {
        assert_eq!(
            net_date("/Date(1700000000000)/").unwrap(),
            "2023-11-14T22:13:20Z"
        );
        assert_eq!(net_date("/Date(0+0100)/").unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(
            net_date("/Date(951782400123)/").unwrap(),
            "2000-02-29T00:00:00.123Z"
        );
        assert_eq!(net_date("2023-11-14T22:13:20Z"), None);
    }
}
