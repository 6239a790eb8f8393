//! `-match` in the embed page's binary, which is built without the `regex` crate: for a scenario
//! that may use `-match`, the page fetches the `licenselab-match` wasm module (`crates/match`,
//! loaded by `licenselabLoadMatch` in `web/embed.html`) and installs it as the rules' pattern
//! engine. Patterns compile and match there, with the same compiler as everywhere else.

use std::sync::Arc;

use licenselab_engine::{install_pattern_engine, Pattern, PatternEngine, PatternError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// Fetches and starts the module; it is then the global `licenselabMatch`.
    #[wasm_bindgen(js_name = licenselabLoadMatch, catch)]
    fn load_module() -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = licenselabMatch, js_name = compile, catch)]
    fn module_compile(pattern: &str, dot_matches_new_line: bool) -> Result<u32, JsValue>;

    #[wasm_bindgen(js_namespace = licenselabMatch, js_name = is_match)]
    fn module_is_match(id: u32, text: &str) -> bool;

    #[wasm_bindgen(js_namespace = licenselabMatch, js_name = release)]
    fn module_release(id: u32);

    #[wasm_bindgen(js_namespace = licenselabMatch, js_name = large_classes, catch)]
    fn module_large_classes(pattern: &str) -> Result<u32, JsValue>;
}

/// Whether a scenario's text may hold a `-match` or `-notMatch` rule: any "match" in any case, so
/// a rule is never missed (another "match" only costs the module's fetch).
pub fn may_use_match(text: &str) -> bool {
    text.as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"match"))
}

/// Fetches the module and installs it, once, when the scenario may use `-match`.
pub async fn prepare(text: &str) -> Result<(), String> {
    if !may_use_match(text) || INSTALLED.with(|i| i.get()) {
        return Ok(());
    }
    let loading = load_module().map_err(|_| {
        "This page does not load the -match module (licenselabLoadMatch).".to_owned()
    })?;
    JsFuture::from(loading).await.map_err(|e| {
        format!(
            "The -match module could not be loaded: {}",
            e.as_string().unwrap_or_else(|| format!("{e:?}"))
        )
    })?;
    install_pattern_engine(&ModuleEngine);
    INSTALLED.with(|i| i.set(true));
    Ok(())
}

thread_local! {
    static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The fetched module as the rules' pattern engine.
struct ModuleEngine;

impl PatternEngine for ModuleEngine {
    fn compile(
        &self,
        pattern: &str,
        dot_matches_new_line: bool,
    ) -> Result<Arc<dyn Pattern>, PatternError> {
        match module_compile(pattern, dot_matches_new_line) {
            Ok(id) => Ok(Arc::new(ModulePattern(id))),
            // The module throws the compiler's message, or null for a pattern too big; anything
            // else (a module that is not there) means no pattern engine.
            Err(e) if e.is_null() => Err(PatternError::TooBig),
            Err(e) => Err(e
                .as_string()
                .map_or(PatternError::Unavailable, PatternError::Invalid)),
        }
    }

    fn large_classes(&self, pattern: &str) -> usize {
        module_large_classes(pattern).map_or(0, |n| n as usize)
    }
}

/// A pattern compiled in the module, by its number there.
struct ModulePattern(u32);

impl Pattern for ModulePattern {
    fn is_match(&self, text: &str) -> bool {
        module_is_match(self.0, text)
    }
}

impl Drop for ModulePattern {
    fn drop(&mut self) {
        module_release(self.0);
    }
}
