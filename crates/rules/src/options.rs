//! Switches for the behaviours that Microsoft does not document (reference §7).
//!
//! Every default is the documented behaviour where there is one, otherwise the choice the
//! reference recommends; each field names the §7 item it settles.

/// Options applied when a rule is parsed; the compiled [`crate::Rule`] keeps them, so a rule
/// always evaluates the way it was validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleOptions {
    /// §7.1: result of a negative operator (`-ne "x"`, `-notContains`, `-notIn`, ...) when the
    /// property has no value.
    pub null_negation: NullNegation,
    /// §7.2: whether string operators may be applied directly to a string collection
    /// (`user.otherMails -startsWith "a"`).
    pub collection_operators: CollectionOperators,
    /// §7.3: how property names (and the `user`/`device` prefix) are matched.
    pub property_names: NameMatching,
    /// §7.4: what to do with typographic dashes and quotes (`–ne`, `“Sales”`).
    pub typography: Typography,
    /// §7.5: accept single-quoted strings outside `[...]` lists (`-eq 'United States'`).
    pub single_quoted_strings: bool,
    /// §7.6: where whitespace around an operator word is required.
    pub operator_spacing: OperatorSpacing,
    /// §7.7: whether `.` in a `-match` pattern also matches a line break (.NET: no).
    pub regex_dot_matches_newline: bool,
    /// §7.8: how string comparisons ignore case.
    pub case_folding: CaseFolding,
    /// §7.9: accept `-ne` on `employeeHireDate` (only `-eq`, `-ge`, `-le` are documented).
    pub date_not_equal: bool,
    /// §7.10: accept the documented escape example without outer quotes,
    /// ``user.department -eq `"Sales`"``, as the string `"Sales"` (quotes included).
    pub backtick_quoted_values: bool,
    /// §7.11: what an unquoted number is (numbers are a documented value type, but no
    /// property is numeric).
    pub numbers: NumberLiterals,
    /// §7.12: accept the device properties documented only in 2016–2017 (`organizationalUnit`,
    /// `domainName`, `isCompliant`, `isManaged`, `isDirSynced`).
    pub legacy_device_properties: bool,
    /// Require object ids in `Direct Reports for` and `memberOf` lists to be GUIDs. Off by
    /// default because simulated tenants use short ids such as `u1`; placeholders such as
    /// `{objectId}` and ids with spaces are rejected either way.
    pub require_guid_object_ids: bool,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            null_negation: NullNegation::True,
            collection_operators: CollectionOperators::AnyElement,
            property_names: NameMatching::CaseInsensitive,
            typography: Typography::Reject,
            single_quoted_strings: true,
            operator_spacing: OperatorSpacing::ValueMayTouchOperator,
            regex_dot_matches_newline: false,
            case_folding: CaseFolding::Unicode,
            date_not_equal: false,
            backtick_quoted_values: true,
            numbers: NumberLiterals::Reject,
            legacy_device_properties: false,
            require_guid_object_ids: false,
        }
    }
}

/// §7.1: a negative operator on a property without a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NullNegation {
    /// Plain negation of the positive result, which is false: a user without a department is
    /// in `user.department -ne "Sales"`. The reference's recommended default.
    True,
    /// Every comparison with a missing value is false, negative ones included.
    False,
}

/// §7.2: string operators applied directly to a string collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CollectionOperators {
    /// A positive operator holds when some element satisfies it; a negative one when no
    /// element satisfies its positive form. An empty collection counts as no value.
    AnyElement,
    /// Reject them: only `-any` / `-all` may be used on collections.
    Reject,
}

/// §7.3: matching of property names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameMatching {
    /// ASCII case-insensitive, as Microsoft's own examples require (`user.memberof`,
    /// `device.devicePhysicalIDs`).
    CaseInsensitive,
    /// Exactly as documented (`user.memberOf`), as the current docs' prose demands.
    CaseSensitive,
}

/// §7.4: typographic dashes (U+2012–U+2014, U+2212) and quotes (U+2018/U+2019, U+201C–U+201E).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Typography {
    /// "Binary expression is not in right format", as the older docs document.
    Reject,
    /// Read them as `-`, `'` and `"`.
    Normalize,
}

/// §7.6: whitespace around operator words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperatorSpacing {
    /// An operator must be separated from the property or value before it, but the value
    /// may follow it directly: `user.otherMails -endsWith"@contoso.com"` (current docs) is
    /// accepted, `(user.department-eq"Sales")` (2016 docs' error example) is not.
    ValueMayTouchOperator,
    /// Whitespace (or a bracket) on both sides of every operator word.
    Strict,
    /// No whitespace needed anywhere an operator starts with `-`.
    Lenient,
}

/// §7.8: how case is ignored in string operators (`-match` always uses the regex engine's
/// Unicode case-insensitive matching).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaseFolding {
    /// Compare the lower-case mapping of every character (`char::to_lowercase`).
    Unicode,
    /// Ignore case for ASCII letters only; other characters must match exactly.
    Ascii,
}

/// §7.11: unquoted numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberLiterals {
    /// An error that asks for quotes: every documented property is a string, Boolean or date.
    Reject,
    /// Read `42` as the string `"42"`.
    AsStrings,
}
