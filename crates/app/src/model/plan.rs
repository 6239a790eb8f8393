//! "Plan a change", as the app does it: today's tenant and a target to a plan with
//! `licenselab-plan` (the same crate as `licenselab plan`), both orders run on the engine so the
//! view describes every step with names, and the requests to download with `licenselab-requests`.
//! Reading a target file and yielding to the page are the component's effects; this part is pure.

use std::rc::Rc;

use licenselab_engine::Scenario;
use licenselab_plan::{Gap, Plan, PlanError, PlanOptions};
use licenselab_requests::Emit;

use super::Derived;

/// A plan ready to show: the planner's result, and its two orders run (each a scenario seen at its
/// end), so each step is described as the Timeline describes it and has the engine's report.
pub struct Planned {
    pub plan: Plan,
    /// The plan scenario, run.
    pub safe: Rc<Derived>,
    /// The obvious order (every change in file order, removals first), run.
    pub naive: Rc<Derived>,
}

impl PartialEq for Planned {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl std::fmt::Debug for Planned {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Planned({} steps)", self.plan.steps.len())
    }
}

/// Why there is no plan, in words for the panel: what went wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub title: String,
    pub message: String,
    pub hint: String,
}

/// Today's tenant as a scenario without steps: the scenario itself when it has none, else the
/// tenant after its last step, written back as a starting state.
pub fn today(d: &Derived) -> Scenario {
    if d.scenario.steps.is_empty() {
        (*d.scenario).clone()
    } else {
        d.full.tenant().snapshot(&d.scenario.name)
    }
}

/// The target the user edited: the copy's tenant after its last step, as a scenario without steps.
pub fn edited_target(d: &Derived) -> Scenario {
    let mut target = d.full.tenant().snapshot(&d.scenario.name);
    target.description = "The target, edited in the app.".to_owned();
    target
}

/// A target file's text as a scenario; `file` names it in the failure.
pub fn read_target(file: &str, text: &str) -> Result<Scenario, Failure> {
    licenselab_engine::parse(text).map_err(|e| unreadable_target(file, e.to_string()))
}

/// A target file that could not be read or parsed, and why.
pub fn unreadable_target(file: &str, message: String) -> Failure {
    Failure {
        title: format!("{file} could not be read as a target"),
        message,
        hint: "Nothing was planned. A target is a scenario without steps: today's tenant as it should be (Export JSON, then edit the copy).".to_owned(),
    }
}

/// Plans the way from `today` to `target` and runs both orders.
pub fn run(today: &Scenario, target: &Scenario) -> Result<Planned, Failure> {
    let plan = licenselab_plan::plan(today, target, &PlanOptions::default()).map_err(failure)?;
    let derive = |scenario: &Scenario| {
        Derived::run(Rc::new(scenario.clone()), usize::MAX)
            .map(Rc::new)
            .map_err(|e| failure(PlanError::Internal(e.to_string())))
    };
    Ok(Planned {
        safe: derive(&plan.scenario)?,
        naive: derive(&plan.naive_scenario)?,
        plan,
    })
}

fn failure(e: PlanError) -> Failure {
    let hint = match &e {
        PlanError::Tenant(_) => "Open today's tenant again (it must load on its own), then plan.",
        PlanError::Target(_) => "Fix the target where the message says, or load another target.",
        PlanError::HasSteps { .. } => "Plan between two scenarios without steps: Export JSON of the tenant as it should be, or use Start planning and edit the copy.",
        PlanError::Unsupported(_) => "A target is today's tenant with licensing changed: a target of another tenant (other users) cannot be planned. Start from today's tenant (Start planning, or Export JSON and edit the copy).",
        PlanError::Internal(_) => "This is a defect of the planner: please report it with the two scenarios.",
    };
    Failure {
        title: "No plan".to_owned(),
        message: e.to_string(),
        hint: hint.to_owned(),
    }
}

impl Planned {
    /// The plan's steps as Graph requests (`Emit::Graph`) or a PowerShell script, as
    /// `licenselab plan --emit` writes them; an error says why the plan cannot be sent.
    pub fn requests(&self, emit: Emit) -> Result<String, String> {
        let requests =
            licenselab_requests::graph_requests(&self.plan.scenario).map_err(|e| e.to_string())?;
        Ok(match emit {
            Emit::Graph => licenselab_requests::graph_json(&requests),
            Emit::PowerShell => licenselab_requests::powershell(&requests),
        })
    }

    /// The services the obvious order takes at step `index` (gone after that step although the
    /// user has them today and in the target), by user.
    pub fn naive_losses(&self, index: usize) -> Vec<Loss<'_>> {
        losses(&self.naive, &self.plan.naive.gaps, index)
    }

    /// The same for the plan (only where no order avoids a gap).
    pub fn safe_losses(&self, index: usize) -> Vec<Loss<'_>> {
        losses(&self.safe, &self.plan.gaps, index)
    }

    /// The plan's license errors that start at step `index`, in words: who, which product from
    /// which group, the error, and the step that clears it (steps counted from 1, as the
    /// Timeline counts them).
    pub fn errors_from(&self, index: usize) -> Vec<String> {
        self.plan
            .errors_on_the_way
            .iter()
            .filter(|e| e.from_step == index)
            .map(|e| {
                format!(
                    "{}: {}{} in {} {} (no service lost)",
                    user_name(&self.safe, &e.user),
                    product_name(&self.safe, &e.sku_id, &e.sku_name),
                    e.group_name
                        .as_deref()
                        .map_or(String::new(), |g| format!(" from {g}")),
                    e.error,
                    e.until_step.map_or("until the end".to_owned(), |s| format!(
                        "until step {}",
                        s + 1
                    )),
                )
            })
            .collect()
    }

    /// The users whose licenses at the plan's end are not the target's, by name: the first
    /// `most`, then how many more.
    pub fn not_reached(&self, most: usize) -> String {
        let users = &self.plan.not_reached;
        let mut names: Vec<String> = users
            .iter()
            .take(most)
            .map(|u| user_name(&self.safe, u))
            .collect();
        if users.len() > most {
            names.push(format!("and {} more", users.len() - most));
        }
        names.join(", ")
    }

    /// Users the obvious order leaves without a service at some step.
    pub fn naive_users_with_gaps(&self) -> usize {
        users(&self.plan.naive.gaps)
    }

    /// Users the plan leaves without a service at some step (0 for a plan without a gap).
    pub fn safe_users_with_gaps(&self) -> usize {
        users(&self.plan.gaps)
    }
}

/// The services one user loses at one step that come back at the same step (or never).
#[derive(Debug, PartialEq, Eq)]
pub struct Loss<'a> {
    /// The user's display name.
    pub user: String,
    pub services: Vec<&'a str>,
    /// The step after which they are back (`None`: not back at the end).
    pub back_after: Option<usize>,
}

fn losses<'a>(d: &Derived, gaps: &'a [Gap], index: usize) -> Vec<Loss<'a>> {
    let mut losses: Vec<(&str, Loss<'a>)> = Vec::new();
    for g in gaps.iter().filter(|g| g.lost_after == index) {
        match losses
            .iter_mut()
            .find(|(user, l)| *user == g.user && l.back_after == g.back_after)
        {
            Some((_, l)) => l.services.push(&g.service),
            None => losses.push((
                &g.user,
                Loss {
                    user: user_name(d, &g.user),
                    services: vec![&g.service],
                    back_after: g.back_after,
                },
            )),
        }
    }
    losses.into_iter().map(|(_, l)| l).collect()
}

fn users(gaps: &[Gap]) -> usize {
    let mut users: Vec<&str> = gaps.iter().map(|g| g.user.as_str()).collect();
    users.sort_unstable();
    users.dedup();
    users.len()
}

/// A user's display name (the id when there is none).
pub fn user_name(d: &Derived, id: &str) -> String {
    d.user_ix(id).map_or_else(
        || id.to_owned(),
        |u| d.full.tenant().user(u).display_name().to_owned(),
    )
}

/// A product by the name the app's views give it (its display name), where the planner's summary
/// gives the part number.
fn product_name<'a>(d: &'a Derived, sku_id: &str, fallback: &'a str) -> &'a str {
    d.full
        .tenant()
        .skus()
        .iter()
        .find(|s| s.id() == sku_id)
        .map_or(fallback, |s| s.display_name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use licenselab_engine::Action;

    const MOVE: &str = include_str!("../../../../web/examples/a1-to-a3-move.json");
    const SEATS: &str = include_str!("../../../../web/examples/seat-exhaustion.json");
    const TWO_GROUPS: &str = include_str!("../../../../web/examples/switch-two-groups.json");
    const TARGET: &str = include_str!("../../../../tests/e2e/fixtures/a1-to-a3-target.json");

    fn example(text: &str) -> Scenario {
        licenselab_engine::parse(text).unwrap()
    }

    fn target_file() -> Scenario {
        read_target("a1-to-a3-target.json", TARGET).unwrap()
    }

    const A1: &str = "9a0b1c2d-00a1-4e5f-8a9b-0000000000a1";
    const A3: &str = "9a0b1c2d-00a3-4e5f-8a9b-0000000000a3";

    /// The A1 to A3 move (docs/plan.md): the plan has no gap, and the obvious order (removals
    /// first) takes every student's mailbox, which the view names by user and service.
    fn assert_the_a1_to_a3_move(planned: &Planned) {
        let plan = &planned.plan;
        assert!(
            plan.no_service_gap && plan.reaches_target,
            "{}",
            plan.report_json()
        );
        assert_eq!(planned.safe_users_with_gaps(), 0);
        assert_eq!(planned.safe.step_count(), plan.steps.len());
        assert!(planned.safe.reports().iter().all(|r| r.outcome.is_ok()));
        assert_eq!(planned.naive_users_with_gaps(), 3);
        // The first step of the obvious order takes Amira's services, her mailbox among them,
        // until the step that adds her to the A3 group (step 3, counted from 0).
        let first = planned.naive_losses(0);
        assert_eq!(first.len(), 1, "{first:?}");
        assert_eq!(first[0].user, "Amira Haddad");
        assert_eq!(first[0].back_after, Some(3));
        assert!(
            first[0].services.contains(&"Exchange Online mailbox"),
            "{first:?}"
        );
        assert!(planned.naive_losses(3).is_empty());
        // The plan passes through the documented conflict error, cleared by the next step.
        assert_eq!(
            planned.errors_from(0),
            ["Amira Haddad: Microsoft 365 A3 for Students from Students A3 in MutuallyExclusiveViolation until step 2 (no service lost)"]
        );
        assert!(planned.errors_from(1).is_empty());
    }

    #[test]
    fn a_target_file_plans_the_a1_to_a3_move() {
        let today = example(MOVE);
        let planned = run(&today, &target_file()).unwrap();
        assert_the_a1_to_a3_move(&planned);
        let graph = planned.requests(Emit::Graph).unwrap();
        assert!(graph.contains(A3), "{graph}");
        let script = planned.requests(Emit::PowerShell).unwrap();
        assert!(script.contains("Invoke-MgGraphRequest"));
    }

    #[test]
    fn users_are_named_and_an_error_left_at_the_end_says_so() {
        let mut planned = run(&example(MOVE), &target_file()).unwrap();
        planned.plan.not_reached = ["0001", "0002", "0003"]
            .map(|n| format!("6f1d2c3a-{n}-4a6b-9c1e-00000000{n}"))
            .to_vec();
        assert_eq!(
            planned.not_reached(2),
            "Amira Haddad, Ben Carter, and 1 more"
        );
        assert_eq!(
            planned.not_reached(10),
            "Amira Haddad, Ben Carter, Chloé Dubois"
        );
        planned.plan.errors_on_the_way[0].until_step = None;
        assert!(
            planned.errors_from(0)[0]
                .ends_with("MutuallyExclusiveViolation until the end (no service lost)"),
            "{:?}",
            planned.errors_from(0)
        );
    }

    #[test]
    fn an_edited_copy_is_the_target() {
        let start = Derived::run(Rc::new(example(MOVE)), 0).unwrap();
        let today = today(&start);
        let mut copy = Derived::run(Rc::new(today.clone()), usize::MAX).unwrap();
        for user in ["0001", "0002", "0003"] {
            let member = format!("6f1d2c3a-{user}-4a6b-9c1e-00000000{user}");
            for action in [
                Action::AddMember {
                    group: A3.into(),
                    member: member.clone(),
                },
                Action::RemoveMember {
                    group: A1.into(),
                    member,
                },
            ] {
                copy = copy.edited(vec![action]).unwrap();
            }
        }
        let planned = run(&today, &edited_target(&copy)).unwrap();
        assert_the_a1_to_a3_move(&planned);
    }

    #[test]
    fn a_target_of_another_tenant_is_refused_in_words() {
        let today = example(MOVE);
        let other = example(SEATS);
        let failure = run(&today, &other).err().unwrap();
        assert_eq!(failure.title, "No plan");
        assert!(
            failure
                .message
                .contains("differs in ways the planner does not change"),
            "{}",
            failure.message
        );
        assert!(failure.hint.contains("another tenant"));
    }

    #[test]
    fn an_unreadable_target_says_where() {
        let failure =
            read_target("target.json", "{\n  \"licenselab\": 1,\n  \"users\": [\n").unwrap_err();
        assert_eq!(failure.title, "target.json could not be read as a target");
        assert!(failure.message.contains("line"), "{}", failure.message);
    }

    #[test]
    fn a_target_with_steps_is_refused() {
        let today = example(MOVE);
        let mut with_steps = target_file();
        with_steps.steps = example(TWO_GROUPS).steps;
        assert!(!with_steps.steps.is_empty());
        let failure = run(&today, &with_steps).err().unwrap();
        assert!(
            failure.message.contains("the target has"),
            "{}",
            failure.message
        );
    }
}
