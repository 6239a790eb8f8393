//! Users and groups: declaring those the scenario lists and those steps create, their
//! licenses, members and membership rules, and references to them.

use super::Resolver;
use crate::reconcile::LicenseChoice;
use crate::scenario::checks::{
    check_country, check_extension_attribute, check_id, check_user_property,
};
use crate::scenario::document::{
    Action, AssignedLicenseDef, GroupDef, RuleProcessingState, Scenario, UserDef,
};
use crate::scenario::errors::{fail, PathError, Resolved};
use crate::scenario::locate::FieldPath;
use crate::tenant::attributes::Attributes;
use crate::tenant::id_index::IdIndex;
use crate::tenant::{Group, GroupIx, MemberRef, User, UserIx};
use licenselab_rules::{ObjectKind, Rule, RuleOptions};
use std::sync::Arc;

/// Where a user or group is defined: `users[i]`/`groups[i]`, or inside `steps[i]`.
#[derive(Debug, Clone, Copy)]
enum Place {
    Listed(&'static str, usize),
    InStep(usize, &'static str),
}

impl Place {
    fn path(&self) -> FieldPath {
        match *self {
            Place::Listed(list, i) => FieldPath::root().key(list).index(i),
            Place::InStep(i, field) => FieldPath::root().key("steps").index(i).key(field),
        }
    }
}

impl Resolver {
    pub(super) fn declare_principals(&mut self, scenario: &Scenario) -> Resolved<()> {
        // Field paths are made only for an error or a non-empty part: a big tenant has a
        // hundred thousand users and millions of members.
        let mut user_defs: Vec<(Place, &UserDef, Option<usize>)> = scenario
            .users
            .iter()
            .enumerate()
            .map(|(i, u)| (Place::Listed("users", i), u, None))
            .collect();
        let mut group_defs: Vec<(Place, &GroupDef, Option<usize>)> = scenario
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (Place::Listed("groups", i), g, None))
            .collect();
        for (i, step) in scenario.steps.iter().enumerate() {
            match &step.action {
                Action::CreateUser { user } => {
                    user_defs.push((Place::InStep(i, "user"), user, Some(i)))
                }
                Action::CreateGroup { group } => {
                    group_defs.push((Place::InStep(i, "group"), group, Some(i)))
                }
                _ => {}
            }
        }
        Arc::make_mut(&mut self.user_ids).reserve(user_defs.len());
        for (place, def, _) in &user_defs {
            check_id(|| place.path().key("id"), &def.id)?;
            if Arc::make_mut(&mut self.user_ids).insert(&def.id).is_err() {
                return fail(
                    &place.path().key("id"),
                    format!("two users have id '{}'; ids must be unique", def.id),
                );
            }
            let user = self.user(place, def)?;
            self.users.push(user);
            self.users.last_mut().expect("just pushed").pending = false;
        }
        // Users are numbered in the order they were declared just above.
        for (u, (place, def, step)) in user_defs.iter().enumerate() {
            let u = UserIx::new(u);
            debug_assert_eq!(u, self.known_user(&def.id));
            self.users[u.index()].alive = step.is_none();
            self.users[u.index()].pending = step.is_some();
            let licenses = self.licenses_of(place, &def.assigned_licenses)?;
            match step {
                None => self.initial_user_licenses.push(licenses),
                Some(i) => {
                    self.created_user_licenses.insert(*i, licenses);
                }
            }
        }
        for (place, def, step) in &group_defs {
            check_id(|| place.path().key("id"), &def.id)?;
            if self.user_ids.get(&def.id).is_some() {
                return fail(
                    &place.path().key("id"),
                    format!(
                        "'{}' is already a user's id; users and groups need distinct ids",
                        def.id
                    ),
                );
            }
            if Arc::make_mut(&mut self.group_ids).insert(&def.id).is_err() {
                return fail(
                    &place.path().key("id"),
                    format!("two groups have id '{}'; ids must be unique", def.id),
                );
            }
            self.groups.push(group(def, step.is_some()));
        }
        // For each user, the last group that listed it plus one: finds a member listed twice
        // without a set per group.
        let mut listed_by = vec![0usize; self.users.len()];
        for (place, def, step) in &group_defs {
            let g = self.known_group(&def.id);
            // Taken when handed over, so the ids are dropped once this group's are resolved.
            let handed = match place {
                Place::Listed(_, i) => self.handed.members.get_mut(*i).map(std::mem::take),
                Place::InStep(..) => None,
            };
            let listed = handed.as_deref().unwrap_or(&def.members);
            self.groups[g.index()].rule = if def.is_dynamic() || def.membership_rule.is_some() {
                self.membership_rule(&place.path(), def, listed)?
            } else {
                None
            };
            let mut members = Vec::with_capacity(listed.len());
            for (j, member) in listed.iter().enumerate() {
                let member_path = || place.path().key("members").index(j);
                let Some(who) = self.find_member(member) else {
                    return self.member_ref(&member_path(), member).map(|_| ());
                };
                let twice = match who {
                    MemberRef::Group(child) if child == g => {
                        return fail(&member_path(), "a group cannot be a member of itself");
                    }
                    MemberRef::Group(_) => members.contains(&who),
                    MemberRef::User(u) => {
                        std::mem::replace(&mut listed_by[u.index()], g.index() + 1) == g.index() + 1
                    }
                };
                if twice {
                    return fail(&member_path(), format!("'{member}' is listed twice"));
                }
                members.push(who);
            }
            let licenses = self.licenses_of(place, &def.assigned_licenses)?;
            match step {
                None => {
                    self.initial_group_members.push(members);
                    self.initial_group_licenses.push(licenses);
                }
                Some(i) => {
                    self.created_group_parts.insert(*i, (members, licenses));
                }
            }
        }
        Ok(())
    }

    /// The `assignedLicenses` of a user or group (no field path is made for an empty list).
    fn licenses_of(
        &self,
        place: &Place,
        defs: &[AssignedLicenseDef],
    ) -> Resolved<Vec<LicenseChoice>> {
        if defs.is_empty() {
            return Ok(Vec::new());
        }
        self.licenses(&place.path().key("assignedLicenses"), defs)
    }

    fn membership_rule(
        &self,
        path: &FieldPath,
        def: &GroupDef,
        members: &[String],
    ) -> Resolved<Option<Rule>> {
        if !def.is_dynamic() {
            if def.membership_rule.is_some() {
                return fail(
                    &path.key("membershipRule"),
                    "membershipRule is set but groupTypes does not contain \"DynamicMembership\"; add it to make the group dynamic, or remove the rule",
                );
            }
            return Ok(None);
        }
        if !members.is_empty() {
            return fail(
                &path.key("members"),
                "a dynamic group has no members list: its membershipRule decides who is in it",
            );
        }
        match &def.membership_rule {
            Some(text) => Ok(Some(self.compile_rule(&path.key("membershipRule"), text)?)),
            None => fail(
                &path.key("groupTypes"),
                "a DynamicMembership group needs a membershipRule",
            ),
        }
    }

    /// Parses a membership rule; errors give the character offset inside the rule.
    pub(super) fn compile_rule(&self, path: &FieldPath, text: &str) -> Resolved<Rule> {
        let rule =
            licenselab_rules::parse(text, &RuleOptions::default()).map_err(|e| PathError {
                path: path.clone(),
                within: Some(e.char_offset(text)),
                message: format!(
                    "invalid membership rule ({}): {} at character {} of the rule; {}",
                    e.class().title(),
                    e.message(),
                    e.char_offset(text),
                    e.hint()
                ),
            })?;
        if rule.object_kind() == ObjectKind::Device {
            return fail(
                path,
                "this is a device rule; licenselab simulates user licensing, so dynamic groups need user rules (user.department, ...)",
            );
        }
        if let Some(missing) = rule
            .member_of_groups()
            .iter()
            // Ids are compared ignoring case, as Entra does; an exact id (the usual case) is found
            // without a scan, so a step that changes a rule does not visit every group.
            .find(|id| {
                self.group_ids.get(id).is_none()
                    && !self.group_ids.ids().any(|k| k.eq_ignore_ascii_case(id))
            })
        {
            return fail(path, format!("the rule's memberOf list names '{missing}', which is not a group of the scenario"));
        }
        Ok(rule)
    }

    fn user(&mut self, place: &Place, def: &UserDef) -> Resolved<User> {
        if let Some(location) = &def.usage_location {
            check_country(|| place.path().key("usageLocation"), location)?;
        }
        let mut extension_attributes: Vec<(u8, Box<str>)> = Vec::new();
        for (name, value) in &def.on_premises_extension_attributes {
            let n = check_extension_attribute(
                &place.path().key("onPremisesExtensionAttributes").key(name),
                name,
            )?;
            if let Some(value) = value {
                extension_attributes.push((n, value.as_str().into()));
            }
        }
        // Taken when handed over, so the map is dropped once this user is made.
        let handed = match place {
            Place::Listed(_, i) => self.handed.properties.get_mut(*i).map(std::mem::take),
            Place::InStep(..) => None,
        };
        let properties = handed.as_ref().unwrap_or(&def.properties);
        let mut attributes = Attributes::with_capacity(properties.len());
        for (name, value) in properties {
            let (key, first_use) = self.attribute_names.intern_new(name);
            if first_use || name == "manager" {
                check_user_property(&place.path().key(name), name, value)?;
            }
            attributes.set(key, self.attribute_names.value(key, value));
        }
        attributes.shrink();
        Ok(User {
            id: def.id.clone(),
            alive: true,
            pending: false,
            usage_location: def.usage_location.clone(),
            proxy_addresses: def.proxy_addresses.clone(),
            proxy_keys: def
                .proxy_addresses
                .iter()
                .map(|a| self.proxies.intern(a))
                .collect(),
            extension_attributes,
            attributes,
            rows: Vec::new(),
            memberships: Vec::new(),
        })
    }

    /// An id declared already (every user and group is declared before anything refers to it).
    pub(super) fn known_user(&self, id: &str) -> UserIx {
        UserIx::new(self.user_ids.get(id).expect("declared users have ids"))
    }

    pub(super) fn known_group(&self, id: &str) -> GroupIx {
        GroupIx::new(self.group_ids.get(id).expect("declared groups have ids"))
    }

    pub(super) fn user_ref(&self, path: &FieldPath, id: &str) -> Resolved<UserIx> {
        let ids = [(&*self.user_ids, "user"), (&*self.group_ids, "group")];
        reference(path, id, ids).map(UserIx::new)
    }

    pub(super) fn group_ref(&self, path: &FieldPath, id: &str) -> Resolved<GroupIx> {
        let ids = [(&*self.group_ids, "group"), (&*self.user_ids, "user")];
        reference(path, id, ids).map(GroupIx::new)
    }

    fn find_member(&self, id: &str) -> Option<MemberRef> {
        if let Some(u) = self.user_ids.get(id) {
            return Some(MemberRef::User(UserIx::new(u)));
        }
        self.group_ids
            .get(id)
            .map(|g| MemberRef::Group(GroupIx::new(g)))
    }

    pub(super) fn member_ref(&self, path: &FieldPath, id: &str) -> Resolved<MemberRef> {
        self.find_member(id).map_or_else(
            || {
                fail(
                    path,
                    format!("unknown member '{id}'; no user or group in the scenario has this id"),
                )
            },
            Ok,
        )
    }
}

/// The position of `id` among the ids of one kind (users or groups); the other kind's ids tell
/// an id of the wrong kind from an unknown one.
fn reference(
    path: &FieldPath,
    id: &str,
    [(ids, kind), (others, other)]: [(&IdIndex, &str); 2],
) -> Resolved<usize> {
    match ids.get(id) {
        Some(position) => Ok(position),
        None if others.get(id).is_some() => {
            fail(path, format!("'{id}' is a {other}, not a {kind}"))
        }
        None => fail(
            path,
            format!("unknown {kind} '{id}'; no {kind} in the scenario has this id"),
        ),
    }
}

fn group(def: &GroupDef, pending: bool) -> Group {
    Group {
        id: def.id.clone(),
        alive: !pending,
        pending,
        display_name: def.display_name.clone(),
        description: def.description.clone(),
        security_enabled: def.security_enabled,
        mail_enabled: def.mail_enabled,
        group_types: def.group_types.clone(),
        membership_rule: def.membership_rule.clone(),
        rule: None,
        rule_paused: def.membership_rule_processing_state == Some(RuleProcessingState::Paused),
        members: Vec::new(),
        licenses: Vec::new(),
        parents: Vec::new(),
        former_members_with_rows: Vec::new(),
    }
}
