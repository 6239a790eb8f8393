//! Progress: objects read per kind, requests, retries. A bar on a terminal, plain lines otherwise.

use crate::plan::Kind;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What an export reports while it runs. Called from several threads.
pub trait Progress: Sync {
    /// `count` more objects of `kind` were read.
    fn read(&self, kind: Kind, count: usize);
    /// A request was sent (a `$batch` counts once).
    fn request(&self);
    /// A request (or a request inside a `$batch`) will be retried, for `reason`.
    fn retry(&self, reason: &str);
    /// The export ended, complete or not.
    fn finish(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn read(&self, _: Kind, _: usize) {}
    fn request(&self) {}
    fn retry(&self, _: &str) {}
}

/// Progress on standard error: a spinner with counts when it is a terminal, otherwise a line
/// every few seconds and one per retry.
pub struct ConsoleProgress {
    counts: [AtomicU64; 6],
    requests: AtomicU64,
    retries: AtomicU64,
    bar: Option<ProgressBar>,
    last_line: Mutex<Instant>,
}

const LINE_INTERVAL: Duration = Duration::from_secs(5);

impl ConsoleProgress {
    pub fn new() -> ConsoleProgress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .expect("a valid template"),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        ConsoleProgress {
            counts: Default::default(),
            requests: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            bar,
            last_line: Mutex::new(Instant::now()),
        }
    }

    fn line(&self) -> String {
        let mut parts: Vec<String> = Kind::ALL
            .iter()
            .map(|kind| {
                let n = self.counts[kind.index()].load(Ordering::Relaxed);
                format!("{} {n}", kind.name())
            })
            .collect();
        parts.push(format!(
            "requests {}",
            self.requests.load(Ordering::Relaxed)
        ));
        parts.push(format!("retries {}", self.retries.load(Ordering::Relaxed)));
        parts.join(", ")
    }

    fn update(&self) {
        match &self.bar {
            Some(bar) => bar.set_message(self.line()),
            None => {
                let mut last = self.last_line.lock().unwrap();
                if last.elapsed() >= LINE_INTERVAL {
                    *last = Instant::now();
                    self.print(&format!("read {}", self.line()));
                }
            }
        }
    }

    fn print(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(format!("licenselab: {text}")),
            None => {
                let _ = writeln!(std::io::stderr(), "licenselab: {text}");
            }
        }
    }
}

impl Default for ConsoleProgress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for ConsoleProgress {
    fn read(&self, kind: Kind, count: usize) {
        self.counts[kind.index()].fetch_add(count as u64, Ordering::Relaxed);
        self.update();
    }

    fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.update();
    }

    fn retry(&self, reason: &str) {
        self.retries.fetch_add(1, Ordering::Relaxed);
        self.print(&format!("retrying: {reason}"));
        self.update();
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        self.print(&format!("read {}", self.line()));
    }
}
