//! Repairs of parse errors the treebanks teach and news text exposes, applied after parsing by
//! grip's pipeline (never inside [`crate::Model::parse`], so the treebank scores stay the
//! model's own).
//!
//! News writes the time of a statement between the verb and its complement: "Russia said on
//! Tuesday that Sudan must return the helicopter", "Officials said Thursday that the border was
//! closed". The treebanks rarely show this order, and the parser reads the complement as a
//! relative clause on the time word ("Tuesday that ..."), which loses who said what.

use crate::{Deprel, TokenSyntax, Upos};

/// Reattaches "that"-clauses the parser hung on a time name as relative clauses to the verb the
/// time phrase modifies, as its clausal complement (`ccomp`, with "that" as `mark`); returns how
/// many clauses moved.
///
/// A clause moves when it is an `acl:relcl` of a time name (a weekday, a month, "today",
/// "yesterday", or "week", "month", "year" and the like after "last", "this", "next" or
/// "earlier" with no article), the time name modifies a verb, "that" stands between the time
/// name and the clause, and the clause has a subject of its own besides "that" — which a real
/// relative clause on "Tuesday" would not ("on Tuesday that was cold" stays).
pub fn time_complements(parse: &mut [TokenSyntax]) -> usize {
    let mut moved = 0;
    for clause in 0..parse.len() {
        if parse[clause].deprel != Deprel::AclRelcl {
            continue;
        }
        let Some(time) = parse[clause].head.map(|head| head as usize) else { continue };
        let Some(verb) = parse.get(time).and_then(|token| token.head).map(|head| head as usize) else { continue };
        if !matches!(parse[verb].upos, Upos::Verb | Upos::Aux) || !is_time_name(parse, time) {
            continue;
        }
        let children: Vec<usize> = (0..parse.len()).filter(|&idx| parse[idx].head == Some(clause as u32)).collect();
        let that = children
            .iter()
            .copied()
            .find(|&idx| idx > time && idx < clause && parse[idx].lemma.eq_ignore_ascii_case("that"));
        let Some(that) = that else { continue };
        let has_subject = children.iter().any(|&idx| {
            idx != that
                && matches!(
                    parse[idx].deprel,
                    Deprel::Nsubj | Deprel::NsubjPass | Deprel::Csubj | Deprel::CsubjPass | Deprel::Expl
                )
        });
        if !has_subject {
            continue;
        }
        parse[clause].head = Some(verb as u32);
        parse[clause].deprel = Deprel::Ccomp;
        parse[that].deprel = Deprel::Mark;
        parse[that].upos = Upos::Sconj;
        parse[that].xpos = "IN";
        moved += 1;
    }
    moved
}

/// Whether the token at `idx` names a time a statement is dated by.
fn is_time_name(parse: &[TokenSyntax], idx: usize) -> bool {
    let lemma = parse[idx].lemma.to_ascii_lowercase();
    let named = matches!(
        lemma.as_str(),
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    );
    if named {
        return true;
    }
    if !matches!(lemma.as_str(), "week" | "month" | "year" | "weekend" | "morning" | "evening" | "night") {
        return false;
    }
    let modifiers: Vec<String> = (0..parse.len())
        .filter(|&child| parse[child].head == Some(idx as u32))
        .map(|child| parse[child].lemma.to_ascii_lowercase())
        .collect();
    modifiers.iter().any(|m| matches!(m.as_str(), "last" | "this" | "next" | "earlier" | "late" | "early"))
        && !modifiers.iter().any(|m| matches!(m.as_str(), "the" | "a" | "an"))
}

#[cfg(test)]
mod tests;
