//! A shallow stand-in for the Penn Treebank parse PETRARCH expects, so PETRARCH dictionaries
//! can code raw text: dictionary actors and agents become noun phrases, dictionary verbs open
//! verb phrases that run to the next verb, and `was/is/been ... by` marks the passive.
//!
//! This is an approximation (TABARI-like shallow coding with PETRARCH's rules); the validation
//! suite is run on the real parses it ships with.

use super::dict::{Actors, Agents, Verbs};

const AUXILIARIES: [&str; 7] = ["WAS", "WERE", "IS", "ARE", "BE", "BEEN", "BEING"];

/// Words after which a verb form is read as a noun (`an attack`, `its visit`).
const DETERMINERS: [&str; 12] = ["A", "AN", "THE", "ITS", "THEIR", "HIS", "HER", "OUR", "MY", "YOUR", "'S", "THIS"];

/// Whether a noun-phrase pattern set matches at `words[i..]`; returns the covered length.
fn phrase_len(
    patterns: &std::collections::HashMap<String, Vec<super::dict::NounPattern>>,
    words: &[String],
    i: usize,
) -> usize {
    patterns
        .get(&words[i])
        .map(|list| list.iter().filter_map(|p| p.match_len(&words[i..])).max().unwrap_or(0))
        .unwrap_or(0)
}

/// Builds a bracketed tree for the upper-cased `words` of one sentence.
pub(crate) fn pseudo_parse(words: &[String], actors: &Actors, agents: &Agents, verbs: &Verbs) -> String {
    let n = words.len();
    // 1. Noun phrases: dictionary matches, merged across `'S` and `OF`.
    let mut in_np = vec![false; n];
    let mut i = 0;
    while i < n {
        let len = phrase_len(&actors.patterns, words, i).max(phrase_len(&agents.patterns, words, i));
        if len > 0 {
            for flag in &mut in_np[i..(i + len).min(n)] {
                *flag = true;
            }
            i += len;
        } else {
            i += 1;
        }
    }
    for k in 1..n.saturating_sub(1) {
        if !in_np[k] && in_np[k - 1] && in_np[k + 1] && (words[k] == "'S" || words[k] == "OF") {
            in_np[k] = true;
        }
    }
    // 2. Verbs outside noun phrases.
    let is_verb: Vec<bool> = (0..n)
        .map(|k| {
            !in_np[k] && verbs.forms.contains_key(&words[k]) && !(k > 0 && DETERMINERS.contains(&words[k - 1].as_str()))
        })
        .collect();
    let clean = |w: &str| -> String {
        w.chars().map(|c| if c == '(' || c == ')' || c.is_whitespace() { '-' } else { c }).collect()
    };
    let leaf = |w: &str| -> String {
        let w = clean(w);
        if w == "," {
            "(, ,)".to_string()
        } else if w.chars().all(|c| !c.is_alphanumeric()) {
            format!("(: {w})")
        } else {
            format!("(NN {w})")
        }
    };
    let np_text = |a: usize, b: usize| -> String {
        let inner: Vec<String> = (a..b).map(|j| format!("(NNP {})", clean(&words[j]))).collect();
        format!("(NP {})", inner.join(" "))
    };
    let span_end = |a: usize| -> usize { (a..n).find(|&j| !in_np[j]).unwrap_or(n) };
    let mut out = String::from("(ROOT (S ");
    let mut open_vp = false;
    let mut k = 0;
    while k < n {
        if in_np[k] {
            // `A, B and C`: a compound noun phrase.
            let mut spans = vec![(k, span_end(k))];
            let mut joins: Vec<&str> = Vec::new();
            let mut has_and = false;
            loop {
                let end = spans[spans.len() - 1].1;
                let sep = words.get(end).map(String::as_str);
                let next = end + 1;
                if matches!(sep, Some("," | "AND")) && next < n && in_np[next] {
                    has_and |= sep == Some("AND");
                    joins.push(if sep == Some(",") { "(, ,)" } else { "(CC AND)" });
                    spans.push((next, span_end(next)));
                } else {
                    break;
                }
            }
            if spans.len() > 1 && has_and {
                out.push_str("(NP ");
                for (idx, (a, b)) in spans.iter().enumerate() {
                    if idx > 0 {
                        out.push_str(joins[idx - 1]);
                        out.push(' ');
                    }
                    out.push_str(&np_text(*a, *b));
                    out.push(' ');
                }
                out.push_str(") ");
                k = spans[spans.len() - 1].1;
            } else {
                out.push_str(&np_text(spans[0].0, spans[0].1));
                out.push(' ');
                k = spans[0].1;
            }
            continue;
        }
        if is_verb[k] {
            if open_vp {
                out.push_str(") ");
            }
            // `was shot ... by` : an auxiliary just before and `BY` later in the clause.
            let aux = k >= 1 && AUXILIARIES.contains(&words[k - 1].as_str());
            let by_later = words[k + 1..].iter().take_while(|w| *w != ",").any(|w| w == "BY");
            let aux_leaf = format!("(NN {}) ", clean(&words[k.saturating_sub(1)]));
            if aux && by_later && out.ends_with(&aux_leaf) {
                out.truncate(out.len() - aux_leaf.len());
                out.push_str(&format!("(VP (VBD {}) (VBN {}) ", clean(&words[k - 1]), clean(&words[k])));
            } else {
                out.push_str(&format!("(VP (VBD {}) ", clean(&words[k])));
            }
            open_vp = true;
            k += 1;
            continue;
        }
        out.push_str(&leaf(&words[k]));
        out.push(' ');
        k += 1;
    }
    if open_vp {
        out.push_str(") ");
    }
    out.push_str("))");
    out
}
