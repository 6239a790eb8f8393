//! A scenario's starting tenant built a portion at a time (`Simulation::loading`), with the
//! progress after each portion as a sentence: the page's loading (`crate::loading`, yielding to the
//! page between portions) and the worker's session (`crate::session`, posting each) share it.

use licenselab_engine::{LoadError, Loading, Scenario, Simulation};

/// About 20 ms of work in the browser per portion.
pub const PORTION: usize = 20_000;

/// How far the building is: units of work (users and memberships) done and in all, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub sentence: String,
}

/// A starting tenant being built.
pub struct Portions {
    loading: Loading,
    users: usize,
    groups: usize,
}

impl Portions {
    pub fn new(scenario: &Scenario) -> Result<Portions, LoadError> {
        Ok(Portions {
            loading: Simulation::loading(scenario)?,
            users: scenario.users.len(),
            groups: scenario.groups.len(),
        })
    }

    /// Builds one portion more: the progress while work is left, `None` once the tenant is complete.
    pub fn advance(&mut self) -> Result<Option<Progress>, LoadError> {
        if self.loading.advance(PORTION)? {
            return Ok(None);
        }
        let (done, total) = self.loading.progress();
        Ok(Some(Progress {
            done,
            total,
            sentence: format!(
                "Building the tenant: {}% ({} users, {} groups)…",
                done * 100 / total.max(1),
                self.users,
                self.groups
            ),
        }))
    }

    /// The simulation at its start (what is left built at once).
    pub fn finish(self) -> Result<Simulation, LoadError> {
        self.loading.finish()
    }
}
