//! The views' answers (`model::views`): plain data computed from the simulation at the cursor,
//! the only thing the components render (issue 14: the engine moves into a worker behind them).
//! Checked against the documented behaviour of the seat-exhaustion example (12 users in one
//! group assigning Office 365 E3, one product).

use std::rc::Rc;

use licenselab_app::model::views::{answer, Answer, Query, Summary};
use licenselab_app::model::Derived;
use licenselab_app::saved::read_scenario;

const SEATS: &str = include_str!("../../../web/examples/seat-exhaustion.json");

fn derived() -> Derived {
    Derived::run(Rc::new(read_scenario(SEATS).unwrap()), 0).unwrap()
}

#[test]
fn the_summary_counts_what_the_tenant_holds_at_the_cursor() {
    let s = match answer(&derived(), &Query::Summary) {
        Answer::Summary(s) => s,
        other => panic!("asked for the summary, got {other:?}"),
    };
    assert_eq!(
        s,
        Summary {
            users: 12,
            groups: 1,
            products: 1,
            steps: 0,
            cursor: 0
        }
    );
}

#[test]
fn queries_and_answers_cross_a_message_unchanged() {
    let d = derived();
    let q = Query::Summary;
    let text = serde_json::to_string(&q).unwrap();
    assert_eq!(serde_json::from_str::<Query>(&text).unwrap(), q);
    let a = answer(&d, &q);
    let text = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), a);
}
