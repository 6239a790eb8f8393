//! The export folder: checked before anything is read, pages written atomically, and a
//! completion file that says whether the run finished.

use crate::error::ExportError;
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file that marks a folder as a licenselab export and says whether it is complete.
pub const COMPLETION_FILE: &str = "licenselab-export.json";

/// What an export writes at the top of its folder; a previous export's are replaced.
const EXPORT_ENTRIES: &[&str] = &[
    COMPLETION_FILE,
    "organization",
    "subscribedSkus",
    "users",
    "groups",
];

const TEMP_SUFFIX: &str = ".partial";

pub(crate) struct Output {
    dir: PathBuf,
}

fn output_error(what: &str, path: &Path, e: std::io::Error) -> ExportError {
    ExportError::Output(format!("cannot {what} {}: {e}", path.display()))
}

impl Output {
    /// Uses `dir` if it is missing, empty or a previous licenselab export (whose files are
    /// removed); refuses any other folder.
    pub fn prepare(dir: &Path) -> Result<Output, ExportError> {
        if dir.exists() {
            if !dir.is_dir() {
                return Err(ExportError::Output(format!(
                    "{} exists and is not a folder",
                    dir.display()
                )));
            }
            let entries: Vec<String> = fs::read_dir(dir)
                .map_err(|e| output_error("read", dir, e))?
                .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<Result<_, _>>()
                .map_err(|e| output_error("read", dir, e))?;
            if !entries.is_empty() {
                if !entries.iter().any(|e| e == COMPLETION_FILE) {
                    return Err(ExportError::Output(format!(
                        "{} is not empty and is not a licenselab export (it has no {COMPLETION_FILE}); \
                         choose a new or empty folder",
                        dir.display()
                    )));
                }
                let is_ours = |e: &String| {
                    EXPORT_ENTRIES.contains(&e.as_str())
                        || (e.starts_with('.') && e.ends_with(TEMP_SUFFIX))
                };
                if let Some(other) = entries.iter().find(|e| !is_ours(e)) {
                    return Err(ExportError::Output(format!(
                        "{} is a licenselab export but also holds `{other}`, which an export does \
                         not write; move it away or choose another folder",
                        dir.display()
                    )));
                }
                for entry in &entries {
                    let path = dir.join(entry);
                    let removed = if path.is_dir() {
                        fs::remove_dir_all(&path)
                    } else {
                        fs::remove_file(&path)
                    };
                    removed.map_err(|e| output_error("remove", &path, e))?;
                }
            }
        }
        fs::create_dir_all(dir).map_err(|e| output_error("create", dir, e))?;
        Ok(Output {
            dir: dir.to_owned(),
        })
    }

    /// Writes `bytes` to `segments` (relative to the folder) through a temporary file and a
    /// rename, so a file is either whole or absent.
    pub fn write(&self, segments: &[&str], bytes: &[u8]) -> Result<(), ExportError> {
        let (name, folders) = segments.split_last().expect("a file name");
        let mut folder = self.dir.clone();
        folder.extend(folders);
        fs::create_dir_all(&folder).map_err(|e| output_error("create", &folder, e))?;
        let path = folder.join(name);
        let temp = folder.join(format!(".{name}{TEMP_SUFFIX}"));
        let written = fs::File::create(&temp).and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_data()
        });
        written.map_err(|e| output_error("write", &temp, e))?;
        fs::rename(&temp, &path).map_err(|e| output_error("write", &path, e))
    }

    pub fn write_completion(&self, document: &Value) -> Result<(), ExportError> {
        let mut text = serde_json::to_vec_pretty(document).expect("JSON values serialize");
        text.push(b'\n');
        self.write(&[COMPLETION_FILE], &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("licenselab-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn only_new_empty_or_previous_export_folders_are_used() {
        let dir = scratch("folders");
        let output = Output::prepare(&dir).unwrap();
        output.write(&["users", "page-0001.json"], b"{}").unwrap();
        output
            .write_completion(&serde_json::json!({ "complete": false }))
            .unwrap();
        assert!(dir.join("users/page-0001.json").is_file());
        assert!(!dir.join("users/.page-0001.json.partial").exists());

        // A previous export is replaced.
        Output::prepare(&dir).unwrap();
        assert!(!dir.join("users").exists());

        fs::write(dir.join(COMPLETION_FILE), "{}").unwrap();
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let e = Output::prepare(&dir).err().unwrap().to_string();
        assert!(e.contains("notes.txt"), "{e}");
        fs::remove_file(dir.join(COMPLETION_FILE)).unwrap();
        let e = Output::prepare(&dir).err().unwrap().to_string();
        assert!(e.contains("not a licenselab export"), "{e}");
        assert!(dir.join("notes.txt").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
