//! The search: orders of the changes built by phase (seats, additions, in-place changes,
//! removals, seats given back), each run on the engine by the judge, the seats each needs bought
//! first, and the best kept: no gap, no refusal, the target reached, then fewer steps, fewer
//! seats held twice and fewer users in error on the way.
//!
//! Users are independent except through seats and group-wide steps, so an order is judged in
//! one run that looks only at the users each step touches; the orders differ in how each change
//! is cut into steps, not per user, and so the search runs a handful of orders, not one per
//! permutation.

use crate::bridge::{self, Bridge, Keep, Trouble};
use crate::derive::{self, Change, Phase};
use crate::judge::{Judge, Mode, Outcome};
use crate::model::{
    Gap, Naive, OrderTried, Plan, PlanStep, Refusal, Search, SeatPurchase, WayError,
};
use crate::PlanError;
use licenselab_engine::{check, Action, CheckOptions, PrepaidUnits, Scenario, SkuDef, Step};
use serde_json::json;

/// An order: which steps are loaded with the tenant (they create objects) and which are run one
/// by one after.
#[derive(Clone)]
struct Order {
    name: String,
    head: Vec<Step>,
    body: Vec<(Phase, Step)>,
    /// The temporary assignments among the body's steps.
    bridges: Vec<Bridge>,
}

fn creates(step: &Step) -> bool {
    matches!(
        step.action,
        Action::AddSubscribedSku { .. } | Action::CreateGroup { .. }
    )
}

/// How an order cuts and sorts the changes.
#[derive(Clone, Copy)]
struct Shape {
    name: &'static str,
    /// An in-place change is one step; otherwise its addition runs with the additions and its
    /// removal with the removals.
    together: bool,
    /// Each user's own changes (memberships, direct licenses) run one user after another, adds
    /// before removals, so a user holds two products (and two seats) for the shortest time.
    user_by_user: bool,
    /// Within each user's removals, direct licenses go before memberships (a direct add-on
    /// that conflicts with the new product must go before the old product does).
    direct_first: bool,
    /// The obvious order: removals before additions, nothing else reordered.
    naive: bool,
}

const USER_BY_USER: Shape = Shape {
    name: "user by user, additions first",
    together: true,
    user_by_user: true,
    direct_first: false,
    naive: false,
};
const USER_BY_USER_DIRECT_FIRST: Shape = Shape {
    name: "user by user, additions first, direct licenses removed before memberships",
    together: true,
    user_by_user: true,
    direct_first: true,
    naive: false,
};
const PHASES: Shape = Shape {
    name: "all additions, then all removals",
    together: true,
    user_by_user: false,
    direct_first: false,
    naive: false,
};
const SPLIT: Shape = Shape {
    name: "all additions, then all removals, in-place changes in two steps",
    together: false,
    user_by_user: false,
    direct_first: false,
    naive: false,
};
const NAIVE: Shape = Shape {
    name: "file order, removals first",
    together: false,
    user_by_user: false,
    direct_first: false,
    naive: true,
};

/// The user a step is about, when it is about one user only.
fn user_of(step: &Step) -> Option<&str> {
    match &step.action {
        Action::AddMember { member, .. } | Action::RemoveMember { member, .. } => Some(member),
        Action::AssignLicense { user: Some(u), .. } => Some(u),
        _ => None,
    }
}

/// Where a step goes: its phase's rank, then its user's turn and its own phase.
type SortKey = (u8, usize, u8);

/// The changes in the shape's order (stable: file order where the shape says nothing).
fn order(shape: Shape, changes: &[Change]) -> Order {
    let mut steps: Vec<(Phase, Step)> = Vec::new();
    for c in changes {
        match (&c.halves, shape.together) {
            (Some((add, remove)), false) => {
                steps.push((Phase::Add, add.clone()));
                steps.push((Phase::Remove, remove.clone()));
            }
            _ => steps.push((c.phase, c.step.clone())),
        }
    }
    // Users in the order their first change comes, for the user-by-user shape.
    let mut first_seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    if shape.user_by_user {
        for (_, s) in &steps {
            if let Some(u) = user_of(s) {
                let next = first_seen.len();
                first_seen.entry(u.to_owned()).or_insert(next);
            }
        }
    }
    let mut keyed: Vec<(SortKey, (Phase, Step))> = steps
        .into_iter()
        .map(|(p, s)| {
            let rank = if shape.naive {
                match p {
                    Phase::Buy => 0,
                    Phase::Remove => 1,
                    Phase::Add => 2,
                    Phase::Swap => 3,
                    Phase::Undo => 4,
                    Phase::Sell => 5,
                }
            } else {
                p as u8 * 2
            };
            let direct = matches!(s.action, Action::AssignLicense { user: Some(_), .. });
            // Direct removals sort just before the membership removals of the same turn.
            let within = p as u8 * 2 + u8::from(!(shape.direct_first && direct));
            let key = match user_of(&s).and_then(|u| first_seen.get(u)) {
                // Between the group-wide additions and the in-place changes.
                Some(&n) if matches!(p, Phase::Add | Phase::Remove | Phase::Swap) => {
                    (Phase::Add as u8 * 2 + 1, n, within)
                }
                _ => (rank, 0, 0),
            };
            (key, (p, s))
        })
        .collect();
    keyed.sort_by_key(|(k, _)| *k);
    let (head, body): (Vec<_>, Vec<_>) = keyed
        .into_iter()
        .map(|(_, ps)| ps)
        .partition(|(p, s)| creates(s) || (*p == Phase::Buy && !shape.naive));
    Order {
        name: shape.name.to_owned(),
        head: head.into_iter().map(|(_, s)| s).collect(),
        body,
        bridges: Vec::new(),
    }
}

/// Seats per product for a run: the larger of today's and the target's, plus what the move needs.
struct Seats {
    /// By product id, in the tenant's product order then the new ones.
    products: Vec<SeatLine>,
}

struct SeatLine {
    sku: SkuDef,
    today: Option<PrepaidUnits>,
    target: PrepaidUnits,
    extra: u32,
}

impl Seats {
    fn new(today: &Scenario, target: &Scenario) -> Self {
        let products = target
            .subscribed_skus
            .iter()
            .map(|s| SeatLine {
                sku: s.clone(),
                today: today
                    .subscribed_skus
                    .iter()
                    .find(|t| t.sku_id == s.sku_id)
                    .map(|t| t.prepaid_units),
                target: s.prepaid_units,
                extra: 0,
            })
            .collect();
        Seats { products }
    }

    fn during(line: &SeatLine) -> PrepaidUnits {
        let mut units = line.target;
        if let Some(today) = line.today {
            units.enabled = units.enabled.max(today.enabled);
            units.warning = units.warning.max(today.warning);
        }
        units.enabled = units.enabled.saturating_add(line.extra);
        units
    }

    /// The order with its seat steps made for these seats: bought before, given back after.
    fn apply(&self, order: &Order) -> Order {
        let seat_step = |s: &Step| matches!(s.action, Action::SetPrepaidUnits { .. });
        let mut head: Vec<Step> = Vec::new();
        let mut body: Vec<(Phase, Step)> = Vec::new();
        for step in &order.head {
            match &step.action {
                Action::AddSubscribedSku { sku } => {
                    let mut sku = sku.clone();
                    if let Some(line) = self.products.iter().find(|l| l.sku.sku_id == sku.sku_id) {
                        sku.prepaid_units = Self::during(line);
                    }
                    head.push(Step {
                        action: Action::AddSubscribedSku { sku },
                        note: step.note.clone(),
                    });
                }
                _ if seat_step(step) => {}
                _ => head.push(step.clone()),
            }
        }
        let mut buys = Vec::new();
        let mut sells = Vec::new();
        for line in &self.products {
            let Some(today) = line.today else { continue };
            let during = Self::during(line);
            let name = line
                .sku
                .sku_part_number
                .as_deref()
                .unwrap_or(&line.sku.sku_id);
            if during != today {
                buys.push(Step {
                    action: Action::SetPrepaidUnits {
                        sku: line.sku.sku_id.clone(),
                        prepaid_units: during,
                    },
                    note: Some(if line.extra > 0 {
                        format!(
                            "buy seats of {name}: {} enabled, {} of them only while users hold both products",
                            during.enabled, line.extra
                        )
                    } else {
                        format!("buy seats of {name}: {} enabled", during.enabled)
                    }),
                });
            }
            if during != line.target {
                sells.push((
                    Phase::Sell,
                    Step {
                        action: Action::SetPrepaidUnits {
                            sku: line.sku.sku_id.clone(),
                            prepaid_units: line.target,
                        },
                        note: Some(format!(
                            "give back seats of {name}: {} enabled, as in the target",
                            line.target.enabled
                        )),
                    },
                ));
            }
        }
        // Seats first: products are subscribed in the head, then their seats are set.
        let subscribed = head
            .iter()
            .take_while(|s| creates(s) && matches!(s.action, Action::AddSubscribedSku { .. }))
            .count();
        head.splice(subscribed..subscribed, buys);
        body.extend(order.body.iter().filter(|(_, s)| !seat_step(s)).cloned());
        body.extend(sells);
        Order {
            name: order.name.clone(),
            head,
            body,
            bridges: order.bridges.clone(),
        }
    }
}

/// One order tried: its run and what it costs.
#[derive(Clone)]
struct Tried {
    order: Order,
    outcome: Outcome,
    stats: OrderTried,
}

fn tried(order: Order, outcome: Outcome) -> Tried {
    let mut gap_users: Vec<_> = outcome.gaps.iter().map(|g| g.user).collect();
    gap_users.sort();
    gap_users.dedup();
    let mut error_users: Vec<_> = outcome.errors.iter().map(|e| e.user).collect();
    error_users.sort();
    error_users.dedup();
    let end: Vec<u32> = outcome
        .simulation
        .tenant()
        .skus()
        .iter()
        .map(|s| s.consumed())
        .collect();
    let twice = outcome
        .peak
        .iter()
        .enumerate()
        .map(|(i, &peak)| {
            let start = outcome.start_consumed.get(i).copied().unwrap_or(0);
            peak.saturating_sub(start.max(end[i]))
        })
        .sum();
    let temporary_steps = outcome
        .steps
        .iter()
        .filter(|s| order.bridges.iter().any(|b| b.add == **s))
        .count();
    let stats = OrderTried {
        name: order.name.clone(),
        steps: outcome.steps.len(),
        users_with_gaps: gap_users.len(),
        users_with_errors: error_users.len(),
        seats_held_twice: twice,
        temporary_steps,
        refused: outcome.rejected.len(),
        reaches_target: outcome.mismatched.is_empty(),
        target_in_error: outcome.target_in_error.len(),
    };
    Tried {
        order,
        outcome,
        stats,
    }
}

/// Better first: no gap, nothing refused, the target reached (for the users it settles, then
/// for those left in its own errors); then fewer temporary steps, fewer steps, fewer seats held
/// twice, fewer users in error; then the shortest gaps.
type Rank = (
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    u32,
    usize,
    usize,
);

fn rank(t: &Tried) -> Rank {
    let gap_steps = t
        .outcome
        .gaps
        .iter()
        .map(|g| g.back_after.unwrap_or(t.outcome.steps.len()) - g.lost_after)
        .sum();
    let error_steps = t
        .outcome
        .errors
        .iter()
        .map(|e| e.until.unwrap_or(t.outcome.steps.len()) - e.from)
        .sum();
    (
        t.stats.users_with_gaps,
        gap_steps,
        t.stats.refused,
        t.outcome.missed(),
        t.outcome.target_in_error.len(),
        t.stats.temporary_steps,
        t.stats.steps,
        t.stats.seats_held_twice,
        t.stats.users_with_errors,
        error_steps,
    )
}

const REPAIR: Mode = Mode {
    repair: true,
    finish: true,
};

/// Runs an order with the seats of today and the target (the larger of the two); when seats
/// run out on the way, runs it again with seats to spare to see how many it holds at once, and
/// then with those bought first (and given back after).
fn run_with_seats(
    judge: &Judge,
    today: &Scenario,
    target: &Scenario,
    order: &Order,
) -> Result<Tried, PlanError> {
    let mut seats = Seats::new(today, target);
    let planned = seats.apply(order);
    let outcome = judge.run(&planned.head, &planned.body, REPAIR)?;
    if !outcome.errors.iter().any(|e| e.error == "CountViolation") {
        return Ok(tried(planned, outcome));
    }
    let spare = u32::try_from(today.users.len()).unwrap_or(u32::MAX);
    for line in &mut seats.products {
        line.extra = spare;
    }
    let roomy = seats.apply(order);
    let trial = judge.run(&roomy.head, &roomy.body, REPAIR)?;
    let tenant = trial.simulation.tenant();
    let warning = today.options.warning_units_assignable;
    for line in &mut seats.products {
        line.extra = 0;
        let during = Seats::during(line);
        let assignable = during.enabled + if warning { during.warning } else { 0 };
        let peak = tenant
            .skus()
            .iter()
            .position(|s| s.id() == line.sku.sku_id)
            .map_or(0, |i| trial.peak[i]);
        line.extra = peak.saturating_sub(assignable);
    }
    let order = seats.apply(order);
    let outcome = judge.run(&order.head, &order.body, REPAIR)?;
    Ok(tried(order, outcome))
}

pub(crate) fn plan(today: &Scenario, target: &Scenario) -> Result<Plan, PlanError> {
    let changes = derive::changes(today, target)?;
    let judge = Judge::new(today, target)?;

    // Orders differ in order only, so one that reaches no further than another is not worth
    // another run for that: a run without a gap or a refusal that reaches the target is clean.
    // Users left in the target's own errors are not held against it: no order settles them.
    let clean =
        |t: &Tried| t.stats.users_with_gaps == 0 && t.stats.refused == 0 && t.outcome.missed() == 0;
    let mut orders = Vec::new();
    for shape in [USER_BY_USER, PHASES, USER_BY_USER_DIRECT_FIRST, SPLIT] {
        // Each order after the first is only worth a run when none so far was clean; the split
        // one only differs when a change has halves.
        if orders.iter().any(clean)
            || (!shape.together && !changes.iter().any(|c| c.halves.is_some()))
        {
            continue;
        }
        orders.push(run_with_seats(
            &judge,
            today,
            target,
            &order(shape, &changes),
        )?);
    }
    // The obvious order, as an administrator would run it (no seats bought, nobody
    // reprocessed): shown beside the plan, and where nothing clean was found it competes too,
    // so the plan is never worse than it.
    let naive_order = order(NAIVE, &changes);
    let naive = judge.run(
        &naive_order.head,
        &naive_order.body,
        Mode {
            repair: false,
            finish: false,
        },
    )?;
    let naive_tried = tried(naive_order, naive);
    // Where no order of the target's own changes is clean, temporary assignments may bridge
    // what they cannot: tried for the users in trouble in the best order so far, each way of
    // keeping plans with the first orders again, until one is clean.
    if !orders.iter().any(clean) {
        let best = orders
            .iter()
            .chain([&naive_tried])
            .min_by_key(|t| rank(t))
            .expect("the naive order at least");
        let troubles = troubles(best);
        'bridged: for keep in [Keep::AsToday, Keep::TargetPlans] {
            let (bridged_changes, bridges) = bridge::bridged(&judge, &changes, &troubles, keep);
            if bridges.is_empty() {
                continue;
            }
            for shape in [USER_BY_USER, PHASES] {
                let mut bridged_order = order(shape, &bridged_changes);
                bridged_order.name = format!("{}, {}", shape.name, keep.words());
                bridged_order.bridges = bridges.clone();
                let run = run_with_seats(&judge, today, target, &bridged_order)?;
                let done = clean(&run);
                orders.push(run);
                if done {
                    break 'bridged;
                }
            }
        }
    }
    let naive_competes = !orders.iter().any(clean);
    if naive_competes {
        // A copy (its tenant too), only on this path: the naive report below reads it as well.
        orders.push(naive_tried.clone());
    }

    let best = (0..orders.len())
        .min_by_key(|&i| rank(&orders[i]))
        .expect("one order at least");
    let tried_stats: Vec<OrderTried> = orders
        .iter()
        .map(|t| t.stats.clone())
        .chain((!naive_competes).then(|| naive_tried.stats.clone()))
        .collect();
    let chosen = orders.swap_remove(best);

    let tenant = chosen.outcome.simulation.tenant();
    let user_id = |u: licenselab_engine::UserIx| tenant.user(u).id().to_owned();
    let mut gaps = gaps_of(&chosen.outcome);
    let errors_on_the_way = chosen
        .outcome
        .errors
        .iter()
        .map(|e| WayError {
            user: user_id(e.user),
            sku_id: e.sku_id.clone(),
            group: e.group.clone(),
            error: e.error.to_owned(),
            from_step: e.from,
            until_step: e.until,
            user_label: tenant.user(e.user).label(),
            sku_name: sku_name(tenant, &e.sku_id),
            group_name: e.group.as_deref().map(|g| {
                tenant
                    .group_ix(g)
                    .map_or(g, |ix| tenant.group(ix).display_name())
                    .to_owned()
            }),
        })
        .collect();
    let reaches_target = chosen.outcome.mismatched.is_empty();
    let seats_to_buy = purchases(today, target, &chosen.order);
    let description = format!(
        "The migration plan from licenselab plan ({} steps, order: {}).",
        chosen.outcome.steps.len(),
        chosen.order.name
    );
    // The engine's check reads a gap against the plan's own end: where that end is not the
    // target's, it can see a gap the judge (reading against the target) does not.
    for gap in engine_gaps(
        &plan_scenario(today, &chosen.outcome.steps, false, &description),
        tenant,
    )? {
        if !gaps
            .iter()
            .any(|g| g.user == gap.user && g.service == gap.service)
        {
            gaps.push(gap);
        }
    }
    let no_service_gap = gaps.is_empty();
    let scenario = plan_scenario(today, &chosen.outcome.steps, no_service_gap, &description);

    let naive_scenario = plan_scenario(
        today,
        &naive_tried.outcome.steps,
        false,
        "The same changes in file order, removals first: what the obvious order does.",
    );
    let naive = Naive {
        steps: plan_steps(&naive_tried.outcome.steps, &[]),
        gaps: gaps_of(&naive_tried.outcome),
        refused: refusals(&naive_tried.outcome.rejected),
        reaches_target: naive_tried.outcome.mismatched.is_empty(),
    };

    Ok(Plan {
        no_service_gap,
        reaches_target,
        seats_to_buy,
        steps: plan_steps(&chosen.outcome.steps, &chosen.order.bridges),
        gaps,
        errors_on_the_way,
        not_reached: chosen.outcome.mismatched.clone(),
        target_in_error: chosen.outcome.target_in_error.clone(),
        refused: refusals(&chosen.outcome.rejected),
        naive,
        search: Search {
            changes: changes.len(),
            orders: tried_stats,
            chosen: chosen.order.name.to_owned(),
        },
        scenario,
        naive_scenario,
    })
}

fn refusals(rejected: &[(Step, String)]) -> Vec<Refusal> {
    rejected
        .iter()
        .map(|(s, message)| Refusal {
            op: s.action.op().to_owned(),
            note: s.note.clone().unwrap_or_default(),
            message: message.clone(),
        })
        .collect()
}

/// The steps in words, each temporary one with why, each undoing one with what it undoes.
fn plan_steps(steps: &[Step], bridges: &[Bridge]) -> Vec<PlanStep> {
    let temporary: Vec<Option<&Bridge>> = steps
        .iter()
        .map(|s| bridges.iter().find(|b| b.add == *s))
        .collect();
    steps
        .iter()
        .enumerate()
        .map(|(index, s)| PlanStep {
            index,
            op: s.action.op().to_owned(),
            note: s.note.clone().unwrap_or_default(),
            temporary: temporary[index].map(|b| b.why.clone()),
            undoes: (0..index)
                .filter(|&i| temporary[i].is_some_and(|b| b.undo == *s))
                .collect(),
        })
        .collect()
}

/// A run's gaps, its users named by id and, for the summary, as `User::label` names them.
fn gaps_of(outcome: &Outcome) -> Vec<Gap> {
    let tenant = outcome.simulation.tenant();
    outcome
        .gaps
        .iter()
        .map(|g| Gap {
            user: tenant.user(g.user).id().to_owned(),
            service: g.service.clone(),
            lost_after: g.lost_after,
            back_after: g.back_after,
            user_label: tenant.user(g.user).label(),
        })
        .collect()
}

/// The users an order leaves in trouble (a gap, an error at the end, a refused step of theirs,
/// licenses not the target's), each with the first trouble in words.
fn troubles(t: &Tried) -> Vec<Trouble> {
    let tenant = t.outcome.simulation.tenant();
    let label = |id: &str| {
        tenant
            .user_ix(id)
            .map_or(id.to_owned(), |u| tenant.user(u).label())
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for g in &t.outcome.gaps {
        let user = tenant.user(g.user);
        found.push((
            user.id().to_owned(),
            format!("{} is without {} for a while", user.label(), g.service),
        ));
    }
    for e in t.outcome.errors.iter().filter(|e| e.until.is_none()) {
        let user = tenant.user(e.user);
        let path = e.group.as_deref().map_or("directly".to_owned(), |g| {
            let name = tenant
                .group_ix(g)
                .map_or(g, |ix| tenant.group(ix).display_name());
            format!("from {name}")
        });
        found.push((
            user.id().to_owned(),
            format!(
                "{} keeps {} {path} in {}",
                user.label(),
                sku_name(tenant, &e.sku_id),
                e.error
            ),
        ));
    }
    for (step, message) in &t.outcome.rejected {
        if let Some(user) = user_of(step) {
            found.push((
                user.to_owned(),
                format!(
                    "the engine refuses '{}' ({message})",
                    step.note.as_deref().unwrap_or_else(|| step.action.op())
                ),
            ));
        }
    }
    // A user left in the target's own errors is no order's trouble: nothing bridges it.
    for id in t
        .outcome
        .mismatched
        .iter()
        .filter(|id| !t.outcome.target_in_error.contains(id))
    {
        found.push((
            id.clone(),
            format!("{} does not get the target's licenses", label(id)),
        ));
    }
    let mut out: Vec<Trouble> = Vec::new();
    for (user, what) in found {
        if !out.iter().any(|t| t.user == user) {
            out.push(Trouble { user, what });
        }
    }
    out
}

/// Seats bought by the order's first steps, and those it gives back at the end.
fn purchases(today: &Scenario, target: &Scenario, order: &Order) -> Vec<SeatPurchase> {
    let mut out = Vec::new();
    for step in &order.head {
        let (id, units) = match &step.action {
            Action::SetPrepaidUnits { sku, prepaid_units } => (sku, *prepaid_units),
            Action::AddSubscribedSku { sku } => (&sku.sku_id, sku.prepaid_units),
            _ => continue,
        };
        let before = today
            .subscribed_skus
            .iter()
            .find(|s| s.sku_id == *id)
            .map_or(0, |s| s.prepaid_units.enabled);
        let Some(wanted) = target.subscribed_skus.iter().find(|s| s.sku_id == *id) else {
            continue;
        };
        if units.enabled > before {
            out.push(SeatPurchase {
                sku_id: id.clone(),
                sku_part_number: wanted.sku_part_number.clone(),
                buy: units.enabled - before,
                given_back: units
                    .enabled
                    .saturating_sub(wanted.prepaid_units.enabled.max(before)),
            });
        }
    }
    out
}

fn plan_scenario(today: &Scenario, steps: &[Step], no_gap: bool, description: &str) -> Scenario {
    let mut scenario = today.clone();
    scenario.description = if today.description.is_empty() {
        description.to_owned()
    } else {
        format!("{description} Tenant: {}", today.description)
    };
    scenario.steps = steps.to_vec();
    scenario.expect = if no_gap {
        vec![json!({
            "check": "noServiceGap",
            "note": "nobody is without a service they have today and in the target, after any step"
        })]
    } else {
        Vec::new()
    };
    scenario
}

/// The service gaps the engine's `check` finds in a plan scenario (users named as in `tenant`).
fn engine_gaps(
    scenario: &Scenario,
    tenant: &licenselab_engine::Tenant,
) -> Result<Vec<Gap>, PlanError> {
    let text = serde_json::to_string(scenario).expect("scenarios always serialize");
    let report = check(&text, None, &CheckOptions::default())
        .map_err(|e| PlanError::Internal(format!("the plan does not load: {e}")))?;
    Ok(report
        .users
        .iter()
        .flat_map(|u| {
            u.service_gaps.iter().map(|g| Gap {
                user: u.user.clone(),
                service: g.service.clone(),
                lost_after: g.lost_after,
                back_after: Some(g.back_after),
                user_label: tenant
                    .user_ix(&u.user)
                    .map_or(u.user.clone(), |ix| tenant.user(ix).label()),
            })
        })
        .collect())
}

/// The product as the summary names it: its part number, else the catalog's display name (or
/// the id when the tenant has no such product).
fn sku_name(tenant: &licenselab_engine::Tenant, sku_id: &str) -> String {
    tenant
        .skus()
        .iter()
        .find(|s| s.id() == sku_id)
        .map_or(sku_id, |s| {
            s.part_number().unwrap_or_else(|| s.display_name())
        })
        .to_owned()
}
