//! Dates as the peers write them: `YYMMDD` (years 00–30 are 20YY, the rest 19YY, as in KEDS,
//! TABARI and PETRARCH) or `YYYYMMDD`, turned into a day number for date restrictions.

/// A calendar day as a count of days since 1970-01-01 (negative before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayNumber(pub i64);

impl DayNumber {
    /// The day number of a proleptic Gregorian date; `None` when the month or day is out of range.
    pub fn from_ymd(year: i64, month: u32, day: u32) -> Option<DayNumber> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days-from-civil algorithm.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(DayNumber(era * 146_097 + doe - 719_468))
    }

    /// Parses the leading `YYMMDD` (when `four_digit_year` is false) or `YYYYMMDD` digits of `s`.
    ///
    /// Trailing characters are ignored, as the peers do.
    pub fn parse_peer(s: &str, four_digit_year: bool) -> Option<DayNumber> {
        let digits = if four_digit_year { 8 } else { 6 };
        let head = s.get(..digits)?;
        if !head.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, rest) = if four_digit_year {
            (head[..4].parse::<i64>().ok()?, &head[4..])
        } else {
            let yy = head[..2].parse::<i64>().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &head[2..])
        };
        let month = rest[..2].parse::<u32>().ok()?;
        let day = rest[2..4].parse::<u32>().ok()?;
        DayNumber::from_ymd(year, month, day)
    }

    /// Parses a date restriction written either as `YYMMDD` or `YYYYMMDD` (the length decides).
    pub fn parse_any(s: &str) -> Option<DayNumber> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        match digits.len() {
            6 | 7 => DayNumber::parse_peer(&digits, false),
            n if n >= 8 => DayNumber::parse_peer(&digits, true),
            _ => None,
        }
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::DayNumber;

    #[test]
    fn peer_dates_follow_the_two_digit_year_rule() {
        assert_eq!(DayNumber::parse_peer("700101", false), Some(DayNumber(0)));
        assert_eq!(DayNumber::parse_peer("19700102", true), Some(DayNumber(1)));
        assert!(DayNumber::parse_peer("010101", false) > DayNumber::parse_peer("990816", false));
        assert_eq!(DayNumber::parse_peer("951301", false), None);
        assert_eq!(DayNumber::parse_any("950601"), DayNumber::parse_peer("19950601", true));
        assert_eq!(DayNumber::parse_any("20000229"), DayNumber::from_ymd(2000, 2, 29));
        assert_eq!(DayNumber::parse_any("12"), None);
    }
}
