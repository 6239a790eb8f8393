//! The Timeline's, the step bar's and the header's answers: every step in words with what the
//! engine did with it (applied or rejected, plans gained and lost, rows in error made and
//! cleared), the seats consumed per product over the steps, what the step at the cursor did, and
//! where the cursor is. Steps are described as `queries::describe_step` says them, with the names
//! of the tenant after every step; a row's reason in error is read at the cursor.

use licenselab_engine::{advice, PlanChange, ServiceLoss, Tenant};
use serde::{Deserialize, Serialize};

use crate::model::problems::ErrorKey;
use crate::model::queries::{
    audit_text, change_counts, describe_step, plan_names, row_reason, sku_name, source_label,
};
use crate::model::Derived;

/// The header: the scenario's name and description, and where the cursor is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioHeading {
    pub name: String,
    pub description: String,
    pub steps: usize,
    pub cursor: usize,
}

impl ScenarioHeading {
    pub fn of(d: &Derived) -> ScenarioHeading {
        ScenarioHeading {
            name: d.scenario.name.clone(),
            description: d.scenario.description.clone(),
            steps: d.step_count(),
            cursor: d.cursor,
        }
    }

    /// Undo removes the last step: there must be one.
    pub fn can_undo(&self) -> bool {
        self.steps > 0
    }

    /// Is the user looking at the latest state (where edits apply)?
    pub fn at_end(&self) -> bool {
        self.cursor == self.steps
    }
}

/// The step bar: the cursor among the steps, and the step it shows in words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub steps: usize,
    pub cursor: usize,
    /// "the starting tenant", or the step just run at the cursor with its note and, when the
    /// engine refused it, its rejection code.
    pub label: String,
}

impl Position {
    pub fn of(d: &Derived) -> Position {
        Position {
            steps: d.step_count(),
            cursor: d.cursor,
            label: step_label(d, d.cursor),
        }
    }

    pub fn at_end(&self) -> bool {
        self.cursor == self.steps
    }
}

/// "the starting tenant" or the description of the step just run at `cursor`.
fn step_label(d: &Derived, cursor: usize) -> String {
    let Some(step) = cursor.checked_sub(1).and_then(|i| d.scenario.steps.get(i)) else {
        return "the starting tenant".into();
    };
    let mut text = describe_step(d.full.tenant(), d, &step.action);
    if let Some(note) = &step.note {
        text = format!("{text} ({note})");
    }
    if let Some(Err(r)) = d.reports().get(cursor - 1).map(|r| &r.outcome) {
        text = format!("{text}: rejected, {}", r.code);
    }
    text
}

/// What the Timeline asks for: how many rows of a step's tables (changes, errors made and
/// cleared) and of its audit entries it lists; the answer says how many there are in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineQuery {
    pub rows: usize,
    pub audit: usize,
}

impl Default for TimelineQuery {
    /// What the Timeline lists: 300 rows a table, 100 audit entries.
    fn default() -> Self {
        TimelineQuery {
            rows: 300,
            audit: 100,
        }
    }
}

/// The Timeline: every step, the seats chart, and what the step at the cursor did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub cursor: usize,
    /// Every step of the scenario, in order (step 1 first; the starting tenant is not one).
    pub steps: Vec<StepLine>,
    pub chart: SeatsChart,
    /// `None` only for a step the engine has no report of.
    pub detail: Option<StepDetail>,
}

impl Timeline {
    pub fn of(d: &Derived, q: &TimelineQuery) -> Timeline {
        let t = d.full.tenant();
        Timeline {
            cursor: d.cursor,
            steps: d
                .scenario
                .steps
                .iter()
                .enumerate()
                .map(|(i, step)| StepLine {
                    text: describe_step(t, d, &step.action),
                    note: step.note.clone(),
                    outcome: StepOutcome::of(d, i),
                })
                .collect(),
            chart: SeatsChart::of(d),
            detail: StepDetail::of(d, q),
        }
    }
}

/// One step in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepLine {
    pub text: String,
    pub note: Option<String>,
    pub outcome: StepOutcome,
}

/// What the engine did with a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Applied,
    Rejected,
    /// Not run (no report).
    NotRun,
}

impl Outcome {
    /// The word a badge shows: "applied", "rejected", or "" for a step not run.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Rejected => "rejected",
            Outcome::NotRun => "",
        }
    }
}

/// What the engine did with step `i` of a scenario: applied or rejected, and the plans gained and
/// lost (the Timeline's and the plan view's step lists).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOutcome {
    pub state: Outcome,
    pub gained: usize,
    pub lost: usize,
    /// Rows the step put into error, and took out of it.
    pub errors_made: usize,
    pub errors_cleared: usize,
}

impl StepOutcome {
    pub fn of(d: &Derived, i: usize) -> StepOutcome {
        let (state, gained, lost) = match d.reports().get(i).map(|r| &r.outcome) {
            Some(Ok(changes)) => {
                let (g, l) = change_counts(changes);
                (Outcome::Applied, g, l)
            }
            Some(Err(_)) => (Outcome::Rejected, 0, 0),
            None => (Outcome::NotRun, 0, 0),
        };
        let errors = d.error_changes.get(i);
        StepOutcome {
            state,
            gained,
            lost,
            errors_made: errors.map_or(0, |e| e.appeared.len()),
            errors_cleared: errors.map_or(0, |e| e.cleared.len()),
        }
    }
}

/// Seats consumed per product over the steps: one series a product (every product the scenario
/// ever has, in product order), each with a value at the start and after every step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatsChart {
    /// Steps run (a series has one value more).
    pub steps: usize,
    /// The top of the scale: the most seats consumed or assignable at any point, at least 1.
    pub max: u32,
    pub products: Vec<SeatSeries>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatSeries {
    pub name: String,
    /// `consumedUnits` at the start, then after each step.
    pub consumed: Vec<u32>,
}

impl SeatSeries {
    pub fn start(&self) -> u32 {
        self.consumed.first().copied().unwrap_or(0)
    }

    /// After the last step.
    pub fn end(&self) -> u32 {
        self.consumed.last().copied().unwrap_or(0)
    }
}

impl SeatsChart {
    fn of(d: &Derived) -> SeatsChart {
        let t = d.full.tenant();
        let products: Vec<SeatSeries> = t
            .skus()
            .iter()
            .enumerate()
            .map(|(s, sku)| SeatSeries {
                name: sku.display_name().to_owned(),
                consumed: std::iter::once(d.start_consumed(s))
                    .chain(
                        d.reports()
                            .iter()
                            .map(|r| r.consumed_after.get(s).copied().unwrap_or(0)),
                    )
                    .collect(),
            })
            .collect();
        let max = products
            .iter()
            .flat_map(|p| p.consumed.iter().copied())
            .max()
            .unwrap_or(0)
            .max(t.skus().iter().map(|s| t.assignable(s)).max().unwrap_or(0))
            .max(1);
        SeatsChart {
            steps: d.reports().len(),
            max,
            products,
        }
    }
}

/// What the cursor shows: the starting tenant, or what the step just run did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepDetail {
    Start(StartDetail),
    Step(StepAt),
}

impl StepDetail {
    fn of(d: &Derived, q: &TimelineQuery) -> Option<StepDetail> {
        let Some(i) = d.cursor.checked_sub(1) else {
            let t = d.tenant();
            return Some(StepDetail::Start(StartDetail {
                products: d.live_skus().len(),
                users: d.live_users().len(),
                groups: d.live_groups().len(),
                steps: d.step_count(),
                description: d.scenario.description.clone(),
                audit_entries: t.audit().len(),
                errors: ErrorTable::of(d, d.start_errors(), q.rows),
            }));
        };
        let (report, step) = (d.reports().get(i)?, d.scenario.steps.get(i)?);
        let t = d.full.tenant();
        let (made, cleared) = d
            .error_changes
            .get(i)
            .map_or((&[][..], &[][..]), |e| (&e.appeared[..], &e.cleared[..]));
        Some(StepDetail::Step(StepAt {
            number: i + 1,
            text: describe_step(t, d, &step.action),
            note: step.note.clone(),
            op: report.op.to_owned(),
            effect: match &report.outcome {
                Err(r) => StepEffect::Rejected {
                    code: r.code.as_str().to_owned(),
                    message: r.message.clone(),
                    advice: advice(&r.code).map(str::to_owned),
                },
                Ok(changes) if changes.is_empty() => StepEffect::Unchanged,
                Ok(changes) => StepEffect::Changed(ChangeTable::of(d, changes, q.rows)),
            },
            errors_made: ErrorTable::of(d, made, q.rows),
            errors_cleared: ErrorTable::of(d, cleared, q.rows),
            audit_total: report.audit.len(),
            audit: t.audit()[report.audit.clone()]
                .iter()
                .take(q.audit)
                .map(|a| AuditLine {
                    activity: a.activity().as_str().to_owned(),
                    target: t.audit_target_id(a.target()).to_owned(),
                    result: audit_text(t, a),
                })
                .collect(),
        }))
    }
}

/// The starting tenant's size, description and rows in error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartDetail {
    pub products: usize,
    pub users: usize,
    pub groups: usize,
    pub steps: usize,
    pub description: String,
    /// Audit entries from building it.
    pub audit_entries: usize,
    pub errors: ErrorTable,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepAt {
    /// Its number (1 for the first step).
    pub number: usize,
    pub text: String,
    pub note: Option<String>,
    /// The step's `op` as the scenario names it.
    pub op: String,
    pub effect: StepEffect,
    pub errors_made: ErrorTable,
    pub errors_cleared: ErrorTable,
    /// The step's audit entries: how many, and the first ones.
    pub audit_total: usize,
    pub audit: Vec<AuditLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepEffect {
    /// The engine refused the step (it changed nothing).
    Rejected {
        code: String,
        message: String,
        /// What to do, when the code has advice.
        advice: Option<String>,
    },
    /// Applied, and no user gained or lost a plan.
    Unchanged,
    Changed(ChangeTable),
}

/// The plans a step's changes gained and lost, summed, and the first changes one a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeTable {
    /// Changes (a user's plans of one product) in all.
    pub changes: usize,
    pub gained: usize,
    pub lost: usize,
    /// Lost plans no other product still enables: possible loss of service or data.
    pub lost_for_good: usize,
    pub rows: Vec<ChangeRow>,
}

impl ChangeTable {
    fn of(d: &Derived, changes: &[PlanChange], limit: usize) -> ChangeTable {
        let (gained, lost) = change_counts(changes);
        let (t, after) = (d.full.tenant(), d.tenant());
        ChangeTable {
            changes: changes.len(),
            gained,
            lost,
            lost_for_good: changes.iter().map(|c| after.losses(c).0.len()).sum(),
            rows: changes
                .iter()
                .take(limit)
                .map(|c| {
                    let (lost, kept) = after.losses(c);
                    ChangeRow {
                        user: t.user(c.user).display_name().to_owned(),
                        product: sku_name(t, c.sku).to_owned(),
                        gained: plan_names(t, c.sku, c.gained),
                        lost: lost.into_iter().map(str::to_owned).collect(),
                        kept: kept.into_iter().map(str::to_owned).collect(),
                        services: service_words(&after.service_losses(c)),
                    }
                })
                .collect(),
        }
    }
}

/// One user's change to one product's plans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRow {
    pub user: String,
    pub product: String,
    /// Plans gained, by name.
    pub gained: Vec<String>,
    /// Plans lost that no other product enables.
    pub lost: Vec<String>,
    /// Plans lost here but still enabled through another product.
    pub kept: Vec<String>,
    /// The services behind the lost plans, in words ("" when none was lost).
    pub services: String,
}

/// The services behind a change's lost plans, as the loss view says them: a plan id can go while
/// its service stays (Exchange Online Plan 2 replaces Plan 1, and the mailbox stays).
fn service_words(services: &[ServiceLoss]) -> String {
    if services.is_empty() {
        return String::new();
    }
    let words: Vec<String> = services
        .iter()
        .map(|s| {
            let graph = s
                .graph_service
                .map_or(String::new(), |g| format!(", Graph: {g}"));
            let state = if s.still_provided {
                "still provided"
            } else {
                "service lost"
            };
            format!("{} ({state}{graph})", s.service)
        })
        .collect();
    format!("Services: {}", words.join("; "))
}

/// Rows in error (made or cleared by a step, or in the starting tenant): how many, and the first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorTable {
    pub total: usize,
    pub rows: Vec<ErrorLine>,
}

impl ErrorTable {
    fn of(d: &Derived, keys: &[ErrorKey], limit: usize) -> ErrorTable {
        let (t, now) = (d.full.tenant(), d.tenant());
        ErrorTable {
            total: keys.len(),
            rows: keys
                .iter()
                .take(limit)
                .map(|(u, s, source, code)| ErrorLine {
                    user: t.user(*u).display_name().to_owned(),
                    product: sku_name(t, *s).to_owned(),
                    path: source_label(t, *source),
                    code: (*code).to_owned(),
                    reason: reason_now(now, *u, *s, *source),
                })
                .collect(),
        }
    }
}

/// The reason a row has at the cursor when it is still in error there ("" when it is not).
fn reason_now(
    now: &Tenant,
    u: licenselab_engine::UserIx,
    s: licenselab_engine::SkuIx,
    source: licenselab_engine::Source,
) -> String {
    now.user(u)
        .rows()
        .iter()
        .find(|r| r.sku() == s && r.source() == source && r.state().is_error())
        .map(|r| row_reason(now, r))
        .unwrap_or_default()
}

/// One row in error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorLine {
    pub user: String,
    pub product: String,
    /// Where the row comes from, in words ("Direct", "Inherited (Sales)").
    pub path: String,
    /// Graph's error code.
    pub code: String,
    /// Its reason at the cursor, when it is still in error there.
    pub reason: String,
}

/// One audit entry: its activity, its target's id and its result as Entra words it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    pub activity: String,
    pub target: String,
    pub result: String,
}
