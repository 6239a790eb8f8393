//! The step kinds: each one's `op` name as written in JSON and the fields it takes.
//!
//! The names live in three places that nothing in the compiler keeps equal: serde's names for
//! `Action`, this table (which `Action::op` and the messages about a step's fields read), and
//! the TypeScript union in `crates/js-api/src/types.d.ts`. The tests below fail when they differ.

/// One kind of step.
pub(crate) struct StepKind {
    /// The `op` name.
    pub op: &'static str,
    /// The fields, as messages list them: every field name in backticks, with any words around.
    pub fields: &'static str,
}

pub(crate) const ASSIGN_LICENSE: StepKind = StepKind {
    op: "assignLicense",
    fields: "`user` or `group`, `addLicenses`, `removeLicenses`",
};
pub(crate) const ADD_MEMBER: StepKind = StepKind {
    op: "addMember",
    fields: "`group`, `member`",
};
pub(crate) const REMOVE_MEMBER: StepKind = StepKind {
    op: "removeMember",
    fields: "`group`, `member`",
};
pub(crate) const CREATE_USER: StepKind = StepKind {
    op: "createUser",
    fields: "`user` (a user object)",
};
pub(crate) const UPDATE_USER: StepKind = StepKind {
    op: "updateUser",
    fields: "`user`, `set`",
};
pub(crate) const DELETE_USER: StepKind = StepKind {
    op: "deleteUser",
    fields: "`user`",
};
pub(crate) const CREATE_GROUP: StepKind = StepKind {
    op: "createGroup",
    fields: "`group` (a group object)",
};
pub(crate) const UPDATE_GROUP: StepKind = StepKind {
    op: "updateGroup",
    fields: "`group`, `set`",
};
pub(crate) const DELETE_GROUP: StepKind = StepKind {
    op: "deleteGroup",
    fields: "`group`",
};
pub(crate) const ADD_SUBSCRIBED_SKU: StepKind = StepKind {
    op: "addSubscribedSku",
    fields: "`sku` (a product object)",
};
pub(crate) const SET_PREPAID_UNITS: StepKind = StepKind {
    op: "setPrepaidUnits",
    fields: "`sku`, `prepaidUnits`",
};
pub(crate) const ADD_SERVICE_PLAN: StepKind = StepKind {
    op: "addServicePlan",
    fields: "`sku`, `servicePlan`",
};
pub(crate) const REPROCESS: StepKind = StepKind {
    op: "reprocess",
    fields: "`user` or `group`",
};

/// Every step kind, in the order messages list them.
pub(crate) const STEP_KINDS: &[StepKind] = &[
    ASSIGN_LICENSE,
    ADD_MEMBER,
    REMOVE_MEMBER,
    CREATE_USER,
    UPDATE_USER,
    DELETE_USER,
    CREATE_GROUP,
    UPDATE_GROUP,
    DELETE_GROUP,
    ADD_SUBSCRIBED_SKU,
    SET_PREPAID_UNITS,
    ADD_SERVICE_PLAN,
    REPROCESS,
];

/// Every `op` name, comma-separated.
pub(crate) fn op_names() -> String {
    STEP_KINDS
        .iter()
        .map(|kind| kind.op)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fields a step of `op` takes, for a message about a field it does not take.
pub(crate) fn fields_of(op: &str) -> String {
    let fields = STEP_KINDS
        .iter()
        .find(|kind| kind.op == op)
        .map_or("", |kind| kind.fields);
    format!("{fields} and an optional `note`")
}

#[cfg(test)]
mod tests {
    use super::STEP_KINDS;
    use crate::scenario::document::Action;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    type Kinds = BTreeMap<String, Vec<String>>;

    /// The names in backticks in `text` (serde's messages and the table quote names so).
    fn quoted(text: &str) -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    fn sorted(mut names: Vec<String>) -> Vec<String> {
        names.sort();
        names
    }

    fn table() -> Kinds {
        let kinds: Kinds = STEP_KINDS
            .iter()
            .map(|kind| (kind.op.to_owned(), sorted(quoted(kind.fields))))
            .collect();
        assert_eq!(kinds.len(), STEP_KINDS.len(), "an op is in the table twice");
        kinds
    }

    fn deserialize_error(value: Value) -> String {
        serde_json::from_value::<Action>(value)
            .expect_err("not an action")
            .to_string()
    }

    /// serde's own lists, read from its errors: an unknown `op` lists every variant, and an
    /// unknown field (first in the object, so it is met before any missing one) lists the
    /// variant's fields.
    fn serde_names() -> Kinds {
        let unknown_op = deserialize_error(json!({ "op": "?" }));
        let ops = quoted(&unknown_op).split_off(1);
        assert!(!ops.is_empty(), "{unknown_op}");
        ops.into_iter()
            .map(|op| {
                let unknown_field = deserialize_error(json!({ "?": 0, "op": op }));
                assert!(
                    unknown_field.starts_with("unknown field `?`"),
                    "{unknown_field}"
                );
                let fields = sorted(quoted(&unknown_field).split_off(1));
                (op, fields)
            })
            .collect()
    }

    /// The step union of the TypeScript types: `{ op: "a" | "b"; field: type; other?: type }`.
    fn typescript_names() -> Kinds {
        let types = include_str!("../../../js-api/src/types.d.ts");
        let start = types
            .find("export type Step = StepBase &")
            .expect("types.d.ts declares Step");
        let union = &types[start..];
        let union = &union[..union.find(");").expect("the Step union ends with `);`")];
        let mut kinds = Kinds::new();
        for member in union.split('{').skip(1) {
            let member = &member[..member.find('}').expect("a union member ends with }")];
            let mut ops = Vec::new();
            let mut fields = Vec::new();
            for declaration in member.split(';').map(str::trim).filter(|d| !d.is_empty()) {
                let (name, type_) = declaration.split_once(':').expect("name: type");
                match name.trim() {
                    "op" => ops.extend(
                        type_
                            .split('|')
                            .map(|o| o.trim().trim_matches('"').to_owned()),
                    ),
                    field => fields.push(field.trim_end_matches('?').to_owned()),
                }
            }
            for op in ops {
                assert!(
                    kinds.insert(op.clone(), sorted(fields.clone())).is_none(),
                    "{op} twice"
                );
            }
        }
        kinds
    }

    #[test]
    fn serde_agrees_with_the_table() {
        assert_eq!(serde_names(), table());
    }

    #[test]
    fn typescript_agrees_with_the_table() {
        assert_eq!(typescript_names(), table());
    }

    #[test]
    fn action_op_names_the_variant_serde_reads() {
        // The smallest step of each kind; a kind missing here fails the test.
        let samples = [
            json!({ "op": "assignLicense", "user": "u" }),
            json!({ "op": "addMember", "group": "g", "member": "u" }),
            json!({ "op": "removeMember", "group": "g", "member": "u" }),
            json!({ "op": "createUser", "user": { "id": "u" } }),
            json!({ "op": "updateUser", "user": "u", "set": {} }),
            json!({ "op": "deleteUser", "user": "u" }),
            json!({ "op": "createGroup", "group": { "id": "g" } }),
            json!({ "op": "updateGroup", "group": "g", "set": {} }),
            json!({ "op": "deleteGroup", "group": "g" }),
            json!({ "op": "addSubscribedSku", "sku": { "skuId": "s" } }),
            json!({ "op": "setPrepaidUnits", "sku": "s", "prepaidUnits": {} }),
            json!({ "op": "addServicePlan", "sku": "s", "servicePlan": { "servicePlanId": "p" } }),
            json!({ "op": "reprocess", "group": "g" }),
        ];
        let mut seen = Vec::new();
        for sample in samples {
            let action: Action = serde_json::from_value(sample.clone()).expect("a valid step");
            assert_eq!(Some(action.op()), sample["op"].as_str());
            assert_eq!(serde_json::to_value(&action).unwrap()["op"], sample["op"]);
            seen.push(action.op().to_owned());
        }
        assert_eq!(sorted(seen), table().into_keys().collect::<Vec<_>>());
    }
}
