//! The API's tests in headless Chromium, as a page uses it.
#![cfg(target_family = "wasm")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;
