//! A reader that stops early (`licenselab ... | head`) is not a failure: the command stops
//! writing and exits as it would have, with nothing on standard error (before, `generate` and
//! `check` panicked on the broken pipe and `run` called it an error).

use std::process::{Command, Stdio};

mod support;
use support::out_dir;

/// Runs `licenselab args` with its standard output closed by the reader before it writes
/// (its output is bigger than a pipe's buffer, so the write fails however fast it starts).
fn with_reader_gone(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn generate_and_run_stop_quietly_when_the_reader_stops() {
    let dir = out_dir("stdout-reader-gone");
    let tenant = dir.join("tenant.json");
    let made = Command::new(env!("CARGO_BIN_EXE_licenselab"))
        .args(["generate", "--users", "2000", "--groups", "40", "-o"])
        .arg(&tenant)
        .output()
        .unwrap();
    assert!(made.status.success());
    assert!(std::fs::metadata(&tenant).unwrap().len() > 1 << 17);

    let (code, stderr) = with_reader_gone(&["generate", "--users", "2000", "--groups", "40"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (code, stderr) = with_reader_gone(&["run", tenant.to_str().unwrap()]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}
