//! The PETRARCH-1 coder over a linearised parse (see the `tree` module): comma-clause deletion,
//! actor and agent codes for entity phrases, verb lookup (with multi-word verbs and passive
//! voice), pattern matching before and after the verb, source and target assignment, and the
//! event strings (compounds, symmetric `a:b` codes, `require_dyad`).

use super::dict::{PatElem, PatItem, VerbForm, VerbPattern};
use super::{PetrarchDictionaries, PetrarchOptions};
use crate::date::DayNumber;

/// An element of the sequence before (reversed) or after the verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Word(String),
    /// The start of an entity phrase with its code.
    NeStart(String),
    NeEnd,
    NecStart,
    NecEnd,
}

/// Where a pattern put the source or target: an entity or compound start in the upper or lower
/// sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Loc {
    upper: bool,
    index: usize,
}

/// An event before the text ranges are attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEvent {
    pub source: String,
    pub target: String,
    pub code: String,
    pub verb: String,
    pub source_text: Option<String>,
    pub target_text: Option<String>,
    pub rule: String,
}

pub(crate) struct Coder<'a> {
    pub dicts: &'a PetrarchDictionaries,
    pub options: &'a PetrarchOptions,
    pub day: DayNumber,
}

fn is_word(item: &str) -> bool {
    !item.starts_with('(') && !item.starts_with('~')
}

/// Counts the words (alphabetic start, outside entity codes) in `pl[low..high]`.
fn count_words(pl: &[String], low: usize, high: usize) -> usize {
    let mut n = 0;
    let mut ka = low;
    while ka < high.min(pl.len()) {
        if pl[ka] == "(NE" {
            ka += 2;
            continue;
        }
        if is_word(&pl[ka]) && pl[ka].starts_with(|c: char| c.is_alphabetic()) {
            n += 1;
        }
        ka += 1;
    }
    n
}

/// Deletes the complete phrases inside `pl[low..high]`, leaving unmatched markup.
fn delete_phrases(pl: &mut Vec<String>, low: usize, high: usize) {
    let mut stack: Vec<String> = Vec::new();
    let mut ka = high.min(pl.len()) as isize - 1;
    while ka >= low as isize {
        let k = ka as usize;
        if let Some(tag) = pl[k].strip_prefix('~') {
            stack.push(tag.to_string());
        } else if let (Some(tag), Some(top)) = (pl[k].strip_prefix('('), stack.last()) {
            if tag == top {
                let target = format!("~{tag}");
                if let Some(end) = pl[k + 1..].iter().position(|i| *i == target) {
                    pl.drain(k..=k + 1 + end);
                }
                stack.pop();
            }
        }
        ka -= 1;
    }
}

fn find_end(pl: &[String]) -> usize {
    let mut ka = pl.len().saturating_sub(1);
    while ka >= 2 && pl[ka].starts_with('~') {
        ka -= 1;
    }
    ka.saturating_sub(1)
}

fn balanced(pl: &[String]) -> bool {
    let open = pl.iter().filter(|i| i.starts_with('(')).count();
    let close = pl.iter().filter(|i| i.starts_with('~')).count();
    open == close
}

/// PETRARCH's `check_commas`: removes initial, terminal and internal comma-delimited clauses
/// whose word counts are within the configured limits. `Err` when the result is unbalanced.
pub(crate) fn check_commas(pl: &mut Vec<String>, o: &PetrarchOptions) -> Result<(), ()> {
    let first_comma = |pl: &[String]| pl.iter().position(|i| i == "(,");
    let Some(first) = first_comma(pl) else { return Ok(()) };
    if o.comma_bmax != 0 {
        let n = count_words(pl, 2, first);
        if n >= o.comma_bmin && n <= o.comma_bmax {
            delete_phrases(pl, 2, first);
        }
    }
    if o.comma_emax != 0 {
        let kend = find_end(pl);
        let mut ka = kend.saturating_sub(1);
        while ka >= 2 && pl[ka] != "(," {
            ka -= 1;
        }
        if pl.get(ka).is_some_and(|i| i == "(,") {
            let n = count_words(pl, ka, pl.len());
            if n >= o.comma_emin && n <= o.comma_emax {
                delete_phrases(pl, ka + 3, kend);
            }
        }
    }
    if o.comma_max != 0 {
        if let Some(mut ka) = first_comma(pl) {
            // As in PETRARCH, positions are not adjusted after a deletion.
            while let Some(rel) = pl.get(ka + 1..).and_then(|rest| rest.iter().position(|i| i == "(,")) {
                let kb = ka + 1 + rel;
                let n = count_words(pl, ka + 2, kb);
                if n >= o.comma_min && n <= o.comma_max {
                    delete_phrases(pl, ka, kb);
                }
                ka = kb;
            }
        }
    }
    if let Some(ka) = first_comma(pl) {
        if count_words(pl, 2, ka) == 0 {
            pl.drain(ka..(ka + 3).min(pl.len()));
        }
    }
    let kend = find_end(pl);
    let mut ka = kend.saturating_sub(1);
    while ka >= 2 && pl[ka] != "(," {
        ka -= 1;
    }
    if pl.get(ka).is_some_and(|i| i == "(,") && count_words(pl, ka + 1, kend) == 0 {
        pl.drain(ka..(ka + 3).min(pl.len()));
    }
    if balanced(pl) {
        Ok(())
    } else {
        Err(())
    }
}

impl Coder<'_> {
    /// The code of an entity phrase: the first actor, then agents outside it (PETRARCH's
    /// `check_NEphrase`). `None` when neither is found.
    pub(crate) fn ne_code(&self, words: &[String]) -> Option<String> {
        let mut actor: Option<(String, usize, usize)> = None;
        'actors: for kword in 0..words.len() {
            if let Some(patterns) = self.dicts.actors.patterns.get(&words[kword]) {
                for pattern in patterns {
                    if let Some(len) = pattern.match_len(&words[kword..]) {
                        let code = self.dicts.actors.entries[pattern.target].code_on(self.day).to_string();
                        actor = Some((code, kword, kword + len));
                        break 'actors;
                    }
                }
            }
        }
        let mut agents: Vec<usize> = Vec::new();
        let mut kword = 0;
        while kword < words.len() {
            if actor.as_ref().is_some_and(|(_, a, b)| kword >= *a && kword < *b) {
                kword += 1;
                continue;
            }
            if let Some(patterns) = self.dicts.agents.patterns.get(&words[kword]) {
                for pattern in patterns {
                    if let Some(len) = pattern.match_len(&words[kword..]) {
                        agents.push(pattern.target);
                        kword += len - 1;
                        break;
                    }
                }
            }
            kword += 1;
        }
        if agents.is_empty() {
            return actor.map(|(code, _, _)| code);
        }
        let mut code = actor.map_or_else(|| "---".to_string(), |(code, _, _)| code);
        for agent in agents {
            let agent = &self.dicts.agents.codes[agent];
            let agc = agent.code.as_str();
            // A code already present at a 3-character boundary is not added again, and ends the
            // assembly (PETRARCH's rule).
            let duplicate = (0..=code.len().saturating_sub(agc.len()))
                .step_by(3)
                .any(|ka| code.len() >= agc.len() && code.get(ka..ka + agc.len()) == Some(agc));
            if duplicate {
                break;
            }
            if agent.prefix {
                code = format!("{agc}{code}");
            } else {
                code.push_str(agc);
            }
        }
        Some(code)
    }

    /// Expands an entity phrase that contains compounds into one entity per combination of
    /// members, each with the words around the compounds (`lawmakers and officials in Fornost
    /// and Gondor`: four entities). Members are the `(N..` phrases directly inside a `(NEC`.
    fn expand_compound(pl: &mut Vec<String>, kstart: usize, kend: usize) -> Result<(), ()> {
        const MAX_COMBINATIONS: usize = 64;
        let mut combos: Vec<Vec<String>> = vec![Vec::new()];
        let mut k = kstart + 2;
        while k < kend {
            let item = &pl[k];
            if item.starts_with("(NEC") {
                let mut members: Vec<Vec<String>> = Vec::new();
                let mut depth = 1;
                let mut j = k + 1;
                while depth > 0 {
                    let inner = pl.get(j).filter(|_| j < kend).ok_or(())?;
                    if inner.starts_with("(NEC") {
                        depth += 1;
                    } else if inner.starts_with("~NEC") {
                        depth -= 1;
                    } else if depth == 1 && inner.starts_with("(N") {
                        let endtag = format!("~{}", &inner[1..]);
                        let end = j + pl[j..kend].iter().position(|i| *i == endtag).ok_or(())?;
                        members.push(pl[j + 1..end].iter().filter(|i| is_word(i)).cloned().collect());
                        j = end;
                    }
                    j += 1;
                }
                if !members.is_empty() {
                    combos = combos
                        .iter()
                        .flat_map(|c| members.iter().map(move |m| c.iter().chain(m).cloned().collect::<Vec<_>>()))
                        .take(MAX_COMBINATIONS)
                        .collect();
                }
                k = j;
                continue;
            }
            if is_word(item) {
                for c in combos.iter_mut() {
                    c.push(item.clone());
                }
            }
            k += 1;
        }
        let mut newlist = vec!["(NEC".to_string()];
        for combo in combos {
            newlist.push("(NE".into());
            newlist.push("---".into());
            newlist.extend(combo);
            newlist.push("~NE".into());
        }
        newlist.push("~NEC".into());
        pl.splice(kstart..=kend, newlist);
        Ok(())
    }

    /// PETRARCH's `assign_NEcodes`: fills in the code slot of every `(NE` phrase.
    pub(crate) fn assign_codes(&self, pl: &mut Vec<String>, start: usize) -> Result<(), ()> {
        let mut kitem = start;
        let mut expansions = 0;
        while kitem < pl.len() {
            if pl[kitem] == "(NE" {
                let kstart = kitem;
                let kcode = kitem + 1;
                kitem += 2;
                let mut phrase: Vec<String> = Vec::new();
                while pl.get(kitem).ok_or(())? != "~NE" {
                    if pl[kitem].get(1..3) != Some("NN") {
                        phrase.push(pl[kitem].clone());
                    }
                    kitem += 1;
                }
                if phrase.iter().any(|w| w == "(NEC") {
                    expansions += 1;
                    if expansions > pl.len() {
                        return Err(());
                    }
                    Self::expand_compound(pl, kstart, kitem)?;
                    kitem = kstart;
                    continue;
                }
                let words: Vec<String> = phrase.into_iter().filter(|w| is_word(w)).collect();
                if let Some(code) = self.ne_code(&words) {
                    pl[kcode] = code;
                }
            }
            kitem += 1;
        }
        Ok(())
    }
}

/// The sequence before the verb, from `kword` back to the start or a comma, reversed.
fn upper_seq(pl: &[String], mut kword: isize, start: usize) -> Vec<(Item, usize)> {
    let mut seq = Vec::new();
    while kword >= start as isize {
        let k = kword as usize;
        let item = &pl[k];
        kword -= 1;
        if item.contains("~,") {
            break;
        }
        if k >= 1 && pl[k - 1] == "(NE" {
            continue; // the code slot
        }
        if item == "(NE" {
            seq.push((Item::NeStart(pl.get(k + 1).cloned().unwrap_or_default()), k));
        } else if item.contains("NEC") {
            seq.push((if item.starts_with('(') { Item::NecStart } else { Item::NecEnd }, k));
        } else if item.contains("~NE") {
            seq.push((Item::NeEnd, k));
        } else if is_word(item) {
            seq.push((Item::Word(item.clone()), k));
        }
    }
    seq
}

/// The sequence after the verb up to the end of its verb phrase; `None` when the end tag is
/// missing.
fn lower_seq(pl: &[String], mut kword: usize, endtag: &str) -> Option<Vec<(Item, usize)>> {
    let mut seq = Vec::new();
    loop {
        let item = pl.get(kword)?;
        if item == endtag {
            return Some(seq);
        }
        if item == "(NE" {
            seq.push((Item::NeStart(pl.get(kword + 1).cloned().unwrap_or_default()), kword));
            kword += 1;
        } else if item.contains("NEC") {
            seq.push((if item.starts_with('(') { Item::NecStart } else { Item::NecEnd }, kword));
        } else if item.contains("~NE") {
            seq.push((Item::NeEnd, kword));
        } else if is_word(item) {
            seq.push((Item::Word(item.clone()), kword));
        }
        kword += 1;
    }
}

/// Pattern state for one verb.
struct Sequences {
    upper: Vec<Item>,
    lower: Vec<Item>,
}

impl Sequences {
    fn seq(&self, upper: bool) -> &[Item] {
        if upper {
            &self.upper
        } else {
            &self.lower
        }
    }

    /// The index of the `NeStart` of the entity containing `at`.
    fn ne_start(&self, upper: bool, at: usize) -> Option<usize> {
        let seq = self.seq(upper);
        if upper {
            (at..seq.len()).find(|&i| matches!(seq[i], Item::NeStart(_)))
        } else {
            (0..=at).rev().find(|&i| matches!(seq[i], Item::NeStart(_)))
        }
    }

    /// The index of the far boundary of the entity containing `at` (in matching direction).
    fn ne_far_end(&self, upper: bool, at: usize) -> Option<usize> {
        let seq = self.seq(upper);
        if upper {
            (at..seq.len()).find(|&i| matches!(seq[i], Item::NeStart(_)))
        } else {
            (at..seq.len()).find(|&i| matches!(seq[i], Item::NeEnd))
        }
    }

    /// The words of the entity starting at `index`, in sentence order.
    fn ne_words(&self, loc: Loc) -> Vec<String> {
        let seq = self.seq(loc.upper);
        let mut words = Vec::new();
        if loc.upper {
            let mut k = loc.index;
            while k > 0 {
                k -= 1;
                match &seq[k] {
                    Item::Word(w) => words.push(w.clone()),
                    _ => break,
                }
            }
        } else {
            for item in &seq[loc.index + 1..] {
                match item {
                    Item::Word(w) => words.push(w.clone()),
                    _ => break,
                }
            }
        }
        words
    }
}

/// The result of matching one pattern part.
#[derive(Default)]
struct Found {
    source: Option<Loc>,
    target: Option<Loc>,
}

impl Coder<'_> {
    /// Matches one side of a pattern (PETRARCH's linear `verb_pattern_match`).
    fn match_part(&self, pat: &[PatElem], seqs: &Sequences, upper: bool, found: &mut Found) -> bool {
        let seq = seqs.seq(upper);
        if pat.is_empty() {
            return true;
        }
        let mut inside = false;
        let (mut kp, mut ks) = (0usize, 0usize);
        // Every iteration advances `ks` or fails, so this terminates in |seq| steps.
        while ks < seq.len() {
            let elem = &pat[kp];
            let near_nec = if upper { Item::NecEnd } else { Item::NecStart };
            if elem.item == PatItem::Compound && seq[ks] == near_nec {
                let (start, far) = if upper {
                    let Some(start) = (ks..seq.len()).find(|&i| seq[i] == Item::NecStart) else { return false };
                    (start, start)
                } else {
                    let Some(far) = (ks..seq.len()).find(|&i| seq[i] == Item::NecEnd) else { return false };
                    (ks, far)
                };
                let loc = Loc { upper, index: start };
                if upper {
                    found.source = Some(loc);
                }
                found.target = Some(loc);
                kp += 1;
                if kp == pat.len() {
                    return true;
                }
                ks = far + 1;
                continue;
            }
            let consumed: Option<usize> = match &seq[ks] {
                Item::NeStart(_) | Item::NeEnd => {
                    inside = !inside;
                    ks += 1;
                    continue;
                }
                Item::NecStart | Item::NecEnd => {
                    ks += 1;
                    continue;
                }
                Item::Word(word) => match &elem.item {
                    PatItem::Word(p) => (p == word).then_some(1),
                    PatItem::Synset(set) => {
                        let run: Vec<&str> = seq[ks..]
                            .iter()
                            .map_while(|i| match i {
                                Item::Word(w) => Some(w.as_str()),
                                _ => None,
                            })
                            .take(16)
                            .collect();
                        self.dicts.verbs.synset_match(*set, &run, upper, 0)
                    }
                    PatItem::Source | PatItem::Target | PatItem::Skip if inside => {
                        let Some(start) = seqs.ne_start(upper, ks) else { return false };
                        let loc = Loc { upper, index: start };
                        match elem.item {
                            PatItem::Source => found.source = Some(loc),
                            PatItem::Target => found.target = Some(loc),
                            _ => {}
                        }
                        let Some(far) = seqs.ne_far_end(upper, ks) else { return false };
                        inside = false;
                        Some(far + 1 - ks)
                    }
                    _ => None,
                },
            };
            match consumed {
                Some(n) => {
                    kp += 1;
                    if kp == pat.len() {
                        return true;
                    }
                    ks += n;
                }
                None if elem.consecutive => return false,
                None => ks += 1,
            }
        }
        false
    }

    /// Tries the patterns in file order; the first that matches on both sides wins.
    fn match_patterns<'p>(&self, patterns: &'p [VerbPattern], seqs: &Sequences) -> Option<(&'p VerbPattern, Found)> {
        for pattern in patterns {
            let mut found = Found::default();
            if self.match_part(&pattern.upper, seqs, true, &mut found)
                && self.match_part(&pattern.lower, seqs, false, &mut found)
            {
                return Some((pattern, found));
            }
        }
        None
    }
}

/// The first coded entity or compound from the start of the sentence, else the first entity.
fn find_source(seqs: &Sequences) -> Option<Loc> {
    let upper = &seqs.upper;
    let coded = (0..upper.len()).rev().find(|&i| match &upper[i] {
        Item::NecStart => true,
        Item::NeStart(code) => code != "---",
        _ => false,
    });
    coded
        .or_else(|| (0..upper.len()).rev().find(|&i| matches!(upper[i], Item::NeStart(_))))
        .map(|index| Loc { upper: true, index })
}

/// The first coded entity or compound after the verb (not the source's own code), else the
/// first entity after the verb.
fn find_target(seqs: &Sequences, source_code: Option<&str>) -> Option<Loc> {
    let lower = &seqs.lower;
    let coded = (0..lower.len()).find(|&i| match &lower[i] {
        Item::NecStart => true,
        Item::NeStart(code) => code != "---" && Some(code.as_str()) != source_code,
        _ => false,
    });
    coded
        .or_else(|| (0..lower.len()).find(|&i| matches!(&lower[i], Item::NeStart(code) if code == "---")))
        .map(|index| Loc { upper: false, index })
}

impl Coder<'_> {
    /// The codes at a source or target location: the members of a compound, or one code;
    /// null-coded entities become quoted phrases when `new_actor_length` allows.
    fn loc_codes(&self, seqs: &Sequences, loc: Loc) -> Vec<(String, String)> {
        let seq = seqs.seq(loc.upper);
        let mut out = Vec::new();
        let mut add = |index: usize| {
            let Item::NeStart(code) = &seq[index] else { return };
            let text = seqs.ne_words(Loc { upper: loc.upper, index }).join(" ");
            if code != "---" {
                out.push((code.clone(), text));
            } else if self.options.new_actor_length > 0 {
                if text.matches(' ').count() < self.options.new_actor_length {
                    out.push((format!("\"{text}\""), text));
                } else {
                    out.push(("---".to_string(), text));
                }
            }
        };
        if seq[loc.index] == Item::NecStart {
            let members: Vec<usize> = if loc.upper {
                (0..loc.index).rev().take_while(|&i| seq[i] != Item::NecEnd).collect()
            } else {
                (loc.index + 1..seq.len()).take_while(|&i| seq[i] != Item::NecEnd).collect()
            };
            for i in members {
                add(i);
            }
        } else {
            add(loc.index);
        }
        if out.is_empty() {
            out.push(("---".to_string(), String::new()));
        }
        // `XXX/YYY` codes stand for several actors.
        out.into_iter()
            .flat_map(|(code, text)| code.split('/').map(|c| (c.to_string(), text.clone())).collect::<Vec<_>>())
            .collect()
    }

    /// Adds the events for one verb (compounds, symmetric codes, passive voice).
    // The event needs where both actors are, the code, the voice and the evidence; a struct
    // for one call site would only rename the arguments.
    #[allow(clippy::too_many_arguments)]
    fn make_events(
        &self,
        seqs: &Sequences,
        source: Loc,
        target: Loc,
        code: &str,
        passive: bool,
        verb: &str,
        rule: &str,
        events: &mut Vec<RawEvent>,
    ) {
        let mut sources = self.loc_codes(seqs, source);
        let mut targets = self.loc_codes(seqs, target);
        let mut push = |srcs: &[(String, String)], tars: &[(String, String)], code: &str| {
            for (s, stext) in srcs {
                for (t, ttext) in tars {
                    if s == t {
                        continue;
                    }
                    let (s, stext, t, ttext) = if passive { (t, ttext, s, stext) } else { (s, stext, t, ttext) };
                    events.push(RawEvent {
                        source: s.clone(),
                        target: t.clone(),
                        code: code.to_string(),
                        verb: verb.to_string(),
                        source_text: (!stext.is_empty()).then(|| stext.clone()),
                        target_text: (!ttext.is_empty()).then(|| ttext.clone()),
                        rule: rule.to_string(),
                    });
                }
            }
        };
        if let Some((first, second)) = code.split_once(':') {
            if sources[0].0 == "---" || targets[0].0 == "---" {
                if targets[0].0 == "---" {
                    targets = sources.clone();
                } else {
                    sources = targets.clone();
                }
            }
            push(&sources, &targets, first);
            push(&targets, &sources, second);
        } else {
            push(&sources, &targets, code);
        }
    }

    /// The multi-word or plain verb entry that applies at `verbloc`, with the span it covers.
    fn verb_entry<'f>(
        &self,
        pl: &[String],
        verbloc: usize,
        forms: &'f [VerbForm],
    ) -> Option<(Vec<&'f VerbForm>, usize, usize)> {
        for form in forms.iter().filter(|f| !f.before.is_empty() || !f.after.is_empty()) {
            let mut first = verbloc;
            let mut last = verbloc;
            let mut ok = true;
            for word in &form.after {
                let mut k = last + 1;
                while pl.get(k).is_some_and(|i| !is_word(i)) {
                    k += 1;
                }
                if pl.get(k) != Some(word) {
                    ok = false;
                    break;
                }
                last = k;
            }
            for word in &form.before {
                if !ok {
                    break;
                }
                let mut k = first as isize - 1;
                while k >= 0 && !is_word(&pl[k as usize]) {
                    k -= 1;
                }
                if k < 0 || pl[k as usize] != *word {
                    ok = false;
                    break;
                }
                first = k as usize;
            }
            if ok {
                return Some((vec![form], first, last));
            }
        }
        let plain: Vec<&VerbForm> = forms.iter().filter(|f| f.before.is_empty() && f.after.is_empty()).collect();
        (!plain.is_empty()).then_some((plain, verbloc, verbloc))
    }

    /// PETRARCH's `check_passive`: the passive participle of the verb phrase at `k`, if any.
    fn passive_verb(pl: &[String], k: usize) -> Option<usize> {
        let endtag = format!("~{}", pl[k].get(1..)?);
        let cpend = pl.iter().position(|i| *i == endtag)?;
        if cpend <= k + 3 || !pl[k + 3..cpend].iter().any(|i| i == "(VBN") {
            return None;
        }
        let ppvloc = k + 3 + pl[k + 3..].iter().position(|i| i == "~VBN")?;
        if !pl.get(ppvloc + 3..cpend).is_some_and(|rest| rest.iter().any(|i| i == "BY")) {
            return None;
        }
        let mut ka = ppvloc.checked_sub(3)?;
        while ka > k {
            if pl[ka].contains("~VB") && ["WAS", "IS", "BEEN"].contains(&pl[ka - 1].as_str()) {
                return Some(ppvloc - 1);
            }
            ka -= 1;
        }
        None
    }

    /// PETRARCH's `check_verbs`: codes every verb phrase of the parse list.
    pub(crate) fn check_verbs(&self, pl: &[String], start: usize) -> Vec<RawEvent> {
        let mut events = Vec::new();
        let mut k = start;
        while k + 2 < pl.len() {
            if !(pl[k].contains("(VP") && pl[k + 1].contains("(VB")) {
                k += 1;
                continue;
            }
            let vpstart = k;
            let endtag = format!("~{}", &pl[vpstart][1..]);
            let passive = Self::passive_verb(pl, k);
            let verbloc = passive.unwrap_or(k + 2);
            if passive.is_some() {
                k = verbloc - 2;
            }
            let Some(forms) = self.dicts.verbs.forms.get(&pl[verbloc]) else {
                k += 1;
                continue;
            };
            let Some((entries, first, last)) = self.verb_entry(pl, verbloc, forms) else {
                k += 1;
                continue;
            };
            let upper: Vec<Item> = upper_seq(pl, first as isize - 1, start).into_iter().map(|(i, _)| i).collect();
            let Some(lower) = lower_seq(pl, last + 1, &endtag) else {
                k += 1;
                continue;
            };
            let seqs = Sequences { upper, lower: lower.into_iter().map(|(i, _)| i).collect() };
            let mut blocks: Vec<usize> = entries.iter().map(|e| e.block).collect();
            blocks.dedup();
            let mut matched: Option<(String, String, Found)> = None;
            for block in &blocks {
                let b = &self.dicts.verbs.blocks[*block];
                if let Some((pattern, found)) = self.match_patterns(&b.patterns, &seqs) {
                    if pattern.code != "---" {
                        matched = Some((pattern.code.clone(), format!("petrarch:{}:{}", b.file, pattern.line), found));
                    }
                    break;
                }
            }
            if matched.is_none() {
                if let Some(entry) = entries.iter().find(|e| e.code != "---") {
                    let b = &self.dicts.verbs.blocks[entry.block];
                    matched =
                        Some((entry.code.clone(), format!("petrarch:{}:{}", b.file, entry.line), Found::default()));
                }
            }
            if let Some((code, rule, found)) = matched {
                let source = found.source.or_else(|| find_source(&seqs));
                if let Some(source) = source {
                    let source_code = match &seqs.seq(source.upper)[source.index] {
                        Item::NeStart(code) => Some(code.as_str()),
                        _ => None,
                    };
                    let target = found.target.or_else(|| find_target(&seqs, source_code));
                    if let Some(target) = target {
                        self.make_events(
                            &seqs,
                            source,
                            target,
                            &code,
                            passive.is_some(),
                            &pl[verbloc],
                            &rule,
                            &mut events,
                        );
                    }
                }
                while k < pl.len() && pl[k] != endtag {
                    k += 1;
                }
            }
            k += 1;
        }
        if self.options.require_dyad {
            events.retain(|e| e.source != "---" && e.target != "---");
        }
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| seen.insert((e.source.clone(), e.target.clone(), e.code.clone())));
        events
    }
}
