//! Building a scenario's starting tenant a portion at a time, yielding to the page between portions
//! with the progress reported, so a big tenant freezes neither the app nor the embed view.

use licenselab_engine::{Scenario, Simulation};

/// About 20 ms of work in the browser per portion.
const PORTION: usize = 20_000;

/// Builds `scenario`'s starting tenant; `on_progress` gets a sentence after each portion but the last.
pub async fn build_in_portions(
    scenario: &Scenario,
    mut on_progress: impl FnMut(String),
) -> Result<Simulation, String> {
    let mut loading = Simulation::loading(scenario).map_err(|e| e.to_string())?;
    while !loading.advance(PORTION).map_err(|e| e.to_string())? {
        let (done, total) = loading.progress();
        on_progress(format!(
            "Building the tenant: {}% ({} users, {} groups)…",
            done * 100 / total.max(1),
            scenario.users.len(),
            scenario.groups.len()
        ));
        yew::platform::time::sleep(std::time::Duration::from_millis(0)).await;
    }
    loading.finish().map_err(|e| e.to_string())
}

/// Reads scenario text (as `saved::read_and_load` does) and builds its tenant in portions.
pub async fn load_in_portions(
    text: &str,
    on_progress: impl FnMut(String),
) -> Result<(Scenario, Simulation), String> {
    let scenario = licenselab_engine::parse(text).map_err(|e| e.to_string())?;
    let simulation = build_in_portions(&scenario, on_progress).await?;
    Ok((scenario, simulation))
}
