//! Components mounted in a real DOM, in headless Chromium.
#![cfg(target_family = "wasm")]

use std::time::Duration;

use licenselab_app::{App, ErrorBox, ErrorBoxProps};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Yew renders asynchronously and the app fetches, so wait until `selector` shows up.
async fn wait_for(root: &Element, selector: &str) -> Element {
    for _ in 0..250 {
        if let Some(found) = root.query_selector(selector).unwrap() {
            return found;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no {selector} after 5 s; the DOM is: {}", root.inner_html());
}

#[wasm_bindgen_test]
async fn error_box_shows_title_and_message() {
    let root = fresh_root();
    let props = ErrorBoxProps {
        title: "Title here".into(),
        message: "the engine is not built yet".into(),
    };
    yew::Renderer::<ErrorBox>::with_root_and_props(root.clone(), props).render();

    let bx = wait_for(&root, ".error-box[role=alert]").await;
    assert_eq!(
        bx.query_selector("h2")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Title here"
    );
    assert_eq!(
        bx.query_selector(".error-message")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "the engine is not built yet"
    );
}

#[wasm_bindgen_test]
async fn app_without_examples_shows_why_instead_of_a_blank_page() {
    // The test server has no examples/ folder, so loading the index fails.
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();

    assert_eq!(
        wait_for(&root, "header h1").await.text_content().unwrap(),
        "licenselab"
    );
    let message = wait_for(&root, ".error-box .error-message")
        .await
        .text_content()
        .unwrap();
    assert!(
        message.contains("examples/index.json"),
        "unexpected message: {message}"
    );
}
