//! PETRARCH's reading of a Penn Treebank parse into its linear "ParseList": a list of tags and
//! words where `(TAG` opens and `~TAG` closes a phrase, simple noun phrases become named-entity
//! phrases `(NE CODE words ~NE`, compound noun phrases `(NECn ... ~NECn`, and verb phrases are
//! numbered (`(VP3 ... ~VP3`).
//!
//! The conversion works on the bracketed text the way PETRARCH 0.4 does (its coding rules and
//! the unit tests depend on the exact result): possessives lose the `'s`, a noun phrase with one
//! prepositional phrase (`the ministry of Gondor`) becomes a single entity, `(SBAR` inside a
//! noun phrase is flattened, and the tree is rejected when its brackets do not balance
//! (`bad_input_parse`) or it starts like a dateline (`dateline`).
//!
//! All indexing is bounds-checked: a malformed tree yields an error, never a panic, and every
//! loop advances, so the time is polynomial in the (short) tree length.

/// Why a parse was rejected; the names are PETRARCH's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TreeError {
    BadInputParse,
    Dateline,
    Irregular(&'static str),
}

impl TreeError {
    pub(crate) fn name(self) -> &'static str {
        match self {
            TreeError::BadInputParse => "bad_input_parse",
            TreeError::Dateline => "dateline",
            TreeError::Irregular(name) => name,
        }
    }
}

/// Normalises a `<Parse>` text as PETRARCH does: lines trimmed and joined with a blank, `)`
/// padded with blanks, everything upper-cased.
pub(crate) fn format_parse(parse: &str) -> String {
    let mut out = String::new();
    for line in parse.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        out.push_str(&line.replace(')', " ) ").to_uppercase());
        out.push(' ');
    }
    out
}

/// Python-style `str.find(sub, start, end)` on bytes: `-1` when absent.
fn find(s: &[u8], sub: &[u8], start: isize, end: Option<isize>) -> isize {
    let len = s.len() as isize;
    let norm = |i: isize| if i < 0 { (i + len).max(0) } else { i.min(len) };
    let (a, b) = (norm(start), norm(end.unwrap_or(len)));
    if start > len || a > b || sub.len() as isize > b - a {
        return -1;
    }
    let (a, b) = (a as usize, b as usize);
    s[a..b].windows(sub.len()).position(|w| w == sub).map_or(-1, |p| (p + a) as isize)
}

/// Python-style slice `s[a:b]`.
fn slice(s: &[u8], a: isize, b: isize) -> &[u8] {
    let len = s.len() as isize;
    let norm = |i: isize| if i < 0 { (i + len).max(0) } else { i.min(len) };
    let (a, b) = (norm(a), norm(b));
    if a >= b {
        &[]
    } else {
        &s[a as usize..b as usize]
    }
}

fn starts_at(s: &[u8], pat: &[u8], at: isize) -> bool {
    at >= 0 && slice(s, at, at + pat.len() as isize) == pat
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle, 0, None) >= 0
}

fn count(s: &[u8], sub: &[u8]) -> usize {
    if sub.is_empty() || s.len() < sub.len() {
        return 0;
    }
    let mut n = 0;
    let mut i = 0;
    while i + sub.len() <= s.len() {
        if &s[i..i + sub.len()] == sub {
            n += 1;
            i += sub.len();
        } else {
            i += 1;
        }
    }
    n
}

fn at(s: &[u8], i: isize) -> Option<u8> {
    (i >= 0).then(|| s.get(i as usize).copied()).flatten()
}

fn splice(s: &[u8], a: isize, insert: &[u8], b: isize) -> Vec<u8> {
    let mut out = slice(s, 0, a).to_vec();
    out.extend_from_slice(insert);
    out.extend_from_slice(slice(s, b, s.len() as isize));
    out
}

struct Reader {
    tree: Vec<u8>,
}

impl Reader {
    fn forward_bounds(&self, ka: isize, err: &'static str) -> Result<(isize, isize), TreeError> {
        let mut kb = ka + 1;
        let mut nparen = 1;
        while nparen > 0 {
            match at(&self.tree, kb) {
                None => return Err(TreeError::Irregular(err)),
                Some(b'(') => nparen += 1,
                Some(b')') => nparen -= 1,
                _ => {}
            }
            kb += 1;
        }
        Ok((ka, kb))
    }

    fn enclosing_bounds(&self, ka: isize) -> Result<(isize, isize), TreeError> {
        let mut kstart = ka - 1;
        let mut nparen = 0;
        while nparen <= 0 {
            match at(&self.tree, kstart) {
                None => return Err(TreeError::Irregular("get_enclosing_bounds")),
                Some(b'(') => nparen += 1,
                Some(b')') => nparen -= 1,
                _ => {}
            }
            kstart -= 1;
        }
        let start = kstart + 1;
        Ok((start, self.forward_bounds(start, "get_forward_bounds")?.1))
    }

    /// Marks compounds: `(CC` inside clauses becomes `(CCP`; a noun phrase with a conjunction
    /// and at least two nouns becomes `(NEC`.
    fn mark_compounds(&mut self) -> Result<(), TreeError> {
        let mut ka: isize = -1;
        loop {
            ka = find(&self.tree, b"(CC", ka + 3, None);
            if ka < 0 {
                break;
            }
            let (b0, b1) = self.enclosing_bounds(ka)?;
            let phrase = slice(&self.tree, b0, b1);
            if contains(phrase, b"(VP") || contains(phrase, b"(S") {
                self.tree = splice(&self.tree, ka + 3, b"P", ka + 3);
            } else if count(phrase, b"(CC") > 1 {
                self.tree = splice(&self.tree, ka + 4, b"P", ka + 4);
            } else if slice(&self.tree, b0 + 1, b0 + 3) == b"NP" && count(phrase, b"(N") >= 3 {
                self.tree = splice(&self.tree, b0 + 2, b"EC", b0 + 3);
            }
        }
        Ok(())
    }

    /// Replaces the `(SBAR` starting at `ksb` by `(SBR words )`.
    fn reduce_sbar(&mut self, ksb: isize) -> Result<(), TreeError> {
        let (b0, b1) = self.enclosing_bounds(ksb + 5)?;
        let segm = slice(&self.tree, b0, b1).to_vec();
        let mut frag: Vec<u8> = Vec::new();
        let mut kc: isize = 0;
        while (kc as usize) < segm.len() {
            kc = find(&segm, b" ", kc, None);
            if kc < 0 {
                break;
            }
            match at(&segm, kc + 1) {
                None => break,
                Some(b'(') => kc += 2,
                Some(_) => {
                    let kd = find(&segm, b" )", kc, None);
                    if kd < 0 {
                        break;
                    }
                    frag.extend_from_slice(slice(&segm, kc, kd));
                    kc = kd + 3;
                }
            }
        }
        let mut insert = b"(SBR ".to_vec();
        insert.extend_from_slice(&frag);
        self.tree = splice(&self.tree, b0, &insert, b1 - 2);
        Ok(())
    }

    /// A noun phrase `(NP (NP ...) (PP (IN ...) (NP ...)))` as one entity phrase; empty when the
    /// structure is more complex.
    fn process_preposition(&self, ka: isize) -> Result<Vec<u8>, TreeError> {
        let t = &self.tree;
        let (b0, b1) = self.enclosing_bounds(ka)?;
        let mut nepph: Vec<u8>;
        let npbds;
        if starts_at(t, b"(NP (NP", b0) {
            nepph = b"(NP ".to_vec();
            npbds = self.forward_bounds(b0 + 4, "get_forward_bounds")?;
            nepph.extend_from_slice(slice(t, npbds.0 + 4, npbds.1 - 2));
        } else if starts_at(t, b"(NP (NEC", b0) {
            nepph = b"(NP (NEC ".to_vec();
            npbds = self.forward_bounds(b0 + 4, "get_forward_bounds")?;
            nepph.extend_from_slice(slice(t, npbds.0 + 4, npbds.1 + 1));
        } else {
            return Ok(Vec::new());
        }
        let kin = find(t, b"(IN ", npbds.1, None);
        if kin < 0 {
            return Ok(Vec::new());
        }
        let close = find(t, b" ) ", kin + 3, None);
        nepph.extend_from_slice(slice(t, kin, close + 3));
        let kp = find(t, b"(NP ", kin + 4, Some(b1));
        let kec = find(t, b"(NEC ", kin + 4, Some(b1));
        if kp < 0 && kec < 0 {
            return Ok(Vec::new());
        }
        let len = t.len() as isize;
        let kb = (if kp < 0 { len } else { kp }).min(if kec < 0 { len } else { kec });
        let inner = self.forward_bounds(kb, "get_forward_bounds")?;
        if contains(slice(t, inner.0, inner.1), b"(PP") {
            return Ok(Vec::new());
        }
        if at(t, kb + 2) == Some(b'E') {
            nepph.extend_from_slice(slice(t, kb, inner.1 + 1));
        } else {
            nepph.extend_from_slice(slice(t, inner.0 + 4, inner.1 - 1));
        }
        if contains(slice(t, inner.1, len), b"(SBR") {
            let kc = find(t, b"(SBR", inner.1, None);
            let end = find(t, b") ", kc, None);
            nepph.extend_from_slice(slice(t, kc, end + 2));
        }
        nepph.push(b')');
        Ok(nepph)
    }

    /// Assigns the members of the `(NEC` at `ka` their own `(NE` phrases (single nouns get the
    /// adjectives before the first noun); returns the position past the phrase.
    fn resolve_compounds(&self, ka: isize, out: &mut Vec<u8>) -> Result<isize, TreeError> {
        let t = &self.tree;
        let nec = self.forward_bounds(ka, "get_forward_bounds")?;
        let mut ka = ka + 4;
        let mut adjectives: Vec<Vec<u8>> = Vec::new();
        while !starts_at(t, b"(NP", ka) && !starts_at(t, b"(NN", ka) {
            if ka >= nec.1 {
                return Err(TreeError::Irregular("resolve_compounds"));
            }
            if starts_at(t, b"(JJ", ka) {
                let jj = self.forward_bounds(ka, "get_forward_bounds")?;
                adjectives.extend(
                    slice(t, jj.0, jj.1).split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).map(<[u8]>::to_vec),
                );
            }
            ka += 1;
        }
        while ka < nec.1 {
            if starts_at(t, b"(NP", ka) || starts_at(t, b"(NN", ka) {
                let np = self.forward_bounds(ka, "get_forward_bounds")?;
                let items: Vec<Vec<u8>> = if starts_at(t, b"(NN", ka) {
                    let seg: Vec<&[u8]> =
                        slice(t, np.0, np.1).split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).collect();
                    let word = seg.get(1).ok_or(TreeError::Irregular("resolve_compounds"))?;
                    let mut items = vec![b"(NE --- ".to_vec()];
                    items.extend(adjectives.iter().cloned());
                    items.push(word.to_vec());
                    items.push(b" ) ".to_vec());
                    items
                } else {
                    get_ne(slice(t, np.0, np.1)).map_err(|_| TreeError::Irregular("resolve_compounds"))?
                };
                for item in items {
                    out.extend_from_slice(&item);
                    out.push(b' ');
                }
                ka = np.1;
            }
            ka += 1;
        }
        out.extend_from_slice(b" ) ");
        Ok(nec.1 + 1)
    }
}

/// Converts `(NP ...)` text into an entity phrase: `(NE --- ` and the words, keeping any
/// `(NEC ...)` with its markup.
fn get_ne(phrase: &[u8]) -> Result<Vec<Vec<u8>>, TreeError> {
    let seg: Vec<&[u8]> = phrase.split(u8::is_ascii_whitespace).filter(|w| !w.is_empty()).collect();
    let mut out = vec![b"(NE --- ".to_vec()];
    let mut ka = 1;
    while ka < seg.len() {
        if seg[ka] == b"(NEC" {
            out.push(seg[ka].to_vec());
            ka += 1;
            let mut nparen = 1;
            while nparen > 0 {
                let item = seg.get(ka).ok_or(TreeError::Irregular("get_NE_error"))?;
                if item.first() == Some(&b'(') {
                    nparen += 1;
                } else if *item == b")" {
                    nparen -= 1;
                }
                out.push(item.to_vec());
                ka += 1;
            }
        } else if seg[ka].first() != Some(&b'(') && seg[ka] != b")" {
            out.push(seg[ka].to_vec());
            ka += 1;
        } else {
            ka += 1;
        }
    }
    out.push(b")".to_vec());
    Ok(out)
}

/// The linearised parse and the index of its first element to code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseList {
    pub items: Vec<String>,
    pub start: usize,
}

/// PETRARCH's `read_TreeBank` on an already formatted tree (see [`format_parse`]).
pub(crate) fn read_tree(formatted: &str) -> Result<ParseList, TreeError> {
    if formatted.matches('(').count() != formatted.matches(')').count() {
        return Err(TreeError::BadInputParse);
    }
    let mut reader = Reader { tree: formatted.replace('~', "-TILDA-").into_bytes() };
    reader.mark_compounds()?;
    let mut out: Vec<u8> = Vec::new();
    let (mut vpindex, mut npindex, mut ncindex) = (1, 1, 1);
    let mut ka: isize = 0;
    while (ka as usize) < reader.tree.len() {
        if starts_at(&reader.tree, b"(NP ", ka) {
            let mut np = reader.forward_bounds(ka, "get_forward_bounds")?;
            loop {
                let ksb = find(&reader.tree, b"(SBAR ", np.0, Some(np.1));
                if ksb < 0 {
                    break;
                }
                reader.reduce_sbar(ksb)?;
                np = reader.forward_bounds(ka, "get_forward_bounds")?;
            }
            let t = &reader.tree;
            let inside = slice(t, ka + 3, np.1);
            let mut nephrase: Vec<u8> = Vec::new();
            if contains(inside, b"(POS") {
                let kb = find(t, b"(POS", ka + 4, None);
                nephrase.extend_from_slice(slice(t, ka + 4, kb - 1));
                // PETRARCH tests for a lower-case `s` in the upper-cased tree, so always 13.
                let incr = if at(t, kb + 12) == Some(b's') { 14 } else { 13 };
                nephrase.push(b' ');
                nephrase.extend_from_slice(slice(t, kb + incr, np.1));
            } else if contains(inside, b"(PP") {
                let kpp = find(t, b"(PP", ka + 3, Some(np.1));
                nephrase = reader.process_preposition(kpp)?;
            } else if !contains(inside, b"(NP") && !contains(inside, b"(NEC") {
                nephrase = slice(t, ka, np.1).to_vec();
            }
            if !nephrase.is_empty() {
                let items = get_ne(&nephrase)?;
                for item in items {
                    out.extend_from_slice(&item);
                    out.push(b' ');
                }
                ka = np.1 + 1;
            } else {
                out.extend_from_slice(format!("(NP{npindex} ").as_bytes());
                npindex += 1;
                ka += 4;
            }
        } else if starts_at(&reader.tree, b"(NEC ", ka) {
            out.extend_from_slice(format!("(NEC{ncindex} ").as_bytes());
            ncindex += 1;
            ka = reader.resolve_compounds(ka, &mut out)?;
        } else if starts_at(&reader.tree, b"(VP ", ka) {
            out.extend_from_slice(format!("(VP{vpindex} ").as_bytes());
            vpindex += 1;
            ka += 4;
        } else {
            out.push(reader.tree[ka as usize]);
            ka += 1;
        }
    }
    let text = String::from_utf8_lossy(&out);
    let mut items: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let mut stack: Vec<String> = Vec::new();
    for item in items.iter_mut() {
        if let Some(tag) = item.strip_prefix('(') {
            stack.push(tag.to_string());
        } else if item.starts_with(')') {
            let Some(tag) = stack.pop() else { break };
            *item = format!("~{tag}");
        }
    }
    let start = if items.first().map(String::as_str) == Some("(") { 2 } else { 1 };
    let tags: Vec<&str> = items.iter().filter(|i| i.starts_with('(')).take(3).map(String::as_str).collect();
    if tags == ["(ROOT", "(NE", "(NEC"] {
        return Err(TreeError::Dateline);
    }
    let balance: isize = items
        .iter()
        .map(|i| {
            if i.starts_with('(') {
                1
            } else if i.starts_with('~') {
                -1
            } else {
                0
            }
        })
        .sum();
    if balance != 0 {
        return Err(TreeError::Irregular("bad_final_parse"));
    }
    Ok(ParseList { items, start })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noun_phrases_become_entities() {
        let tree =
            format_parse("(ROOT (S (NP (NNP Arnor))\n (VP (VBD met) (NP (NNP Gondor) (POS 's) (NN army))) (. .)))");
        let list = read_tree(&tree).expect("balanced tree");
        let joined = list.items.join(" ");
        assert!(joined.starts_with("(ROOT (S (NE --- ARNOR ~NE (VP1 (VBD MET ~VBD"), "{joined}");
        assert_eq!(list.start, 1);
    }

    #[test]
    fn unbalanced_trees_are_rejected() {
        assert_eq!(read_tree(&format_parse("(ROOT (S (NP (NNP A)))")), Err(TreeError::BadInputParse));
    }

    #[test]
    fn compounds_are_marked() {
        let tree = format_parse("(ROOT (S (NP (NNP A) (CC and) (NNP B)) (VP (VBD met)) (. .)))");
        let joined = read_tree(&tree).expect("balanced tree").items.join(" ");
        assert!(joined.contains("(NEC1 (NE --- A ~NE (NE --- B ~NE ~NEC1"), "{joined}");
    }
}
