//! The plan as plain data: the plan and naive scenarios, and what the planner found (serde: the
//! JSON every front end emits for the report).

use licenselab_engine::Scenario;
use serde::Serialize;

/// A migration plan: the tenant with the steps to run, what they cost on the way, and what the
/// obvious order would do instead.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The tenant with the plan's steps and an `expect` list: `licenselab run` and `check` take it.
    #[serde(skip)]
    pub scenario: Scenario,
    /// The tenant with the same changes in file order, removals first.
    #[serde(skip)]
    pub naive_scenario: Scenario,
    /// True when no user is without a service they have today and in the target, after any step.
    pub no_service_gap: bool,
    /// True when the plan's end state is the target's (checked by running it).
    pub reaches_target: bool,
    /// Seats to buy before the first step (the target's own purchases, and what moving needs).
    pub seats_to_buy: Vec<SeatPurchase>,
    /// The plan's steps, each in words.
    pub steps: Vec<PlanStep>,
    /// Gaps no order avoids (empty when `no_service_gap`): who, which service, for how long.
    pub gaps: Vec<Gap>,
    /// License errors on the way that the target clears.
    pub errors_on_the_way: Vec<WayError>,
    /// Users whose licenses at the end are not the target's (empty when `reaches_target`).
    pub not_reached: Vec<String>,
    /// Of `not_reached`, the users left in the target's own errors: the same products through
    /// the same paths, each row that differs in error both at the end and in the target (another
    /// error named: which check a path fails first depends on the order Entra processes it).
    /// No order settles them, so they make no order unclean.
    pub target_in_error: Vec<String>,
    /// Steps the engine refused in every order (they are not in the plan).
    pub refused: Vec<Refusal>,
    /// What the obvious order does.
    pub naive: Naive,
    /// What the search did.
    pub search: Search,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SeatPurchase {
    pub sku_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sku_part_number: Option<String>,
    /// Seats to buy now (enabled units above today's).
    pub buy: u32,
    /// Of those, seats only the move needs, given back by the plan's last steps.
    pub given_back: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanStep {
    pub index: usize,
    pub op: String,
    pub note: String,
    /// A temporary assignment (in neither the tenant nor the target): why the plan makes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary: Option<String>,
    /// The temporary steps (their indices) this step undoes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub undoes: Vec<usize>,
}

/// A service a user has today and in the target but not after `lost_after` until `back_after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    pub user: String,
    pub service: String,
    pub lost_after: usize,
    /// `None`: still missing at the end (the order did not reach the target).
    pub back_after: Option<usize>,
    /// How the summary names the user: display name with the id ("Ann Lee (ann)"), or the id.
    #[serde(skip)]
    pub user_label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WayError {
    pub user: String,
    pub sku_id: String,
    /// The group of the row; `None` for the direct assignment.
    pub group: Option<String>,
    pub error: String,
    pub from_step: usize,
    /// The step that cleared it (`None`: not cleared).
    pub until_step: Option<usize>,
    /// How the summary names the user: display name with the id ("Ann Lee (ann)"), or the id.
    #[serde(skip)]
    pub user_label: String,
    /// How the summary names the product: its part number (or catalog display name).
    #[serde(skip)]
    pub sku_name: String,
    /// How the summary names the group: its display name.
    #[serde(skip)]
    pub group_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub op: String,
    pub note: String,
    pub message: String,
}

/// The obvious order (every change in file order, removals before additions), step by step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Naive {
    pub steps: Vec<PlanStep>,
    pub gaps: Vec<Gap>,
    pub refused: Vec<Refusal>,
    pub reaches_target: bool,
}

/// What the search did: the changes the target implies and each order it ran on the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Search {
    pub changes: usize,
    pub orders: Vec<OrderTried>,
    /// The order the plan follows (a name from `orders`).
    pub chosen: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderTried {
    pub name: String,
    pub steps: usize,
    pub users_with_gaps: usize,
    pub users_with_errors: usize,
    /// Seats held above both the start's and the end's count at the busiest moment, summed over
    /// products.
    pub seats_held_twice: u32,
    /// Temporary assignments the order makes (each undone by a later step).
    pub temporary_steps: usize,
    pub refused: usize,
    pub reaches_target: bool,
    /// Users not reached only because they are left in the target's own errors (counted in
    /// `reaches_target` false, but not against the order).
    pub target_in_error: usize,
}

impl Plan {
    /// The plan scenario as `licenselab plan -o` writes it: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        scenario_json(&self.scenario)
    }

    /// The naive scenario, in the same form.
    pub fn naive_json(&self) -> String {
        scenario_json(&self.naive_scenario)
    }

    /// What the planner found (everything but the two scenarios) as JSON.
    pub fn report_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("plans always serialize");
        text.push('\n');
        text
    }
}

fn scenario_json(scenario: &Scenario) -> String {
    let mut text = serde_json::to_string_pretty(scenario).expect("scenarios always serialize");
    text.push('\n');
    text
}
