//! The worker's session, natively, as a filter: one `Request` per line of standard input (JSON, as
//! the page posts them), the `Response`s it says back one per line on standard output. The
//! end-to-end test of the worker (`tests/e2e/worker.test.mjs`) asks the worker in Chromium and
//! this the same questions and compares the answers.
//!
//! `cargo run -q -p licenselab-app --example session < requests.jsonl`

use std::io::{BufRead, Write};

use licenselab_app::session::{Request, Session};

fn main() {
    let mut session = Session::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = match line {
            Ok(line) if line.trim().is_empty() => continue,
            Ok(line) => line,
            Err(e) => {
                eprintln!("session: standard input could not be read: {e}");
                std::process::exit(2);
            }
        };
        let request: Request = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("session: line {}: not a request: {e}", n + 1);
                std::process::exit(2);
            }
        };
        session.handle(request, &mut |response| {
            // Standard output closed early: nothing is left to tell.
            let _ = serde_json::to_writer(&mut out, &response).map(|()| writeln!(out));
        });
    }
    let _ = out.flush();
}
