//! ISO-8601 instants and durations, hand-parsed: the rule language needs only UTC instants,
//! fixed offsets and day/time durations, which is not worth a date crate in the wasm bundle.

use std::fmt;

const TICKS_PER_SECOND: i64 = 10_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// An instant with 100-nanosecond resolution (the precision of Graph's DateTimeOffset),
/// years 0000–9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    /// 100-ns ticks since 1970-01-01T00:00:00Z.
    ticks: i64,
}

impl DateTime {
    pub const UNIX_EPOCH: DateTime = DateTime { ticks: 0 };

    pub fn from_unix_seconds(seconds: i64) -> Self {
        DateTime {
            ticks: seconds.saturating_mul(TICKS_PER_SECOND),
        }
    }

    /// Whole seconds since the Unix epoch (rounded towards negative infinity).
    pub fn unix_seconds(self) -> i64 {
        self.ticks.div_euclid(TICKS_PER_SECOND)
    }

    /// Parses an ISO-8601 instant: `2020-06-10T18:13:20Z`, with optional fractional seconds
    /// (up to 7 digits are kept), a `Z` or `±hh:mm` offset, or a date alone (midnight UTC).
    /// Without an offset the time is taken as UTC. Case-insensitive `T` and `Z`.
    pub fn parse_iso8601(text: &str) -> Option<DateTime> {
        parse_instant(text.as_bytes())
    }

    pub(crate) fn offset_by(self, duration: Duration, sign: Sign) -> DateTime {
        let ticks = match sign {
            Sign::Plus => self.ticks.saturating_add(duration.ticks),
            Sign::Minus => self.ticks.saturating_sub(duration.ticks),
        };
        DateTime { ticks }
    }
}

impl fmt::Display for DateTime {
    /// `2025-06-01T00:00:00Z`, with a fraction only when there is one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.ticks.div_euclid(TICKS_PER_SECOND);
        let fraction = self.ticks.rem_euclid(TICKS_PER_SECOND);
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )?;
        if fraction != 0 {
            write!(f, ".{fraction:07}")?;
        }
        f.write_str("Z")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sign {
    Plus,
    Minus,
}

/// A fixed-length ISO-8601 duration (weeks, days, hours, minutes, seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Duration {
    ticks: i64,
}

/// Why a duration did not parse; the parser turns it into a message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DurationError {
    /// Not of the form `P[nW][nD][T[nH][nM][nS]]`.
    Malformed,
    /// Years or months, whose length varies.
    CalendarUnit,
    /// Larger than any date difference in years 0000–9999.
    TooLarge,
}

impl Duration {
    /// Parses `P30D`, `p1d`, `P7DT3H`, `PT90M`, `P2W`, `PT1.5S` (case-insensitive).
    pub(crate) fn parse(text: &str) -> Result<Duration, DurationError> {
        let bytes = text.as_bytes();
        if bytes.first().map(u8::to_ascii_uppercase) != Some(b'P') || bytes.len() < 3 {
            return Err(DurationError::Malformed);
        }
        let mut ticks: i128 = 0;
        let mut in_time = false;
        // Designators must come in this order, each at most once.
        let mut last_rank = 0;
        let mut index = 1;
        while index < bytes.len() {
            if bytes[index].eq_ignore_ascii_case(&b'T') {
                if in_time || index + 1 == bytes.len() {
                    return Err(DurationError::Malformed);
                }
                in_time = true;
                index += 1;
                continue;
            }
            let start = index;
            while index < bytes.len() && bytes[index].is_ascii_digit() {
                index += 1;
            }
            let whole = &text[start..index];
            let mut fraction = "";
            if index < bytes.len() && matches!(bytes[index], b'.' | b',') {
                index += 1;
                let fraction_start = index;
                while index < bytes.len() && bytes[index].is_ascii_digit() {
                    index += 1;
                }
                fraction = &text[fraction_start..index];
                if fraction.is_empty() {
                    return Err(DurationError::Malformed);
                }
            }
            if whole.is_empty() || index == bytes.len() {
                return Err(DurationError::Malformed);
            }
            let designator = bytes[index].to_ascii_uppercase();
            index += 1;
            let (rank, unit_seconds) = match (in_time, designator) {
                (false, b'Y') | (false, b'M') => return Err(DurationError::CalendarUnit),
                (false, b'W') => (1, 7 * SECONDS_PER_DAY),
                (false, b'D') => (2, SECONDS_PER_DAY),
                (true, b'H') => (3, 3600),
                (true, b'M') => (4, 60),
                (true, b'S') => (5, 1),
                _ => return Err(DurationError::Malformed),
            };
            if rank <= last_rank || (!fraction.is_empty() && rank != 5) {
                return Err(DurationError::Malformed);
            }
            last_rank = rank;
            // 12 digits of any unit already exceed the 10,000-year range checked below.
            if whole.len() > 12 {
                return Err(DurationError::TooLarge);
            }
            let amount: i128 = whole.parse().map_err(|_| DurationError::Malformed)?;
            ticks += amount * i128::from(unit_seconds) * i128::from(TICKS_PER_SECOND);
            ticks += fraction_ticks(fraction);
        }
        if last_rank == 0 {
            return Err(DurationError::Malformed);
        }
        let max = 10_000 * 366 * i128::from(SECONDS_PER_DAY) * i128::from(TICKS_PER_SECOND);
        if ticks > max {
            return Err(DurationError::TooLarge);
        }
        Ok(Duration {
            ticks: ticks as i64,
        })
    }
}

/// Ticks in a decimal fraction of a second; digits past the seventh are dropped.
fn fraction_ticks(digits: &str) -> i128 {
    let mut ticks = 0i128;
    for position in 0..7 {
        let digit = digits.as_bytes().get(position).map_or(0, |d| d - b'0');
        ticks = ticks * 10 + i128::from(digit);
    }
    ticks
}

fn parse_instant(bytes: &[u8]) -> Option<DateTime> {
    let mut cursor = Cursor { bytes, index: 0 };
    let year = cursor.digits(4)?;
    cursor.expect(b'-')?;
    let month = cursor.digits(2)?;
    cursor.expect(b'-')?;
    let day = cursor.digits(2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds_of_day = 0;
    let mut fraction = 0;
    let mut offset_seconds = 0;
    if !cursor.at_end() {
        if !cursor.next()?.eq_ignore_ascii_case(&b'T') {
            return None;
        }
        let hour = cursor.digits(2)?;
        cursor.expect(b':')?;
        let minute = cursor.digits(2)?;
        let mut second = 0;
        if cursor.peek() == Some(b':') {
            cursor.index += 1;
            second = cursor.digits(2)?;
            if matches!(cursor.peek(), Some(b'.' | b',')) {
                cursor.index += 1;
                let start = cursor.index;
                while cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
                    cursor.index += 1;
                }
                let digits = std::str::from_utf8(&bytes[start..cursor.index]).ok()?;
                if digits.is_empty() {
                    return None;
                }
                fraction = fraction_ticks(digits) as i64;
            }
        }
        // 24:00:00 is ISO's end of day; a leap second 23:59:60 has no DateTimeOffset value.
        if hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute, second) != (0, 0)) {
            return None;
        }
        seconds_of_day = hour * 3600 + minute * 60 + second;
        match cursor.next() {
            None => {}
            Some(b'Z' | b'z') => {}
            Some(sign @ (b'+' | b'-')) => {
                let offset_hours = cursor.digits(2)?;
                cursor.expect(b':')?;
                let offset_minutes = cursor.digits(2)?;
                if offset_hours > 14 || offset_minutes > 59 {
                    return None;
                }
                let offset = offset_hours * 3600 + offset_minutes * 60;
                offset_seconds = if sign == b'+' { offset } else { -offset };
            }
            Some(_) => return None,
        }
        if !cursor.at_end() {
            return None;
        }
    }
    let seconds =
        days_from_civil(year, month, day) * SECONDS_PER_DAY + seconds_of_day - offset_seconds;
    Some(DateTime {
        ticks: seconds * TICKS_PER_SECOND + fraction,
    })
}

struct Cursor<'b> {
    bytes: &'b [u8],
    index: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.index).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.index += 1;
        Some(byte)
    }

    fn at_end(&self) -> bool {
        self.index >= self.bytes.len()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    fn digits(&mut self, count: usize) -> Option<i64> {
        let digits = self.bytes.get(self.index..self.index + count)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.index += count;
        Some(
            digits
                .iter()
                .fold(0, |value, d| value * 10 + i64::from(d - b'0')),
        )
    }
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(text: &str) -> DateTime {
        DateTime::parse_iso8601(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn parses_utc_instants() {
        assert_eq!(instant("1970-01-01T00:00:00Z"), DateTime::UNIX_EPOCH);
        assert_eq!(
            instant("2020-06-10T18:13:20Z").unix_seconds(),
            1_591_812_800
        );
        assert_eq!(
            instant("2025-06-01T00:00:00Z").unix_seconds(),
            1_748_736_000
        );
        assert_eq!(
            instant("2025-06-01t00:00:00z"),
            instant("2025-06-01T00:00:00Z")
        );
    }

    #[test]
    fn date_alone_is_midnight_utc_and_missing_offset_is_utc() {
        assert_eq!(instant("2025-06-01"), instant("2025-06-01T00:00:00Z"));
        assert_eq!(instant("2025-06-01T10:30"), instant("2025-06-01T10:30:00Z"));
        assert_eq!(
            instant("2025-06-01T10:30:00"),
            instant("2025-06-01T10:30:00Z")
        );
    }

    #[test]
    fn offsets_shift_to_utc() {
        assert_eq!(
            instant("2025-06-01T02:00:00+02:00"),
            instant("2025-06-01T00:00:00Z")
        );
        assert_eq!(
            instant("2025-05-31T19:00:00-05:00"),
            instant("2025-06-01T00:00:00Z")
        );
    }

    #[test]
    fn fractions_keep_seven_digits() {
        let base = instant("2025-06-01T00:00:00Z");
        assert!(instant("2025-06-01T00:00:00.0000001Z") > base);
        assert_eq!(instant("2025-06-01T00:00:00.00000001Z"), base);
        assert_eq!(
            instant("2025-06-01T00:00:00.5Z").to_string(),
            "2025-06-01T00:00:00.5000000Z"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-00-10",
            "2025-06-31",
            "2025-06-01T25:00:00Z",
            "2025-06-01T23:60:00Z",
            "2025-06-01T00:00:00+15:00",
            "2025-06-01T00:00:00ZZ",
            "2025-06-01T00:00:00.Z",
            "2025-6-1",
            "20250601",
            "",
            "76ad43c9-32c5",
        ] {
            assert_eq!(DateTime::parse_iso8601(text), None, "{text}");
        }
        assert!(DateTime::parse_iso8601("2024-02-29T00:00:00Z").is_some());
        assert!(DateTime::parse_iso8601("2000-02-29").is_some());
        assert!(DateTime::parse_iso8601("1900-02-29").is_none());
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "0001-01-01T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "9999-12-31T23:59:59Z",
        ] {
            assert_eq!(instant(text).to_string(), text);
        }
    }

    #[test]
    fn civil_conversion_round_trips_over_four_centuries() {
        for days in (-719_468..2_932_896).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    fn seconds(text: &str) -> i64 {
        Duration::parse(text).unwrap().ticks / TICKS_PER_SECOND
    }

    #[test]
    fn parses_durations() {
        assert_eq!(seconds("P1D"), 86_400);
        assert_eq!(seconds("p1d"), 86_400);
        assert_eq!(seconds("P30D"), 30 * 86_400);
        assert_eq!(seconds("P7DT3H"), 7 * 86_400 + 3 * 3600);
        assert_eq!(seconds("PT90M"), 5400);
        assert_eq!(seconds("P2W"), 14 * 86_400);
        assert_eq!(seconds("PT1H1M1S"), 3661);
        assert_eq!(Duration::parse("PT1.5S").unwrap().ticks, 15_000_000);
    }

    #[test]
    fn rejects_bad_durations() {
        for text in [
            "P", "PT", "P1", "PD", "P1DT", "P1H", "PT1D", "P1D1D", "PT1S1M", "P1.5D", "1D", "P-1D",
        ] {
            assert_eq!(
                Duration::parse(text),
                Err(DurationError::Malformed),
                "{text}"
            );
        }
        assert_eq!(Duration::parse("P1Y"), Err(DurationError::CalendarUnit));
        assert_eq!(Duration::parse("P2M"), Err(DurationError::CalendarUnit));
        assert_eq!(
            Duration::parse("P9999999999999D"),
            Err(DurationError::TooLarge)
        );
        assert_eq!(Duration::parse("P4000000D"), Err(DurationError::TooLarge));
    }

    #[test]
    fn offsets_saturate_instead_of_overflowing() {
        let far = DateTime {
            ticks: i64::MAX - 1,
        };
        let big = Duration::parse("P3000000D").unwrap();
        assert_eq!(far.offset_by(big, Sign::Plus).ticks, i64::MAX);
    }
}
