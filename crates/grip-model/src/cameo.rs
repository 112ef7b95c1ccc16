//! CAMEO event codes as a type. The table (names, Goldstein scores, quad classes, PLOVER
//! mappings) is generated at build time from the reviewed `codes/cameo.tsv`.

use std::fmt;

/// One row of the CAMEO table.
#[derive(Debug)]
pub(crate) struct CameoEntry {
    code: &'static str,
    name: &'static str,
    goldstein: f32,
    quad: u8,
    plover: &'static str,
    mode: &'static str,
    context: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/cameo_table.rs"));

/// A CAMEO event code (`"0234"`, `"19"`), always one of the codes in the table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CameoCode(u16);

/// GDELT's quad class of a CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuadClass {
    /// Roots 01–05.
    VerbalCooperation = 1,
    /// Roots 06–08.
    MaterialCooperation = 2,
    /// Roots 09–13.
    VerbalConflict = 3,
    /// Roots 14–20.
    MaterialConflict = 4,
}

impl QuadClass {
    /// GDELT's number (1–4).
    pub fn number(self) -> u8 {
        self as u8
    }

    /// A short name.
    pub fn as_str(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal cooperation",
            QuadClass::MaterialCooperation => "material cooperation",
            QuadClass::VerbalConflict => "verbal conflict",
            QuadClass::MaterialConflict => "material conflict",
        }
    }
}

impl CameoCode {
    /// Parses a code string; `None` if CAMEO has no such code. Leading zeros matter.
    pub fn parse(code: &str) -> Option<CameoCode> {
        let idx = CAMEO_TABLE.binary_search_by(|entry| entry.code.cmp(code)).ok()?;
        Some(CameoCode(u16::try_from(idx).ok()?))
    }

    /// All codes, sorted.
    pub fn all() -> impl Iterator<Item = CameoCode> {
        (0..CAMEO_TABLE.len()).filter_map(|idx| u16::try_from(idx).ok()).map(CameoCode)
    }

    fn entry(self) -> &'static CameoEntry {
        &CAMEO_TABLE[usize::from(self.0)]
    }

    /// The code string.
    pub fn as_str(self) -> &'static str {
        self.entry().code
    }

    /// The CAMEO name.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// GDELT's Goldstein score (−10 to +10).
    pub fn goldstein(self) -> f32 {
        self.entry().goldstein
    }

    /// GDELT's quad class.
    pub fn quad(self) -> QuadClass {
        match self.entry().quad {
            1 => QuadClass::VerbalCooperation,
            2 => QuadClass::MaterialCooperation,
            3 => QuadClass::VerbalConflict,
            _ => QuadClass::MaterialConflict,
        }
    }

    /// The two-digit root code.
    pub fn root(self) -> CameoCode {
        let root = &self.as_str()[..2];
        CameoCode::parse(root).expect("every code's root is in the table")
    }

    /// Whether this is a root code (two digits).
    pub fn is_root(self) -> bool {
        self.as_str().len() == 2
    }

    /// The PLOVER event type (`REQUEST`, `ACCUSE`, `ASSAULT` ...); `None` for CAMEO 01, which
    /// PLOVER drops.
    pub fn plover(self) -> Option<&'static str> {
        Some(self.entry().plover).filter(|plover| !plover.is_empty())
    }

    /// The PLOVER mode (`assist`, `arrest` ...), if any.
    pub fn plover_mode(self) -> Option<&'static str> {
        Some(self.entry().mode).filter(|mode| !mode.is_empty())
    }

    /// The PLOVER context (`military`, `peacekeeping` ...), if any.
    pub fn plover_context(self) -> Option<&'static str> {
        Some(self.entry().context).filter(|context| !context.is_empty())
    }
}

impl fmt::Debug for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CameoCode({})", self.as_str())
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_strings_with_their_facts() {
        let appeal = CameoCode::parse("0234").expect("0234 exists");
        assert_eq!(appeal.name(), "Appeal for military protection or peacekeeping");
        assert_eq!(appeal.root().as_str(), "02");
        assert_eq!(appeal.quad(), QuadClass::VerbalCooperation);
        assert_eq!(
            (appeal.plover(), appeal.plover_mode(), appeal.plover_context()),
            (Some("REQUEST"), Some("assist"), Some("peacekeeping"))
        );
        assert!(CameoCode::parse("10").is_some());
        assert!(CameoCode::parse("010").is_some());
        assert_ne!(CameoCode::parse("10"), CameoCode::parse("010"), "leading zeros matter");
        assert!(CameoCode::parse("234").is_none());
        let force = CameoCode::parse("190").expect("190 exists");
        assert_eq!(
            (force.goldstein(), force.quad(), force.plover()),
            (-10.0, QuadClass::MaterialConflict, Some("ASSAULT"))
        );
        // GDELT merges 1056 and 106 in one row; grip keeps both.
        assert_eq!(CameoCode::parse("1056").map(|c| c.goldstein()), Some(-5.0));
        assert_eq!(CameoCode::parse("106").map(|c| c.goldstein()), Some(-5.0));
        assert_eq!(CameoCode::parse("010").and_then(CameoCode::plover), None);
        assert_eq!(CameoCode::all().count(), 312);
        assert!(CameoCode::all().all(|code| code.root().is_root()));
    }
}
