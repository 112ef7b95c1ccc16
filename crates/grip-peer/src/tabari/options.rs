//! TABARI `.options` commands (`COMPLEX:`, `DEFAULT:`, `COMMA:`, `FORWARD:`, `SET:` ...) and the
//! `.project` file that names the dictionaries.
//!
//! The commands are read as TABARI reads them, including its quirks: `COMPLEX: ... NOACTPRIOR`
//! sets the "no actor before the verb" check (the word contains `ACTPRIOR`), `DEFAULT: OFF`
//! must come before a `DEFAULT:` that drops `PRIOR` or `AFTER`.

use crate::PeerError;

/// Complexity limits: a sentence reaching any of them is not coded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplexityLimits {
    /// Verb phrases (0 = no limit).
    pub verbs: usize,
    /// Actor phrases.
    pub actors: usize,
    /// Pronouns.
    pub pronouns: usize,
    /// Conjunctions outside compound actors.
    pub conjunctions: usize,
    /// Reject when no actor comes before the first verb.
    pub no_actor_prior: bool,
    /// Reject when no actor comes after the first verb.
    pub no_actor_after: bool,
    /// Reject when there is no verb.
    pub no_verb: bool,
}

/// Parser settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParserOptions {
    /// Fewest words a sentence needs (`SET: MINIMUM WORDS`, default 8).
    pub min_words: usize,
    /// Word-count range of an internal comma-delimited clause that is ignored (`COMMA: MIN/MAX`).
    pub min_subord: usize,
    /// See [`ParserOptions::min_subord`].
    pub max_subord: usize,
    /// Range for an initial clause (`COMMA: BMIN/BMAX`; off by default).
    pub min_begin_subord: usize,
    /// See [`ParserOptions::min_begin_subord`].
    pub max_begin_subord: usize,
    /// Range for a terminal clause (`COMMA: EMIN/EMAX`).
    pub min_end_subord: usize,
    /// See [`ParserOptions::min_end_subord`].
    pub max_end_subord: usize,
    /// Turn agents without an actor into actors (`SET: CONVERT AGENT`).
    pub convert_agents: bool,
    /// Complexity limits (`COMPLEX:`).
    pub complexity: ComplexityLimits,
}

impl Default for ParserOptions {
    fn default() -> ParserOptions {
        ParserOptions {
            min_words: 8,
            min_subord: 2,
            max_subord: 10,
            min_begin_subord: 128,
            max_begin_subord: 0,
            min_end_subord: 2,
            max_end_subord: 10,
            convert_agents: false,
            complexity: ComplexityLimits::default(),
        }
    }
}

/// Which verbs are coded (`SET: CODE BY CLAUSE | CODE BY SENTENCE | CODE ALL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CodeMode {
    /// Stop in a clause once a non-subordinate event is found (the default).
    #[default]
    Clause,
    /// Stop in the sentence once a non-subordinate event is found.
    Sentence,
    /// Code every verb.
    All,
}

/// Where the record-ID fields used for forwarding are (`FORWARD: ^^*****NNN*SSS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardFormat {
    /// Characters skipped after the date before the record ID starts.
    pub id_loc: usize,
    /// Position and length of the story number (applied to the record ID, as TABARI does).
    pub story: (usize, usize),
    /// Position and length of the sentence number (relative to the date end).
    pub sentence: (usize, usize),
}

/// Coder settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CoderOptions {
    /// Which verbs are coded.
    pub code_mode: CodeMode,
    /// Default source code (`DEFAULT: SOURCE [code]`).
    pub default_source: Option<String>,
    /// Default target code.
    pub default_target: Option<String>,
    /// Use the default source when the first actor comes after the verb (`PRIOR`).
    pub default_prior: bool,
    /// Use the default target instead of looking before the verb (`AFTER`).
    pub default_after: bool,
    /// Dates in record headers have four-digit years (`SET: YYYY`).
    pub four_digit_year: bool,
    /// Override of time shifting (`SET: TIME SHIFT`); `None` follows the dictionary.
    pub time_shift: Option<bool>,
    /// Pronouns may refer to actors of the previous sentence of the same story.
    pub use_forward: bool,
    /// The record-ID layout for forwarding.
    pub forward: Option<ForwardFormat>,
}

/// All TABARI options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TabariOptions {
    /// Parser settings.
    pub parser: ParserOptions,
    /// Coder settings.
    pub coder: CoderOptions,
}

impl TabariOptions {
    /// Reads an `.options` file: one command per line; `//` and `#` lines are comments; a line
    /// starting with `~` ends the file.
    ///
    /// # Errors
    /// [`PeerError::Parse`] naming the file and line of a command that cannot be read.
    pub fn parse(name: &str, text: &str) -> Result<TabariOptions, PeerError> {
        let mut options = TabariOptions::default();
        for (idx, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.starts_with('~') {
                break;
            }
            if line.trim().is_empty() || line.starts_with('/') || line.starts_with('#') {
                continue;
            }
            options.apply(line).map_err(|reason| PeerError::parse(name, idx + 1, reason))?;
        }
        Ok(options)
    }

    /// Applies one command (also used for the `{ OPTION: ... }` records of `Validate.text`).
    ///
    /// # Errors
    /// A message when the command is not understood.
    pub fn apply(&mut self, command: &str) -> Result<(), String> {
        let command = command.trim_start();
        let colon = command.find(':').ok_or("no ':' in the command")?;
        let name = command[..colon].to_ascii_uppercase();
        let rest = command[colon + 1..].trim_start();
        let upper = rest.to_ascii_uppercase();
        match name.as_bytes().first() {
            Some(b'C') if name.as_bytes().get(3) == Some(&b'M') => self.comma(&upper),
            Some(b'C') if name.as_bytes().get(3) == Some(&b'P') => self.complex(&upper),
            Some(b'D') => return self.defaults(&upper),
            Some(b'F') => self.forward(&upper),
            Some(b'L') => {
                if !upper.contains('=') {
                    return Err("no '=' in the LABEL command".into());
                }
            }
            Some(b'N' | b'O') => {}
            Some(b'S') => return self.set(&upper),
            _ => return Err(format!("unrecognized command {name}")),
        }
        Ok(())
    }

    fn comma(&mut self, line: &str) {
        let parser = &mut self.parser;
        if line.contains("OFF") {
            parser.min_subord = 128;
            parser.max_subord = 0;
            parser.min_begin_subord = 128;
            parser.max_begin_subord = 0;
            parser.min_end_subord = 128;
            parser.max_end_subord = 0;
            return;
        }
        // TABARI searches the whole command, so " MIN" needs the blank the command name leaves.
        let line = format!(" {line}");
        let fields: [(&str, &mut usize); 6] = [
            (" MIN", &mut parser.min_subord),
            (" MAX", &mut parser.max_subord),
            ("BMIN", &mut parser.min_begin_subord),
            ("BMAX", &mut parser.max_begin_subord),
            ("EMIN", &mut parser.min_end_subord),
            ("EMAX", &mut parser.max_end_subord),
        ];
        for (key, value) in fields {
            if let Some(found) = integer_after(&line, key) {
                *value = found;
            }
        }
    }

    fn complex(&mut self, line: &str) {
        let limits = &mut self.parser.complexity;
        let line = match line.strip_prefix('V') {
            Some(rest) => format!("X{rest}"),
            None => line.to_string(),
        };
        let verbs_key = if line.starts_with('X') { "XERBS" } else { " VERBS" };
        limits.verbs = integer_after(&line, verbs_key).unwrap_or(0);
        limits.actors = integer_after(&line, "ACTORS").unwrap_or(0);
        limits.pronouns = integer_after(&line, "PRONOUNS").unwrap_or(0);
        limits.conjunctions = integer_after(&line, "CONJ").unwrap_or(0);
        limits.no_actor_prior = line.contains("ACTPRIOR");
        limits.no_actor_after = line.contains("ACTAFTER");
        limits.no_verb = line.contains("NOVERB");
    }

    fn defaults(&mut self, line: &str) -> Result<(), String> {
        let coder = &mut self.coder;
        if line.contains("OFF") {
            coder.default_source = None;
            coder.default_target = None;
            coder.default_prior = false;
            coder.default_after = false;
        }
        let code_after = |key: &str| -> Result<Option<String>, String> {
            let Some(at) = line.find(key) else { return Ok(None) };
            let rest = &line[at..];
            let open = rest.find('[').ok_or("missing left-bracket [")?;
            let close = rest[open..].find(']').ok_or("missing right-bracket ]")?;
            let code = rest[open + 1..open + close].trim();
            if code.is_empty() {
                return Err("no code specified between [...]".into());
            }
            Ok(Some(code.to_string()))
        };
        if let Some(code) = code_after("SOURCE")? {
            coder.default_source = Some(code);
            if line.contains("PRIOR") {
                coder.default_prior = true;
            }
        }
        if let Some(code) = code_after("TARGET")? {
            coder.default_target = Some(code);
            if line.contains("AFTER") {
                coder.default_after = true;
            }
        }
        Ok(())
    }

    fn forward(&mut self, line: &str) {
        let coder = &mut self.coder;
        coder.use_forward = line.contains('S') && !line.contains("OFF");
        let spec = line.split(' ').next().unwrap_or("");
        let id_loc = spec.chars().take_while(|&c| c == '^').count();
        if id_loc == spec.len() {
            return;
        }
        let run = |c: char| -> (usize, usize) {
            match spec.find(c) {
                Some(start) => (start, spec[start..].chars().take_while(|&x| x == c).count()),
                None => (0, 0),
            }
        };
        coder.forward = Some(ForwardFormat { id_loc, story: run('N'), sentence: run('S') });
    }

    fn set(&mut self, line: &str) -> Result<(), String> {
        let boolean = || -> bool {
            match line.find('=') {
                Some(at) => line[at..].chars().find(|&c| c == 'T' || c == 'F') != Some('F'),
                None => true,
            }
        };
        if line.contains("CODE") {
            self.coder.code_mode = if line.contains("SEN") {
                CodeMode::Sentence
            } else if line.contains("ALL") {
                CodeMode::All
            } else {
                CodeMode::Clause
            };
        } else if line.contains("YYYY") {
            self.coder.four_digit_year = boolean();
        } else if line.contains("TIME") {
            self.coder.time_shift = Some(boolean());
        } else if line.contains("CONV") {
            self.parser.convert_agents = boolean();
        } else if line.contains("MINIM") {
            self.parser.min_words = integer_after(line, "MINIM").unwrap_or(0);
        } else if !["HAIKU", "LABEL", "MATCH", "FBIS", "DUP ", "SKIP ", "USAGE"].iter().any(|key| line.contains(key)) {
            return Err("unrecognized SET: command".into());
        }
        Ok(())
    }
}

/// TABARI's `getInteger`: the first number anywhere after `key`.
fn integer_after(line: &str, key: &str) -> Option<usize> {
    let at = line.find(key)? + key.len();
    let digits: String =
        line[at..].chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The files a TABARI `.project` names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TabariProject {
    /// Actor dictionaries, in order.
    pub actors: Vec<String>,
    /// Agent dictionaries.
    pub agents: Vec<String>,
    /// Verb dictionaries.
    pub verbs: Vec<String>,
    /// The options file.
    pub options: Option<String>,
    /// Text files.
    pub texts: Vec<String>,
}

impl TabariProject {
    /// Reads a `.project` file (`<actorsfile> name`, `<verbsfile> name` ...).
    ///
    /// # Errors
    /// [`PeerError::Parse`] for a tag line without `>`; [`PeerError::Missing`] when no actors or
    /// verbs dictionary is named.
    pub fn parse(name: &str, text: &str) -> Result<TabariProject, PeerError> {
        let mut project = TabariProject::default();
        for (idx, line) in text.lines().enumerate() {
            let line = line.trim();
            if !line.starts_with('<') {
                continue;
            }
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("<se") || lower.starts_with("<r") {
                continue;
            }
            let close = line.find('>').ok_or_else(|| PeerError::parse(name, idx + 1, "no closing '>' in the tag"))?;
            let value = line[close + 1..].split('<').next().unwrap_or("").trim().to_string();
            let bytes = lower.as_bytes();
            match (bytes.get(1), bytes.get(2)) {
                (Some(b'a'), Some(b'c')) => project.actors.push(value),
                (Some(b'a'), _) => project.agents.push(value),
                (Some(b'v'), _) => project.verbs.push(value),
                (Some(b'o'), Some(b'p')) => project.options = Some(value),
                (Some(b't'), _) => project.texts.push(value),
                _ => {}
            }
        }
        if project.actors.is_empty() || project.verbs.is_empty() {
            return Err(PeerError::Missing { what: format!("actors or verbs dictionary in {name}") });
        }
        Ok(project)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_follow_tabari_commands() {
        let options = TabariOptions::parse(
            "x.options",
            "// comment\nCOMPLEX: VERBS[5] CONJ[4] NOACTPRIOR EXPLAIN\nSET: SKIP RECORDS = FALSE\nLABEL: 010=YIELD\n~~~\nJUNK",
        )
        .expect("valid options");
        assert_eq!(options.parser.complexity.verbs, 5);
        assert_eq!(options.parser.complexity.conjunctions, 4);
        assert!(options.parser.complexity.no_actor_prior);
        let mut options = TabariOptions::default();
        options.apply("DEFAULT: SOURCE [DEFSRC] PRIOR TARGET [DEFTAR] AFTER").expect("valid");
        assert_eq!(options.coder.default_source.as_deref(), Some("DEFSRC"));
        assert!(options.coder.default_prior && options.coder.default_after);
        options.apply("COMMA: MIN = 4 MAX = 6 EMIN = 3 EMAX = 6 BMIN = 3 BMAX = 8").expect("valid");
        assert_eq!((options.parser.min_subord, options.parser.max_begin_subord), (4, 8));
        options.apply("FORWARD: ^^*****NNN*SSS").expect("valid");
        assert!(options.coder.use_forward);
        assert_eq!(options.coder.forward.as_ref().map(|f| (f.id_loc, f.sentence)), Some((2, (11, 3))));
        options.apply("SET: MINIMUM WORDS = 4  */").expect("valid");
        assert_eq!(options.parser.min_words, 4);
        let error = TabariOptions::parse("bad.options", "COMPLEX: VERBS[5]\nWHATEVER: 3").expect_err("bad command");
        assert_eq!(error.to_string(), "bad.options:2: unrecognized command WHATEVER");
    }
}
