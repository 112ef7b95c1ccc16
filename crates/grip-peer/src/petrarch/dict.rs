//! PETRARCH dictionary files: actors (with synonyms and date restrictions), agents (with
//! plurals and `!MARKER!` substitution sets), verbs (PETRARCH-1 `PETR.Validate.verbs.txt` and
//! PETRARCH-2 `CAMEO.2.0.txt` pattern syntax), and discards.
//!
//! All readers share PETRARCH's comment rules: `#` starts a comment anywhere on a line, lines
//! starting with `<!` are skipped, and `<!-- ... -->` comments may span lines. Words of a phrase
//! are joined by `_` (must be consecutive) or a blank (other words may come between); a final
//! `_` only blocks automatic plurals and inflections.

use std::collections::HashMap;

use crate::date::DayNumber;
use crate::PeerError;

/// The non-comment lines of a PETRARCH dictionary: `(1-based line, content)`; the content keeps
/// its leading whitespace (actor date restrictions are recognised by it).
pub(crate) fn content_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (idx, raw) in text.lines().enumerate() {
        let mut line = raw.trim_end_matches('\r').to_string();
        if in_comment {
            match line.find("-->") {
                Some(end) => {
                    in_comment = false;
                    line = line[end + 3..].to_string();
                }
                None => continue,
            }
        }
        // Inline and opening XML comments.
        while let Some(start) = line.find("<!--") {
            match line[start..].find("-->") {
                Some(rel) => line = format!("{}{}", &line[..start], &line[start + rel + 3..]),
                None => {
                    line.truncate(start);
                    in_comment = true;
                    break;
                }
            }
        }
        if line.trim_start().starts_with("<!") {
            continue;
        }
        // `#` starts a comment, except inside a code (`[###]`).
        let mut depth = 0usize;
        if let Some(hash) = line.char_indices().find_map(|(i, c)| {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                '#' if depth == 0 => return Some(i),
                _ => {}
            }
            None
        }) {
            line.truncate(hash);
        }
        if line.trim().is_empty() {
            continue;
        }
        out.push((idx + 1, line));
    }
    out
}

/// What a reader does with a malformed line: fail with the file and line (strict), or skip the
/// line and remember the error (PETRARCH's and TABARI's own behaviour, for operational
/// dictionaries with the odd typo).
#[derive(Debug)]
pub(crate) struct LineErrors<'a> {
    pub skipped: Option<&'a mut Vec<PeerError>>,
}

impl LineErrors<'_> {
    pub(crate) fn report(&mut self, file: &str, line: usize, reason: String) -> Result<(), PeerError> {
        let error = PeerError::parse(file, line, reason);
        match self.skipped.as_mut() {
            Some(skipped) => {
                skipped.push(error);
                Ok(())
            }
            None => Err(error),
        }
    }
}

/// Reading state of a verb dictionary.
struct VerbState {
    block: Option<usize>,
    primary: String,
    synset: Option<usize>,
}

/// One word of a phrase and whether the next word must follow it directly (`_`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhraseWord {
    pub word: String,
    pub consecutive: bool,
}

/// Splits `A_B C` into words with connectors; empty words (from `X_` or double blanks) are
/// dropped. Words are upper-cased.
pub(crate) fn phrase_words(phrase: &str) -> Vec<PhraseWord> {
    let mut words: Vec<PhraseWord> = Vec::new();
    let mut current = String::new();
    for c in phrase.chars() {
        match c {
            '_' | ' ' | '\t' => {
                if !current.is_empty() {
                    words.push(PhraseWord { word: std::mem::take(&mut current).to_uppercase(), consecutive: c == '_' });
                } else if c == '_' {
                    if let Some(last) = words.last_mut() {
                        last.consecutive = true;
                    }
                } else if let Some(last) = words.last_mut() {
                    // A blank after `X_` keeps the pattern open: `X_ Y` reads as `X Y`.
                    last.consecutive = false;
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(PhraseWord { word: current.to_uppercase(), consecutive: false });
    }
    if let Some(last) = words.last_mut() {
        last.consecutive = false;
    }
    words
}

/// An actor or agent phrase: the words after the first and how they connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NounPattern {
    pub words: Vec<PhraseWord>,
    /// Index of the actor entry (actors) or the agent code (agents).
    pub target: usize,
    pub line: usize,
}

impl NounPattern {
    /// Matches against `frag` (whose first word equals the pattern's first word); returns the
    /// number of words of `frag` covered.
    pub(crate) fn match_len(&self, frag: &[String]) -> Option<usize> {
        let mut consecutive = self.words.first()?.consecutive;
        let mut kfrag = 1;
        for pw in &self.words[1..] {
            loop {
                let word = frag.get(kfrag)?;
                kfrag += 1;
                if *word == pw.word {
                    consecutive = pw.consecutive;
                    break;
                }
                if consecutive {
                    return None;
                }
            }
        }
        Some(kfrag)
    }
}

/// A date restriction on an actor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PetrCode {
    /// The code without restriction (the default).
    Plain(String),
    /// `[CODE <date]`: on or before the date.
    Before(DayNumber, String),
    /// `[CODE >date]`: on or after the date.
    After(DayNumber, String),
    /// `[CODE date-date]`: between the dates, inclusive.
    Between(DayNumber, DayNumber, String),
}

/// An actor entry: its root phrase and its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ActorEntry {
    pub root: String,
    pub codes: Vec<PetrCode>,
    pub file: String,
    pub line: usize,
}

impl ActorEntry {
    /// PETRARCH's `get_actor_code`: the first satisfied restriction in file order, else the
    /// first unrestricted code, else `---`.
    pub(crate) fn code_on(&self, day: DayNumber) -> &str {
        for item in &self.codes {
            match item {
                PetrCode::Before(d, code) if day <= *d => return code,
                PetrCode::After(d, code) if day >= *d => return code,
                PetrCode::Between(a, b, code) if day >= *a && day <= *b => return code,
                _ => {}
            }
        }
        for item in &self.codes {
            if let PetrCode::Plain(code) = item {
                return code;
            }
        }
        "---"
    }
}

/// Parses the content of `[...]` in an actor dictionary: `CODE`, `CODE <yymmdd`,
/// `CODE >yymmdd`, `CODE yymmdd-yymmdd` (dates `YYMMDD` or `YYYYMMDD`).
pub(crate) fn parse_actor_code(content: &str) -> Result<PetrCode, String> {
    let content = content.trim();
    let (code, rest) = match content.find(char::is_whitespace) {
        Some(at) => (&content[..at], content[at..].trim()),
        None => (content, ""),
    };
    if code.is_empty() {
        return Err("empty code in [...]".into());
    }
    if rest.is_empty() {
        return Ok(PetrCode::Plain(code.to_string()));
    }
    let date_after = |s: &str| {
        let digits = s.trim_start_matches(|c: char| !c.is_ascii_digit());
        DayNumber::parse_any(digits).ok_or_else(|| format!("cannot read the date in '{content}'"))
    };
    if let Some(after) = rest.strip_prefix('<') {
        return Ok(PetrCode::Before(date_after(after)?, code.to_string()));
    }
    if let Some(after) = rest.strip_prefix('>') {
        return Ok(PetrCode::After(date_after(after)?, code.to_string()));
    }
    if let Some((a, b)) = rest.split_once('-') {
        let (start, end) = (date_after(a)?, date_after(b)?);
        if end < start {
            return Err(format!("end date before start date in '{content}'"));
        }
        return Ok(PetrCode::Between(start, end, code.to_string()));
    }
    Err(format!("cannot read the date restriction '{rest}'"))
}

/// Text between the first `[` and the following `]`; `Err` when `]` is missing.
fn bracket(line: &str) -> Result<Option<(&str, &str)>, String> {
    let Some(open) = line.find('[') else { return Ok(None) };
    let Some(close) = line[open..].find(']') else { return Err("missing right bracket ]".into()) };
    Ok(Some((&line[..open], &line[open + 1..open + close])))
}

/// Actor dictionaries: phrases keyed by their first word.
#[derive(Debug, Clone, Default)]
pub(crate) struct Actors {
    pub entries: Vec<ActorEntry>,
    pub patterns: HashMap<String, Vec<NounPattern>>,
}

impl Actors {
    fn add_phrase(&mut self, phrase: &str, entry: usize, line: usize) {
        let words = phrase_words(phrase);
        let Some(first) = words.first() else { return };
        let key = first.word.clone();
        let list = self.patterns.entry(key).or_default();
        list.push(NounPattern { words, target: entry, line });
        // Longer phrases first, so `ITHILEN TELEVISION` wins over `ITHILEN`.
        list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    }

    /// Reads an actor dictionary (`NAME [CODE]`, `+SYNONYM`, tab-indented `[CODE date]`).
    pub(crate) fn read(&mut self, name: &str, text: &str, errors: &mut LineErrors<'_>) -> Result<(), PeerError> {
        let mut current: Option<usize> = None;
        for (ln, raw) in content_lines(text) {
            if raw.contains("---STOP---") {
                break;
            }
            if let Err(reason) = self.line(name, ln, &raw, &mut current) {
                errors.report(name, ln, reason)?;
            }
        }
        Ok(())
    }

    fn line(&mut self, name: &str, ln: usize, raw: &str, current: &mut Option<usize>) -> Result<(), String> {
        let trimmed = raw.trim();
        if raw.starts_with(char::is_whitespace) && trimmed.starts_with('[') {
            let entry = current.ok_or("date restriction before any actor")?;
            let (_, content) = bracket(trimmed)?.ok_or("missing [")?;
            let code = parse_actor_code(content)?;
            self.entries[entry].codes.push(code);
        } else if let Some(synonym) = trimmed.strip_prefix('+') {
            let entry = current.ok_or("synonym + before any actor")?;
            let phrase = synonym.split([';', '[']).next().unwrap_or("").trim();
            if phrase.is_empty() {
                return Err("empty synonym".into());
            }
            self.add_phrase(phrase, entry, ln);
        } else {
            let (phrase, code) = match bracket(trimmed)? {
                Some((before, content)) => (before.trim(), Some(parse_actor_code(content)?)),
                None => (trimmed.split(';').next().unwrap_or("").trim(), None),
            };
            if phrase.is_empty() {
                return Err("code without an actor phrase".into());
            }
            self.entries.push(ActorEntry {
                root: phrase.to_string(),
                codes: code.into_iter().collect(),
                file: name.to_string(),
                line: ln,
            });
            let entry = self.entries.len() - 1;
            *current = Some(entry);
            self.add_phrase(phrase, entry, ln);
        }
        Ok(())
    }
}

/// An agent code: `~GOV` appends to the actor code, `NGO~` prefixes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AgentCode {
    pub code: String,
    pub prefix: bool,
    pub file: String,
    pub line: usize,
}

/// Agent dictionaries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Agents {
    pub codes: Vec<AgentCode>,
    pub patterns: HashMap<String, Vec<NounPattern>>,
}

/// PETRARCH's regular plural: `Y` → `IES`, `S` → `SES`, otherwise `+S`.
pub(crate) fn make_plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('Y') {
        format!("{stem}IES")
    } else if word.ends_with('S') {
        format!("{word}ES")
    } else {
        format!("{word}S")
    }
}

impl Agents {
    fn add_phrase(&mut self, phrase: &str, code: usize, line: usize) {
        let words = phrase_words(phrase);
        let Some(first) = words.first() else { return };
        let key = first.word.clone();
        let list = self.patterns.entry(key).or_default();
        list.push(NounPattern { words, target: code, line });
        list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    }

    /// Reads an agent dictionary (`PHRASE {PLURAL} [~CODE]`, `!MARKER! = A, B`).
    pub(crate) fn read(&mut self, name: &str, text: &str, errors: &mut LineErrors<'_>) -> Result<(), PeerError> {
        let mut markers: HashMap<String, Vec<String>> = HashMap::new();
        for (ln, raw) in content_lines(text) {
            if let Err(reason) = self.line(name, ln, raw.trim(), &mut markers) {
                errors.report(name, ln, reason)?;
            }
        }
        Ok(())
    }

    fn line(
        &mut self,
        name: &str,
        ln: usize,
        line: &str,
        markers: &mut HashMap<String, Vec<String>>,
    ) -> Result<(), String> {
        if line.contains('!') && line.contains('=') && !line.contains('[') {
            let rest = line.strip_prefix('!').ok_or("substitution marker must start with !")?;
            let (marker, after) = rest.split_once('!').ok_or("substitution marker lacks its closing !")?;
            let list = after.trim().strip_prefix('=').ok_or("substitution marker lacks =")?;
            let items: Vec<String> =
                list.split(',').map(|s| s.trim().to_uppercase()).filter(|s| !s.is_empty()).collect();
            if items.is_empty() {
                return Err("empty substitution set".into());
            }
            markers.insert(marker.trim().to_uppercase(), items);
            return Ok(());
        }
        let (phrase, content) = bracket(line)?.ok_or("agents need a code in [...]")?;
        let content = content.trim();
        let (code, prefix) = if let Some(code) = content.strip_prefix('~') {
            (code, false)
        } else if let Some(code) = content.strip_suffix('~') {
            (code, true)
        } else {
            return Err("agent code needs ~ before (suffix) or after (prefix) it".into());
        };
        if code.is_empty() || code.contains(char::is_whitespace) {
            return Err("malformed agent code".into());
        }
        let phrase = phrase.trim();
        if phrase.is_empty() {
            return Err("code without an agent phrase".into());
        }
        let mut phrases: Vec<String> = Vec::new();
        if let Some(start) = phrase.find('!') {
            let rest = &phrase[start + 1..];
            let end = rest.find('!').ok_or("substitution marker lacks its closing !")?;
            let marker = rest[..end].to_uppercase();
            let items = markers.get(&marker).ok_or(format!("substitution marker !{marker}! is not defined"))?;
            for item in items {
                phrases.push(format!("{}{}{}", &phrase[..start], item, &rest[end + 1..]));
            }
        } else if let Some(open) = phrase.find('{') {
            let close = phrase[open..].find('}').ok_or("missing }")?;
            phrases.push(phrase[..open].trim().to_string());
            let plural = phrase[open + 1..open + close].trim();
            if !plural.is_empty() {
                phrases.push(plural.to_string());
            }
        } else {
            phrases.push(phrase.to_string());
            if !phrase.ends_with('_') {
                phrases.push(make_plural(&phrase.to_uppercase()));
            }
        }
        self.codes.push(AgentCode { code: code.to_string(), prefix, file: name.to_string(), line: ln });
        let index = self.codes.len() - 1;
        for phrase in phrases {
            self.add_phrase(&phrase, index, ln);
        }
        Ok(())
    }
}

/// An element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatItem {
    Word(String),
    Synset(usize),
    /// `$`
    Source,
    /// `+`
    Target,
    /// `^`: skip a noun phrase.
    Skip,
    /// `%`: a compound noun phrase.
    Compound,
}

/// A pattern element and whether it must follow the previous element (or the verb) directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PatElem {
    pub item: PatItem,
    pub consecutive: bool,
}

/// One `- upper * lower [CODE]` pattern. `upper` is stored from the verb outwards (reversed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerbPattern {
    pub upper: Vec<PatElem>,
    pub lower: Vec<PatElem>,
    pub code: String,
    pub line: usize,
}

/// A `--- NAME [CODE] ---` block: the verbs listed in it share its patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerbBlock {
    pub name: String,
    pub file: String,
    pub line: usize,
    pub patterns: Vec<VerbPattern>,
}

/// One form of a verb (`RESTORED`), possibly part of a multi-word verb (`CORDONED OFF`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VerbForm {
    pub block: usize,
    pub code: String,
    /// Words that must directly precede the verb, nearest first.
    pub before: Vec<String>,
    /// Words that must directly follow the verb.
    pub after: Vec<String>,
    pub line: usize,
}

/// A `&NAME` synonym set: each member is a phrase (consecutive words) or another set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Synset {
    pub name: String,
    pub members: Vec<SynMember>,
}

/// A member of a synonym set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SynMember {
    Phrase(Vec<String>),
    Set(String),
}

/// Verb dictionaries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Verbs {
    pub blocks: Vec<VerbBlock>,
    /// Verb word → forms; multi-word forms first.
    pub forms: HashMap<String, Vec<VerbForm>>,
    pub synsets: Vec<Synset>,
    pub synset_index: HashMap<String, usize>,
    /// PETRARCH-2 transformation rules read (not applied).
    pub transformations: usize,
}

/// The regular forms PETRARCH generates: `S` (`ES` after S, X, Z), `ED`/`D`, `ING`; and, beyond
/// PETRARCH, the English forms it misses: `ES` after CH and SH (`CLASHES`), and `IES`/`IED`
/// after a consonant and `Y` (`DENIES`, `DENIED`).
fn regular_forms(root: &str) -> Vec<String> {
    let mut forms = vec![root.to_string()];
    if root.ends_with(['S', 'X', 'Z']) || root.ends_with("CH") || root.ends_with("SH") {
        forms.push(format!("{root}ES"));
    } else {
        forms.push(format!("{root}S"));
    }
    if let Some(stem) = root.strip_suffix('E') {
        forms.push(format!("{root}D"));
        forms.push(format!("{stem}ING"));
    } else {
        forms.push(format!("{root}ED"));
        forms.push(format!("{root}ING"));
    }
    if let Some(stem) = root.strip_suffix('Y') {
        if stem.ends_with(|c: char| c.is_ascii_alphabetic() && !"AEIOU".contains(c)) {
            forms.push(format!("{stem}IES"));
            forms.push(format!("{stem}IED"));
        }
    }
    forms
}

impl Verbs {
    fn synset(&self, name: &str) -> Option<usize> {
        self.synset_index.get(name).copied()
    }

    fn add_form(&mut self, word: &str, form: VerbForm) {
        let list = self.forms.entry(word.to_uppercase()).or_default();
        if form.before.is_empty() && form.after.is_empty() {
            list.push(form);
        } else {
            let at = list.iter().position(|f| f.before.is_empty() && f.after.is_empty()).unwrap_or(list.len());
            list.insert(at, form);
        }
    }

    /// Stores a verb line of the current block: `VERB`, `VERB {FORMS}`, `A_+VERB_B {...}`.
    fn add_verb(&mut self, text: &str, code: &str, block: usize, line: usize) -> Result<(), String> {
        let (base, braces) = match text.find('{') {
            Some(open) => {
                let close = text[open..].find('}').ok_or("missing }")?;
                (text[..open].trim(), Some(&text[open + 1..open + close]))
            }
            None => (text.trim(), None),
        };
        if base.is_empty() {
            return Err("empty verb".into());
        }
        if base.contains('_') || base.contains('+') {
            // A multi-word verb: `+` marks the verb itself.
            let mut phrases: Vec<String> = Vec::new();
            match braces {
                Some(forms) => {
                    phrases.extend(forms.split([' ', '\t', ',']).filter(|f| !f.is_empty()).map(str::to_string));
                    phrases.push(base.to_string());
                }
                None => {
                    let plus = base.find('+').ok_or("a multi-word verb needs + before the verb word")?;
                    let root: String = base[plus + 1..].chars().take_while(|&c| c != '_' && c != ' ').collect();
                    if root.is_empty() {
                        return Err("empty verb after +".into());
                    }
                    for form in regular_forms(&root.to_uppercase()) {
                        phrases.push(format!("{}+{}{}", &base[..plus], form, &base[plus + 1 + root.len()..]));
                    }
                }
            }
            for phrase in phrases {
                let words: Vec<&str> = phrase.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
                let at = words
                    .iter()
                    .position(|w| w.starts_with('+'))
                    .ok_or(format!("'{phrase}' lacks the + on its verb"))?;
                let verb = &words[at][1..];
                if verb.is_empty() {
                    return Err("empty verb after +".into());
                }
                let before: Vec<String> = words[..at].iter().rev().map(|w| w.to_uppercase()).collect();
                let after: Vec<String> = words[at + 1..].iter().map(|w| w.to_uppercase()).collect();
                self.add_form(verb, VerbForm { block, code: code.to_string(), before, after, line });
            }
            return Ok(());
        }
        let root = base.split_whitespace().next().unwrap_or(base).to_uppercase();
        let forms = match braces {
            Some(forms) => std::iter::once(root.clone())
                .chain(forms.split([' ', '\t', ',']).filter(|f| !f.is_empty()).map(str::to_uppercase))
                .collect(),
            None => regular_forms(&root),
        };
        for form in forms {
            self.add_form(
                &form,
                VerbForm { block, code: code.to_string(), before: Vec::new(), after: Vec::new(), line },
            );
        }
        Ok(())
    }

    /// Parses the phrase part of a pattern into elements, each marked `consecutive` when it
    /// is joined to the previous element by `_` (`{...}` and `(...)` groups of the CAMEO.2.0
    /// syntax are read as consecutive words).
    fn pattern_elems(&self, text: &str) -> Result<Vec<PatElem>, String> {
        let mut elems: Vec<PatElem> = Vec::new();
        let mut word = String::new();
        let mut join = false;
        let mut underscore = false;
        let mut depth = 0usize;
        let mut group_start = false;
        let flush = |word: &mut String, join: bool, elems: &mut Vec<PatElem>| -> Result<(), String> {
            if word.is_empty() {
                return Ok(());
            }
            let w = std::mem::take(word).to_uppercase();
            let item = match w.as_str() {
                "$" => PatItem::Source,
                "+" => PatItem::Target,
                "^" => PatItem::Skip,
                "%" => PatItem::Compound,
                _ if w.starts_with('&') => {
                    let name = w.trim_end_matches('_');
                    PatItem::Synset(self.synset(name).ok_or(format!("synset {name} is not defined"))?)
                }
                _ => PatItem::Word(w),
            };
            elems.push(PatElem { item, consecutive: join });
            Ok(())
        };
        for c in text.chars() {
            match c {
                '{' | '(' => {
                    flush(&mut word, join, &mut elems)?;
                    depth += 1;
                    group_start = true;
                }
                '}' | ')' => {
                    flush(&mut word, join, &mut elems)?;
                    depth = depth.checked_sub(1).ok_or("unbalanced } or )")?;
                }
                '_' => {
                    flush(&mut word, join, &mut elems)?;
                    underscore = true;
                }
                ' ' | '\t' => flush(&mut word, join, &mut elems)?,
                _ => {
                    if word.is_empty() {
                        join = !elems.is_empty() && (underscore || (depth > 0 && !group_start));
                        underscore = false;
                        group_start = false;
                    }
                    word.push(c);
                }
            }
        }
        flush(&mut word, join, &mut elems)?;
        if depth != 0 {
            return Err("unbalanced { or (".into());
        }
        Ok(elems)
    }

    /// Parses `upper * lower` (text between `-` and `[`).
    fn parse_pattern(&self, text: &str, code: &str, line: usize) -> Result<VerbPattern, String> {
        let text = text.replace("_ ", " ");
        let text = text.trim().trim_end_matches('_');
        let star = text.find('*').ok_or("pattern lacks the verb position *")?;
        let (upper_text, lower_text) = (&text[..star], &text[star + 1..]);
        if lower_text.contains('*') {
            return Err("pattern has more than one *".into());
        }
        let upper = self.pattern_elems(upper_text)?;
        let mut lower = self.pattern_elems(lower_text)?;
        if let Some(first) = lower.first_mut() {
            first.consecutive = lower_text.starts_with('_');
        }
        // Store the upper part from the verb outwards; each element's `consecutive` then says
        // whether it is joined to the element nearer the verb (or to the verb itself).
        let n = upper.len();
        let reversed = (0..n)
            .map(|j| PatElem {
                item: upper[n - 1 - j].item.clone(),
                consecutive: if j == 0 { upper_text.ends_with('_') } else { upper[n - j].consecutive },
            })
            .collect();
        Ok(VerbPattern { upper: reversed, lower, code: code.to_string(), line })
    }

    /// Reads a verb dictionary in the PETRARCH-1 (`PETR.Validate.verbs.txt`) or PETRARCH-2
    /// (`CAMEO.2.0.txt`) syntax.
    pub(crate) fn read(&mut self, name: &str, text: &str, errors: &mut LineErrors<'_>) -> Result<(), PeerError> {
        let mut state = VerbState { block: None, primary: "---".to_string(), synset: None };
        for (ln, raw) in content_lines(text) {
            if let Err(reason) = self.line(name, ln, raw.trim(), &mut state) {
                errors.report(name, ln, reason)?;
            }
        }
        Ok(())
    }

    fn line(&mut self, name: &str, ln: usize, line: &str, state: &mut VerbState) -> Result<(), String> {
        if let (Some(set), Some(member)) = (state.synset, line.strip_prefix('+')) {
            let member = member.trim();
            if member.is_empty() {
                return Err("empty synset member".into());
            }
            if member.starts_with('&') {
                self.synsets[set].members.push(SynMember::Set(member.trim_end_matches('_').to_uppercase()));
                return Ok(());
            }
            let no_plural = self.synsets[set].name.ends_with('_') || member.ends_with('_');
            let words: Vec<String> =
                member.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_uppercase).collect();
            if !no_plural {
                let mut plural = words.clone();
                if let Some(last) = plural.last_mut() {
                    *last = make_plural(last);
                }
                self.synsets[set].members.push(SynMember::Phrase(plural));
            }
            self.synsets[set].members.push(SynMember::Phrase(words));
            return Ok(());
        }
        state.synset = None;
        if let Some(rule) = line.strip_prefix('~') {
            // A PETRARCH-2 transformation (`~ a (a b ATTACK) SAY = a b 015`): events about
            // events, which this coder does not build; read and set aside.
            if !rule.contains('=') {
                return Err("transformation lacks =".into());
            }
            self.transformations += 1;
            return Ok(());
        }
        let (head, code) = match bracket(line)? {
            Some((before, code)) => (before.trim(), Some(code.trim().to_string())),
            None => (line, None),
        };
        if head.starts_with("---") {
            let title = head.trim_matches(|c: char| c == '-' || c.is_whitespace());
            self.blocks.push(VerbBlock {
                name: title.to_string(),
                file: name.to_string(),
                line: ln,
                patterns: Vec::new(),
            });
            state.block = Some(self.blocks.len() - 1);
            state.primary = code.filter(|c| !c.is_empty()).unwrap_or_else(|| "---".to_string());
        } else if let Some(pattern) = head.strip_prefix('-') {
            let b = state.block.ok_or("pattern before any --- block ---")?;
            let code = code.ok_or("pattern lacks its [CODE]")?;
            let pattern = self.parse_pattern(pattern, &code, ln)?;
            self.blocks[b].patterns.push(pattern);
        } else if let Some(set) = head.strip_prefix('&') {
            let name = format!("&{}", set.trim());
            let key = name.trim_end_matches('_').to_uppercase();
            if key.len() < 2 || key.contains(char::is_whitespace) {
                return Err("malformed synset name".into());
            }
            self.synsets.push(Synset { name: name.to_uppercase(), members: Vec::new() });
            let index = self.synsets.len() - 1;
            self.synset_index.insert(key, index);
            state.synset = Some(index);
        } else {
            let b = state.block.ok_or("verb before any --- block ---")?;
            let code = code.filter(|c| !c.is_empty()).unwrap_or_else(|| state.primary.clone());
            self.add_verb(head, &code, b, ln)?;
        }
        Ok(())
    }

    /// Whether `words` begins with a member of the set (with `reversed`, the words run towards
    /// the start of the sentence, so members are compared back to front); returns the number
    /// of words covered by the longest such member.
    pub(crate) fn synset_match(&self, set: usize, words: &[&str], reversed: bool, depth: usize) -> Option<usize> {
        if depth > 8 {
            return None;
        }
        let mut best: Option<usize> = None;
        for member in &self.synsets.get(set)?.members {
            let len = match member {
                SynMember::Phrase(phrase) => (phrase.len() <= words.len()
                    && phrase.iter().enumerate().all(|(i, p)| {
                        let at = if reversed { phrase.len() - 1 - i } else { i };
                        p == words[at]
                    }))
                .then_some(phrase.len()),
                SynMember::Set(name) => {
                    self.synset(name).and_then(|inner| self.synset_match(inner, words, reversed, depth + 1))
                }
            };
            if let Some(len) = len {
                if best.is_none_or(|b| len > b) {
                    best = Some(len);
                }
            }
        }
        best
    }
}

/// A discard phrase: `+` marks a story discard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Discard {
    pub words: Vec<String>,
    pub story: bool,
    pub line: usize,
}

/// Reads a discard list.
pub(crate) fn read_discards(name: &str, text: &str, errors: &mut LineErrors<'_>) -> Result<Vec<Discard>, PeerError> {
    let mut out = Vec::new();
    for (ln, raw) in content_lines(text) {
        let line = raw.trim();
        let (story, phrase) = match line.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let words: Vec<String> =
            phrase.split(['_', ' ', '\t']).filter(|w| !w.is_empty()).map(str::to_uppercase).collect();
        if words.is_empty() {
            errors.report(name, ln, "empty discard phrase".into())?;
            continue;
        }
        out.push(Discard { words, story, line: ln });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_removed() {
        let lines = content_lines("A # x\n<!-- one\ntwo -->\n<! -- x -->\n  \nB <!-- c --> C\n");
        assert_eq!(lines, vec![(1, "A ".to_string()), (6, "B  C".to_string())]);
    }

    #[test]
    fn phrases_keep_connectors() {
        let words = phrase_words("THE_AU KU_ X");
        assert_eq!(words.len(), 4);
        assert!(words[0].consecutive);
        assert!(!words[1].consecutive);
        assert!(!words[2].consecutive, "`KU_ X` is open");
        let pattern = NounPattern { words: phrase_words("PRESIDENT HOSNI_MURBARAK"), target: 0, line: 1 };
        let frag: Vec<String> = ["PRESIDENT", "X", "HOSNI", "MURBARAK"].iter().map(|s| s.to_string()).collect();
        assert_eq!(pattern.match_len(&frag), Some(4));
        let frag: Vec<String> = ["PRESIDENT", "HOSNI", "X", "MURBARAK"].iter().map(|s| s.to_string()).collect();
        assert_eq!(pattern.match_len(&frag), None);
    }

    #[test]
    fn verb_patterns_are_split_at_the_verb() {
        let mut verbs = Verbs::default();
        let text = "&NEG\n+DID N'T\n--- CLASH [223] ---\nCLASH\n- MOST_&NEG_EVER * OVER_EFFORTS [907]\n";
        verbs.read("v.txt", text, &mut LineErrors { skipped: None }).expect("valid verbs");
        let p = &verbs.blocks[0].patterns[0];
        assert_eq!(p.upper.len(), 3);
        assert_eq!(p.upper[0].item, PatItem::Word("EVER".into()));
        assert!(!p.upper[0].consecutive);
        assert!(p.upper[1].consecutive && p.upper[2].consecutive);
        assert_eq!(p.upper[2].item, PatItem::Word("MOST".into()));
        assert_eq!(p.lower.len(), 2);
        assert!(!p.lower[0].consecutive && p.lower[1].consecutive);
        assert!(verbs.forms.contains_key("CLASHES") && verbs.forms.contains_key("CLASHED"));
    }
}
