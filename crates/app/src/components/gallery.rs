//! The example gallery: each card opens a scenario file from `web/examples/`.

use std::rc::Rc;

use yew::prelude::*;

use crate::scenario::Example;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub examples: Rc<Vec<Example>>,
    pub on_open: Callback<String>,
    #[prop_or_default]
    pub current: Option<AttrValue>,
}

#[component]
pub fn Gallery(p: &GalleryProps) -> Html {
    html! {
        <section class="view gallery-view" aria-labelledby="gallery-h">
            <h2 id="gallery-h">{ "Examples" }</h2>
            <p class="lead">{ "Each example is a scenario file you can open, change, and share. Opening one keeps your current work: it can be restored from the notice that appears." }</p>
            if p.examples.is_empty() { <p class="muted">{ "Loading the examples…" }</p> }
            <ul class="gallery">
                { for p.examples.iter().map(|e| {
                    let (on, file) = (p.on_open.clone(), e.file.clone());
                    let current = p.current.as_deref() == Some(e.file.as_str());
                    html! {
                        <li class={classes!("card", "example-card", current.then_some("current"))}>
                            <h3>{ &e.title }</h3>
                            if let Some(s) = &e.summary { <p>{ s }</p> }
                            <button type="button" onclick={move |_| on.emit(file.clone())}
                                aria-label={format!("Open the example: {}", e.title)}>{ if current { "Open again" } else { "Open" } }</button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
