//! `importTenant`: a tenant export (files as `{path, bytes}`) to an observed scenario and the
//! import's report, with `licenselab-import`, the crate behind `licenselab import`.

use js_sys::{Array, Error, Reflect, Uint8Array};
use licenselab_import::{Document, ImportError, Report, SkipReason};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// The report as plain data (`ImportReport` in types.d.ts).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportView<'a> {
    files: usize,
    read: Counts,
    skipped_members: Vec<SkippedView<'a>>,
    missing: &'a [String],
    not_mapped: &'a [String],
    ignored_files: Vec<IgnoredView<'a>>,
    anonymized: bool,
    /// What `licenselab import` prints on standard error before `wrote FILE`.
    text: String,
}

#[derive(Serialize)]
struct Counts {
    organizations: usize,
    products: usize,
    users: usize,
    groups: usize,
    memberships: usize,
}

#[derive(Serialize)]
struct SkippedView<'a> {
    group: &'a str,
    member: &'a str,
    /// "device", "servicePrincipal", "contact", "notExported", or another `@odata.type`.
    reason: &'a str,
    place: &'a str,
}

#[derive(Serialize)]
struct IgnoredView<'a> {
    path: &'a str,
    reason: &'a str,
}

impl<'a> ReportView<'a> {
    /// `pending` is the summary of the loaded scenario's pending work (`pending_summary`), which
    /// the command prints after the report.
    pub fn of(report: &'a Report, pending: &str) -> Self {
        let c = &report.read;
        ReportView {
            files: report.files,
            read: Counts {
                organizations: c.organizations,
                products: c.products,
                users: c.users,
                groups: c.groups,
                memberships: c.memberships,
            },
            skipped_members: report
                .skipped_members
                .iter()
                .map(|m| SkippedView {
                    group: &m.group,
                    member: &m.member,
                    reason: match &m.reason {
                        SkipReason::Device => "device",
                        SkipReason::ServicePrincipal => "servicePrincipal",
                        SkipReason::Contact => "contact",
                        SkipReason::NotExported => "notExported",
                        SkipReason::OtherType(t) => t,
                    },
                    place: &m.place,
                })
                .collect(),
            missing: &report.missing,
            not_mapped: &report.not_mapped,
            ignored_files: report
                .ignored_files
                .iter()
                .map(|i| IgnoredView {
                    path: &i.path,
                    reason: &i.reason,
                })
                .collect(),
            anonymized: report.anonymized,
            text: format!("{report}{pending}"),
        }
    }
}

/// The files argument as documents: an array of `{path: string, bytes: Uint8Array}`.
pub fn documents(files: &JsValue) -> Result<Vec<Document>, JsValue> {
    let shape = |what: String| -> JsValue {
        let e = Error::new(&format!(
            "importTenant expects an array of {{path: string, bytes: Uint8Array}}: {what}"
        ));
        e.set_name("TypeError");
        e.into()
    };
    let Some(array) = files.dyn_ref::<Array>() else {
        return Err(shape("the argument is not an array".into()));
    };
    let mut documents = Vec::with_capacity(array.length() as usize);
    for (i, file) in array.iter().enumerate() {
        let field = |name: &str| Reflect::get(&file, &JsValue::from_str(name)).ok();
        let Some(path) = field("path").and_then(|p| p.as_string()) else {
            return Err(shape(format!("files[{i}].path is not a string")));
        };
        let Some(bytes) = field("bytes").and_then(|b| b.dyn_into::<Uint8Array>().ok()) else {
            return Err(shape(format!(
                "files[{i}].bytes ({path}) is not a Uint8Array"
            )));
        };
        documents.push(Document {
            path,
            bytes: bytes.to_vec(),
        });
    }
    Ok(documents)
}

/// An `ImportError` as a JS `Error` named `ImportError`: `message` is the native command's
/// (`PATH: what is wrong and what to do`), `path` the file.
pub fn import_error(error: &ImportError) -> JsValue {
    let js_error = Error::new(&error.to_string());
    js_error.set_name("ImportError");
    Reflect::set(
        &js_error,
        &JsValue::from_str("path"),
        &JsValue::from_str(&error.path),
    )
    .expect("an Error is extensible");
    js_error.into()
}
