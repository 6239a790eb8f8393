//! Building a scenario's starting tenant a portion at a time, yielding to the page between portions
//! with the progress reported, so a big tenant freezes neither the app nor the embed view.

use licenselab_engine::{Scenario, Simulation};

use crate::model::portions::Portions;

/// Builds `scenario`'s starting tenant; `on_progress` gets a sentence after each portion but the last.
pub async fn build_in_portions(
    scenario: &Scenario,
    mut on_progress: impl FnMut(String),
) -> Result<Simulation, String> {
    let mut portions = Portions::new(scenario).map_err(|e| e.to_string())?;
    while let Some(progress) = portions.advance().map_err(|e| e.to_string())? {
        on_progress(progress.sentence);
        yew::platform::time::sleep(std::time::Duration::from_millis(0)).await;
    }
    portions.finish().map_err(|e| e.to_string())
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
