//! licenselab's JavaScript API: the engine behind wasm-bindgen, for people who write documentation
//! or tools. A thin shell: every answer comes from `licenselab-engine`; this crate only carries
//! text, objects and errors across the boundary (`docs/javascript-api.md`).
//!
//! Objects cross with serde-wasm-bindgen in its JSON-compatible mode, so an object this API
//! returns equals `JSON.parse` of the same thing as text (`null`, never `undefined`, for a missing
//! value; plain objects, never `Map`s).

mod check;
mod errors;
mod import;
mod preview;
mod views;

use licenselab_engine::{step_result, JsonLayout};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// The interfaces the generated declarations name (`ResultDocument`, `StepResult`, `Preview`, ...),
// kept in a .d.ts file so that `tsc` can check them on their own.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Converts anything serializable into a plain JS value, as `JSON.parse` would give it.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        // Only numbers beyond 2^53 fail, and every number here is a count or an index.
        .expect("licenselab values are JSON values")
}

/// Whether `options` (an options object, or `undefined`) sets `name` to `true`.
fn option_set(options: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(options, &JsValue::from_str(name))
        .ok()
        .and_then(|value| value.as_bool())
        .unwrap_or(false)
}

/// The result's layout that `options.compact` asks for.
fn layout(options: &JsValue) -> JsonLayout {
    if option_set(options, "compact") {
        JsonLayout::Compact
    } else {
        JsonLayout::Pretty
    }
}

/// Runs a scenario to the end and returns the result document: the same bytes as
/// `licenselab run FILE` prints (with `{compact: true}`, those of `licenselab run --compact`).
///
/// @throws {LoadError} when the scenario cannot be loaded (the message is the native command's).
#[wasm_bindgen(unchecked_return_type = "string")]
pub fn run(
    #[wasm_bindgen(js_name = scenarioJson)] scenario_json: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
) -> Result<String, JsValue> {
    licenselab_engine::run_json_as(scenario_json, layout(&options))
        .map_err(|e| errors::load_error(&e))
}

/// Runs a scenario (and `options.steps`, a changes file's text, after its steps), evaluates its
/// expectations and the policies in `options.deny` with the exceptions in `options.allow`, and
/// returns the check report: the same bytes as `licenselab check FILE --format json`.
///
/// @throws {LoadError} when the scenario or the changes do not load (`error.file` says which:
/// `"scenario"` or `"steps"`); a `RangeError` for an unknown policy or exception.
#[wasm_bindgen(unchecked_return_type = "string")]
pub fn check(
    #[wasm_bindgen(js_name = scenarioJson)] scenario_json: &str,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] options: JsValue,
) -> Result<String, JsValue> {
    check::check(scenario_json, &options)
}

/// Loads a scenario without running its steps and counts what it holds, as
/// `licenselab validate FILE` does.
///
/// @throws {LoadError} when the scenario cannot be loaded.
#[wasm_bindgen(unchecked_return_type = "ValidationSummary")]
pub fn validate(
    #[wasm_bindgen(js_name = scenarioJson)] scenario_json: &str,
) -> Result<JsValue, JsValue> {
    let simulation = Simulation::new(scenario_json)?;
    Ok(to_js(&views::ValidationSummary::of(&simulation.inner)))
}

/// Imports a tenant export, as `licenselab import` does: `files` is an array of
/// `{path, bytes}` (the path as the user named it, used in messages and to find an EntraExporter
/// folder's layout or a members file's group; the bytes in UTF-8 or UTF-16), in any order.
/// Returns `{scenario, report}`: the observed scenario (the object `licenselab import -o` writes)
/// and what was read, skipped and could not be mapped, with `report.text` the command's summary.
///
/// @throws {ImportError} naming the file that cannot be used (`error.path`) and what to do.
#[wasm_bindgen(js_name = importTenant, unchecked_return_type = "ImportedTenant")]
pub fn import_tenant(
    #[wasm_bindgen(unchecked_param_type = "ImportFile[]")] files: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ImportTenantOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let documents = import::documents(&files)?;
    let anonymize = option_set(&options, "anonymize");
    let imported =
        licenselab_import::import(&documents, licenselab_import::ImportOptions { anonymize })
            .map_err(|e| import::import_error(&e))?;
    // As the command does: the scenario must load (a load error is the import's fault), and the
    // summary ends with its pending work.
    let pending = licenselab_engine::Simulation::new(&imported.scenario)
        .map(|simulation| licenselab_import::pending_summary(simulation.tenant()))
        .map_err(|e| {
            JsValue::from(js_sys::Error::new(&format!(
                "the import made a scenario that does not load ({e}); this is a bug in licenselab import, please report it"
            )))
        })?;
    #[derive(Serialize)]
    struct Imported<'a> {
        scenario: &'a licenselab_engine::Scenario,
        report: import::ReportView<'a>,
    }
    Ok(to_js(&Imported {
        scenario: &imported.scenario,
        report: import::ReportView::of(&imported.report, &pending),
    }))
}

/// What changed between two scenarios (two snapshots of a tenant, such as two imports a week
/// apart), as `licenselab diff OLD NEW --format FORMAT` prints it: `"json"` (the default, the
/// diff document, `DiffDocument` once parsed), `"text"` or `"markdown"`.
///
/// @throws {LoadError} when either scenario cannot be loaded, with `document` saying which
/// (`"old"` or `"new"`); a `TypeError` for another format.
#[wasm_bindgen(unchecked_return_type = "string")]
pub fn diff(
    #[wasm_bindgen(js_name = oldJson)] old_json: &str,
    #[wasm_bindgen(js_name = newJson)] new_json: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "\"json\" | \"text\" | \"markdown\"")]
    format: Option<String>,
) -> Result<String, JsValue> {
    let render = match format.as_deref().unwrap_or("json") {
        "json" => licenselab_diff::Diff::to_json,
        "text" => licenselab_diff::render_text,
        "markdown" => licenselab_diff::render_markdown,
        other => {
            let error = js_sys::Error::new(&format!(
                "diff: format must be \"json\", \"text\" or \"markdown\", not {other:?}"
            ));
            error.set_name("TypeError");
            return Err(error.into());
        }
    };
    let load = |text: &str, document: &str| {
        licenselab_diff::load(text).map_err(|e| errors::snapshot_load_error(&e, document))
    };
    let old = load(old_json, "old")?;
    let new = load(new_json, "new")?;
    Ok(render(&licenselab_diff::compare(
        old.tenant(),
        new.tenant(),
    )))
}

/// A plan's steps as Microsoft Graph v1.0 requests, as `licenselab requests PLAN --emit EMIT`
/// writes them: `"graph"` (a JSON document, `RequestsDocument` once parsed) or `"powershell"` (a
/// script of `Invoke-MgGraphRequest` calls with its waits and checks).
///
/// @throws {LoadError} when the scenario cannot be loaded; a `RequestsError` (with `path`, the
/// field path) when it loads but cannot be sent to Graph; a `TypeError` for another `emit`.
#[wasm_bindgen(unchecked_return_type = "string")]
pub fn requests(
    #[wasm_bindgen(js_name = scenarioJson)] scenario_json: &str,
    #[wasm_bindgen(unchecked_param_type = "\"graph\" | \"powershell\"")] emit: &str,
) -> Result<String, JsValue> {
    let Some(emit) = licenselab_requests::Emit::from_name(emit) else {
        let error = js_sys::Error::new(&format!(
            "requests: emit must be \"graph\" or \"powershell\", not {emit:?}"
        ));
        error.set_name("TypeError");
        return Err(error.into());
    };
    licenselab_requests::emit(scenario_json, emit).map_err(|e| errors::requests_error(&e))
}

/// A migration plan from a tenant to a target (`docs/plan.md`), as `licenselab plan TENANT TARGET
/// -o PLAN.json` makes it: `scenario` is the plan scenario (the bytes the command writes),
/// `naive` the obvious order as a scenario, `summary` the text the command prints, and `report`
/// what `--format json` prints, parsed (`PlanReport`).
///
/// @throws {LoadError} when either scenario cannot be parsed, with `document` saying which
/// (`"tenant"` or `"target"`); a `PlanError` (with the message the command prints) when there is
/// no plan: a scenario with steps, differences the planner does not make.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn plan(
    #[wasm_bindgen(js_name = tenantJson)] tenant_json: &str,
    #[wasm_bindgen(js_name = targetJson)] target_json: &str,
) -> Result<JsValue, JsValue> {
    let parse = |text: &str, document: &str| {
        licenselab_engine::parse(text).map_err(|e| errors::snapshot_load_error(&e, document))
    };
    let tenant = parse(tenant_json, "tenant")?;
    let target = parse(target_json, "target")?;
    let plan = licenselab_plan::plan(&tenant, &target, &licenselab_plan::PlanOptions::default())
        .map_err(|e| {
            let error = js_sys::Error::new(&e.to_string());
            error.set_name("PlanError");
            JsValue::from(error)
        })?;
    #[derive(Serialize)]
    struct Planned<'a> {
        scenario: String,
        naive: String,
        summary: String,
        report: &'a licenselab_plan::Plan,
    }
    Ok(to_js(&Planned {
        scenario: plan.to_json(),
        naive: plan.naive_json(),
        summary: licenselab_plan::render_text(&plan),
        report: &plan,
    }))
}

/// A scenario being stepped through: the tenant as it stands after `position` steps.
///
/// Holds wasm memory: call `free()` when done (or rely on the garbage collector where the runtime
/// has `FinalizationRegistry`).
#[wasm_bindgen]
pub struct Simulation {
    inner: licenselab_engine::Simulation,
}

#[wasm_bindgen]
impl Simulation {
    /// Loads a scenario and builds its starting tenant; no step has run yet.
    ///
    /// @throws {LoadError} when the scenario cannot be loaded.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = scenarioJson)] scenario_json: &str,
    ) -> Result<Simulation, JsValue> {
        licenselab_engine::Simulation::from_json(scenario_json)
            .map(|inner| Simulation { inner })
            .map_err(|e| errors::load_error(&e))
    }

    /// How many steps the scenario has.
    #[wasm_bindgen(getter, js_name = stepCount)]
    pub fn step_count(&self) -> usize {
        self.inner.step_count()
    }

    /// How many steps have run (0 to `stepCount`).
    #[wasm_bindgen(getter)]
    pub fn position(&self) -> usize {
        self.inner.position()
    }

    /// Runs the next step and returns what it did, or `undefined` when every step has run.
    #[wasm_bindgen(unchecked_return_type = "StepResult | undefined")]
    pub fn step(&mut self) -> JsValue {
        if self.inner.step().is_none() {
            return JsValue::UNDEFINED;
        }
        let report = self.inner.reports().last().expect("a step has just run");
        to_js(&step_result(self.inner.tenant(), report))
    }

    /// Runs every step that has not run yet.
    #[wasm_bindgen(js_name = runToEnd)]
    pub fn run_to_end(&mut self) {
        self.inner.run_to_end();
    }

    /// The result document for the steps run so far, as an object (`JSON.parse(resultJson())`).
    #[wasm_bindgen(unchecked_return_type = "ResultDocument")]
    pub fn result(&self) -> JsValue {
        to_js(&self.inner.result())
    }

    /// The result document for the steps run so far, as text. After `runToEnd()` it is byte for
    /// byte what `licenselab run` prints (with `{compact: true}`, `licenselab run --compact`).
    #[wasm_bindgen(js_name = resultJson)]
    pub fn result_json(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RunOptions")] options: JsValue,
    ) -> String {
        self.inner.result().to_json_as(layout(&options))
    }

    /// What a step would do if it ran now, without running it: the outcome, the plans gained and
    /// lost, who would join and leave which groups, and the products' seats after it. `step` is a
    /// step object as in a scenario's `steps`, or its JSON text. Steps that create objects
    /// (`createUser`, `createGroup`, `addSubscribedSku`, `addServicePlan`) cannot be previewed.
    ///
    /// @throws {LoadError} when the step is malformed or names an object that does not exist;
    /// `path` is then relative to the step (`"member"`), and `line`/`column` are set only when
    /// the step came as text.
    #[wasm_bindgen(unchecked_return_type = "Preview")]
    pub fn preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Step | string")] step: JsValue,
    ) -> Result<JsValue, JsValue> {
        let action = preview::parse_step(&step).map_err(|e| errors::load_error(&e))?;
        let preview = self
            .inner
            .preview(&action)
            .map_err(|e| errors::load_error(&e))?;
        let report = views::preview_report(self.inner.position(), action.op(), &preview);
        Ok(to_js(&views::PreviewView::new(&report, &preview)))
    }

    /// The users at the current position, in scenario order, each with their license paths and,
    /// for a path in error, the reason in words an administrator can act on.
    #[wasm_bindgen(unchecked_return_type = "UserView[]")]
    pub fn users(&self) -> JsValue {
        to_js(&views::users(self.inner.tenant()))
    }

    /// One user by id at the current position, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "UserView | undefined")]
    pub fn user(&self, id: &str) -> JsValue {
        views::user(self.inner.tenant(), id).map_or(JsValue::UNDEFINED, |user| to_js(&user))
    }

    /// The groups at the current position, in scenario order.
    #[wasm_bindgen(unchecked_return_type = "GroupView[]")]
    pub fn groups(&self) -> JsValue {
        to_js(&views::groups(self.inner.tenant()))
    }

    /// One group by id at the current position, or `undefined`.
    #[wasm_bindgen(unchecked_return_type = "GroupView | undefined")]
    pub fn group(&self, id: &str) -> JsValue {
        views::group(self.inner.tenant(), id).map_or(JsValue::UNDEFINED, |group| to_js(&group))
    }

    /// The products (subscribed SKUs) at the current position, with their seats.
    #[wasm_bindgen(unchecked_return_type = "ProductView[]")]
    pub fn products(&self) -> JsValue {
        to_js(&views::products(self.inner.tenant()))
    }
}
