//! TABARI code strings: actor codes with date restrictions and coded compounds
//! (`[HOB <950601] [HOBGOV 950601-990815] [ELR/GAL]`), agent codes (`~GOV`, `NGM~`), event codes
//! with pairs and precedence marks (`032:033`, `031!`, `023?`) and time-shift codes (`-7`).

use crate::date::DayNumber;

/// The null code: the phrase or pattern generates nothing.
pub const NULL_CODE: &str = "---";
/// The discard code: a sentence containing it is not coded.
pub const DISCARD_CODE: &str = "###";
/// The complex code: a sentence containing it is flagged as too complex to code.
pub const COMPLEX_CODE: &str = "+++";

/// One element of a coded compound: an actor code and an optional agent code (`ABC:CDE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorAgent {
    /// The actor code.
    pub actor: String,
    /// The agent code paired with it, if any.
    pub agent: Option<String>,
}

/// When a block of actor codes applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRestriction {
    /// Always (the default block).
    Always,
    /// Strictly before the day (`<yymmdd`).
    Before(DayNumber),
    /// Strictly after the day (`>yymmdd`).
    After(DayNumber),
    /// Between the days, inclusive (`yymmdd-yymmdd`).
    Between(DayNumber, DayNumber),
}

impl DateRestriction {
    fn holds(self, day: DayNumber) -> bool {
        match self {
            DateRestriction::Always => true,
            DateRestriction::Before(limit) => day < limit,
            DateRestriction::After(limit) => day > limit,
            DateRestriction::Between(first, last) => first <= day && day <= last,
        }
    }
}

/// An actor's codes: blocks checked in the order written; the first whose restriction holds
/// gives the codes (a compound when it lists several).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActorCodes {
    /// The blocks in dictionary order.
    pub blocks: Vec<(DateRestriction, Vec<ActorAgent>)>,
}

impl ActorCodes {
    /// The codes that apply on `day`; empty when no block applies.
    pub fn resolve(&self, day: DayNumber) -> &[ActorAgent] {
        self.blocks
            .iter()
            .find(|(restriction, _)| restriction.holds(day))
            .map(|(_, codes)| codes.as_slice())
            .unwrap_or(&[])
    }

    /// Parses the text after the phrase: one or more `[...]` blocks.
    ///
    /// A single dated block gets an implicit `[---]` default, as in TABARI.
    pub fn parse(text: &str, four_digit_year: bool) -> Result<ActorCodes, String> {
        let mut blocks_text = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            let after = &rest[open + 1..];
            let close = after.find(']').ok_or("missing right-bracket ]")?;
            let content = after[..close].trim();
            if content.is_empty() {
                return Err("no code specified between [...]".into());
            }
            blocks_text.push(content.to_string());
            rest = &after[close + 1..];
        }
        if blocks_text.is_empty() {
            return Err("missing left-bracket [".into());
        }
        if blocks_text.len() == 1 && looks_dated(text) {
            blocks_text.push(NULL_CODE.into());
        }
        let mut blocks = Vec::new();
        for block in &blocks_text {
            blocks.push(parse_block(block, four_digit_year)?);
        }
        Ok(ActorCodes { blocks })
    }
}

/// TABARI's test for a dated code: the first `<`, `>` or `-` is followed by a digit.
fn looks_dated(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.iter().position(|&b| b == b'<' || b == b'>' || b == b'-') {
        Some(idx) => bytes.get(idx + 1).is_some_and(u8::is_ascii_digit),
        None => false,
    }
}

fn parse_block(block: &str, four_digit_year: bool) -> Result<(DateRestriction, Vec<ActorAgent>), String> {
    let date = |s: &str| -> Result<DayNumber, String> {
        let digits: String = s.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            return Err("date contains illegal characters".into());
        }
        DayNumber::parse_peer(&digits, four_digit_year).ok_or_else(|| format!("invalid date {digits}"))
    };
    if let Some(idx) = block.find(['<', '>']) {
        let code = block[..idx].trim();
        if code.is_empty() {
            return Err("no code specified between [...]".into());
        }
        let day = date(&block[idx + 1..])?;
        let restriction =
            if block.as_bytes()[idx] == b'<' { DateRestriction::Before(day) } else { DateRestriction::After(day) };
        return Ok((restriction, parse_compound(code)));
    }
    // An interval `code yymmdd-yymmdd`: the first '-' that is not part of the null code "---".
    let mut search_from = 0;
    if let Some(first) = block.find('-') {
        if block[first..].starts_with(NULL_CODE) {
            search_from = first + 3;
        }
    }
    if let Some(rel) = block[search_from..].find('-') {
        let pivot = search_from + rel;
        let before = block[..pivot].trim_end();
        let digits_start = before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits_start == 0 || !before[..digits_start].ends_with(' ') {
            return Err("no code specified between [...]".into());
        }
        let code = before[..digits_start].trim();
        if code.is_empty() {
            return Err("no code specified between [...]".into());
        }
        let first = date(&before[digits_start..])?;
        let last = date(&block[pivot + 1..])?;
        return Ok((DateRestriction::Between(first, last), parse_compound(code)));
    }
    Ok((DateRestriction::Always, parse_compound(block)))
}

fn parse_compound(codes: &str) -> Vec<ActorAgent> {
    codes
        .split('/')
        .map(|part| {
            let part = part.trim();
            match part.split_once(':') {
                Some((actor, agent)) => ActorAgent { actor: actor.trim().into(), agent: Some(agent.trim().into()) },
                None => ActorAgent { actor: part.into(), agent: None },
            }
        })
        .collect()
}

/// One side of an event code, with TABARI's precedence marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCodePart {
    /// The code (`064`, `---`).
    pub code: String,
    /// Marked `?`: dropped when a non-subordinate event is coded from the same sentence.
    pub subordinate: bool,
    /// Marked `!`: when present, only dominant events of the sentence are kept.
    pub dominant: bool,
}

/// An event code: the code of the event and, for paired codes (`032:033`), the code of the
/// event with source and target reversed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCode {
    /// The primary event.
    pub primary: EventCodePart,
    /// The reversed event of a paired code.
    pub pair: Option<EventCodePart>,
}

impl EventCode {
    /// Parses `[code]`, `[code:code]`, with optional `?`/`!` marks; text after `/`, `$(`, `+(`,
    /// `@(` (issue and actor annotations) is ignored.
    pub fn parse(text: &str) -> Result<EventCode, String> {
        let open = text.find('[').ok_or("missing left-bracket [")?;
        let close = text.rfind(']').filter(|&close| close > open).ok_or("missing right-bracket ]")?;
        let inner = &text[open + 1..close];
        let end = inner.find(['/', '@', '$']).unwrap_or(inner.len());
        let end = inner[..end].find("+(").unwrap_or(end);
        let body = inner[..end].trim();
        if body.is_empty() {
            return Err("no code specified between [...]".into());
        }
        let part = |s: &str| {
            let s = s.trim();
            let (code, subordinate, dominant) = if let Some(code) = s.strip_suffix('?') {
                (code, true, false)
            } else if let Some(code) = s.strip_suffix('!') {
                (code, false, true)
            } else {
                (s, false, false)
            };
            EventCodePart { code: code.trim().to_string(), subordinate, dominant }
        };
        // A null code "---" contains no ':'; a pair is split on the first ':'.
        Ok(match body.split_once(':') {
            Some((first, second)) => EventCode { primary: part(first), pair: Some(part(second)) },
            None => EventCode { primary: part(body), pair: None },
        })
    }

    /// Whether the primary code is the null code (the pattern generates nothing).
    pub fn is_null(&self) -> bool {
        self.primary.code == NULL_CODE && self.pair.is_none()
    }
}

/// A `<TIME>` phrase's code: a shift in days, or a special code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeCode {
    /// Shift the event date by this many days.
    Shift(i32),
    /// Null code: keep looking.
    Null,
    /// Discard the sentence.
    Discard,
    /// Flag the sentence as complex.
    Complex,
}

impl TimeCode {
    /// Parses `[+7]`, `[-1]`, `[---]`, `[###]`, `[+++]`.
    pub fn parse(text: &str) -> TimeCode {
        if text.contains(NULL_CODE) {
            TimeCode::Null
        } else if text.contains(DISCARD_CODE) {
            TimeCode::Discard
        } else if text.contains(COMPLEX_CODE) {
            TimeCode::Complex
        } else {
            let inner = text.trim_start().trim_start_matches('[').trim_start();
            let sign = if inner.starts_with('-') { -1 } else { 1 };
            let digits: String =
                inner.trim_start_matches(['+', '-']).chars().take_while(char::is_ascii_digit).collect();
            TimeCode::Shift(sign * digits.parse::<i32>().unwrap_or(0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> DayNumber {
        DayNumber::parse_peer(s, false).expect("valid test date")
    }

    #[test]
    fn actor_codes_resolve_by_date() {
        let codes =
            ActorCodes::parse("[HOB < 950601] [HOBGOV 950601 - 990815] [HOBREB > 990816]", false).expect("valid codes");
        assert_eq!(codes.resolve(day("950101"))[0].actor, "HOB");
        assert_eq!(codes.resolve(day("980101"))[0].actor, "HOBGOV");
        assert_eq!(codes.resolve(day("010101"))[0].actor, "HOBREB");
        let single = ActorCodes::parse("[USAGOV 991201-010114] [---]", false).expect("valid codes");
        assert_eq!(single.resolve(day("950101"))[0].actor, "---");
        // TABARI adds the implicit null block only when the first `<`, `>` or `-` precedes a
        // digit, which the `-` of a null code does not.
        let null_dated = ActorCodes::parse("[--- <950630]", false).expect("valid codes");
        assert_eq!(null_dated.blocks.len(), 1);
        assert!(null_dated.resolve(day("960101")).is_empty());
        let implicit_null = ActorCodes::parse("[ONO <911226]", false).expect("valid codes");
        assert_eq!(implicit_null.blocks.len(), 2);
        let compound = ActorCodes::parse("[FRO/BIL/SAM]", false).expect("valid codes");
        assert_eq!(compound.resolve(day("950101")).len(), 3);
        assert!(ActorCodes::parse("[ ]", false).is_err());
        assert!(ActorCodes::parse("[ABC 9513-950101]", false).is_err());
    }

    #[test]
    fn event_codes_carry_pairs_and_marks() {
        let code = EventCode::parse("[032:033]").expect("valid");
        assert_eq!((code.primary.code.as_str(), code.pair.map(|p| p.code)), ("032", Some("033".to_string())));
        assert!(EventCode::parse("[031!]").expect("valid").primary.dominant);
        assert!(EventCode::parse("[025?]").expect("valid").primary.subordinate);
        assert!(EventCode::parse("[---]").expect("valid").is_null());
        assert!(EventCode::parse("[]").is_err());
        assert_eq!(TimeCode::parse("[-7]"), TimeCode::Shift(-7));
        assert_eq!(TimeCode::parse("[###]"), TimeCode::Discard);
    }
}
