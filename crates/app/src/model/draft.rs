//! A change as a draft: what an edit would do, read from the engine's preview of its step on a
//! copy of the tenant, before the admin applies it. Who gains and loses what (services named as
//! the timeline names them), who gets an error (its Entra code and name), and the seats it needs.

use std::rc::Rc;

use licenselab_engine::{advice, Action, AssignedLicenseDef, SkuIx, Tenant, UserIx};

use super::edits::Edit;
use super::problems::{error_keys, ErrorChanges};
use super::queries::{describe_step, error_label, isolate, plan_names, sku_name};
use super::Derived;

/// An edit not yet applied, with its impact on the tenant it was previewed on.
#[derive(Clone)]
pub struct Draft {
    /// The step, and the place of the control that made it (where the draft shows).
    pub edit: Edit,
    /// The step in words ("Remove Office 365 E3 from Sales").
    pub title: String,
    /// What applying it would do, or why the engine cannot read it as a step.
    pub impact: Result<Impact, String>,
    /// The admin confirmed the loss of service it causes (needed before it applies, when it does).
    pub confirmed: bool,
    /// The state it was previewed on: a draft is dropped when that changes.
    pub based_on: Rc<Derived>,
}

impl PartialEq for Draft {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.based_on, &other.based_on)
            && self.edit == other.edit
            && self.confirmed == other.confirmed
    }
}

impl Draft {
    /// `edit` previewed on the latest state of `d`.
    pub fn new(d: &Rc<Derived>, edit: Edit) -> Draft {
        let title = describe_step(d.tenant(), d, &edit.action);
        Draft {
            impact: Impact::of(d, &edit.action),
            title,
            edit,
            confirmed: false,
            based_on: d.clone(),
        }
    }

    /// The place of the control that made it.
    pub fn place(&self) -> &str {
        self.edit.place.as_deref().unwrap_or_default()
    }

    /// Someone would lose a service, and the admin has not confirmed it yet.
    pub fn needs_confirmation(&self) -> bool {
        !self.confirmed && self.impact.as_ref().is_ok_and(|i| !i.losses.is_empty())
    }

    /// The product a new assignment adds with its plans to pick (the plan picker's), if the
    /// draft is one: an `assignLicense` adding one product the user or group does not have yet.
    pub fn new_assignment(&self) -> Option<(SkuIx, &AssignedLicenseDef)> {
        let Action::AssignLicense {
            user,
            group,
            add_licenses,
            remove_licenses,
        } = &self.edit.action
        else {
            return None;
        };
        let [license] = add_licenses.as_slice() else {
            return None;
        };
        if !remove_licenses.is_empty() {
            return None;
        }
        let d = &self.based_on;
        let t = d.tenant();
        let sku = d
            .sku_ix(&license.sku_id)
            .filter(|s| !t.sku(*s).is_pending())?;
        let has_it = match (user, group) {
            (Some(u), _) => d.user_ix(u).is_some_and(|u| {
                t.user(u)
                    .rows_for(sku)
                    .any(|r| r.source() == licenselab_engine::Source::Direct)
            }),
            (None, Some(g)) => d
                .group_ix(g)
                .is_some_and(|g| t.group(g).license(sku).is_some()),
            (None, None) => return None,
        };
        (!has_it).then_some((sku, license))
    }
}

/// Plans one user would gain in one product.
#[derive(Clone, PartialEq, Debug)]
pub struct Gain {
    pub user: String,
    pub product: String,
    pub plans: Vec<String>,
}

/// Services one user would lose for good (no other plan provides them), in every product.
#[derive(Clone, PartialEq, Debug)]
pub struct Loss {
    pub user: String,
    pub services: Vec<String>,
}

/// A row the step would put in error.
#[derive(Clone, PartialEq, Debug)]
pub struct NewError {
    pub user: String,
    pub product: String,
    /// Graph's code (`CountViolation`).
    pub code: &'static str,
    /// The portal's name for it ("Not enough licenses"), when it has one.
    pub label: Option<&'static str>,
}

/// A product whose seats the step changes: in use before and after, and assignable after.
#[derive(Clone, PartialEq, Debug)]
pub struct Seats {
    pub product: String,
    pub used_before: u32,
    pub used_after: u32,
    pub assignable_before: u32,
    pub assignable_after: u32,
}

impl Seats {
    /// Seats in use beyond what is assignable after the step.
    pub fn short(&self) -> u32 {
        self.used_after.saturating_sub(self.assignable_after)
    }

    /// The step leaves fewer assignable seats than are in use (or more in use than assignable,
    /// more than before): a warning.
    pub fn warns(&self) -> bool {
        self.short() > self.used_before.saturating_sub(self.assignable_before)
    }
}

/// The engine's refusal of the step: applying it adds no step.
#[derive(Clone, PartialEq, Debug)]
pub struct Refusal {
    pub code: String,
    pub message: String,
    pub advice: Option<&'static str>,
}

/// What a step would do to the tenant.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Impact {
    pub gains: Vec<Gain>,
    pub losses: Vec<Loss>,
    /// Users who lose plans another product still provides the service of (no loss of service).
    pub replaced: Vec<String>,
    pub errors: Vec<NewError>,
    /// How many rows in error the step clears.
    pub cleared: usize,
    pub seats: Vec<Seats>,
    /// (user, group) memberships it adds and removes (dynamic groups follow a property).
    pub joined: Vec<(String, String)>,
    pub left: Vec<(String, String)>,
    pub refusal: Option<Refusal>,
}

impl Impact {
    /// Previews `action` on the tenant at the latest step of `d`.
    pub fn of(d: &Derived, action: &Action) -> Result<Impact, String> {
        let before = d.full.tenant();
        let preview = d.full.preview(action).map_err(|e| e.message.clone())?;
        let after = &preview.tenant;
        let user = |u: UserIx| after.user(u).display_name().to_owned();
        let names = |list: &[(licenselab_engine::GroupIx, UserIx)]| {
            list.iter()
                .map(|(g, u)| (user(*u), after.group(*g).display_name().to_owned()))
                .collect::<Vec<_>>()
        };
        let mut impact = Impact {
            joined: names(&preview.joined),
            left: names(&preview.left),
            seats: seats(before, after),
            ..Impact::default()
        };
        let changes = match &preview.outcome {
            Ok(changes) => changes,
            Err(r) => {
                impact.refusal = Some(Refusal {
                    code: r.code.as_str().to_owned(),
                    message: r.message.clone(),
                    advice: advice(&r.code),
                });
                return Ok(impact);
            }
        };
        for c in changes {
            if !c.gained.is_empty() {
                impact.gains.push(Gain {
                    user: user(c.user),
                    product: sku_name(after, c.sku).to_owned(),
                    plans: plan_names(after, c.sku, c.gained),
                });
            }
            if c.lost.is_empty() {
                continue;
            }
            let lost: Vec<String> = after
                .service_losses(c)
                .into_iter()
                .filter(|l| !l.still_provided)
                .map(|l| l.service.to_owned())
                .collect();
            let name = user(c.user);
            if lost.is_empty() {
                if !impact.replaced.contains(&name) {
                    impact.replaced.push(name);
                }
                continue;
            }
            match impact.losses.iter_mut().find(|l| l.user == name) {
                Some(loss) => {
                    for service in lost {
                        if !loss.services.contains(&service) {
                            loss.services.push(service);
                        }
                    }
                }
                None => impact.losses.push(Loss {
                    user: name,
                    services: lost,
                }),
            }
        }
        let errors = ErrorChanges::between(&error_keys(before), &error_keys(after));
        impact.cleared = errors.cleared.len();
        impact.errors = errors
            .appeared
            .iter()
            .map(|(u, s, _, code)| NewError {
                user: user(*u),
                product: sku_name(after, *s).to_owned(),
                code,
                label: error_label(code),
            })
            .collect();
        Ok(impact)
    }

    /// Nothing changes for anyone (no plan, membership, error or seat).
    pub fn is_quiet(&self) -> bool {
        self.gains.is_empty()
            && self.losses.is_empty()
            && self.replaced.is_empty()
            && self.errors.is_empty()
            && self.cleared == 0
            && self.seats.is_empty()
            && self.joined.is_empty()
            && self.left.is_empty()
    }

    /// The loss of service in one sentence, for the button that applies it: "Alex Wilber loses
    /// Exchange Online (mailbox) and SharePoint" (three users named at most); users who lose the
    /// same services share one sentence ("A, B, C and 7 more users lose SharePoint"); `None`
    /// without loss.
    pub fn loss_sentence(&self) -> Option<String> {
        const NAMED: usize = 3;
        let first = self.losses.first()?;
        if self.losses.len() > 1 && self.losses.iter().all(|l| l.services == first.services) {
            let mut names: Vec<String> = self
                .losses
                .iter()
                .take(NAMED)
                .map(|l| isolate(&l.user))
                .collect();
            let more = self.losses.len().saturating_sub(NAMED);
            if more > 0 {
                names.push(if more == 1 {
                    "1 more user".to_owned()
                } else {
                    format!("{more} more users")
                });
            }
            return Some(format!(
                "{} lose {}",
                and_list(&names),
                and_list(&first.services)
            ));
        }
        let mut parts: Vec<String> = self
            .losses
            .iter()
            .take(NAMED)
            .map(|l| format!("{} loses {}", isolate(&l.user), and_list(&l.services)))
            .collect();
        if self.losses.len() > NAMED {
            let more = self.losses.len() - NAMED;
            parts.push(if more == 1 {
                "1 more user loses service".to_owned()
            } else {
                format!("{more} more users lose service")
            });
        }
        Some(parts.join("; "))
    }
}

/// "A", "A and B", "A, B and C".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The products whose seats in use or assignable seats differ between `before` and `after`.
fn seats(before: &Tenant, after: &Tenant) -> Vec<Seats> {
    after
        .skus()
        .iter()
        .enumerate()
        .filter_map(|(i, sku)| {
            let was = before.skus().get(i)?;
            let seats = Seats {
                product: sku.display_name().to_owned(),
                used_before: was.consumed(),
                used_after: sku.consumed(),
                assignable_before: before.assignable(was),
                assignable_after: after.assignable(sku),
            };
            (seats.used_before != seats.used_after
                || seats.assignable_before != seats.assignable_after)
                .then_some(seats)
        })
        .collect()
}

/// A new assignment's action with other plans turned off (the plan picker's choice).
pub fn with_disabled_plans(action: &Action, disabled: Vec<String>) -> Action {
    let mut next = action.clone();
    if let Action::AssignLicense { add_licenses, .. } = &mut next {
        if let Some(license) = add_licenses.first_mut() {
            license.disabled_plans = disabled;
        }
    }
    next
}
