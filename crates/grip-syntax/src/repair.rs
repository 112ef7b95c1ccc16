//! Repairs of parse errors the treebanks teach and news text exposes, applied by
//! [`crate::Model::parse_news`] (never inside [`crate::Model::parse`], so the treebank scores
//! stay the model's own).
//!
//! - News writes the time of a statement between the verb and its complement: "Russia said on
//!   Tuesday that Sudan must return the helicopter", "Officials said Thursday that the border
//!   was closed". The treebanks rarely show this order, and the parser reads the complement as
//!   a relative clause on the time word ("Tuesday that ..."), which loses who said what
//!   ([`time_complements`]).
//! - Adverbs between "have" and its participle ("has once again outright rejected") make the
//!   parser read "have" as the verb ([`perfect_auxiliaries`]).
//! - A past tense after a plural subject can be tagged as an adjective ("guerrillas wounded two
//!   soldiers", "tanks shelled positions"), and the sentence then has no verb of its own: its
//!   nouns pile up as subjects of another verb or as one long noun phrase.
//!   [`has_double_subject`] and [`is_verbless`] spot the symptoms,
//!   [`adjectival_past_tenses`] the candidates, and `parse_news` parses again with the
//!   candidate as a past tense, keeping the result only if [`is_sound_verb`] accepts it.
//! - News also dates an act between the verb and its object ("Beirut rejected Thursday a UN
//!   appeal", "the army lifted Friday a blockade"); the parser makes the day the object and the
//!   real object its apposition ([`time_objects`]).
//!   Likewise a day after the object can come out as the object's apposition, with the purpose
//!   clause after it hung on the day ("staged demonstrations Saturday to demand reforms";
//!   [`time_appositions`]).
//! - A modifier before a name can come out as a second subject ("The rebel Kurdistan Workers'
//!   Party issued": "rebel" and "Party" both subjects of "issued"); [`split_subjects`] makes
//!   it a modifier of the name again.
//! - "it is willing to withdraw" can come out with "it" as an expletive although nothing is
//!   extraposed; [`expletive_subjects`] makes it the subject again.
//! - A clause that opens with "if", "unless" or "because" can be no relative clause, but the
//!   parser sometimes hangs one on the noun before it ("threatened to stop the talks if
//!   Washington deployed missiles"); [`conjunction_clauses`] gives it to the verb.
//! - The bare verb of a demand ("demanded that the US *cancel* its plans", "its demand that
//!   Israel *ease* restrictions") looks like a noun to a tagger that rarely met the mandative
//!   subjunctive, and the complement loses its verb and subject. [`mandative_subjunctives`]
//!   finds the candidates and `parse_news` parses again with the candidate as a base verb,
//!   keeping the result only if [`is_sound_clause_verb`] accepts it.
//!   The clause itself can come out hung on the verb above or on a noun between, which
//!   [`mandative_clauses`] gives back to the demand noun.
//! - A participle before a verb's object ("reject *proposed* Israeli changes") can come out as
//!   a second verb that takes the object away ([`prenominal_participles`]).
//! - A long name after a preposition can be folded into the phrase after it, which then has two
//!   prepositions ("inspectors of the International Atomic Energy Agency from frozen
//!   facilities"); [`stacked_case_markers`] gives the name its preposition back.
//! - A recipient named with an article and followed by a sum ("gave *the Ivory Coast* 5.1
//!   million dollars") can come out as a compound of the sum ([`double_objects`]).
//!
//! Each repair leaves the treebank scores where they were or better (`--news` in the syntax
//! eval example): the constructions are news constructions.

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
        let dependents: Vec<usize> = children(parse, clause).collect();
        let that = dependents
            .iter()
            .copied()
            .find(|&idx| idx > time && idx < clause && parse[idx].lemma.eq_ignore_ascii_case("that"));
        let Some(that) = that else { continue };
        let has_subject = dependents.iter().any(|&idx| {
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

/// Makes "have" the auxiliary of a participle it is separated from by adverbs only, when the
/// parser made "have" the verb and the participle its dependent ("Bangladesh has once again
/// outright rejected an Indian proposal": "rejected" hung on "has" as `parataxis`). The
/// participle takes the place of "have" in the tree and "have"'s dependents; returns how many
/// verbs moved. "have" with an object of its own ("has a plan") is left alone.
pub fn perfect_auxiliaries(parse: &mut [TokenSyntax]) -> usize {
    let mut moved = 0;
    for have in 0..parse.len() {
        if !parse[have].lemma.eq_ignore_ascii_case("have") || parse[have].upos == Upos::Aux {
            continue;
        }
        let participle = (have + 1..parse.len()).find(|&idx| !matches!(parse[idx].xpos, "RB" | "RBR" | "RBS"));
        let Some(participle) = participle else { continue };
        if participle == have + 1
            || parse[participle].upos != Upos::Verb
            || !matches!(parse[participle].xpos, "VBD" | "VBN")
            || parse[participle].head != Some(have as u32)
        {
            continue;
        }
        let has_object = children(parse, have).any(|idx| parse[idx].deprel == Deprel::Obj);
        if has_object {
            continue;
        }
        for (idx, token) in parse.iter_mut().enumerate() {
            if idx != participle && token.head == Some(have as u32) {
                token.head = Some(participle as u32);
            }
        }
        parse[participle].head = parse[have].head;
        parse[participle].deprel = parse[have].deprel;
        parse[participle].xpos = "VBN";
        parse[have].head = Some(participle as u32);
        parse[have].deprel = Deprel::Aux;
        parse[have].upos = Upos::Aux;
        moved += 1;
    }
    moved
}

/// Makes a day name that the parser took for a verb's object a time modifier (`obl:tmod`),
/// and the noun phrase after it that hangs on it as an apposition the object; returns how many
/// objects moved. Only a bare day or month name ("Thursday", "today") moves, and only with an
/// apposition after it: "postponed Monday's meeting" and "named Tuesday a holiday" stay.
pub fn time_objects(parse: &mut [TokenSyntax]) -> usize {
    let mut moved = 0;
    for time in 0..parse.len() {
        if parse[time].deprel != Deprel::Obj || !is_date_name(&parse[time].lemma.to_ascii_lowercase()) {
            continue;
        }
        let Some(verb) = parse[time].head else { continue };
        if parse[verb as usize].upos != Upos::Verb {
            continue;
        }
        let dependents: Vec<usize> = children(parse, time).collect();
        let bare = dependents.iter().all(|&idx| idx > time);
        let object = dependents.iter().copied().find(|&idx| idx > time && parse[idx].deprel == Deprel::Appos);
        let (true, Some(object)) = (bare, object) else { continue };
        parse[object].head = Some(verb);
        parse[object].deprel = Deprel::Obj;
        parse[time].deprel = Deprel::OblTmod;
        moved += 1;
    }
    moved
}

/// Makes a bare day name that the parser hung on a verb's object as an apposition ("staged
/// demonstrations *Saturday* to demand reforms") a time modifier of the verb, and a
/// to-infinitive hung on the day the verb's adverbial clause; returns how many days moved.
pub fn time_appositions(parse: &mut [TokenSyntax]) -> usize {
    let mut moved = 0;
    for time in 0..parse.len() {
        if parse[time].deprel != Deprel::Appos || !is_date_name(&parse[time].lemma.to_ascii_lowercase()) {
            continue;
        }
        let Some(object) = parse[time].head.map(|head| head as usize) else { continue };
        let Some(verb) = parse[object].head else { continue };
        if object > time || parse[object].deprel != Deprel::Obj || parse[verb as usize].upos != Upos::Verb {
            continue;
        }
        let dependents: Vec<usize> = children(parse, time).collect();
        if dependents.iter().any(|&idx| idx < time) {
            continue;
        }
        parse[time].head = Some(verb);
        parse[time].deprel = Deprel::OblTmod;
        for clause in dependents {
            let infinitive = parse[clause].upos == Upos::Verb
                && children(parse, clause).any(|idx| parse[idx].lemma.eq_ignore_ascii_case("to"));
            if infinitive && matches!(parse[clause].deprel, Deprel::Acl | Deprel::AclRelcl) {
                parse[clause].head = Some(verb);
                parse[clause].deprel = Deprel::Advcl;
            }
        }
        moved += 1;
    }
    moved
}

/// Makes an expletive "it" the subject when its head has no clause it could stand in for (no
/// clausal subject or complement, only a controlled infinitive: "it is willing *to withdraw*");
/// returns how many were relabelled. "it is clear that ..." keeps its expletive.
pub fn expletive_subjects(parse: &mut [TokenSyntax]) -> usize {
    let mut relabelled = 0;
    for it in 0..parse.len() {
        if parse[it].deprel != Deprel::Expl || !parse[it].lemma.eq_ignore_ascii_case("it") {
            continue;
        }
        let Some(head) = parse[it].head else { continue };
        let deprels: Vec<Deprel> =
            parse.iter().filter(|token| token.head == Some(head)).map(|token| token.deprel).collect();
        let extraposed = deprels.iter().any(|deprel| {
            matches!(deprel, Deprel::Csubj | Deprel::CsubjPass | Deprel::Ccomp | Deprel::Nsubj | Deprel::NsubjPass)
        });
        if !extraposed && deprels.contains(&Deprel::Xcomp) {
            parse[it].deprel = Deprel::Nsubj;
            relabelled += 1;
        }
    }
    relabelled
}

/// Makes relative clauses that open with a subordinating conjunction ("the talks *if*
/// Washington deployed missiles") adverbial clauses of the verb above the noun; returns how
/// many moved. "when" and "where" stay: they do open relative clauses ("the day when").
pub fn conjunction_clauses(parse: &mut [TokenSyntax]) -> usize {
    let mut moved = 0;
    for clause in 0..parse.len() {
        if parse[clause].deprel != Deprel::AclRelcl {
            continue;
        }
        let opens_with_conjunction = children(parse, clause).any(|idx| {
            let token = &parse[idx];
            idx < clause
                && token.deprel == Deprel::Mark
                && matches!(
                    token.lemma.to_ascii_lowercase().as_str(),
                    "if" | "unless" | "because" | "although" | "though" | "whereas" | "until"
                )
        });
        if !opens_with_conjunction {
            continue;
        }
        // The verb the noun belongs to, a few nominal links up.
        let mut node = parse[clause].head.map(|head| head as usize);
        for _ in 0..4 {
            match node {
                Some(idx) if !matches!(parse[idx].upos, Upos::Verb | Upos::Aux) => {
                    node = parse[idx].head.map(|head| head as usize);
                }
                _ => break,
            }
        }
        let Some(verb) = node.filter(|&idx| matches!(parse[idx].upos, Upos::Verb | Upos::Aux)) else { continue };
        parse[clause].head = Some(verb as u32);
        parse[clause].deprel = Deprel::Advcl;
        moved += 1;
    }
    moved
}

/// Joins a second subject that is really a modifier of the next one: of two nominal subjects
/// of one verb, the first becomes a `compound` (a noun) or `amod` (an adjective) of the second
/// when it is a singular noun or an adjective whose phrase ends right where the second's
/// begins, and what follows it inside its phrase is a name ("the rebel *Kurdistan Workers'*
/// Party"). Its determiner moves to the second, the name becomes a compound of the second. Returns how many subjects
/// were joined.
pub fn split_subjects(parse: &mut [TokenSyntax]) -> usize {
    let mut joined = 0;
    for first in 0..parse.len() {
        // A singular noun or an adjective: plural nouns rarely modify ("guerrillas wounded
        // soldiers" is a sentence whose verb was tagged as an adjective).
        if parse[first].deprel != Deprel::Nsubj || !matches!(parse[first].xpos, "NN" | "JJ") {
            continue;
        }
        let Some(verb) = parse[first].head else { continue };
        let dependents: Vec<usize> = children(parse, first).collect();
        // Before it a determiner or adjective; after it only a name ("Kurdistan Workers'").
        let modifier_only = dependents.iter().all(|&idx| {
            if idx < first {
                matches!(parse[idx].deprel, Deprel::Det | Deprel::Amod)
            } else {
                parse[idx].upos == Upos::Propn
                    && matches!(parse[idx].deprel, Deprel::Appos | Deprel::Flat | Deprel::Compound)
            }
        });
        if !modifier_only {
            continue;
        }
        let end = subtree_end(parse, first);
        let second = (end + 1..parse.len()).find(|&idx| {
            parse[idx].head == Some(verb)
                && parse[idx].deprel == Deprel::Nsubj
                && matches!(parse[idx].upos, Upos::Noun | Upos::Propn)
                && subtree_start(parse, idx) == end + 1
        });
        let Some(second) = second else { continue };
        parse[first].head = Some(second as u32);
        parse[first].deprel = if parse[first].upos == Upos::Adj { Deprel::Amod } else { Deprel::Compound };
        for child in dependents {
            if child < first && parse[child].deprel == Deprel::Det {
                parse[child].head = Some(second as u32);
            } else if child > first {
                parse[child].head = Some(second as u32);
                parse[child].deprel = Deprel::Compound;
            }
        }
        joined += 1;
    }
    joined
}

/// Makes a past participle that stands between a verb and the verb's object a modifier of the
/// object ("The Palestinians reject *proposed* Israeli changes", "condemned *continued*
/// attacks"): the parser can read the participle as a second verb with the noun as its object,
/// and the first verb loses its object. Applies when the participle directly follows a finite
/// main verb that has no object or clause of its own and does not introduce reported speech,
/// the participle has no subject, auxiliary or clause of its own, and its object's phrase
/// starts right after it with no determiner. The participle's prepositional phrases go with
/// the noun ("proposed changes *to the deal*"). Returns how many participles moved.
pub fn prenominal_participles(parse: &mut [TokenSyntax]) -> usize {
    let mut moved = 0;
    for participle in 1..parse.len() {
        let verb = participle - 1;
        if parse[participle].xpos != "VBN"
            || parse[participle].upos != Upos::Verb
            || parse[verb].upos != Upos::Verb
            || !matches!(parse[verb].xpos, "VBD" | "VBP" | "VBZ")
            || takes_clause_or_participle(&parse[verb].lemma)
            || parse[participle].head.is_none()
            || descends_from(parse, verb, participle)
        {
            continue;
        }
        let verb_has_object = children(parse, verb).any(|child| {
            child != participle && matches!(parse[child].deprel, Deprel::Obj | Deprel::Ccomp | Deprel::Xcomp)
        });
        let participle_is_clause = children(parse, participle).any(|child| {
            matches!(
                parse[child].deprel,
                Deprel::Nsubj
                    | Deprel::NsubjPass
                    | Deprel::Aux
                    | Deprel::AuxPass
                    | Deprel::Mark
                    | Deprel::Ccomp
                    | Deprel::Xcomp
                    | Deprel::Advcl
                    | Deprel::Iobj
            )
        });
        if verb_has_object || participle_is_clause {
            continue;
        }
        let objects: Vec<usize> =
            children(parse, participle).filter(|&child| parse[child].deprel == Deprel::Obj).collect();
        let [object] = objects[..] else { continue };
        let starts_after = subtree_start(parse, object) == participle + 1;
        let bare = (participle + 1..object)
            .all(|idx| matches!(parse[idx].upos, Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num | Upos::Punct));
        if !starts_after || !bare || !matches!(parse[object].upos, Upos::Noun | Upos::Propn) {
            continue;
        }
        for child in children(parse, participle).collect::<Vec<_>>() {
            if child > object && matches!(parse[child].deprel, Deprel::Obl | Deprel::OblUnmarked) {
                parse[child].head = Some(object as u32);
                parse[child].deprel = Deprel::Nmod;
            }
        }
        parse[object].head = Some(verb as u32);
        parse[object].deprel = Deprel::Obj;
        parse[participle].head = Some(object as u32);
        parse[participle].deprel = Deprel::Amod;
        moved += 1;
    }
    moved
}

/// Makes a bare base form that completes a verb of starting or stopping the verb's object
/// ("workers *stopped work* on Monday", "*resumed work*"): English says "stopped working" or
/// "began to work", never "stopped work" with a verb, so the word is the noun. Applies to an
/// infinitive complement with no "to", no subject and no object of its own; its prepositional
/// phrases go to the verb. Returns how many complements became objects.
pub fn bare_infinitive_objects(parse: &mut [TokenSyntax]) -> usize {
    let mut repaired = 0;
    for idx in 0..parse.len() {
        let Some(head) = parse[idx].head.map(|head| head as usize) else { continue };
        if parse[idx].deprel != Deprel::Xcomp
            || parse[idx].xpos != "VB"
            || head > idx
            || !is_aspect_verb(&parse[head].lemma)
            || children(parse, head).any(|child| parse[child].deprel == Deprel::Obj)
            || children(parse, idx).any(|child| {
                matches!(
                    parse[child].deprel,
                    Deprel::Mark | Deprel::Nsubj | Deprel::Obj | Deprel::Ccomp | Deprel::Xcomp | Deprel::Aux
                )
            })
        {
            continue;
        }
        for child in children(parse, idx).collect::<Vec<_>>() {
            if matches!(parse[child].deprel, Deprel::Obl | Deprel::OblUnmarked | Deprel::Advmod | Deprel::Advcl) {
                parse[child].head = Some(head as u32);
            }
        }
        parse[idx].upos = Upos::Noun;
        parse[idx].xpos = "NN";
        parse[idx].deprel = Deprel::Obj;
        repaired += 1;
    }
    repaired
}

/// Verbs of starting, stopping and going on, which take a gerund or a "to" infinitive but
/// never a bare one.
fn is_aspect_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "stop" | "start" | "begin" | "resume" | "halt" | "finish" | "end" | "cease" | "quit" | "suspend" | "complete"
    )
}

/// Splits a giving verb's object that swallowed the recipient's name ("gave [the Ivory Coast
/// 5.1 million dollars]": "Coast" a compound of "dollars") into the indirect object and the
/// object. Applies when a verb of giving has an object noun with a proper-noun compound whose
/// phrase is followed at once by a number, a currency sign or an article ("the Philippines a
/// loan"), which no name compound is. The determiner and modifiers before the name go with it.
/// Returns how many objects were split.
pub fn double_objects(parse: &mut [TokenSyntax]) -> usize {
    let mut split = 0;
    for object in 0..parse.len() {
        let Some(verb) = parse[object].head.map(|head| head as usize) else { continue };
        if parse[object].deprel != Deprel::Obj
            || !matches!(parse[object].upos, Upos::Noun | Upos::Num | Upos::Sym)
            || parse[verb].upos != Upos::Verb
            || !is_giving_verb(&parse[verb].lemma)
            || children(parse, verb).any(|child| parse[child].deprel == Deprel::Iobj)
        {
            continue;
        }
        let name = children(parse, object).find(|&child| {
            child < object && parse[child].upos == Upos::Propn && parse[child].deprel == Deprel::Compound && {
                let next = subtree_end(parse, child) + 1;
                next < object && matches!(parse[next].upos, Upos::Num | Upos::Sym | Upos::Det)
            }
        });
        let Some(name) = name else { continue };
        let name_start = subtree_start(parse, name);
        parse[name].head = Some(verb as u32);
        parse[name].deprel = Deprel::Iobj;
        for child in children(parse, object).collect::<Vec<_>>() {
            if child < name_start {
                parse[child].head = Some(name as u32);
            }
        }
        split += 1;
    }
    split
}

/// Gives back a name its own preposition when the parser folded it into the next phrase
/// ("inspectors [of the International Atomic Energy Agency from frozen facilities]": "of" and
/// "from" both case markers of "facilities", the agency's name a compound of it). No nominal
/// takes two prepositions of its own (two-word prepositions are `fixed`), so when a noun has two
/// `case` dependents before it and the words between them are one proper name attached to the
/// noun (with its determiner), the name becomes a phrase of its own with the first preposition,
/// attached where the noun was. Returns how many names were split off.
pub fn stacked_case_markers(parse: &mut [TokenSyntax]) -> usize {
    let mut split = 0;
    for noun in 0..parse.len() {
        if !matches!(parse[noun].upos, Upos::Noun | Upos::Propn) {
            continue;
        }
        let Some(head) = parse[noun].head else { continue };
        let cases: Vec<usize> = children(parse, noun)
            .filter(|&child| child < noun && parse[child].deprel == Deprel::Case && parse[child].upos == Upos::Adp)
            .collect();
        let [first, second] = cases[..] else { continue };
        let between: Vec<usize> = children(parse, noun).filter(|&child| child > first && child < second).collect();
        let names: Vec<usize> = between.iter().copied().filter(|&child| parse[child].upos == Upos::Propn).collect();
        let [name] = names[..] else { continue };
        let fits = between.iter().all(|&child| child == name || parse[child].upos == Upos::Det)
            && (first + 1..second).all(|token| {
                descends_from(parse, token, name) || between.contains(&token) && parse[token].upos == Upos::Det
            });
        if !fits {
            continue;
        }
        let attaches_to_verb = matches!(parse[head as usize].upos, Upos::Verb | Upos::Aux);
        parse[name].head = Some(head);
        parse[name].deprel = if attaches_to_verb { Deprel::Obl } else { Deprel::Nmod };
        parse[first].head = Some(name as u32);
        for det in between.iter().copied().filter(|&child| child != name) {
            parse[det].head = Some(name as u32);
        }
        split += 1;
    }
    split
}

/// Verbs whose first object can be the recipient ("gave Ukraine $1 billion").
fn is_giving_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "give"
            | "grant"
            | "send"
            | "offer"
            | "lend"
            | "loan"
            | "pay"
            | "award"
            | "promise"
            | "owe"
            | "hand"
            | "sell"
            | "supply"
            | "donate"
            | "allocate"
            | "provide"
    )
}

/// Verbs after which a past participle can be a verb of its own: auxiliary-like and linking
/// verbs ("got married", "seemed confused", "had it done") and verbs of saying and thinking,
/// whose complement can start with a participle ("said armed men attacked").
fn takes_clause_or_participle(lemma: &str) -> bool {
    matches!(
        lemma,
        "be" | "have"
            | "get"
            | "become"
            | "seem"
            | "appear"
            | "remain"
            | "stay"
            | "feel"
            | "look"
            | "sound"
            | "keep"
            | "want"
            | "need"
            | "say"
            | "tell"
            | "think"
            | "believe"
            | "claim"
            | "report"
            | "announce"
            | "know"
            | "hope"
            | "expect"
            | "fear"
            | "warn"
            | "insist"
            | "argue"
            | "suggest"
            | "show"
            | "find"
            | "note"
            | "add"
            | "explain"
            | "state"
            | "confirm"
            | "mean"
            | "guess"
            | "assume"
            | "realize"
            | "understand"
            | "see"
            | "hear"
    )
}

/// Whether `token` is `ancestor` or lies below it.
fn descends_from(parse: &[TokenSyntax], token: usize, ancestor: usize) -> bool {
    let mut node = Some(token as u32);
    for _ in 0..=parse.len() {
        match node {
            Some(idx) if idx as usize == ancestor => return true,
            Some(idx) => node = parse[idx as usize].head,
            None => return false,
        }
    }
    false
}

/// The last token of the phrase headed by `idx`.
fn subtree_end(parse: &[TokenSyntax], idx: usize) -> usize {
    (idx..parse.len()).rev().find(|&token| descends_from(parse, token, idx)).unwrap_or(idx)
}

/// The dependents of `idx`, in sentence order.
fn children(parse: &[TokenSyntax], idx: usize) -> impl Iterator<Item = usize> + '_ {
    (0..parse.len()).filter(move |&child| parse[child].head == Some(idx as u32))
}

/// The first token of the phrase headed by `idx`.
fn subtree_start(parse: &[TokenSyntax], idx: usize) -> usize {
    (0..idx).find(|&token| descends_from(parse, token, idx)).unwrap_or(idx)
}

/// Whether some word has two or more nominal subjects: no English clause does, so the parse is
/// wrong.
pub fn has_double_subject(parse: &[TokenSyntax]) -> bool {
    let mut subjects = vec![0u8; parse.len()];
    for token in parse {
        if matches!(token.deprel, Deprel::Nsubj | Deprel::NsubjPass) {
            if let Some(count) = token.head.and_then(|head| subjects.get_mut(head as usize)) {
                *count += 1;
                if *count > 1 {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether the sentence has no verb and a noun for root ("Israeli helicopters and tanks
/// shelled positions" read as one noun phrase).
pub fn is_verbless(parse: &[TokenSyntax]) -> bool {
    parse.iter().any(|t| t.head.is_none() && matches!(t.upos, Upos::Noun | Upos::Propn))
        && !parse.iter().any(|t| matches!(t.upos, Upos::Verb | Upos::Aux))
}

/// Words ending in "-ed" tagged as adjectives or participles modifying a noun, right after a
/// noun that could be their subject ("guerrillas *wounded* two soldiers"): the candidates for
/// a past tense the tagger missed, in sentence order.
pub fn adjectival_past_tenses(words: &[&str], parse: &[TokenSyntax]) -> Vec<usize> {
    (1..parse.len().min(words.len()))
        .filter(|&idx| {
            let token = &parse[idx];
            let before = &parse[idx - 1];
            words[idx].len() > 4
                && words[idx].ends_with("ed")
                && matches!(token.xpos, "JJ" | "VBN")
                && token.deprel == Deprel::Amod
                && token.head.is_some_and(|head| head as usize > idx)
                && matches!(before.xpos, "NNS" | "NNPS" | "NNP")
                && !matches!(before.deprel, Deprel::Compound | Deprel::Amod)
        })
        .collect()
}

/// Verbs that report a clause after the fact ("..., residents said").
fn is_reporting(lemma: &str) -> bool {
    matches!(lemma, "say" | "report" | "tell" | "add" | "claim" | "state" | "announce" | "confirm" | "allege" | "write")
}

/// A past participle (or adjective) right after a noun that modifies it, where the noun heads
/// the sentence's real clause: the candidate for that clause's past tense. The noun is the root
/// of a sentence without a finite verb ("Armenian protesters *attacked* riot police", "An
/// explosion *ripped* through a market"), or the first of two subjects of a reporting verb, when
/// the clause was read as a noun phrase subject of the report after it ("The army *forced* out
/// 1,000 refugees from their homes, residents said": "army" and "residents" both subjects of
/// "said").
pub fn reduced_relative_verbs(parse: &[TokenSyntax]) -> Vec<usize> {
    let finite = |t: &TokenSyntax| matches!(t.xpos, "VBD" | "VBZ" | "VBP" | "MD");
    let is_noun = |t: &TokenSyntax| matches!(t.xpos, "NN" | "NNS" | "NNP" | "NNPS");
    let nouns: Vec<usize> = if parse.iter().any(finite) {
        (0..parse.len())
            .filter(|&idx| {
                let token = &parse[idx];
                token.deprel == Deprel::Nsubj
                    && is_noun(token)
                    && token.head.is_some_and(|head| {
                        is_reporting(&parse[head as usize].lemma)
                            && (idx + 1..parse.len())
                                .any(|other| parse[other].head == Some(head) && parse[other].deprel == Deprel::Nsubj)
                            && !(0..idx)
                                .any(|other| parse[other].head == Some(head) && parse[other].deprel == Deprel::Nsubj)
                    })
            })
            .collect()
    } else {
        parse.iter().position(|t| t.head.is_none()).filter(|&root| is_noun(&parse[root])).into_iter().collect()
    };
    nouns
        .into_iter()
        .filter_map(|noun| {
            let next = noun + 1;
            let token = parse.get(next)?;
            let modifies = token.head == Some(noun as u32) && matches!(token.deprel, Deprel::Acl | Deprel::Amod);
            (modifies && token.xpos == "VBN").then_some(next)
        })
        .collect()
}

/// Makes a past tense right after its subject noun a modifier of that noun when its clause
/// goes on to a second finite verb joined to it with neither a conjunction nor a comma ("Some
/// 500,000 workers *affiliated* with the union stopped work"): English does not join clauses
/// that way, so the first verb, when it has no object, is a participle modifying the noun (a
/// reduced relative), and the second verb takes its place in the tree with the noun as
/// subject. The first verb keeps the words between it and the second verb; the second takes
/// those before the noun and after itself. Returns how many verbs became participles.
pub fn unjoined_past_tenses(words: &[&str], parse: &mut [TokenSyntax]) -> usize {
    let mut repaired = 0;
    for idx in 1..parse.len().min(words.len()) {
        let noun = idx - 1;
        if parse[idx].xpos != "VBD"
            || !words[idx].ends_with("ed")
            || parse[noun].deprel != Deprel::Nsubj
            || parse[noun].head != Some(idx as u32)
            || !matches!(parse[noun].xpos, "NN" | "NNS" | "NNP" | "NNPS")
            // A participle modifying a noun is passive and takes no object: "The US suspended
            // part of the program aimed at ..." is the other way round.
            || children(parse, idx)
                .any(|child| matches!(parse[child].deprel, Deprel::Obj | Deprel::Iobj | Deprel::Ccomp | Deprel::Xcomp))
        {
            continue;
        }
        let joined = children(parse, idx).find(|&conj| {
            conj > idx
                && parse[conj].deprel == Deprel::Conj
                && matches!(parse[conj].xpos, "VBD" | "VBZ" | "VBP")
                && !children(parse, conj).any(|child| {
                    child < conj
                        && matches!(parse[child].deprel, Deprel::Cc | Deprel::Punct | Deprel::Nsubj | Deprel::NsubjPass)
                })
        });
        let Some(verb) = joined else { continue };
        for child in children(parse, idx).collect::<Vec<_>>() {
            if child != noun && (child < noun || child > verb) {
                parse[child].head = Some(verb as u32);
            }
        }
        parse[verb].head = parse[idx].head;
        parse[verb].deprel = parse[idx].deprel;
        parse[noun].head = Some(verb as u32);
        parse[idx].head = Some(noun as u32);
        parse[idx].deprel = Deprel::Acl;
        parse[idx].xpos = "VBN";
        repaired += 1;
    }
    repaired
}

/// Words in "-ing" that before a noun are adjectives far more often than gerunds taking the
/// noun as object: "from *neighbouring* Lebanon", "the *warring* factions", "arrested
/// *striking* miners", "the *ruling* party".
fn is_prenominal_ing(word: &str) -> bool {
    matches!(
        word,
        "neighbouring"
            | "neighboring"
            | "warring"
            | "ruling"
            | "governing"
            | "outgoing"
            | "incoming"
            | "ongoing"
            | "upcoming"
            | "remaining"
            | "existing"
            | "mounting"
            | "escalating"
            | "rising"
            | "growing"
            | "emerging"
            | "striking"
            | "protesting"
            | "sweeping"
            | "lingering"
            | "prevailing"
            | "competing"
    )
}

/// Prenominal adjectives in "-ing" ([`is_prenominal_ing`]) that the tagger read as verbs
/// taking the noun after them as object ("moved from *neighbouring* Lebanon" as "from
/// attacking Lebanon"): the candidates for an adjective, in sentence order. Not after a verb
/// that takes a gerund ("began striking workers" hits them).
pub fn prenominal_gerunds(words: &[&str], parse: &[TokenSyntax]) -> Vec<usize> {
    let n = parse.len().min(words.len());
    (0..n.saturating_sub(1))
        .filter(|&idx| {
            let takes_gerund = idx
                .checked_sub(1)
                .is_some_and(|before| parse[before].upos == Upos::Verb && takes_gerund(&parse[before].lemma));
            parse[idx].upos == Upos::Verb
                && parse[idx].xpos == "VBG"
                && is_prenominal_ing(&words[idx].to_ascii_lowercase())
                && matches!(parse[idx + 1].upos, Upos::Noun | Upos::Propn | Upos::Adj)
                && children(parse, idx).any(|child| parse[child].deprel == Deprel::Obj)
                && !takes_gerund
        })
        .collect()
}

/// Verbs that take a gerund complement ("began *striking* targets", "avoided *attacking* ...").
fn takes_gerund(lemma: &str) -> bool {
    takes_clause_or_participle(lemma)
        || is_aspect_verb(lemma)
        || matches!(lemma, "continue" | "avoid" | "risk" | "consider" | "deny" | "admit" | "keep" | "mind")
}

/// Whether a re-parse made `idx` an adjective modifying a noun.
pub fn is_sound_adjective(parse: &[TokenSyntax], idx: usize) -> bool {
    parse.get(idx).is_some_and(|token| token.deprel == Deprel::Amod)
}

/// Whether a re-parse made `idx` a sound verb: a verb with a subject and an object or oblique,
/// and no word left with two subjects.
pub fn is_sound_verb(parse: &[TokenSyntax], idx: usize) -> bool {
    is_sound_clause_verb(parse, idx)
        && children(parse, idx).any(|t| matches!(parse[t].deprel, Deprel::Obj | Deprel::Obl))
}

/// Gives the "that"-clause of a demand noun back to the noun, as its clausal modifier (`acl`);
/// returns how many clauses moved. The parser can hang the clause on the verb above as a
/// clausal subject or complement ("reiterated its demand today *that Israel ease*
/// restrictions"), or on a noun between as a relative clause ("accepted demands from Shona
/// rebels *that it initiate* reforms"). A clause moves when its "that" is a marker (not a
/// relative pronoun: the clause has a subject of its own), and the words between the demand
/// noun and "that" are at most five and only make a phrase: names, nouns, adjectives,
/// determiners, numbers, prepositions or a time word ("its demand today that").
pub fn mandative_clauses(parse: &mut [TokenSyntax]) -> usize {
    let mut moved = 0;
    for that in 1..parse.len() {
        if parse[that].deprel != Deprel::Mark || !parse[that].lemma.eq_ignore_ascii_case("that") {
            continue;
        }
        let Some(clause) = parse[that].head.map(|head| head as usize).filter(|&clause| clause > that) else {
            continue;
        };
        if !children(parse, clause).any(|idx| idx > that && idx < clause && parse[idx].deprel == Deprel::Nsubj) {
            continue;
        }
        let mut noun = None;
        for idx in (that.saturating_sub(6)..that).rev() {
            let token = &parse[idx];
            if token.upos == Upos::Noun && is_mandative(&token.lemma.to_ascii_lowercase()) {
                noun = Some(idx);
                break;
            }
            let in_phrase = matches!(
                token.upos,
                Upos::Propn | Upos::Noun | Upos::Adj | Upos::Det | Upos::Num | Upos::Adp | Upos::Pron
            );
            if !in_phrase {
                break;
            }
        }
        let Some(noun) = noun else { continue };
        if parse[clause].head == Some(noun as u32) && parse[clause].deprel == Deprel::Acl
            || descends_from(parse, noun, clause)
        {
            continue;
        }
        parse[clause].head = Some(noun as u32);
        parse[clause].deprel = Deprel::Acl;
        moved += 1;
    }
    moved
}

/// Words that take a mandative subjunctive in their "that"-clause: "demanded that Russia
/// *withdraw*", "urged that talks *resume*", "the demand that Israel *ease* restrictions".
fn is_mandative(lemma: &str) -> bool {
    matches!(
        lemma,
        "demand"
            | "insist"
            | "insistence"
            | "urge"
            | "ask"
            | "request"
            | "require"
            | "requirement"
            | "recommend"
            | "recommendation"
            | "propose"
            | "proposal"
            | "suggest"
            | "order"
            | "stipulate"
            | "decree"
    )
}

/// Candidates for a base verb the tagger read as a noun or adjective in the "that"-clause of a
/// demand ("demanded that the US *cancel* plans"), in sentence order, each with its "that".
///
/// The clause is the words after "that" (which follows a mandative word, perhaps with a time
/// word between: "its demand today that") up to the first comma, semicolon, "to" or end of
/// sentence. Only a clause with no verb at all is a suspect; its candidates are lowercase
/// words tagged as common nouns or adjectives right after a noun, name or pronoun (the end of
/// the subject).
pub fn mandative_subjunctives(words: &[&str], parse: &[TokenSyntax]) -> Vec<(usize, usize)> {
    let mut candidates = Vec::new();
    let n = parse.len().min(words.len());
    for trigger in 0..n {
        if !is_mandative(&parse[trigger].lemma.to_ascii_lowercase())
            || !matches!(parse[trigger].upos, Upos::Verb | Upos::Noun)
        {
            continue;
        }
        let mut that = trigger + 1;
        while that < n && that <= trigger + 2 && is_date_name(&parse[that].lemma.to_ascii_lowercase()) {
            that += 1;
        }
        if that >= n || !words[that].eq_ignore_ascii_case("that") {
            continue;
        }
        let end =
            (that + 1..n).find(|&idx| matches!(words[idx], "," | ";" | ":" | "." | "to" | "(" | "--")).unwrap_or(n);
        let clause = that + 1..end;
        if clause.is_empty() || clause.clone().any(|idx| matches!(parse[idx].upos, Upos::Verb | Upos::Aux)) {
            continue;
        }
        candidates.extend(
            clause
                .skip(1)
                .filter(|&idx| {
                    let word = words[idx];
                    word.len() > 2
                        && word.bytes().all(|byte| byte.is_ascii_lowercase())
                        && matches!(parse[idx].xpos, "NN" | "JJ")
                        && matches!(parse[idx - 1].upos, Upos::Noun | Upos::Propn | Upos::Pron)
                })
                .map(|verb| (that, verb)),
        );
    }
    candidates
}

/// Whether a re-parse made `idx` the verb of a clause: a verb with a subject, and no word
/// left with two subjects.
pub fn is_sound_clause_verb(parse: &[TokenSyntax], idx: usize) -> bool {
    parse.get(idx).is_some_and(|token| token.upos == Upos::Verb)
        && children(parse, idx).any(|t| parse[t].deprel == Deprel::Nsubj)
        && !has_double_subject(parse)
}

/// Whether a lowercase lemma names a day or month ("tuesday", "january", "today",
/// "yesterday", "tonight"): the words news dates a statement by.
pub fn is_date_name(lemma: &str) -> bool {
    matches!(
        lemma,
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
    )
}

/// Whether the token at `idx` names a time a statement is dated by.
fn is_time_name(parse: &[TokenSyntax], idx: usize) -> bool {
    let lemma = parse[idx].lemma.to_ascii_lowercase();
    let named = is_date_name(&lemma);
    if named {
        return true;
    }
    if !matches!(lemma.as_str(), "week" | "month" | "year" | "weekend" | "morning" | "evening" | "night") {
        return false;
    }
    let modifiers: Vec<String> = children(parse, idx).map(|child| parse[child].lemma.to_ascii_lowercase()).collect();
    modifiers.iter().any(|m| matches!(m.as_str(), "last" | "this" | "next" | "earlier" | "late" | "early"))
        && !modifiers.iter().any(|m| matches!(m.as_str(), "the" | "a" | "an"))
}

#[cfg(test)]
mod tests;
