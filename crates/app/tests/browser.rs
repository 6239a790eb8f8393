//! Components mounted in a real DOM, in headless Chromium.
#![cfg(target_family = "wasm")]

use std::rc::Rc;
use std::time::Duration;

use licenselab_app::components::common::{Edit, ViewProps};
use licenselab_app::components::embed::EmbedApp;
use licenselab_app::components::groups::GroupsView;
use licenselab_app::components::products::ProductsView;
use licenselab_app::components::rule_editor::{RuleEditor, RuleEditorProps};
use licenselab_app::components::timeline::Timeline;
use licenselab_app::components::users::{UsersTable, UsersTableProps, UsersView};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;
use licenselab_app::{share, App, ErrorBox, ErrorBoxProps};
use licenselab_engine::Action;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");
const DYNAMIC: &str = include_str!("../../../web/examples/extension-attribute-dynamic.json");
const NESTED: &str = include_str!("../../../web/examples/nested-groups.json");

fn fresh_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn derived(text: &str) -> Rc<Derived> {
    Rc::new(Derived::run(Rc::new(read_scenario(text).unwrap()), usize::MAX).unwrap())
}

fn view(d: Rc<Derived>, edits: Option<Callback<Edit>>) -> ViewProps {
    ViewProps {
        d,
        on_edit: edits,
        selected: None,
        on_select: None,
        on_navigate: None,
        on_options: None,
        drafts: None,
    }
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

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn error_box_shows_title_and_message() {
    let root = fresh_root();
    let props = ErrorBoxProps {
        title: "Title here".into(),
        message: "the engine is not built yet".into(),
        children: Default::default(),
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

#[wasm_bindgen_test]
async fn products_show_seat_bars_and_buying_seats_is_an_edit() {
    let root = fresh_root();
    let edits = Rc::new(std::cell::RefCell::new(Vec::<Edit>::new()));
    let sink = edits.clone();
    let props = view(
        derived(SEATS),
        Some(Callback::from(move |e: Edit| sink.borrow_mut().push(e))),
    );
    yew::Renderer::<ProductsView>::with_root_and_props(root.clone(), props).render();
    let bar = wait_for(&root, ".seat-bar[role=img]").await;
    assert_eq!(
        bar.get_attribute("aria-label").unwrap(),
        "10 of 10 assignable seats used"
    );
    assert!(text(&root).contains("Full"));
    assert!(text(&root).contains("Simulator policy"));
    let input: web_sys::HtmlInputElement = root
        .query_selector(".product-card input[type=number]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value("15");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    let submit: HtmlElement = root
        .query_selector(".product-card button[type=submit]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    submit.click();
    settle().await;
    let edits = edits.borrow();
    assert_eq!(edits.len(), 1);
    assert!(
        edits[0].place.is_some(),
        "a seat change is a draft first, shown at its control"
    );
    match &edits[0].action {
        Action::SetPrepaidUnits { prepaid_units, .. } => assert_eq!(prepaid_units.enabled, 15),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn groups_show_errors_switches_and_nesting() {
    let root = fresh_root();
    let d = derived(SEATS);
    let props = ViewProps {
        selected: Some("g1".into()),
        ..view(d, Some(Callback::noop()))
    };
    yew::Renderer::<GroupsView>::with_root_and_props(root.clone(), props).render();
    wait_for(&root, ".group-detail").await;
    assert_eq!(
        root.query_selector_all("input[role=switch]")
            .unwrap()
            .length(),
        4
    );
    assert!(text(&root).contains("Members with license errors (2)"));
    assert!(text(&root).contains("CountViolation"));

    let root = fresh_root();
    let d = derived(NESTED);
    let t = d.tenant();
    let licensed = d
        .live_groups()
        .into_iter()
        .find(|g| !t.group(*g).licenses().is_empty())
        .unwrap();
    let props = ViewProps {
        selected: Some(t.group(licensed).id().to_owned().into()),
        ..view(d.clone(), None)
    };
    yew::Renderer::<GroupsView>::with_root_and_props(root.clone(), props).render();
    wait_for(&root, ".nesting").await;
    assert!(
        text(&root).contains("Not licensed through nesting"),
        "{}",
        root.inner_html()
    );
    // Read-only: no edit controls.
    assert!(root
        .query_selector(".group-detail .actions")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn users_show_paths_reasons_and_plan_counts() {
    let root = fresh_root();
    let d = derived(SEATS);
    let props = ViewProps {
        selected: Some("u12".into()),
        ..view(d, Some(Callback::noop()))
    };
    yew::Renderer::<UsersView>::with_root_and_props(root.clone(), props).render();
    wait_for(&root, ".user-detail").await;
    let t = text(&root);
    assert!(t.contains("0 of 4 plans enabled"), "{t}");
    assert!(t.contains("Inherited from"));
    assert!(t.contains("Buy more licenses or free some, then reprocess"));
}

#[wasm_bindgen_test]
async fn names_from_a_scenario_are_text_never_html() {
    let hostile = SEATS.replacen(
        "\"Alannah Shaw\"",
        "\"<img src=x onerror=alert(1)><b>Alannah</b>\"",
        1,
    );
    let root = fresh_root();
    yew::Renderer::<UsersView>::with_root_and_props(root.clone(), view(derived(&hostile), None))
        .render();
    wait_for(&root, ".users-table tbody tr").await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(root.query_selector("tbody b").unwrap().is_none());
    assert!(text(&root).contains("<img src=x onerror=alert(1)><b>Alannah</b>"));
}

#[wasm_bindgen_test]
async fn rule_editor_underlines_the_error_as_you_type() {
    let root = fresh_root();
    let d = derived(DYNAMIC);
    let t = d.tenant();
    let g = d
        .live_groups()
        .into_iter()
        .find(|g| t.group(*g).is_dynamic())
        .unwrap();
    let props = RuleEditorProps {
        d: d.clone(),
        group: t.group(g).id().to_owned().into(),
        rule: t.group(g).membership_rule().unwrap_or_default().into(),
        paused: false,
        on_edit: Some(Callback::noop()),
    };
    yew::Renderer::<RuleEditor>::with_root_and_props(root.clone(), props).render();
    let area: HtmlTextAreaElement = wait_for(&root, "textarea").await.dyn_into().unwrap();
    area.set_value("user.departmnt -eq \"Sales\"");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    let mark = wait_for(&root, "mark.rule-err").await;
    assert_eq!(mark.text_content().unwrap(), "departmnt");
    assert_eq!(area.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&root).contains("department"));
    assert!(root
        .query_selector("button[type=submit]:disabled")
        .unwrap()
        .is_some());

    area.set_value("user.department -eq \"Nobody at all\"");
    area.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    wait_for(&root, ".rule-preview").await;
    assert!(root.query_selector("mark.rule-err").unwrap().is_none());
    assert!(text(&root).contains("Would leave"));
}

#[wasm_bindgen_test]
async fn big_tables_render_only_the_rows_in_view() {
    // 3,000 users: the table renders a window of rows, not all of them.
    let mut doc: serde_json::Value = serde_json::from_str(SEATS).unwrap();
    let users: Vec<serde_json::Value> = (0..3000)
        .map(|i| serde_json::json!({"id": format!("x{i}"), "displayName": format!("Person {i}"), "usageLocation": "US"}))
        .collect();
    doc["users"].as_array_mut().unwrap().extend(users);
    let d = derived(&doc.to_string());
    let root = fresh_root();
    let props = UsersTableProps {
        view: view(d, None),
        height: 400,
        pending: None,
    };
    yew::Renderer::<UsersTable>::with_root_and_props(root.clone(), props).render();
    wait_for(&root, ".vtable tbody tr").await;
    let rows = root
        .query_selector_all(".vtable tbody tr:not(.spacer)")
        .unwrap()
        .length();
    assert!(rows > 5 && rows < 60, "{rows} rows rendered");
    assert!(text(&root).contains("3012 users"));

    // A filter shows its few rows.
    let search: web_sys::HtmlInputElement = root
        .query_selector("input[type=search]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    search.set_value("Person 2999");
    search
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    settle().await;
    let rows = root
        .query_selector_all(".vtable tbody tr:not(.spacer)")
        .unwrap()
        .length();
    assert_eq!(rows, 1, "{}", root.inner_html());
}

#[wasm_bindgen_test]
async fn timeline_lists_steps_and_draws_the_seats_chart() {
    let text_ = SEATS.replace(
        "\"steps\": []",
        "\"steps\": [{\"op\": \"reprocess\", \"group\": \"g1\", \"note\": \"nothing to gain\"}]",
    );
    let root = fresh_root();
    yew::Renderer::<Timeline>::with_root_and_props(
        root.clone(),
        licenselab_app::components::timeline::TimelineProps {
            d: derived(&text_),
            on_cursor: Callback::noop(),
        },
    )
    .render();
    wait_for(&root, "svg polyline").await;
    assert_eq!(root.query_selector_all("ol.steps li").unwrap().length(), 2);
    // Names are isolated in sentences (U+2068 ... U+2069), so right-to-left names keep their place.
    assert!(text(&root).contains("Reprocess \u{2068}Licensing_Office365_E3_Sales\u{2069}"));
}

#[wasm_bindgen_test]
async fn embed_view_reads_the_scenario_from_the_url_and_moves_steps() {
    let with_steps = SEATS.replace(
        "\"steps\": []",
        "\"steps\": [{\"op\": \"setPrepaidUnits\", \"sku\": \"ENTERPRISEPACK\", \"prepaidUnits\": {\"enabled\": 15}}, {\"op\": \"reprocess\", \"group\": \"g1\"}]",
    );
    let link = share::compress(&with_steps);
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let path = window.location().pathname().unwrap();
    history
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}#s={link}")),
        )
        .unwrap();
    let root = fresh_root();
    yew::Renderer::<EmbedApp>::with_root(root.clone()).render();
    wait_for(&root, ".embed-title").await;
    assert_eq!(
        root.query_selector(".embed-title")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Seat exhaustion and reprocess"
    );
    assert!(text(&root).contains("Step 2 of 2"));
    assert!(root
        .query_selector("a.open-full")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap()
        .starts_with("./#s="));
    let prev: HtmlElement = root
        .query_selector("button[aria-label='Previous step']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    prev.click();
    settle().await;
    assert!(text(&root).contains("Step 1 of 2"));
    assert!(
        text(&root).contains("Error"),
        "a member is still in error before the reprocess"
    );

    // A damaged link shows an error, not a broken page.
    history
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}#s=%%%garbage")),
        )
        .unwrap();
    let root = fresh_root();
    yew::Renderer::<EmbedApp>::with_root(root.clone()).render();
    let err = wait_for(&root, ".error-box").await;
    assert!(err.text_content().unwrap().contains("damaged"));
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
}

#[wasm_bindgen_test]
fn a_crash_says_so_and_hands_back_the_saved_scenario() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let previous = storage
        .get_item(licenselab_app::saved::AUTOSAVE_KEY)
        .unwrap();
    storage
        .set_item(licenselab_app::saved::AUTOSAVE_KEY, SEATS)
        .unwrap();
    let root = fresh_root();
    licenselab_app::crash::show_in(
        &root,
        licenselab_app::crash::Page::App,
        "panicked at <script>alert(1)</script>",
    );
    let text = root.text_content().unwrap();
    assert!(
        text.contains("licenselab stopped because of a bug"),
        "{text}"
    );
    assert!(text.contains("Reload the page to continue"), "{text}");
    // If the saved scenario is what fails, there is a way out that keeps it aside.
    assert!(text.contains("Reload without the saved scenario"), "{text}");
    // The message is text, not markup.
    assert!(root.query_selector("script").unwrap().is_none());
    assert!(text.contains("<script>alert(1)</script>"));
    let link = root
        .query_selector("a[download]")
        .unwrap()
        .expect("a download link");
    assert!(link.get_attribute("href").unwrap().starts_with("blob:"));
    assert_eq!(root.query_selector_all("button").unwrap().length(), 2);

    // The embed stores nothing: no download, no talk of saved work.
    let root = fresh_root();
    licenselab_app::crash::show_in(&root, licenselab_app::crash::Page::Embed, "panicked");
    let text = root.text_content().unwrap();
    assert!(text.contains("could not be shown"), "{text}");
    assert!(!text.contains("saved"), "{text}");
    assert!(root.query_selector("a[download]").unwrap().is_none());
    assert_eq!(root.query_selector_all("button").unwrap().length(), 1);
    match previous {
        Some(saved) => storage
            .set_item(licenselab_app::saved::AUTOSAVE_KEY, &saved)
            .unwrap(),
        None => storage
            .remove_item(licenselab_app::saved::AUTOSAVE_KEY)
            .unwrap(),
    }
}
