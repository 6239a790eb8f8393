use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::fetch::{fetch_text, query_param};
use crate::scenario::{parse_index, pick_example, run_scenario, Example, Outcome, EXAMPLES_DIR};

/// The page: header, example picker, and the selected example's result or error.
#[component]
pub fn App() -> Html {
    let examples = use_state(|| Rc::new(Vec::<Example>::new()));
    let selected = use_state(|| None::<String>);
    let outcome = use_state(|| None::<Outcome>);
    // Only the last requested example may write the outcome, however the fetches finish.
    let latest = use_mut_ref(String::new);

    {
        let (examples, selected, outcome) = (examples.clone(), selected.clone(), outcome.clone());
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let index = fetch_text(&format!("{EXAMPLES_DIR}/index.json"))
                    .await
                    .and_then(|t| parse_index(&t));
                match index {
                    Ok(list) => {
                        let requested = query_param("example");
                        selected
                            .set(pick_example(&list, requested.as_deref()).map(|e| e.file.clone()));
                        examples.set(Rc::new(list));
                    }
                    Err(message) => outcome.set(Some(Outcome::failed(
                        "Could not load the example list",
                        message,
                    ))),
                }
            });
        });
    }
    {
        let outcome = outcome.clone();
        use_effect_with((*selected).clone(), move |file| {
            if let Some(file) = file.clone() {
                *latest.borrow_mut() = file.clone();
                outcome.set(None);
                yew::platform::spawn_local(async move {
                    let shown = match fetch_text(&format!("{EXAMPLES_DIR}/{file}")).await {
                        Ok(scenario) => run_scenario(&scenario),
                        Err(message) => {
                            Outcome::failed(format!("Could not load the example {file}"), message)
                        }
                    };
                    if *latest.borrow() == file {
                        outcome.set(Some(shown));
                    }
                });
            }
        });
    }

    let on_pick = {
        let selected = selected.clone();
        Callback::from(move |e: Event| {
            selected.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };

    html! {
        <>
            <header class="site-header">
                <h1>{ "licenselab" }</h1>
                <p class="tagline">{ "Microsoft Entra ID group-based licensing, simulated step by step." }</p>
            </header>
            <main>
                if !examples.is_empty() {
                    <label class="example-picker">
                        { "Example " }
                        <select id="example" onchange={on_pick}>
                            { for examples.iter().map(|e| html! {
                                <option value={e.file.clone()} selected={selected.as_deref() == Some(e.file.as_str())}>
                                    { &e.title }
                                </option>
                            }) }
                        </select>
                    </label>
                }
                { match &*outcome {
                    None => html! { <p class="loading">{ "Loading…" }</p> },
                    Some(Outcome::Ran { result }) => html! { <ResultView result={result.clone()} /> },
                    Some(Outcome::Failed { title, message }) => {
                        html! { <ErrorBox title={title.clone()} message={message.clone()} /> }
                    }
                } }
            </main>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    pub title: AttrValue,
    pub message: AttrValue,
}

/// Why there is nothing else to show, in words a person can act on.
#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    html! {
        <section class="error-box" role="alert">
            <h2>{ &props.title }</h2>
            <p class="error-message">{ &props.message }</p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultViewProps {
    pub result: AttrValue,
}

/// The engine's result document.
#[component]
pub fn ResultView(props: &ResultViewProps) -> Html {
    html! {
        <section class="result">
            <h2>{ "Result" }</h2>
            <pre class="result-json">{ &props.result }</pre>
        </section>
    }
}
