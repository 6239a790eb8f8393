//! Evaluation is the engine's hot path (hundreds of rules times a hundred thousand users):
//! it must not allocate. A counting allocator checks that for every kind of rule.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use licenselab_rules::{parse, AssignedPlan, DateTime, EvalContext, Record, RuleOptions};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Only the measuring thread counts: the test harness allocates on its own threads.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const RULES: &[&str] = &[
    r#"user.department -eq "Sales" -and user.accountEnabled -eq true"#,
    r#"user.city -ne "Lagos" -or user.city -startsWith "Lag" -or user.city -endsWith "os""#,
    r#"user.jobTitle -contains "Manager" -or user.jobTitle -notContains "VP""#,
    r#"user.displayName -match "^da.*d$" -or user.displayName -notMatch "x""#,
    r#"user.department -in ["50001", "50016", "ÜNÏCODE"] -and user.city -notIn ["a"]"#,
    r#"user.proxyAddresses -any (_ -startsWith "smtp:") -and user.otherMails -all (_ -ne "x")"#,
    r#"user.assignedPlans -any (assignedPlan.servicePlanId -eq "A" -and assignedPlan.capabilityStatus -eq "Enabled")"#,
    r#"user.employeeHireDate -ge system.now -minus P30D -and user.employeeHireDate -le system.now"#,
    r#"user.mail -eq null -or user.extensionAttribute3 -ne null"#,
    r#"-not (user.department -eq "İstanbul straße")"#,
    "user.memberOf -any (group.objectId -in ['g1', 'g2'])",
    r#"Direct Reports for "m1""#,
];

#[test]
fn matching_does_not_allocate() {
    let options = RuleOptions::default();
    let rules: Vec<_> = RULES
        .iter()
        .map(|text| parse(text, &options).expect(text))
        .collect();
    let users = [
        Record::new(),
        Record::new()
            .with("department", "Sales")
            .with("accountEnabled", true)
            .with("city", "Lagos")
            .with("jobTitle", "Regional Manager")
            .with("displayName", "David")
            .with("proxyAddresses", vec!["SMTP:a@contoso.com", "smtp:b@x"])
            .with(
                "employeeHireDate",
                DateTime::parse_iso8601("2025-05-20T00:00:00Z").unwrap(),
            )
            .with("extensionAttribute3", "x")
            .with_assigned_plan(AssignedPlan::new("A", "exchange", "Enabled"))
            .with_member_of("g2")
            .with_manager("m1"),
        Record::new()
            .with("department", "İSTANBUL STRASSE")
            .with("city", "Ünïcode")
            .with("displayName", "ÄÖÜ")
            .with("employeeHireDate", "2025-05-20T00:00:00Z"),
    ];
    let context = EvalContext::at_unix_seconds(1_748_736_000);
    // The regex crate sets up a per-thread match cache on first use.
    for rule in &rules {
        for user in &users {
            rule.matches(user, &context);
        }
    }
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|counting| counting.set(true));
    let mut matched = 0;
    for _ in 0..100 {
        for rule in &rules {
            for user in &users {
                matched += usize::from(rule.matches(user, &context));
            }
        }
    }
    COUNTING.with(|counting| counting.set(false));
    let allocations = ALLOCATIONS.load(Ordering::SeqCst) - before;
    assert_eq!(allocations, 0, "evaluation allocated {allocations} times");
    assert!(matched > 0);

    // The counter itself works.
    COUNTING.with(|counting| counting.set(true));
    let boxed = std::hint::black_box(Box::new(matched));
    COUNTING.with(|counting| counting.set(false));
    drop(boxed);
    assert_eq!(ALLOCATIONS.load(Ordering::SeqCst), before + 1);
}
