//! The policies a check can deny (`--deny service-gap`, ...) and their exceptions
//! (`--allow [POLICY=]user:ID|group:ID`), parsed here so that every front end reads them alike.

use std::fmt;

/// A rule about the whole run that a pipeline can make fatal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckPolicy {
    /// A service held at the start and at the end but not after some step in between.
    ServiceGap,
    /// A service held at the start and not at the end.
    LostService,
    /// A plan enabled at the start and not at the end (stricter than `LostService`).
    LostPlans,
    /// A license row in error at the end that was not in that error at the start.
    NewErrors,
    /// A product with users left without a seat for want of one (`CountViolation`) at the end.
    SeatShortfall,
}

const POLICIES: &[(CheckPolicy, &str)] = &[
    (CheckPolicy::ServiceGap, "service-gap"),
    (CheckPolicy::LostService, "lost-service"),
    (CheckPolicy::LostPlans, "lost-plans"),
    (CheckPolicy::NewErrors, "new-errors"),
    (CheckPolicy::SeatShortfall, "seat-shortfall"),
];

impl CheckPolicy {
    pub fn name(self) -> &'static str {
        POLICIES
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, n)| n)
    }

    /// Every policy, in the order reports list them.
    pub fn all() -> impl Iterator<Item = CheckPolicy> {
        POLICIES.iter().map(|(p, _)| *p)
    }

    pub fn parse(name: &str) -> Result<CheckPolicy, String> {
        POLICIES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(p, _)| *p)
            .ok_or_else(|| {
                format!(
                    "unknown policy '{name}'; the policies are: {}",
                    POLICIES
                        .iter()
                        .map(|(_, n)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

impl fmt::Display for CheckPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who an exception covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User(String),
    /// Direct members of the group, at the start or at the end.
    Group(String),
}

/// An exception: failures of `policy` (of every policy when `None`) for `who` do not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allow {
    pub policy: Option<CheckPolicy>,
    pub who: Principal,
}

impl Allow {
    /// Reads `user:ID`, `group:ID`, or either after `POLICY=` (`lost-service=group:leavers`).
    pub fn parse(text: &str) -> Result<Allow, String> {
        let (policy, who) = match text.split_once('=') {
            Some((policy, who)) => (Some(CheckPolicy::parse(policy)?), who),
            None => (None, text),
        };
        let who = match who.split_once(':') {
            Some(("user", id)) if !id.is_empty() => Principal::User(id.to_owned()),
            Some(("group", id)) if !id.is_empty() => Principal::Group(id.to_owned()),
            _ => {
                return Err(format!(
                    "'{text}' is not an exception: write user:ID or group:ID, optionally after \
                     POLICY= (as in lost-service=group:leavers)"
                ))
            }
        };
        Ok(Allow { policy, who })
    }
}

/// What to check besides the scenario's expectations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub deny: Vec<CheckPolicy>,
    pub allow: Vec<Allow>,
}

impl CheckOptions {
    /// From the words a command line or the JavaScript API gives: policy names and exceptions.
    pub fn parse(deny: &[String], allow: &[String]) -> Result<CheckOptions, String> {
        let mut options = CheckOptions::default();
        for name in deny {
            let policy = CheckPolicy::parse(name)?;
            if !options.deny.contains(&policy) {
                options.deny.push(policy);
            }
        }
        options.deny.sort();
        for text in allow {
            options.allow.push(Allow::parse(text)?);
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_and_exceptions_read_as_documented() {
        let options = CheckOptions::parse(
            &[
                "lost-plans".into(),
                "service-gap".into(),
                "lost-plans".into(),
            ],
            &["user:alice".into(), "lost-service=group:leavers".into()],
        )
        .unwrap();
        assert_eq!(
            options.deny,
            [CheckPolicy::ServiceGap, CheckPolicy::LostPlans]
        );
        assert_eq!(
            options.allow,
            [
                Allow {
                    policy: None,
                    who: Principal::User("alice".into())
                },
                Allow {
                    policy: Some(CheckPolicy::LostService),
                    who: Principal::Group("leavers".into())
                }
            ]
        );
        assert_eq!(
            CheckPolicy::parse("service-gaps").unwrap_err(),
            "unknown policy 'service-gaps'; the policies are: service-gap, lost-service, \
             lost-plans, new-errors, seat-shortfall"
        );
        assert!(Allow::parse("alice")
            .unwrap_err()
            .contains("write user:ID or group:ID"));
        assert!(Allow::parse("user:").is_err());
    }
}
