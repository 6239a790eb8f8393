//! The export run: a few workers share the top-level lists and batches of member lists.

use crate::client::{classify, Client, Method};
use crate::error::ExportError;
use crate::output::Output;
use crate::plan::{self, Kind, List, BATCH_SIZE, VERSION};
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// No list has more pages than this (999 objects a page); a loop of nextLinks stops here.
const MAX_PAGES: u32 = 100_000;

/// A page of a member list still to read, inside a `$batch`.
struct Inner {
    list: List,
    path: String,
    page: u32,
    /// Failed attempts so far.
    attempts: u32,
}

enum Job {
    Top(List),
    Batch(Vec<Inner>),
}

#[derive(Default)]
struct Queue {
    tops: VecDeque<List>,
    inner: VecDeque<Inner>,
    busy: usize,
    error: Option<ExportError>,
}

pub(crate) struct Run<'a> {
    pub client: Client<'a>,
    pub output: Output,
    pub objects: [AtomicU64; 6],
    pub pages: AtomicU64,
    pub lists: AtomicU64,
    queue: Mutex<Queue>,
    changed: Condvar,
}

struct JobDone<'r, 'a> {
    run: &'r Run<'a>,
    result: Result<(), ExportError>,
}

impl Drop for JobDone<'_, '_> {
    fn drop(&mut self) {
        let mut queue = self
            .run
            .queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        queue.busy -= 1;
        let result = std::mem::replace(&mut self.result, Ok(()));
        if let Err(error) = result {
            queue.error.get_or_insert(error);
        } else if std::thread::panicking() {
            queue.error.get_or_insert(ExportError::Output(
                "an export worker stopped unexpectedly".to_owned(),
            ));
        }
        self.run.changed.notify_all();
    }
}

impl<'a> Run<'a> {
    pub fn new(client: Client<'a>, output: Output) -> Run<'a> {
        Run {
            client,
            output,
            objects: Default::default(),
            pages: AtomicU64::new(0),
            lists: AtomicU64::new(0),
            queue: Mutex::default(),
            changed: Condvar::new(),
        }
    }

    /// Reads everything with `workers` threads; the first error stops them all.
    pub fn execute(&self, workers: usize) -> Result<(), ExportError> {
        {
            let mut queue = self.queue.lock().unwrap();
            // Groups first, so member batches can start while users are still being paged.
            for kind in [
                Kind::Groups,
                Kind::Users,
                Kind::Organization,
                Kind::SubscribedSkus,
            ] {
                queue.tops.push_back(List::top(kind));
            }
        }
        std::thread::scope(|scope| {
            for _ in 0..workers.max(1) {
                scope.spawn(|| self.work());
            }
        });
        match self.queue.lock().unwrap().error.take() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    fn work(&self) {
        while let Some(job) = self.next_job() {
            // Ends the job even if it panics, so the other workers do not wait for it forever.
            let mut done = JobDone {
                run: self,
                result: Ok(()),
            };
            done.result = match job {
                Job::Top(list) => self.read_list(list),
                Job::Batch(batch) => self.read_batch(batch),
            };
        }
    }

    /// The next job, or `None` when everything is read or a worker failed.
    fn next_job(&self) -> Option<Job> {
        let mut queue = self.queue.lock().unwrap();
        loop {
            if queue.error.is_some() {
                return None;
            }
            if let Some(list) = queue.tops.pop_front() {
                queue.busy += 1;
                return Some(Job::Top(list));
            }
            if !queue.inner.is_empty() {
                let take = queue.inner.len().min(BATCH_SIZE);
                let batch = queue.inner.drain(..take).collect();
                queue.busy += 1;
                return Some(Job::Batch(batch));
            }
            if queue.busy == 0 {
                return None;
            }
            // Woken when a job ends or adds work; the timeout only guards against a lost wake-up.
            queue = self
                .changed
                .wait_timeout(queue, Duration::from_millis(200))
                .unwrap()
                .0;
        }
    }

    fn add_inner(&self, work: impl IntoIterator<Item = Inner>) {
        let mut queue = self.queue.lock().unwrap();
        queue.inner.extend(work);
        self.changed.notify_all();
    }

    fn stopped(&self) -> bool {
        self.queue.lock().unwrap().error.is_some()
    }

    /// Writes one page and counts it; returns the path of the next page, if any.
    fn store(
        &self,
        list: &List,
        page: u32,
        body: &Value,
        bytes: &[u8],
    ) -> Result<Option<String>, String> {
        let info = plan::read_page(body)?;
        let file = plan::page_file(page);
        let mut segments = list.folder();
        segments.push(&file);
        self.output
            .write(&segments, bytes)
            .map_err(|e| e.to_string())?;
        self.objects[list.kind.index()].fetch_add(info.count as u64, Ordering::Relaxed);
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.client.progress.read(list.kind, info.count);
        if list.kind == Kind::Groups {
            let lists = plan::member_lists(body)?;
            self.add_inner(lists.into_iter().map(|list| Inner {
                path: list.first_path(),
                list,
                page: 1,
                attempts: 0,
            }));
        }
        match info.next_link {
            None => {
                self.lists.fetch_add(1, Ordering::Relaxed);
                Ok(None)
            }
            Some(_) if page >= MAX_PAGES => Err(format!("more than {MAX_PAGES} pages")),
            Some(link) => self.client.endpoint.next_path(&link).map(Some),
        }
    }

    /// Reads a top-level list, page after page.
    fn read_list(&self, list: List) -> Result<(), ExportError> {
        let mut path = list.first_path();
        for page in 1..=MAX_PAGES {
            if self.stopped() {
                return Ok(());
            }
            let bytes = self.client.send(Method::Get, &path, &[])?;
            let problem = |problem: String| ExportError::Response {
                method: "GET",
                path: format!("{VERSION}{path}"),
                problem,
            };
            let body: Value =
                serde_json::from_slice(&bytes).map_err(|e| problem(format!("not JSON: {e}")))?;
            match self.store(&list, page, &body, &bytes).map_err(problem)? {
                Some(next) => path = next,
                None => return Ok(()),
            }
        }
        unreachable!("store stops at MAX_PAGES")
    }

    /// Reads one page of up to 20 member lists through `$batch`; queues their next pages and
    /// the requests to try again.
    fn read_batch(&self, batch: Vec<Inner>) -> Result<(), ExportError> {
        let paths: Vec<&str> = batch.iter().map(|inner| inner.path.as_str()).collect();
        let body = plan::batch_body(&paths);
        let (generation, _) = self.client.tokens.current();
        let bytes = self.client.send(Method::Batch, "/$batch", &body)?;
        let answers =
            plan::parse_batch(&bytes, batch.len()).map_err(|problem| ExportError::Response {
                method: "POST",
                path: format!("{VERSION}/$batch"),
                problem,
            })?;
        let mut again = Vec::new();
        let mut next = Vec::new();
        let mut wait = Duration::ZERO;
        for (inner, answer) in batch.into_iter().zip(answers) {
            let shown = format!("{VERSION}{} (in $batch)", inner.path);
            if (200..300).contains(&answer.status) {
                let bytes = serde_json::to_vec(&answer.body).expect("JSON values serialize");
                let found = self
                    .store(&inner.list, inner.page, &answer.body, &bytes)
                    .map_err(|problem| ExportError::Response {
                        method: "GET",
                        path: shown.clone(),
                        problem,
                    })?;
                if let Some(path) = found {
                    next.push(Inner {
                        list: inner.list,
                        path,
                        page: inner.page + 1,
                        attempts: 0,
                    });
                }
                continue;
            }
            let (code, message) = plan::graph_error(&answer.body);
            let failure = classify(answer.status, code, message, answer.retry_after, generation);
            let attempts = inner.attempts + 1;
            wait = wait.max(self.client.decide("GET", &shown, attempts, failure)?);
            again.push(Inner { attempts, ..inner });
        }
        self.add_inner(next);
        if !again.is_empty() {
            std::thread::sleep(wait);
            self.add_inner(again);
        }
        Ok(())
    }
}
