//! Writing output files: whole or not at all.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` beside the target, then renames over it: readers see the old file or the whole
/// new one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = write_temporary(path, |writer| writer.write_all(bytes))?;
    rename_over(&temporary, path)
}

/// Writes through `write` into a temporary file beside `path`, to be renamed over it with
/// [`rename_over`], so output can be streamed rather than held as one string. Nothing is left
/// behind when writing fails.
pub(crate) fn write_temporary(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = File::create(&temporary).and_then(|file| {
        let mut writer = BufWriter::new(file);
        write(&mut writer)?;
        writer.flush()
    });
    match written {
        Ok(()) => Ok(temporary),
        Err(e) => {
            let _ = std::fs::remove_file(&temporary);
            Err(e)
        }
    }
}

/// Renames a finished temporary file over the target; removes it when that fails.
pub(crate) fn rename_over(temporary: &Path, path: &Path) -> std::io::Result<()> {
    let renamed = std::fs::rename(temporary, path);
    if renamed.is_err() {
        let _ = std::fs::remove_file(temporary);
    }
    renamed
}
