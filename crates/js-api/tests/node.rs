//! The API's tests in Node (wasm-bindgen-test-runner's default), as a Node program uses it.
#![cfg(target_family = "wasm")]

mod common;
