//! Replaces personal data (`tenant-import.md` §4): display names, user principal names, mail and
//! proxy addresses, consistently (the same input always gives the same output, so two users who
//! share an address still share one) and deterministically (numbered in id order, no randomness).
//! Properties that the tenant's membership rules read are kept, since rules depend on them.

use licenselab_engine::Scenario;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// User properties holding a name; replaced by "<prefix> <n>".
const NAMES: &[(&str, &str)] = &[
    ("displayName", "User"),
    ("givenName", "Given"),
    ("surname", "Surname"),
];
/// User properties holding one address (or a list of them).
const ADDRESSES: &[&str] = &[
    "userPrincipalName",
    "mail",
    "otherMails",
    "onPremisesUserPrincipalName",
];
/// User properties holding an account name; replaced by an address's local part.
const ACCOUNT_NAMES: &[&str] = &["mailNickname", "onPremisesSamAccountName"];

#[derive(Default)]
struct Pseudonyms {
    /// Per prefix ("User", "Group", ...): name -> pseudonym.
    names: HashMap<&'static str, HashMap<String, String>>,
    locals: HashMap<String, String>,
    domains: HashMap<String, String>,
    others: HashMap<String, String>,
}

impl Pseudonyms {
    fn name(&mut self, prefix: &'static str, value: &str) -> String {
        let names = self.names.entry(prefix).or_default();
        pseudonym(names, value.to_owned(), |n| format!("{prefix} {n}"))
    }

    /// `alice@contoso.com` -> `user1@domain1.example`, case-insensitively.
    fn address(&mut self, value: &str) -> String {
        let Some((local, domain)) = value.rsplit_once('@') else {
            return pseudonym(&mut self.others, value.to_lowercase(), |n| {
                format!("address{n}")
            });
        };
        let local = self.account(local);
        let domain = pseudonym(&mut self.domains, domain.to_lowercase(), |n| {
            format!("domain{n}.example")
        });
        format!("{local}@{domain}")
    }

    fn account(&mut self, value: &str) -> String {
        pseudonym(&mut self.locals, value.to_lowercase(), |n| {
            format!("user{n}")
        })
    }

    /// `SMTP:alice@contoso.com` keeps its prefix (primary or not) and replaces the address.
    fn proxy(&mut self, value: &str) -> String {
        match value.split_once(':') {
            Some((prefix, address)) => format!("{prefix}:{}", self.address(address)),
            None => self.address(value),
        }
    }
}

/// The pseudonym of `key` in `seen`, made from the next number the first time.
fn pseudonym(
    seen: &mut HashMap<String, String>,
    key: String,
    make: impl FnOnce(usize) -> String,
) -> String {
    let next = seen.len() + 1;
    seen.entry(key).or_insert_with(|| make(next)).clone()
}

/// The user properties named in the tenant's membership rules (`user.<name>`), lower-cased.
fn read_by_rules(scenario: &Scenario) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for rule in scenario
        .groups
        .iter()
        .filter_map(|g| g.membership_rule.as_deref())
    {
        let lower = rule.to_lowercase();
        for (at, _) in lower.match_indices("user.") {
            let name: String = lower[at + 5..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            names.insert(name);
        }
    }
    names
}

pub(crate) fn scenario(scenario: &mut Scenario) {
    let kept = read_by_rules(scenario);
    let keep = |name: &str| kept.contains(&name.to_lowercase());
    let mut p = Pseudonyms::default();
    for user in &mut scenario.users {
        if !keep("proxyAddresses") {
            user.proxy_addresses = user.proxy_addresses.iter().map(|a| p.proxy(a)).collect();
        }
        for (name, value) in user.properties.iter_mut() {
            if keep(name) {
                continue;
            }
            if let Some((_, prefix)) = NAMES.iter().find(|(n, _)| n == name) {
                map_strings(value, |s| p.name(prefix, s));
            } else if ADDRESSES.contains(&name.as_str()) {
                map_strings(value, |s| p.address(s));
            } else if ACCOUNT_NAMES.contains(&name.as_str()) {
                map_strings(value, |s| p.account(s));
            }
        }
    }
    for group in &mut scenario.groups {
        if let Some(name) = &group.display_name {
            group.display_name = Some(p.name("Group", name));
        }
        group.description = None;
    }
}

fn map_strings(value: &mut Value, mut f: impl FnMut(&str) -> String) {
    match value {
        Value::String(s) => *s = f(s),
        Value::Array(items) => {
            for item in items {
                if let Value::String(s) = item {
                    *s = f(s);
                }
            }
        }
        _ => {}
    }
}
