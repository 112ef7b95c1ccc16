//! Event coding: who did what to whom, from the dependency parse, the linked mentions and the
//! KB's event rules (`kb/verbs/`).
//!
//! For every verb (and event noun) whose lemma triggers a rule, the rule's conditions are checked
//! on the trigger's dependents, the most specific matching rule wins, and its source and target
//! slots are followed through the parse to argument heads, which become actors through the
//! mentions that cover them (or through pronoun resolution). Coordination multiplies events
//! ("Russia and Belarus held exercises" has two sources). Modality comes from auxiliaries,
//! negation, conditional marks and reporting verbs above the trigger; location from `in`/`at`
//! phrases that name places.

use std::ops::Range;

use grip_kb::{EventRule, Kb, Slot, Trigger};
use grip_model::{
    ActorCode, CameoCode, Date, EntityId, EntityKind, Event, EventActor, Location, Mention, Modality, TextRange,
};
use grip_syntax::{Deprel, TokenSyntax, Upos};

use crate::places::{PlaceContext, PlaceResolver};
use crate::tree::Tree;
use grip_text::Segmented;

/// What the event coder reads.
#[derive(Debug, Clone, Copy)]
pub struct EventInput<'a> {
    /// The knowledge base (actors and event rules).
    pub kb: &'a Kb,
    /// The original text.
    pub text: &'a str,
    /// Tokens and sentences.
    pub segmented: &'a Segmented,
    /// The parse of each sentence, parallel to `segmented.sentences`.
    pub syntax: &'a [Vec<TokenSyntax>],
    /// Linked mentions, in text order.
    pub mentions: &'a [Mention],
    /// Sentences to skip (a repeated title, a signature), sorted.
    pub skipped_sentences: &'a [u32],
    /// The document date.
    pub date: Date,
}

/// Codes the events of a document, in text order.
pub fn code_events(input: &EventInput<'_>) -> Vec<Event> {
    let mut events = Vec::new();
    let mut discourse = Discourse::default();
    let places = Places {
        resolver: PlaceResolver::new(input.kb),
        context: PlaceContext::from_mentions(input.kb, input.mentions),
    };
    for (sentence_idx, sentence) in input.segmented.sentences.iter().enumerate() {
        let Some(parse) = input.syntax.get(sentence_idx) else {
            break;
        };
        let sentence_u32 = u32::try_from(sentence_idx).unwrap_or(u32::MAX);
        let mentions: Vec<&Mention> = input.mentions.iter().filter(|m| m.sentence == sentence_u32).collect();
        if input.skipped_sentences.binary_search(&sentence_u32).is_err() && parse.len() == sentence.tokens.len() {
            let tokens = sentence.tokens.start as usize..sentence.tokens.end as usize;
            let clause = Sentence::new(input, tokens, sentence.range, parse, &mentions, &discourse, &places);
            clause.code(&mut events);
        }
        discourse.remember(input, parse, sentence.tokens.start as usize, &mentions);
    }
    events
}

/// What earlier sentences offer to pronouns: the subject-position actors, most recent last.
#[derive(Debug, Default)]
struct Discourse {
    /// (actor, entity, kind) of the first actor of recent sentences, most recent last.
    recent: Vec<Antecedent>,
}

#[derive(Debug, Clone)]
struct Antecedent {
    actor: ActorCode,
    entity: EntityId,
    kind: EntityKind,
    plural: bool,
}

impl Discourse {
    fn remember(&mut self, input: &EventInput<'_>, parse: &[TokenSyntax], first_token: usize, mentions: &[&Mention]) {
        // Subjects first: a mention whose head is an nsubj is the most salient antecedent.
        let mut ordered: Vec<&Mention> = mentions.to_vec();
        ordered.sort_by_key(|mention| {
            let is_subject = token_of(input.segmented, mention.range.start())
                .and_then(|idx| parse.get(idx - first_token))
                .is_some_and(|token| matches!(token.deprel, Deprel::Nsubj | Deprel::NsubjPass));
            (!is_subject, mention.range.start())
        });
        for mention in ordered.into_iter().rev() {
            if mention.kind == EntityKind::City {
                continue;
            }
            self.recent.push(Antecedent {
                actor: mention.actor.clone(),
                entity: mention.entity.clone(),
                kind: mention.kind,
                plural: mention.kind == EntityKind::Agent,
            });
        }
        if self.recent.len() > 12 {
            let excess = self.recent.len() - 12;
            self.recent.drain(..excess);
        }
    }
}

fn token_of(segmented: &Segmented, offset: grip_model::TextSize) -> Option<usize> {
    segmented.tokens.binary_search_by(|token| token.range.start().cmp(&offset)).ok()
}

/// What a nominal trigger's head verb coded already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Governor {
    /// Nothing (or the trigger is a verb).
    None,
    /// An event of its own: the noun codes only with a source of its own.
    Event,
    /// A statement (01x) by the subject of this verb, whose object the noun is (or whose
    /// object the verb modifies: "issued a declaration demanding ...").
    Statement(usize),
}

/// One sentence being coded.
struct Sentence<'a> {
    input: &'a EventInput<'a>,
    /// Token indices of the sentence in the document.
    tokens: Range<usize>,
    range: TextRange,
    tree: Tree<'a>,
    /// The mention covering each token, if any.
    mention_at: Vec<Option<&'a Mention>>,
    mentions: &'a [&'a Mention],
    discourse: &'a Discourse,
    places: &'a Places<'a>,
    /// Hyphenated words, which are three tokens ("cease", "-", "fire"): the token of the last
    /// part and the word with and without its hyphen ("cease-fire", "ceasefire").
    hyphenated: Vec<(usize, [String; 2])>,
}

/// Where the document's places are resolved: the KB and the gazetteer, with the countries and
/// divisions the document names as context.
struct Places<'a> {
    resolver: PlaceResolver<'a>,
    context: PlaceContext,
}

/// An argument found for a slot.
#[derive(Debug, Clone)]
struct Argument {
    actor: EventActor,
}

impl<'a> Sentence<'a> {
    fn new(
        input: &'a EventInput<'a>,
        tokens: Range<usize>,
        range: TextRange,
        parse: &'a [TokenSyntax],
        mentions: &'a [&'a Mention],
        discourse: &'a Discourse,
        places: &'a Places<'a>,
    ) -> Sentence<'a> {
        let tree = Tree::new(parse);
        let mut mention_at = vec![None; parse.len()];
        for mention in mentions {
            for (local, doc_idx) in tokens.clone().enumerate() {
                let token_range = input.segmented.tokens[doc_idx].range;
                if mention.range.contains_range(token_range) {
                    mention_at[local] = Some(*mention);
                }
            }
        }
        let token_range = |local: usize| input.segmented.tokens[tokens.start + local].range;
        let hyphenated = (2..tree.len())
            .filter(|&last| {
                let hyphen = last - 1;
                input.segmented.tokens[tokens.start + hyphen].norm(input.text) == "-"
                    && token_range(hyphen).start() == token_range(last - 2).end()
                    && token_range(last).start() == token_range(hyphen).end()
            })
            .map(|last| {
                let (first, second) = (&tree.lemmas[last - 2], &tree.lemmas[last]);
                (last, [format!("{first}-{second}"), format!("{first}{second}")])
            })
            .collect();
        Sentence { input, tokens, range, tree, mention_at, mentions, discourse, places, hyphenated }
    }

    fn token_range(&self, local: usize) -> TextRange {
        self.input.segmented.tokens[self.tokens.start + local].range
    }

    fn word(&self, local: usize) -> &'a str {
        self.input.segmented.tokens[self.tokens.start + local].norm(self.input.text)
    }

    fn is_passive(&self, local: usize) -> bool {
        self.tree.children[local]
            .iter()
            .any(|&child| matches!(self.tree.parse[child].deprel, Deprel::NsubjPass | Deprel::AuxPass))
    }

    fn code(&self, events: &mut Vec<Event>) {
        let index = self.input.kb.event_rules();
        // Verbs first, so that an event noun that is an argument of a coded verb ("imposed
        // sanctions on Russia") does not code the same event a second time.
        let first_event = events.len();
        let mut fired: Vec<Option<CameoCode>> = vec![None; self.tree.len()];
        // Statement verbs whose object was coded as the announced event.
        let mut announcements: Vec<TextRange> = Vec::new();
        for pass_nominal in [false, true] {
            for local in 0..self.tree.len() {
                let wanted = if pass_nominal { Upos::Noun } else { Upos::Verb };
                if self.tree.parse[local].upos != wanted {
                    continue;
                }
                // A noun under a verb that already fired codes only with a source of its own
                // ("Kazakhstan's appeal ... was approved"), not as a copy of the verb's event
                // ("imposed sanctions on Russia"); the object of a statement verb is what was
                // announced, by the verb's subject ("Italy announced a suspension of air links").
                // So is a verb that spells out a statement's content ("issued a declaration
                // demanding that ...": the issuer demands).
                let head = self.tree.parse[local].head.map(|head| head as usize);
                let governor = match head.and_then(|head| fired[head].map(|code| (head, code))) {
                    Some((head, code))
                        if pass_nominal
                            && code.root().as_str() == "01"
                            && self.tree.parse[local].deprel == Deprel::Obj =>
                    {
                        Governor::Statement(head)
                    }
                    Some(_) if pass_nominal => Governor::Event,
                    _ => match self.statement_content(local, &fired) {
                        Some(verb) => Governor::Statement(verb),
                        None => Governor::None,
                    },
                };
                // "were engaged in ethnic cleansing": the event is the noun's, not an
                // engagement in battle; "undertook a mediation mission" is no promise
                // ("undertook to withdraw" is).
                // "undertook a mediation mission": the event noun can be the object's modifier.
                let event_noun = |noun: &usize| {
                    index.by_noun.contains_key(&self.tree.lemmas[*noun])
                        || self
                            .tree
                            .children_with(*noun, &[Deprel::Compound])
                            .any(|modifier| index.by_noun.contains_key(&self.tree.lemmas[modifier]))
                };
                let carries_event_noun = !pass_nominal
                    && match self.tree.lemmas[local].as_str() {
                        "engage" | "involve" => self.tree.children_with(local, &[Deprel::Obl]).any(|phrase| {
                            self.tree.preposition(phrase).as_deref() == Some("in") && event_noun(&phrase)
                        }),
                        "undertake" => {
                            self.tree.children_with(local, &[Deprel::Obj]).any(|object| event_noun(&object))
                                && self.tree.child_with(local, &[Deprel::Xcomp]).is_none()
                        }
                        _ => false,
                    };
                if carries_event_noun {
                    continue;
                }
                let table = if pass_nominal { &index.by_noun } else { &index.by_verb };
                let found = self.lemma_candidates(local).into_iter().find_map(|lemma| {
                    let candidates = table.get(&lemma)?;
                    self.best_rule(local, &lemma, candidates, pass_nominal)
                });
                let Some((rule, trigger)) = found else { continue };
                // "continued their hunger strike": the verb coded the noun's event already.
                if governor == Governor::Event && head.is_some_and(|head| fired[head] == Some(rule.code)) {
                    continue;
                }
                let before = events.len();
                self.code_one(local, rule, trigger, pass_nominal, governor, events);
                fired[local] = events.get(before).map(|event| event.code);
                if let (Some(_), Governor::Statement(verb)) = (fired[local], governor) {
                    announcements.push(self.token_range(verb));
                }
            }
        }
        self.code_obligations(events);
        let mut coded = events.split_off(first_event);
        self.inherit_targets(&mut coded);
        self.shared_targets(&mut coded);
        reciprocal_targets(&mut coded);
        self.place_targets(&mut coded);
        self.domestic_targets(&mut coded);
        // "Italy announced a suspension of air links": the announcement is the suspension.
        let announced = |event: &Event| {
            event.code.as_str() == "010" && event.target.is_none() && announcements.contains(&event.evidence)
        };
        let keep: Vec<bool> =
            coded.iter().map(|event| !is_mere_statement(event, &coded) && !announced(event)).collect();
        // Two paths to the same actors ("a United Nations appeal": the name as compound and as
        // modifier) give the same event once; different entities with one code stay apart.
        type Side = Option<(ActorCode, Option<EntityId>)>;
        let side = |actor: &Option<EventActor>| -> Side { actor.as_ref().map(|a| (a.actor.clone(), a.entity.clone())) };
        let mut seen: Vec<(Side, Side, CameoCode, TextRange)> = Vec::new();
        events.extend(coded.into_iter().zip(keep).filter_map(|(event, keep)| {
            let key = (side(&event.source), side(&event.target), event.code, event.evidence);
            (keep && !seen.contains(&key)).then(|| {
                seen.push(key);
                event
            })
        }));
        events[first_event..].sort_by_key(|event| event.evidence.start());
    }

    /// The statement verb whose object `local` spells out, when `local` is a verb modifying that
    /// object ("issued a declaration *demanding* ...", "released a statement *condemning* ...")
    /// and the statement verb already coded a statement (01x).
    fn statement_content(&self, local: usize, fired: &[Option<CameoCode>]) -> Option<usize> {
        let token = &self.tree.parse[local];
        if token.upos != Upos::Verb || token.deprel != Deprel::Acl {
            return None;
        }
        let noun = token.head? as usize;
        let verb = self.tree.parse[noun].head? as usize;
        let statement = fired[verb].is_some_and(|code| code.root().as_str() == "01");
        (statement && self.tree.parse[noun].deprel == Deprel::Obj).then_some(verb)
    }

    /// "Russia said that Sudan must return the helicopter": saying that another actor must or
    /// should do something is a demand on it (CAMEO 100, PLOVER REQUEST), with the saying as
    /// evidence; it replaces the plain statement (010) coded on the same verb (see
    /// [`is_mere_statement`]). The obligation itself stays coded as hypothetical where a rule
    /// matches it.
    fn code_obligations(&self, events: &mut Vec<Event>) {
        let Some(demand) = CameoCode::parse("100") else { return };
        for local in 0..self.tree.len() {
            // The saying is a verb ("said that Iraq must"), or a statement noun that a verb
            // delivers ("issued a reminder to Iraq that it must"), whose subject speaks.
            let lemma = self.tree.lemmas[local].as_str();
            let speaking_verb = match self.tree.parse[local].upos {
                Upos::Verb if is_obligation_verb(lemma) => local,
                Upos::Noun if is_statement_noun(lemma) && self.tree.parse[local].deprel == Deprel::Obj => {
                    match self.tree.parse[local].head {
                        Some(verb) => verb as usize,
                        None => continue,
                    }
                }
                _ => continue,
            };
            // "must", "should", "ought to"; "needs to", "has to" (not "does not need to").
            let obliged = |clause: usize| {
                let lemma = self.tree.lemmas[clause].as_str();
                let needs = (matches!(lemma, "need" | "have") && self.tree.parse[clause].upos == Upos::Verb
                    || lemma == "ought")
                    && self
                        .tree
                        .children_with(clause, &[Deprel::Xcomp])
                        .any(|act| self.tree.marker(act).as_deref() == Some("to"))
                    && !self
                        .tree
                        .children_with(clause, &[Deprel::Advmod])
                        .any(|adverb| matches!(self.tree.lemmas[adverb].as_str(), "not" | "n't" | "never"))
                    // "will have to pay more" is a forecast, not a demand.
                    && self.tree.children_with(clause, &[Deprel::Aux]).all(|aux| self.tree.lemmas[aux] == "do");
                needs
                    || self
                        .tree
                        .children_with(clause, &[Deprel::Aux])
                        .any(|aux| matches!(self.tree.lemmas[aux].as_str(), "must" | "should" | "ought"))
            };
            let obligations: Vec<usize> = self
                .tree
                .children_with(local, &[Deprel::Ccomp, Deprel::Acl])
                .filter(|&clause| obliged(clause))
                .collect();
            if obligations.is_empty() {
                continue;
            }
            let with_conjuncts = |heads: Vec<usize>| -> Vec<usize> {
                let mut all = heads.clone();
                for head in heads {
                    all.extend(self.tree.children_with(head, &[Deprel::Conj]));
                }
                all
            };
            let speakers = with_conjuncts(self.tree.children_with(speaking_verb, &[Deprel::Nsubj]).collect());
            let sources: Vec<EventActor> =
                speakers.into_iter().flat_map(|s| self.arguments_at(s, Role::Source)).map(|a| a.actor).collect();
            let Some(source) = sources.first() else { continue };
            let subjects = with_conjuncts(
                obligations.iter().flat_map(|&clause| self.tree.children_with(clause, &[Deprel::Nsubj])).collect(),
            );
            let targets: Vec<EventActor> = subjects
                .into_iter()
                .flat_map(|s| self.arguments_at(s, Role::Target))
                .map(|a| a.actor)
                // Not a demand on the speaker's own side: "Tokayev said Kazakhstan must ...".
                .filter(|target| target.actor != source.actor && target.actor.as_str() != source.actor.country_part())
                .collect();
            if targets.is_empty() {
                continue;
            }
            let evidence = self.token_range(speaking_verb).cover(self.token_range(local));
            let (modality, speaker) = self.modality(speaking_verb, false);
            for target in targets {
                events.push(Event {
                    source: Some(source.clone()),
                    target: Some(target),
                    code: demand,
                    modality,
                    speaker: speaker.clone(),
                    location: None,
                    sentence: self.range,
                    evidence,
                    rule: OBLIGATION_RULE.to_owned(),
                });
            }
        }
    }

    /// "threatened to break relations with Russia", "refused to deploy peacekeepers in Iraq",
    /// "offered to hand over to Britain two suspects": an event without a target of its own
    /// whose trigger governs an infinitive (`xcomp`) is directed at whoever that act is directed
    /// at: the targets of the events coded on the infinitive, else the actors among its object,
    /// indirect object or `to`/`with`/`against`/`from`/`on` phrase. Statements (01x) inherit
    /// nothing ("declined to comment on Russia" is no statement to Russia).
    fn inherit_targets(&self, coded: &mut Vec<Event>) {
        let infinitive_targets: Vec<Slot> = ["obj", "iobj", "obl:to", "obl:with", "obl:against", "obl:from", "obl:on"]
            .into_iter()
            .filter_map(grip_kb::parse_slot)
            .collect();
        let trigger_of = |event: &Event| self.trigger_of(event);
        let mut out = Vec::with_capacity(coded.len());
        for event in coded.iter() {
            let trigger = trigger_of(event).filter(|_| event.target.is_none() && event.code.root().as_str() != "01");
            let mut targets: Vec<EventActor> = Vec::new();
            for clause in trigger.into_iter().flat_map(|trigger| self.infinitives(trigger)) {
                let mut found: Vec<EventActor> = coded
                    .iter()
                    .filter(|inner| trigger_of(inner) == Some(clause))
                    .filter_map(|inner| inner.target.clone())
                    .collect();
                if found.is_empty() {
                    let passive = self.is_passive(clause);
                    found = self
                        .fill(clause, &infinitive_targets, passive, false, Role::Target)
                        .into_iter()
                        .map(|argument| argument.actor)
                        .collect();
                }
                targets.extend(found);
            }
            // An actor is not its own target ("Serbia's president promised to democratize Serbia").
            targets.retain(|target| {
                event.source.as_ref().is_none_or(|source| source.actor != target.actor && source.range != target.range)
            });
            fan_out(&mut out, event, targets);
        }
        *coded = out;
    }

    /// "Russia condemned and sanctioned Ukraine", "established ties with and opened an embassy
    /// in Tehran": coordinated verbs share the object or phrase that only the last one carries.
    /// An event with no target whose trigger verb leaves a preposition hanging before the
    /// "and", or, for a rule that takes its target from the object, has nothing of its own that
    /// could name one (no object, clause or prepositional phrase), takes the targets of the
    /// events of the same source on the verb coordinated after it.
    fn shared_targets(&self, coded: &mut Vec<Event>) {
        let rules = &self.input.kb.event_rules().rules;
        let Some(object) = grip_kb::parse_slot("obj") else { return };
        let same_source =
            |a: &Event, b: &Event| a.source.as_ref().zip(b.source.as_ref()).is_some_and(|(a, b)| a.actor == b.actor);
        let mut out = Vec::with_capacity(coded.len());
        for event in coded.iter() {
            let mut targets: Vec<EventActor> = Vec::new();
            let Some(rule) = rules.iter().find(|rule| rule.id == event.rule) else {
                out.push(event.clone());
                continue;
            };
            let trigger = self.trigger_of(event).filter(|&trigger| {
                event.target.is_none() && !rule.target.is_empty() && self.tree.parse[trigger].upos == Upos::Verb
            });
            if let Some(trigger) = trigger {
                let bare = rule.target.contains(&object)
                    && self
                        .tree
                        .child_with(trigger, &[Deprel::Obj, Deprel::Iobj, Deprel::Ccomp, Deprel::Xcomp, Deprel::Obl])
                        .is_none();
                for conj in self.tree.children_with(trigger, &[Deprel::Conj]).filter(|&conj| conj > trigger) {
                    let dangling = self
                        .tree
                        .child_with(conj, &[Deprel::Cc])
                        .is_some_and(|cc| cc > 0 && self.tree.parse[cc - 1].upos == Upos::Adp);
                    if bare || dangling {
                        targets.extend(
                            coded
                                .iter()
                                .filter(|inner| self.trigger_of(inner) == Some(conj) && same_source(inner, event))
                                .filter_map(|inner| inner.target.clone()),
                        );
                    }
                }
            }
            fan_out(&mut out, event, targets);
        }
        *coded = out;
    }

    /// The sentence-local token of an event's trigger.
    fn trigger_of(&self, event: &Event) -> Option<usize> {
        token_of(self.input.segmented, event.evidence.start())
            .and_then(|token| token.checked_sub(self.tokens.start))
            .filter(|&local| local < self.tree.len())
    }

    /// Where an act happens says whom it is done to when the text names no one else: "imposed
    /// a curfew in the town of Cizre", "threatened to ban voting in East Jerusalem", "rioted at
    /// a jail in northern Israel", "fired at targets in Jericho" are directed at the place's
    /// country (its people or its authorities), as PLOVER's and ICEWS's coders record them.
    /// Only for acts that land on a place ([`lands_on_place`]); a meeting or a resignation in a
    /// city stays untargeted. An event without a place of its own takes the place of the act it
    /// announces in an infinitive ("threatened to impose a curfew in Algiers").
    fn place_targets(&self, coded: &mut [Event]) {
        for idx in 0..coded.len() {
            if coded[idx].location.is_none() {
                let inherited = self.trigger_of(&coded[idx]).and_then(|trigger| {
                    let clauses = self.infinitives(trigger);
                    coded
                        .iter()
                        .filter(|inner| self.trigger_of(inner).is_some_and(|local| clauses.contains(&local)))
                        .find_map(|inner| inner.location.clone())
                        .or_else(|| clauses.iter().find_map(|&clause| self.location(clause, &[])))
                });
                // Never a place that is already one of the event's actors.
                let event = &coded[idx];
                let is_actor = |location: &Location| {
                    [&event.source, &event.target]
                        .into_iter()
                        .flatten()
                        .any(|actor| actor.range.is_some_and(|range| range.contains_range(location.range)))
                };
                coded[idx].location = inherited.filter(|location| !is_actor(location));
            }
            let event = &mut coded[idx];
            if event.target.is_some() || !lands_on_place(event.code) {
                continue;
            }
            let Some(location) = &event.location else { continue };
            if location.country.len() != 3 {
                continue;
            }
            event.target = Some(EventActor {
                actor: ActorCode::new(&location.country),
                entity: location.entity.clone(),
                range: Some(location.range),
            });
        }
    }

    /// A protest that names no target and no place is aimed at the protesters' own government:
    /// "Some 500,000 Serbian workers stopped work", "Young Algerians blocked roads", as CAMEO's
    /// and PLOVER's coders record them. Only for protesters who are people of a country
    /// (workers, students, the opposition, rebels), not a state acting through its own organs
    /// ("Russia protested" without a target stays untargeted), and not for a strike against a
    /// business ("staged a strike against the company"). The target has no span: nothing in the
    /// text names it.
    fn domestic_targets(&self, coded: &mut [Event]) {
        for event in coded.iter_mut() {
            if event.target.is_some() || event.code.root().as_str() != "14" {
                continue;
            }
            let Some(source) = &event.source else { continue };
            let (country, sector) = (source.actor.country_part(), source.actor.sector_part());
            // CAMEO's three-letter codes that are no country: organizations, armed groups,
            // companies, unknown.
            let stateless = ["IGO", "NGO", "NGM", "IMG", "MNC", "UIS", "UNK"].contains(&country);
            let is_country = country.len() == 3 && country.bytes().all(|b| b.is_ascii_uppercase()) && !stateless;
            let is_state = ["GOV", "MIL", "COP", "JUD", "LEG", "SPY"].iter().any(|state| sector.starts_with(state));
            // A country's people named by a plural demonym ("Young Algerians blocked roads")
            // are no state either.
            let people = sector.is_empty()
                && self.mentions.iter().any(|mention| {
                    Some(mention.range) == source.range
                        && mention.rule == "link/demonym"
                        && (0..self.tree.len())
                            .rfind(|&local| mention.range.contains_range(self.token_range(local)))
                            .is_some_and(|last| matches!(&*self.tree.parse[last].xpos, "NNPS" | "NNS"))
                });
            if !is_country || (sector.is_empty() && !people) || is_state || self.against_business(event) {
                continue;
            }
            let target = ActorCode::new(format!("{country}GOV"));
            event.target = Some(EventActor { actor: target, entity: None, range: None });
        }
    }

    /// Whether the event's trigger, its object, or the verb whose object names it ("staged a
    /// strike") is "against" a business: a company, an employer, a mine.
    fn against_business(&self, event: &Event) -> bool {
        let Some(trigger) = self.trigger_of(event) else { return false };
        let mut heads = vec![trigger];
        heads.extend(self.tree.children_with(trigger, &[Deprel::Obj]));
        if self.tree.parse[trigger].deprel == Deprel::Obj {
            heads.extend(self.tree.parse[trigger].head.map(|head| head as usize));
        }
        heads.into_iter().flat_map(|head| self.tree.children_with(head, &[Deprel::Obl, Deprel::Nmod])).any(|party| {
            self.tree.preposition(party).as_deref() == Some("against")
                && matches!(
                    self.tree.lemmas[party].as_str(),
                    "company"
                        | "firm"
                        | "employer"
                        | "management"
                        | "owner"
                        | "operator"
                        | "corporation"
                        | "mine"
                        | "factory"
                        | "plant"
                        | "bank"
                )
        })
    }

    /// The infinitive complements of a verb: its `xcomp`s, and `to`-clauses without a subject
    /// of their own that the parser attached as adverbial ("threatened on Monday to break ...").
    fn infinitives(&self, local: usize) -> Vec<usize> {
        self.tree
            .children_with(local, &[Deprel::Xcomp, Deprel::Advcl])
            .filter(|&clause| {
                self.tree.parse[clause].deprel == Deprel::Xcomp
                    || self.tree.parse[clause].upos == Upos::Verb
                        && self.tree.children_with(clause, &[Deprel::Mark]).any(|mark| self.tree.lemmas[mark] == "to")
                        && self.tree.children_with(clause, &[Deprel::Nsubj, Deprel::NsubjPass]).next().is_none()
            })
            .collect()
    }

    /// The lemma, then forms guessed from the word itself for when the lemmatizer errs on a
    /// rare inflection ("shelled" -> "shell", "looted" -> "loot", "patrolling" -> "patrol"),
    /// then each of those with a prefix's hyphen dropped ("re-opened" -> "reopen",
    /// "co-operate" -> "cooperate").
    fn lemma_candidates(&self, local: usize) -> Vec<String> {
        let lemma = self.tree.lemmas[local].clone();
        let word = self.word(local).to_lowercase();
        let mut candidates = vec![lemma];
        let mut push = |candidate: String| {
            if candidate.len() >= 3 && !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        };
        push(word.clone());
        for suffix in ["ing", "ed", "es", "s", "d"] {
            if let Some(stem) = word.strip_suffix(suffix) {
                push(stem.to_owned());
                push(format!("{stem}e"));
                let chars: Vec<char> = stem.chars().collect();
                if chars.len() >= 2 && chars[chars.len() - 1] == chars[chars.len() - 2] {
                    push(chars[..chars.len() - 1].iter().collect());
                }
                if let Some(base) = stem.strip_suffix('i') {
                    push(format!("{base}y"));
                }
            }
        }
        let joined: Vec<String> =
            candidates.iter().filter(|candidate| candidate.contains('-')).map(|c| c.replace('-', "")).collect();
        for candidate in joined {
            if !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
        candidates
    }

    fn best_rule(
        &self,
        local: usize,
        lemma: &str,
        candidates: &[usize],
        nominal: bool,
    ) -> Option<(&'a EventRule, &'a Trigger)> {
        let rules = &self.input.kb.event_rules().rules;
        let mut best: Option<(usize, &EventRule, &Trigger)> = None;
        for &rule_idx in candidates {
            let rule = &rules[rule_idx];
            let triggers = if nominal { &rule.nouns } else { &rule.verbs };
            for trigger in triggers.iter().filter(|trigger| trigger.lemma == lemma) {
                if !self.trigger_matches(local, trigger) || !self.conditions_hold(local, rule) {
                    continue;
                }
                let specificity = rule.specificity(trigger);
                if best.is_none_or(|(best_specificity, _, _)| specificity > best_specificity) {
                    best = Some((specificity, rule, trigger));
                }
            }
        }
        best.map(|(_, rule, trigger)| (rule, trigger))
    }

    /// "turn to": the particle or the preposition of some dependent must be there.
    fn trigger_matches(&self, local: usize, trigger: &Trigger) -> bool {
        trigger.with.iter().all(|word| {
            self.tree.children[local].iter().any(|&child| {
                let deprel = self.tree.parse[child].deprel;
                (matches!(deprel, Deprel::CompoundPrt | Deprel::Advmod) && self.tree.lemmas[child] == *word)
                    || (matches!(
                        deprel,
                        Deprel::Obl | Deprel::Nmod | Deprel::Obj | Deprel::Advcl | Deprel::Xcomp | Deprel::OblAgent
                    ) && self
                        .tree
                        .preposition(child)
                        // "pulled out of the talks": the parser may read "out of" as one
                        // preposition of the object, where the rule has a particle and "of".
                        .is_some_and(|prep| {
                            prep == *word || prep.ends_with(word.as_str()) || prep.split(' ').any(|part| part == word)
                        }))
            }) || self.tree.parse[local].upos == Upos::Verb && !self.displaced_obliques(local, word, false).is_empty()
        })
    }

    /// `need`: one of the words among the trigger's dependents (three levels down, skipping the
    /// subject); `not`: none of them. A `not` word also blocks when misspelled by one letter
    /// ("influance"): a guard against a wrong code should not depend on the writer's spelling.
    fn conditions_hold(&self, local: usize, rule: &EventRule) -> bool {
        if !rule.subject_need.is_empty() && !self.subject_has(local, &rule.subject_need) {
            return false;
        }
        if rule.need.is_empty() && rule.need_also.is_empty() && rule.not.is_empty() {
            return true;
        }
        let mut words: Vec<&str> = Vec::new();
        self.collect_dependents(local, 0, &mut words);
        // A hyphenated word among the dependents also counts whole ("cease-fire", "ceasefire").
        let n_dependents = words.len();
        for (last, whole) in &self.hyphenated {
            if words[..n_dependents].contains(&self.tree.lemmas[*last].as_str()) {
                words.extend(whole.iter().map(String::as_str));
            }
        }
        let has = |wanted: &String| words.iter().any(|word| word == wanted);
        let near = |unwanted: &String| words.iter().any(|word| *word == unwanted || one_typo_apart(word, unwanted));
        (rule.need.is_empty() || rule.need.iter().any(has))
            && (rule.need_also.is_empty() || rule.need_also.iter().any(has))
            && !rule.not.iter().any(near)
    }

    /// Whether the trigger's subject (its head word or a dependent up to two levels down, or
    /// the controller's subject for a verb without its own) has one of `wanted`'s lemmas.
    fn subject_has(&self, local: usize, wanted: &[String]) -> bool {
        let mut node = local;
        for _ in 0..3 {
            let subjects: Vec<usize> = self.tree.children_with(node, &[Deprel::Nsubj, Deprel::NsubjPass]).collect();
            if !subjects.is_empty() {
                return subjects.into_iter().any(|subject| {
                    let mut words = vec![self.tree.lemmas[subject].as_str()];
                    self.collect_dependents(subject, 1, &mut words);
                    words.iter().any(|word| wanted.iter().any(|w| w == word))
                });
            }
            // "troops began to arrive": the subject of the verb this one completes.
            match (self.tree.parse[node].deprel, self.tree.parse[node].head) {
                (Deprel::Xcomp | Deprel::Conj, Some(head)) => node = head as usize,
                _ => return false,
            }
        }
        false
    }

    fn collect_dependents<'s>(&'s self, local: usize, depth: usize, words: &mut Vec<&'s str>) {
        if depth == 3 {
            return;
        }
        for &child in &self.tree.children[local] {
            // The trigger's subject is not its content, and for a verb of stating neither is a
            // complement clause with a subject of its own ("announced that he will extend the
            // curfew": the curfew is the extending's, coded there). Demands and warnings keep
            // their complements: "demanded that Russia withdraw its troops".
            let own_clause = depth == 0
                && self.tree.parse[child].deprel == Deprel::Ccomp
                && is_stating_verb(&self.tree.lemmas[local])
                && self.tree.child_with(child, &[Deprel::Nsubj, Deprel::NsubjPass]).is_some();
            if (matches!(
                self.tree.parse[child].deprel,
                Deprel::Nsubj | Deprel::NsubjPass | Deprel::Punct | Deprel::Parataxis
            ) || own_clause)
                && depth == 0
            {
                continue;
            }
            // Nor is an adverbial clause about someone else ("will withdraw its force unless
            // Oueddei arranges a ceasefire" is no ceasefire); a purpose clause without a
            // subject ("protested to demand his resignation") is.
            let other_clause = self.tree.parse[child].deprel == Deprel::Advcl
                && self.tree.child_with(child, &[Deprel::Nsubj, Deprel::NsubjPass]).is_some();
            if other_clause {
                continue;
            }
            words.push(&self.tree.lemmas[child]);
            // A named city as the object is a city: "recaptured Kherson" as "recaptured the city
            // of Kherson".
            if depth == 0
                && self.tree.parse[child].deprel == Deprel::Obj
                && self.mention_at[child].is_some_and(|mention| mention.entity.as_str().starts_with("city/"))
            {
                words.push("city");
            }
            self.collect_dependents(child, depth + 1, words);
        }
    }

    fn code_one(
        &self,
        local: usize,
        rule: &EventRule,
        trigger: &Trigger,
        nominal: bool,
        governor: Governor,
        events: &mut Vec<Event>,
    ) {
        let passive = !nominal && self.is_passive(local);
        let mut sources = self.fill(local, &rule.source, passive, nominal, Role::Source);
        let mut targets = self.fill(local, &rule.target, passive, nominal, Role::Target);
        if sources.is_empty() && !nominal {
            sources = self.inherited_subject(local);
        }
        if sources.is_empty() && nominal && governor == Governor::None {
            sources = self.support_subject(local);
        }
        if let (true, Governor::Statement(verb)) = (sources.is_empty(), governor) {
            sources = self
                .tree
                .children_with(verb, &[Deprel::Nsubj])
                .flat_map(|subject| self.arguments_at(subject, Role::Source))
                .collect();
        }
        let governed = governor != Governor::None;
        // An actor is never its own target through one mention.
        targets.retain(|target| sources.iter().all(|source| source.actor.range != target.actor.range));
        if (rule.require_source || governed) && sources.is_empty() || rule.require_target && targets.is_empty() {
            return;
        }
        // With no actor on either side, an act that lands on a place it names is still an
        // event against that place's country ("Prisoners rioted at a jail in Dili"; see
        // `place_targets`).
        let location = self.location(local, &[&sources, &targets]);
        let placed = location.as_ref().is_some_and(|place| place.country.len() == 3) && lands_on_place(rule.code);
        if sources.is_empty() && targets.is_empty() && !placed {
            return;
        }
        // An event noun carried by a support verb has the verb's modality: "said it would
        // tighten the blockade" is a future blockade.
        let (mut modality, speaker) = match self.support_verb(local).filter(|_| nominal) {
            Some((verb, _)) => self.modality(verb, false),
            None => self.modality(local, nominal),
        };
        // An actor announcing its own future action expresses intent (CAMEO 03x) or, for hostile
        // actions, threatens (13x): "Finland will give Tanzania a grant, the ministry said".
        let mut code = rule.code;
        if modality == Modality::Future {
            let same_actor = |speaker: &EventActor| {
                sources.iter().any(|source| source.actor.actor.country_part() == speaker.actor.country_part())
            };
            // A planned cooperative act is its actor's intent whoever reports it ("Fischer
            // will visit Albania, the Albanian embassy said"); a hostile one is a threat only
            // when the actor announces it itself. With no one reporting it, it is the writer's
            // forecast and stays a future event ("Russia will send troops").
            let cooperative = intent_code(code).is_some_and(|intent| intent.root().as_str() == "03");
            let announced = speaker.as_ref().is_some_and(|speaker| cooperative || same_actor(speaker));
            if let Some(intent) = intent_code(code).filter(|_| announced) {
                code = intent;
                modality = Modality::Reported;
            }
        }
        // "may halt mediation efforts if cooperation founders, the Dutch minister said", "will
        // withdraw their force unless the president arranges a ceasefire": a hostile act that
        // someone says will follow from what another does is a threat of it (CAMEO 13x), not
        // a forecast. A condition the writer states alone stays a forecast.
        if matches!(modality, Modality::Future | Modality::Hypothetical)
            && speaker.is_some()
            && self.is_conditioned(local)
        {
            if let Some(threat) = intent_code(code).filter(|threat| threat.root().as_str() == "13") {
                code = threat;
                modality = Modality::Reported;
            }
        }
        // "Syria is willing to withdraw its troops": being ready to act expresses the intent to
        // (03x), or for hostile acts threatens them (13x).
        // Not yielding is refusing to yield: "Russia did not lift the sanctions" (CAMEO 124x).
        // Either way the recoded act (an intent, a refusal) is stated, not hypothetical.
        let recoded = match modality {
            Modality::Negated => refusal_code(code),
            _ if self.is_readiness(local) => intent_code(code),
            _ => None,
        };
        if let Some(recoded) = recoded {
            code = recoded;
            modality = if speaker.is_some() { Modality::Reported } else { Modality::Asserted };
        }
        // A threat, stated ("threatened to stop the talks if the United States deploys
        // missiles") or announced ("will boycott the elections unless the president steps
        // down"), is made to whoever its condition names.
        if targets.is_empty() && code.root().as_str() == "13" {
            targets = self.conditioned_party(local);
            targets.retain(|target| sources.iter().all(|source| source.actor.range != target.actor.range));
        }
        let evidence = self.evidence(local, trigger);
        let source_list: Vec<Option<EventActor>> =
            if sources.is_empty() { vec![None] } else { sources.into_iter().map(|a| Some(a.actor)).collect() };
        let target_list: Vec<Option<EventActor>> =
            if targets.is_empty() { vec![None] } else { targets.into_iter().map(|a| Some(a.actor)).collect() };
        for source in &source_list {
            for target in &target_list {
                // An actor acting on itself ("Russia withdrew its demands") has no target.
                let target = match (source, target) {
                    (Some(source), Some(target)) if source.actor == target.actor && source.entity == target.entity => {
                        None
                    }
                    _ => target.clone(),
                };
                events.push(Event {
                    source: source.clone(),
                    target,
                    code,
                    modality,
                    speaker: speaker.clone(),
                    location: location.clone(),
                    sentence: self.range,
                    evidence,
                    rule: rule.id.clone(),
                });
            }
        }
    }

    /// The trigger word plus its particle ("turned ... to" keeps only the verb; "carry out"
    /// spans both when adjacent).
    fn evidence(&self, local: usize, trigger: &Trigger) -> TextRange {
        let mut range = self.token_range(local);
        for &child in &self.tree.children[local] {
            if self.tree.parse[child].deprel == Deprel::CompoundPrt
                && trigger.with.contains(&self.tree.lemmas[child])
                && child == local + 1
            {
                range = range.cover(self.token_range(child));
            }
        }
        range
    }

    /// Follows slots in order and returns the arguments of the first one that yields actors.
    /// Targets fall back to the actors inside the phrases the slots reached, when no slot
    /// names one itself ([`Self::nested_targets`]).
    fn fill(&self, local: usize, slots: &[Slot], passive: bool, nominal: bool, role: Role) -> Vec<Argument> {
        let mut reached = Vec::new();
        for slot in slots {
            let heads = self.follow(local, slot, passive, nominal);
            let arguments: Vec<Argument> = heads.iter().flat_map(|&head| self.arguments_at(head, role)).collect();
            if !arguments.is_empty() {
                return arguments;
            }
            reached.push(heads);
        }
        if role == Role::Target {
            for heads in &reached {
                let found = self.nested_targets(heads);
                if !found.is_empty() {
                    return found;
                }
            }
        }
        Vec::new()
    }

    /// The actors named inside a target phrase that is no actor itself, one or two
    /// prepositional phrases down: "expelled inspectors *of the IAEA*", "accepted demands *from
    /// the rebels*", "attacked a camp *for Congolese refugees*", "suspended part of an aid
    /// program *for Bosnia*", "lifted the ban *on the FIS*". An act on a thing that belongs to
    /// or concerns an actor is directed at that actor, as CAMEO's coders read the object phrase;
    /// the nearer phrases are tried first. Locative phrases ("in", "at") are places, not
    /// parties, and are left to [`Self::location`]. The victims of a violent act or the troops
    /// of a deployment are not what an act on that act is directed at ("investigated the
    /// murder of the journalist", "rejected the deployment of peacekeepers").
    fn nested_targets(&self, heads: &[usize]) -> Vec<Argument> {
        let rules = self.input.kb.event_rules();
        let is_violent_act = |node: usize| {
            rules.by_noun.get(&self.tree.lemmas[node]).is_some_and(|candidates| {
                candidates.iter().any(|&idx| matches!(rules.rules[idx].code.root().as_str(), "15" | "18" | "19" | "20"))
            })
        };
        let phrases = |nodes: &[usize]| -> Vec<usize> {
            nodes
                .iter()
                .filter(|&&node| {
                    matches!(self.tree.parse[node].upos, Upos::Noun | Upos::Propn) && !is_violent_act(node)
                })
                .flat_map(|&node| self.tree.children_with(node, &[Deprel::Nmod]))
                .filter(|&phrase| {
                    self.tree.preposition(phrase).is_some_and(|prep| {
                        matches!(
                            prep.as_str(),
                            "of" | "for" | "from" | "against" | "to" | "on" | "with" | "between" | "into" | "over"
                        )
                    })
                })
                .collect()
        };
        // "talks between Armenia and Azerbaijan": each party.
        let first = phrases(heads);
        let found: Vec<Argument> = self
            .with_coordinated(&first)
            .into_iter()
            .flat_map(|phrase| self.arguments_at(phrase, Role::Target))
            .collect();
        if !found.is_empty() {
            return found;
        }
        self.with_coordinated(&phrases(&first))
            .into_iter()
            .flat_map(|phrase| self.arguments_at(phrase, Role::Target))
            .collect()
    }

    /// Token indices reached from `local` by a slot path.
    fn follow(&self, local: usize, slot: &Slot, passive: bool, nominal: bool) -> Vec<usize> {
        let mut current = vec![local];
        for (step_idx, step) in slot.steps.iter().enumerate() {
            let first_step = step_idx == 0;
            let mut next = Vec::new();
            for &node in &current {
                let deprels: &[Deprel] = match (step.relation.as_str(), first_step && passive) {
                    ("subj", false) => &[Deprel::Nsubj, Deprel::Csubj, Deprel::NsubjOuter],
                    ("subj", true) => &[Deprel::OblAgent],
                    ("obj", false) => &[Deprel::Obj],
                    ("obj", true) => &[Deprel::NsubjPass],
                    ("iobj", _) => &[Deprel::Iobj],
                    ("obl", _) => &[Deprel::Obl, Deprel::OblAgent, Deprel::OblUnmarked, Deprel::OblNpmod],
                    ("nmod", _) => &[Deprel::Nmod, Deprel::NmodUnmarked, Deprel::NmodDesc],
                    ("poss", _) => &[Deprel::NmodPoss, Deprel::DetPoss],
                    ("xcomp", _) => &[Deprel::Xcomp],
                    ("ccomp", _) => &[Deprel::Ccomp],
                    ("advcl", _) => &[Deprel::Advcl],
                    ("amod", _) => &[Deprel::Amod],
                    ("compound", _) => &[Deprel::Compound],
                    ("acl", _) => &[Deprel::Acl, Deprel::AclRelcl],
                    ("conj", _) => &[Deprel::Conj],
                    _ => &[],
                };
                for child in self.tree.children_with(node, deprels) {
                    // An adverbial clause is chosen by its conjunction ("advcl:unless").
                    let prep_ok = match &step.preposition {
                        None => true,
                        Some(wanted) if step.relation == "advcl" => {
                            self.tree.marker(child).is_some_and(|mark| mark == *wanted)
                        }
                        Some(wanted) => self.tree.preposition(child).is_some_and(|prep| prep == *wanted),
                    };
                    if prep_ok {
                        next.push(child);
                    }
                }
                // "In January Moscow rushed troops": the parser read the time phrase and the
                // subject after it as one noun phrase ("January Moscow") in the `in` phrase.
                if step.relation == "subj" && first_step && !passive && !nominal && next.is_empty() {
                    next.extend(self.tree.children_with(node, &[Deprel::Obl]).filter(|&phrase| {
                        phrase < node
                            && self
                                .tree
                                .children_with(phrase, &[Deprel::Compound, Deprel::Nummod, Deprel::NmodTmod])
                                .any(|time| time < phrase && is_time_word(&self.tree.lemmas[time]))
                    }));
                }
                // A verb's prepositional phrase the parser hung on the object ("extradite the
                // suspect to Kazakhstan") or on a particle ("pulled back from Kazakhstan").
                if step.relation == "obl" && !nominal && next.is_empty() {
                    if let Some(wanted) = &step.preposition {
                        next.extend(self.displaced_obliques(node, wanted, first_step && passive));
                    }
                }
                // A nominal trigger's subject is its possessor or modifier; a verb in a
                // relative clause takes the noun it modifies as subject ("the CSTO, which sent").
                let relative = matches!(self.tree.parse[node].deprel, Deprel::AclRelcl | Deprel::Acl);
                if step.relation == "subj" && first_step && !nominal && next.is_empty() && relative {
                    if let Some(head) = self.tree.parse[node].head {
                        next.push(head as usize);
                    }
                }
            }
            current = next;
        }
        self.with_coordinated(&current)
    }

    /// The heads and their coordinated heads: "Russia and Belarus", "Kazakhstan, Kyrgyzstan and
    /// Tajikistan". A conjunct counts only with a conjunction or comma of its own; a bare `conj`
    /// is usually a misparse ("calls his people terrorists").
    fn with_coordinated(&self, heads: &[usize]) -> Vec<usize> {
        let mut expanded = heads.to_vec();
        for &head in heads {
            expanded.extend(self.tree.children_with(head, &[Deprel::Conj]).filter(|&conj| {
                self.tree.children[conj].iter().any(|&child| {
                    self.tree.parse[child].deprel == Deprel::Cc
                        || self.tree.parse[child].deprel == Deprel::Punct && self.tree.lemmas[child] == ","
                })
            }));
        }
        expanded
    }

    /// The `preposition` phrases of a verb that the parser attached one level too low: under
    /// its object ("extradite [the suspect to Kazakhstan]"), under a particle or adverb
    /// ("pulled [back from Kazakhstan]"), or under the means of talking ("spoke [by phone with
    /// Aliyev]").
    fn displaced_obliques(&self, verb: usize, preposition: &str, passive: bool) -> Vec<usize> {
        let object = if passive { Deprel::NsubjPass } else { Deprel::Obj };
        let with_preposition = |child: &usize| self.tree.preposition(*child).is_some_and(|prep| prep == preposition);
        let mut found: Vec<usize> = Vec::new();
        for object in self.tree.children_with(verb, &[object]) {
            found.extend(self.tree.children_with(object, &[Deprel::Nmod]).filter(with_preposition));
        }
        for particle in self.tree.children_with(verb, &[Deprel::Advmod, Deprel::CompoundPrt]) {
            found.extend(self.tree.children_with(particle, &[Deprel::Obl, Deprel::Nmod]).filter(with_preposition));
        }
        // "spoke [by phone with Aliyev]": under the means of talking.
        for means in self.tree.children_with(verb, &[Deprel::Obl]) {
            let by = matches!(self.tree.preposition(means).as_deref(), Some("by" | "via" | "over"));
            if by && is_means_noun(&self.tree.lemmas[means]) {
                found.extend(self.tree.children_with(means, &[Deprel::Nmod]).filter(with_preposition));
            }
        }
        found
    }

    /// The actor at an argument head: the mention covering it or one of its modifiers, or a
    /// resolved pronoun or definite description.
    fn arguments_at(&self, head: usize, role: Role) -> Vec<Argument> {
        if let Some(mention) = self.mention_at[head] {
            if mention.kind != EntityKind::City || role == Role::Target {
                let mut found = vec![self.argument(mention)];
                found.extend(self.coordinated_demonyms(head, mention));
                return found;
            }
        }
        // "in its Gulf war with Iraq", "Russia's dispute with Ukraine": what is done to a
        // conflict is done to its other party, not to the place or side that modifies it.
        if role == Role::Target && is_conflict_noun(&self.tree.lemmas[head]) {
            for party in self.tree.children_with(head, &[Deprel::Nmod]) {
                if matches!(self.tree.preposition(party).as_deref(), Some("with" | "against")) {
                    let found = self.arguments_at(party, role);
                    if !found.is_empty() {
                        return found;
                    }
                }
            }
        }
        // "the Russian government's troops": look at compounds, possessors and adjectives.
        for &child in &self.tree.children[head] {
            if matches!(
                self.tree.parse[child].deprel,
                Deprel::Compound
                    | Deprel::Amod
                    | Deprel::NmodPoss
                    | Deprel::Flat
                    | Deprel::FlatName
                    | Deprel::NmodDesc
                    | Deprel::Appos
            ) {
                if let Some(mention) = self.mention_at[child] {
                    // "threatened to launch a new military offensive": a lone adjective that
                    // classifies an act names no one the act is done to.
                    let classifier = role == Role::Target
                        && mention.kind == EntityKind::Agent
                        && self.tree.parse[child].upos == Upos::Adj
                        && self.tree.parse[child].deprel == Deprel::Amod
                        && mention.range == self.token_range(child);
                    if classifier {
                        continue;
                    }
                    if mention.kind != EntityKind::City || role == Role::Target {
                        return vec![self.argument(mention)];
                    }
                }
            }
        }
        // "their forces", "its troops": a body of people owned by a pronoun acts for whom the
        // pronoun stands.
        if is_body_noun(&self.tree.lemmas[head]) {
            let owner = self
                .tree
                .child_with(head, &[Deprel::NmodPoss])
                .filter(|&owner| self.tree.parse[owner].upos == Upos::Pron);
            if let Some((owner, antecedent)) = owner.and_then(|owner| Some((owner, self.resolve_reference(owner)?))) {
                return vec![Argument {
                    actor: EventActor {
                        actor: antecedent.actor.clone(),
                        entity: Some(antecedent.entity.clone()),
                        range: Some(self.token_range(owner).cover(self.token_range(head))),
                    },
                }];
            }
        }
        if let Some(antecedent) = self.resolve_reference(head) {
            return vec![Argument {
                actor: EventActor {
                    actor: antecedent.actor.clone(),
                    entity: Some(antecedent.entity.clone()),
                    range: Some(self.token_range(head)),
                },
            }];
        }
        // "Thousands of Iraqi Kurds", "a group of protesters": the group is its members; as the
        // one who acts, so is "the first deployment of NATO troops" (but rejecting "the
        // deployment of peacekeepers" is not a rejection of the peacekeepers).
        let lemma = self.tree.lemmas[head].as_str();
        let collective = role == Role::Source && matches!(lemma, "deployment" | "wave" | "convoy" | "column");
        if is_quantity_word(lemma) || collective {
            for member in self.tree.children_with(head, &[Deprel::Nmod]) {
                if self.tree.preposition(member).as_deref() == Some("of") {
                    let found = self.arguments_at(member, role);
                    if !found.is_empty() {
                        return found;
                    }
                }
            }
        }
        // "workers affiliated with the Serbian union", "militants loyal to al-Qaeda", "gunmen
        // linked to the rebels": people named by whom they belong to act as that actor.
        for tie in self.tree.children_with(head, &[Deprel::Acl, Deprel::Amod]) {
            if !matches!(self.tree.lemmas[tie].as_str(), "affiliate" | "ally" | "link" | "tie" | "belong" | "loyal") {
                continue;
            }
            for party in self.tree.children_with(tie, &[Deprel::Obl]) {
                if matches!(self.tree.preposition(party).as_deref(), Some("with" | "to")) {
                    let found = self.arguments_at(party, role);
                    if !found.is_empty() {
                        return found;
                    }
                }
            }
        }
        // A source the KB does not know ("Hosni Mubarak", "ethnic Albanians"): an unknown actor
        // (`UNK`, as PLOVER and NGEC write it) with its span, so the event is kept. Targets
        // are not guessed: an unknown object is as often a place or a thing as an actor.
        // Only names qualify: a proper noun, or a noun with a proper-noun modifier ("the
        // Hizbollah group"); "a statement" or "the accusations" are not participants.
        let named = self.tree.parse[head].upos == Upos::Propn
            || self.tree.parse[head].upos == Upos::Noun
                && self
                    .tree
                    .children_with(head, &[Deprel::Compound, Deprel::Amod, Deprel::Flat])
                    .any(|c| self.tree.parse[c].upos == Upos::Propn);
        if named && role == Role::Source && !is_time_word(&self.tree.lemmas[head]) {
            let (first, last) = self.tree.subtree_span(head);
            let last = last.min(head.max(first));
            // A word run into a known name by a misparse ("Georgian" of "Georgian Prime
            // Minister Irakli Garibashvili" read as a second subject) is part of that name.
            if last + 1 < self.tree.len() && self.mention_at[last + 1].is_some() {
                return Vec::new();
            }
            let range = self.token_range(first).cover(self.token_range(last));
            return vec![Argument {
                actor: EventActor { actor: ActorCode::new("UNK"), entity: None, range: Some(range) },
            }];
        }
        Vec::new()
    }

    /// "Hungarian and Romanian officials": the head's mention is one country's group (ROUGOV,
    /// "Romanian officials"); a country adjective coordinated with the one inside that mention
    /// names the same group of another country (HUNGOV).
    fn coordinated_demonyms(&self, head: usize, mention: &Mention) -> Vec<Argument> {
        let code = mention.actor.as_str();
        let (Some(country), Some(sector)) = (code.get(..3), code.get(3..)) else { return Vec::new() };
        if mention.kind != EntityKind::Agent || sector.is_empty() || code.starts_with("IGO") || code.contains(':') {
            return Vec::new();
        }
        let in_mention = |idx: usize| mention.range.contains_range(self.token_range(idx));
        let mut found = Vec::new();
        for adjective in self.tree.children_with(head, &[Deprel::Amod, Deprel::Compound]) {
            let Some(other) = self.mention_at[adjective] else { continue };
            if other.kind != EntityKind::Country || other.actor.as_str() == country || in_mention(adjective) {
                continue;
            }
            let linked = self.tree.children_with(adjective, &[Deprel::Conj]).any(in_mention)
                || (self.tree.parse[adjective].deprel == Deprel::Conj
                    && self.tree.parse[adjective].head.is_some_and(|h| in_mention(h as usize)));
            if linked {
                found.push(Argument {
                    actor: EventActor {
                        actor: ActorCode::new(format!("{}{sector}", other.actor.as_str())),
                        entity: Some(mention.entity.clone()),
                        range: Some(other.range),
                    },
                });
            }
        }
        found
    }

    fn argument(&self, mention: &Mention) -> Argument {
        Argument {
            actor: EventActor {
                actor: mention.actor.clone(),
                entity: Some(mention.entity.clone()),
                range: Some(mention.range),
            },
        }
    }

    /// Pronouns and definite descriptions: "he" -> the last person, "it"/"the country" -> the
    /// last country or organization, "they" -> the last group.
    fn resolve_reference(&self, head: usize) -> Option<Antecedent> {
        let word = self.word(head).to_lowercase();
        let lemma = &self.tree.lemmas[head];
        let wants: &[EntityKind] = match (self.tree.parse[head].upos, word.as_str()) {
            (Upos::Pron, "he" | "him" | "his" | "she" | "her" | "himself" | "herself") => &[EntityKind::Person],
            (Upos::Pron, "it" | "its" | "itself") => &[EntityKind::Country, EntityKind::Org],
            (Upos::Pron, "they" | "them" | "their" | "themselves") => {
                &[EntityKind::Agent, EntityKind::Org, EntityKind::Country]
            }
            (Upos::Noun, _) if self.has_definite_determiner(head) => match lemma.as_str() {
                "country" | "state" | "nation" | "republic" | "government" => &[EntityKind::Country],
                "president" | "leader" | "man" | "dictator" | "strongman" | "minister" | "premier" => {
                    &[EntityKind::Person]
                }
                "organization" | "organisation" | "alliance" | "bloc" | "union" => &[EntityKind::Org],
                _ => return None,
            },
            _ => return None,
        };
        if let Some(speaker) = self.reporting_subject(head, wants) {
            return Some(speaker);
        }
        // Earlier in this sentence first (nearest), then earlier sentences (most salient last).
        let offset = self.token_range(head).start();
        let in_sentence = self
            .mentions
            .iter()
            .rev()
            .filter(|m| m.range.end() <= offset)
            .find(|m| wants.contains(&m.kind))
            .map(|m| Antecedent { actor: m.actor.clone(), entity: m.entity.clone(), kind: m.kind, plural: false });
        in_sentence.or_else(|| {
            self.discourse
                .recent
                .iter()
                .rev()
                .find(|a| wants.contains(&a.kind) && (a.plural || a.kind != EntityKind::Agent))
                .cloned()
        })
    }

    /// "The Georgian opposition said *it* would boycott the elections": a pronoun that is the
    /// subject of what a reporting verb reports is the reporter, when the reporter is an actor
    /// of a kind the pronoun can stand for (for "it", also a singular group such as "the
    /// opposition" or "the army").
    fn reporting_subject(&self, pronoun: usize, wants: &[EntityKind]) -> Option<Antecedent> {
        let token = &self.tree.parse[pronoun];
        if token.upos != Upos::Pron || !matches!(token.deprel, Deprel::Nsubj | Deprel::NsubjPass) {
            return None;
        }
        let clause = token.head? as usize;
        let verb = self.tree.parse[clause].head? as usize;
        if self.tree.parse[clause].deprel != Deprel::Ccomp || !is_reporting_verb(&self.tree.lemmas[verb]) {
            return None;
        }
        let subject = self.tree.child_with(verb, &[Deprel::Nsubj])?;
        let mention = self.mention_at[subject]?;
        let singular_group = mention.kind == EntityKind::Agent
            && self.tree.parse[subject].xpos == "NN"
            && wants.contains(&EntityKind::Country);
        (wants.contains(&mention.kind) || singular_group).then(|| Antecedent {
            actor: mention.actor.clone(),
            entity: mention.entity.clone(),
            kind: mention.kind,
            plural: false,
        })
    }

    fn has_definite_determiner(&self, head: usize) -> bool {
        self.tree.children[head].iter().any(|&child| {
            self.tree.parse[child].deprel == Deprel::Det
                && matches!(self.tree.lemmas[child].as_str(), "the" | "this" | "that")
        })
    }

    /// The doer of an event noun carried by a support verb that codes nothing itself: the
    /// subject of "staged a hunger strike", "continued their blockade", "were engaged in ethnic
    /// cleansing", or the agent of "a strike was staged by miners".
    fn support_subject(&self, noun: usize) -> Vec<Argument> {
        let Some((verb, subjects)) = self.support_verb(noun) else { return Vec::new() };
        let found: Vec<Argument> = self
            .tree
            .children_with(verb, subjects)
            .flat_map(|subject| self.arguments_at(subject, Role::Source))
            .collect();
        if found.is_empty() {
            self.inherited_subject(verb)
        } else {
            found
        }
    }

    /// The support verb that carries the event noun `noun`, with the relations that name its
    /// doer: "staged a protest" (subject), "a protest was staged by miners" (agent), "engaged
    /// in" (subject).
    fn support_verb(&self, noun: usize) -> Option<(usize, &'static [Deprel])> {
        let verb = self.tree.parse[noun].head? as usize;
        if self.tree.parse[verb].upos != Upos::Verb {
            return None;
        }
        let lemma = self.tree.lemmas[verb].as_str();
        let subjects: &'static [Deprel] = match self.tree.parse[noun].deprel {
            Deprel::Obj if is_support_verb(lemma) => &[Deprel::Nsubj],
            Deprel::NsubjPass if is_support_verb(lemma) => &[Deprel::OblAgent],
            Deprel::Obl if self.takes_part(verb) && self.tree.preposition(noun).as_deref() == Some("in") => {
                &[Deprel::Nsubj, Deprel::NsubjPass]
            }
            _ => return None,
        };
        Some((verb, subjects))
    }

    /// Whether `local` is what its subject says it is ready to do: the infinitive of "willing",
    /// "ready", "determined" or "is prepared" ("is willing to withdraw"; "the army prepared to
    /// attack" is a preparation, not a statement).
    fn is_readiness(&self, local: usize) -> bool {
        let token = &self.tree.parse[local];
        let Some(head) = token.head.map(|head| head as usize) else { return false };
        let copula = self.tree.child_with(head, &[Deprel::Cop]).is_some();
        token.deprel == Deprel::Xcomp
            && match self.tree.lemmas[head].as_str() {
                "willing" | "ready" | "determined" => true,
                "prepared" | "prepare" => copula,
                _ => false,
            }
    }

    /// Whether the act at `local` is made conditional by an "if" or "unless" clause on it, or,
    /// where the parser hangs the condition on the reporting verb above, on that verb ("said
    /// they will withdraw unless ...").
    fn is_conditioned(&self, local: usize) -> bool {
        // On the reporting verb, only a condition after the act counts.
        let conditioned = |clause: usize, after: usize| {
            self.tree.children_with(clause, &[Deprel::Advcl]).any(|condition| {
                condition > after && matches!(self.tree.marker(condition).as_deref(), Some("unless" | "if"))
            })
        };
        let reporting = self.tree.parse[local].head.map(|head| head as usize).filter(|&head| {
            self.tree.parse[local].deprel == Deprel::Ccomp && is_reporting_verb(&self.tree.lemmas[head])
        });
        conditioned(local, 0) || reporting.is_some_and(|verb| conditioned(verb, local))
    }

    /// The subjects of the "unless" or "if" clauses of `local`: the party a threat is made to.
    /// Without one on `local` itself, the conditions anywhere in the act it threatens count (the
    /// parser may hang the condition on a verb inside it: "threatened to stop negotiations to
    /// reduce weapons if the United States goes ahead"), not through reported speech.
    fn conditioned_party(&self, local: usize) -> Vec<Argument> {
        let parties = |clause: usize| -> Vec<Argument> {
            self.tree
                .children_with(clause, &[Deprel::Advcl])
                .filter(|&condition| matches!(self.tree.marker(condition).as_deref(), Some("unless" | "if")))
                .flat_map(|condition| {
                    self.tree.children_with(condition, &[Deprel::Nsubj, Deprel::NsubjPass]).collect::<Vec<_>>()
                })
                .flat_map(|subject| self.arguments_at(subject, Role::Target))
                .collect()
        };
        let own = parties(local);
        if !own.is_empty() {
            return own;
        }
        let mut found = Vec::new();
        let mut pending = self.infinitives(local);
        while let Some(clause) = pending.pop() {
            found.extend(parties(clause));
            pending.extend(self.tree.children[clause].iter().copied().filter(|&child| {
                matches!(self.tree.parse[child].upos, Upos::Verb | Upos::Noun)
                    && !matches!(self.tree.parse[child].deprel, Deprel::Ccomp | Deprel::Parataxis)
            }));
        }
        found
    }

    /// Whether the verb's `in` phrase is what its subject takes part in: "engaged in",
    /// "participated in", "took part in".
    fn takes_part(&self, verb: usize) -> bool {
        let lemma = self.tree.lemmas[verb].as_str();
        is_participation_verb(lemma)
            || lemma == "take"
                && self.tree.children_with(verb, &[Deprel::Obj]).any(|obj| self.tree.lemmas[obj] == "part")
    }

    /// Subject of a clause that has none of its own: the controller of an infinitive ("Tokayev
    /// wants to restore"), the first conjunct's subject ("Russia sent and deployed"). A clause
    /// whose own subject is no known actor inherits nothing ("..., residents said").
    fn inherited_subject(&self, local: usize) -> Vec<Argument> {
        let own_subject = self
            .tree
            .children_with(local, &[Deprel::Nsubj, Deprel::NsubjPass, Deprel::Csubj, Deprel::Expl])
            .next()
            .is_some();
        if own_subject {
            return Vec::new();
        }
        let mut node = local;
        for _ in 0..3 {
            let token = &self.tree.parse[node];
            let Some(head) = token.head else { break };
            let head = head as usize;
            if !matches!(token.deprel, Deprel::Xcomp | Deprel::Conj | Deprel::Advcl) {
                break;
            }
            // Object control: in "asked the CSTO to send troops" the CSTO sends; in "warned
            // Finland against joining NATO" Finland would join; in "blamed Moscow for shelling
            // the plant" Moscow is said to have shelled it.
            let accused = token.deprel == Deprel::Advcl
                && matches!(self.tree.marker(node).as_deref(), Some("of" | "for"))
                && is_accusing_verb(&self.tree.lemmas[head]);
            if token.deprel == Deprel::Xcomp || self.is_dissuaded(node) || accused {
                let objects: Vec<Argument> = self
                    .tree
                    .children_with(head, &[Deprel::Obj, Deprel::Iobj])
                    .flat_map(|object| self.arguments_at(object, Role::Source))
                    .collect();
                if !objects.is_empty() {
                    return objects;
                }
            }
            let subjects: Vec<Argument> = self
                .tree
                .children_with(head, &[Deprel::Nsubj])
                .flat_map(|subject| self.arguments_at(subject, Role::Source))
                .collect();
            if !subjects.is_empty() {
                return subjects;
            }
            node = head;
        }
        Vec::new()
    }

    /// Whether `clause` is what the object of the verb above is kept from or warned against:
    /// a gerund after "against" or "from" ("warned Finland against joining NATO", "barred
    /// the opposition from running"). That act has not happened.
    fn is_dissuaded(&self, clause: usize) -> bool {
        let Some(head) = self.tree.parse[clause].head.map(|head| head as usize) else { return false };
        let verb = self.tree.lemmas[head].as_str();
        self.tree.parse[clause].deprel == Deprel::Advcl
            && self.tree.parse[clause].xpos == "VBG"
            && match self.tree.marker(clause).as_deref() {
                Some("against") => matches!(verb, "warn" | "caution" | "advise" | "vote" | "decide" | "urge"),
                Some("from") => matches!(
                    verb,
                    "prevent"
                        | "stop"
                        | "bar"
                        | "ban"
                        | "keep"
                        | "deter"
                        | "discourage"
                        | "prohibit"
                        | "refrain"
                        | "abstain"
                        | "block"
                        | "exclude"
                        | "restrain"
                        | "dissuade"
                        | "forbid"
                ),
                _ => false,
            }
    }

    /// Modality from the trigger's auxiliaries, negation and marks, and from the clauses above
    /// it; a reporting verb above makes the event reported, with its subject as speaker; in a
    /// question nothing is asserted.
    fn modality(&self, local: usize, nominal: bool) -> (Modality, Option<EventActor>) {
        let mut negated = false;
        let mut future = false;
        // A question asserts nothing ("who will Moscow protect?").
        let mut hypothetical = self.tree.len() > 0 && self.word(self.tree.len() - 1) == "?";
        // "would" is the future of a past report ("they said they would blockade Paris") and
        // conditional elsewhere; decided once the reporting verb above is known.
        let mut would = false;
        let mut reported_in_past = false;
        let mut speaker = None;
        let mut node = local;
        for depth in 0..6 {
            for &child in &self.tree.children[node] {
                let lemma = self.tree.lemmas[child].as_str();
                match self.tree.parse[child].deprel {
                    Deprel::Advmod if depth == 0 && matches!(lemma, "not" | "never" | "n't") => negated = true,
                    Deprel::Det if depth == 0 && nominal && lemma == "no" => negated = true,
                    Deprel::Aux if depth == 0 || self.tree.parse[node].upos == Upos::Verb && depth <= 1 => {
                        match lemma {
                            "will" | "shall" | "'ll" => future = true,
                            "would" | "'d" if depth == 0 => would = true,
                            "may" | "might" | "could" | "would" | "can" | "should" | "must" | "ought" => {
                                hypothetical = true
                            }
                            _ => {}
                        }
                    }
                    Deprel::Mark if matches!(lemma, "if" | "unless" | "whether") => hypothetical = true,
                    // An infinitive ("a dangerous precedent to deploy soldiers") is not asserted,
                    // unless an aspectual verb above carries it ("began to withdraw").
                    Deprel::Mark if depth == 0 && lemma == "to" && !self.under_aspectual_verb(node) => {
                        hypothetical = true
                    }
                    _ => {}
                }
            }
            let token = &self.tree.parse[node];
            let Some(head) = token.head else { break };
            let head = head as usize;
            // Climb only through clausal links.
            if !matches!(
                token.deprel,
                Deprel::Ccomp
                    | Deprel::Xcomp
                    | Deprel::Advcl
                    | Deprel::Conj
                    | Deprel::Acl
                    | Deprel::AclRelcl
                    | Deprel::Csubj
            ) {
                break;
            }
            if token.deprel == Deprel::Ccomp && speaker.is_none() && is_reporting_verb(&self.tree.lemmas[head]) {
                let subjects: Vec<Argument> = self
                    .tree
                    .children_with(head, &[Deprel::Nsubj])
                    .flat_map(|s| self.arguments_at(s, Role::Source))
                    .collect();
                if let Some(subject) = subjects.into_iter().next() {
                    speaker = Some(subject.actor);
                    reported_in_past = self.tree.parse[head].xpos == "VBD";
                }
            }
            if depth == 0 && self.is_dissuaded(node) {
                hypothetical = true;
            }
            // "accused Ukraine of shelling the plant": the act is the accuser's allegation (the
            // parser may hang the clause on the accused).
            let accuser_verb = [Some(head), self.tree.parse[head].head.map(|verb| verb as usize)]
                .into_iter()
                .flatten()
                .find(|&verb| is_accusing_verb(&self.tree.lemmas[verb]));
            let alleged = matches!(token.deprel, Deprel::Advcl | Deprel::Acl)
                && matches!(self.tree.marker(node).as_deref(), Some("of" | "for"));
            if let Some(verb) = accuser_verb.filter(|_| alleged && speaker.is_none()) {
                speaker = self
                    .tree
                    .children_with(verb, &[Deprel::Nsubj])
                    .flat_map(|subject| self.arguments_at(subject, Role::Source))
                    .map(|argument| argument.actor)
                    .next();
            }
            // "demanded that Israel ease restrictions", "its demand that Israel ease ...".
            if matches!(token.deprel, Deprel::Ccomp | Deprel::Xcomp | Deprel::Acl)
                && is_irrealis_verb(&self.tree.lemmas[head])
            {
                hypothetical = true;
            }
            // "failed to capture Kyiv", "refused to withdraw": the act did not happen.
            if depth == 0
                && token.deprel == Deprel::Xcomp
                && matches!(self.tree.lemmas[head].as_str(), "fail" | "refuse" | "decline")
            {
                negated = true;
            }
            node = head;
        }
        // "X will do Y, a spokesman said": a reporting verb attached as parataxis to the clause
        // the trigger is in; "according to X" on it.
        if speaker.is_none() {
            speaker = self.parataxis_speaker(node);
        }
        if would {
            if reported_in_past {
                future = true;
            } else {
                hypothetical = true;
            }
        }
        let modality = if negated {
            Modality::Negated
        } else if hypothetical {
            Modality::Hypothetical
        } else if future {
            Modality::Future
        } else if speaker.is_some() {
            Modality::Reported
        } else {
            Modality::Asserted
        };
        (modality, speaker)
    }

    fn parataxis_speaker(&self, clause: usize) -> Option<EventActor> {
        for reporting in self.tree.children_with(clause, &[Deprel::Parataxis, Deprel::Ccomp]) {
            if !is_reporting_verb(&self.tree.lemmas[reporting]) {
                continue;
            }
            let subject = self
                .tree
                .children_with(reporting, &[Deprel::Nsubj])
                .flat_map(|subject| self.arguments_at(subject, Role::Source))
                .next();
            if let Some(subject) = subject {
                return Some(subject.actor);
            }
        }
        for oblique in self.tree.children_with(clause, &[Deprel::Obl]) {
            if self.tree.preposition(oblique).is_some_and(|prep| prep.contains("accord")) {
                if let Some(argument) = self.arguments_at(oblique, Role::Source).into_iter().next() {
                    return Some(argument.actor);
                }
            }
        }
        None
    }

    fn under_aspectual_verb(&self, local: usize) -> bool {
        self.tree.parse[local].deprel == Deprel::Xcomp
            && self.tree.parse[local].head.is_some_and(|head| {
                let head = head as usize;
                match self.tree.lemmas[head].as_str() {
                    "begin" | "start" | "continue" | "resume" | "keep" | "proceed" | "manage" | "go" | "use" => true,
                    // "had to withdraw" says it was done; "has to withdraw" is an obligation.
                    "have" => matches!(self.tree.parse[head].xpos, "VBD" | "VBN"),
                    _ => false,
                }
            })
    }

    /// "in Almaty", "at the border", "in Central Asia", "in Pandi": a place named by an `in`/`at`
    /// phrase on the trigger (or on its object or oblique argument, or a phrase on those), unless
    /// it is already the source or target. A linked mention is its KB entity's place; an unlinked
    /// proper name goes to the gazetteer with the document's countries as context.
    fn location(&self, local: usize, arguments: &[&[Argument]]) -> Option<Location> {
        // The trigger's own phrases first, then those on its object or oblique arguments
        // ("shelled positions near Tegh", "clashed with Tajik troops in Kok-Tash"), then one
        // level further ("fired shells at targets in Jericho").
        let arguments_of = |node: usize| {
            self.tree.children[node]
                .iter()
                .copied()
                .filter(|&child| matches!(self.tree.parse[child].deprel, Deprel::Obj | Deprel::Obl | Deprel::Nmod))
                .collect::<Vec<usize>>()
        };
        let first: Vec<usize> = arguments_of(local)
            .into_iter()
            .filter(|&child| matches!(self.tree.parse[child].deprel, Deprel::Obj | Deprel::Obl))
            .collect();
        let second: Vec<usize> = first.iter().flat_map(|&node| arguments_of(node)).collect();
        let phrases = self.tree.children[local]
            .iter()
            .copied()
            .chain(first.iter().flat_map(|&object| self.tree.children[object].iter().copied()))
            .chain(second.iter().flat_map(|&object| self.tree.children[object].iter().copied()));
        for child in phrases {
            if !matches!(self.tree.parse[child].deprel, Deprel::Obl | Deprel::Nmod) {
                continue;
            }
            if !self
                .tree
                .preposition(child)
                .is_some_and(|prep| matches!(prep.as_str(), "in" | "at" | "near" | "inside" | "outside"))
            {
                continue;
            }
            // "in the town of Cizre", "in the northern city of Kirkuk": the name after the noun
            // ("in Helmand Province" is a name of its own).
            let of_names: Vec<usize> = if is_place_noun(&self.tree.lemmas[child]) {
                self.tree
                    .children_with(child, &[Deprel::Nmod])
                    .filter(|&name| self.tree.preposition(name).as_deref() == Some("of"))
                    .collect()
            } else {
                Vec::new()
            };
            let named = if of_names.is_empty() { vec![child] } else { of_names };
            for name in named {
                let location = match self.mention_at[name] {
                    Some(mention) => {
                        let is_argument = arguments
                            .iter()
                            .flat_map(|side| side.iter())
                            .any(|arg| arg.actor.range == Some(mention.range));
                        if is_argument {
                            continue;
                        }
                        let Some(idx) = self.input.kb.lookup(mention.entity.as_str()) else { continue };
                        self.places.resolver.entity_place(idx, mention.range)
                    }
                    None => self.unlinked_place(name),
                };
                if location.is_some() {
                    return location;
                }
            }
        }
        None
    }

    /// The place an unlinked proper name at `local` names, from the gazetteer: "in Pandi", "near
    /// Tegh", "in Santa Ana, California" (a division or country right after the name, set off
    /// by a comma, is context for it).
    fn unlinked_place(&self, local: usize) -> Option<Location> {
        let (first, last) = self.proper_name(local)?;
        // "Strait of Hormuz", "Sea of Azov": a name with an "of" phrase of proper names, when
        // the whole is a place.
        if last + 2 < self.tree.parse.len() && self.word(last + 1) == "of" {
            if let Some((_, of_last)) = self.proper_name(last + 2) {
                let range = self.token_range(first).cover(self.token_range(of_last));
                let place = self.places.resolver.resolve(&self.input.text[range], range, &self.places.context);
                if place.is_some() {
                    return place;
                }
            }
        }
        let range = self.token_range(first).cover(self.token_range(last));
        let qualifier = (last + 2 < self.tree.parse.len() && self.word(last + 1) == ",")
            .then(|| self.proper_name(last + 2))
            .flatten()
            .and_then(|(q_first, q_last)| {
                let q_range = self.token_range(q_first).cover(self.token_range(q_last));
                let name = &self.input.text[q_range];
                let place = self.places.resolver.resolve(name, q_range, &self.places.context)?;
                matches!(place.feature.as_str(), "ADM1" | "PCLI").then(|| (name.to_owned(), place))
            });
        let name = &self.input.text[range];
        match qualifier {
            Some((qualifier_name, qualifier)) => {
                let mut context = self.places.context.clone();
                context.add_place(self.input.kb, &qualifier_name, &qualifier);
                self.places.resolver.resolve(name, range, &context)
            }
            None => self.places.resolver.resolve(name, range, &self.places.context),
        }
    }

    /// The first and last token of the proper name around `local`: the run of proper nouns it
    /// stands in, hyphens written without spaces included ("Santa Ana", "Kok-Tash", "Pandi"),
    /// adjectives tagged as parts of a name included ("Black Sea": ADJ with the tag NNP, as UD
    /// English writes it); `None` unless `local` is a proper noun.
    fn proper_name(&self, local: usize) -> Option<(usize, usize)> {
        let is_propn = |idx: usize| {
            let token = &self.tree.parse[idx];
            token.upos == Upos::Propn || (token.upos == Upos::Adj && token.xpos == "NNP")
        };
        if !is_propn(local) {
            return None;
        }
        let touching = |left: usize, right: usize| self.token_range(left).end() == self.token_range(right).start();
        let joins = |idx: usize| {
            self.word(idx) == "-"
                && idx > 0
                && idx + 1 < self.tree.parse.len()
                && touching(idx - 1, idx)
                && touching(idx, idx + 1)
        };
        let (mut first, mut last) = (local, local);
        while first > 0 && (is_propn(first - 1) || (first > 1 && joins(first - 1) && is_propn(first - 2))) {
            first -= if is_propn(first - 1) { 1 } else { 2 };
        }
        let n = self.tree.parse.len();
        while last + 1 < n && (is_propn(last + 1) || (last + 2 < n && joins(last + 1) && is_propn(last + 2))) {
            last += if is_propn(last + 1) { 1 } else { 2 };
        }
        Some((first, last))
    }
}

/// One copy of `event` per distinct target found for it, or the event itself unchanged when
/// none was found.
fn fan_out(out: &mut Vec<Event>, event: &Event, mut targets: Vec<EventActor>) {
    targets.dedup_by(|a, b| a.actor == b.actor && a.entity == b.entity);
    if targets.is_empty() {
        out.push(event.clone());
    } else {
        out.extend(targets.into_iter().map(|target| Event { target: Some(target), ..event.clone() }));
    }
}

/// Fighting (19) between coordinated sources with no target of their own is each one's against
/// the others ("Kyrgyz and Tajik border guards exchanged fire": two events, one per direction),
/// as CAMEO codes reciprocal events. Agreements and talks are left one-sided ("Armenia and
/// Azerbaijan signed a peace agreement"), as the PLOVER GSR's coders code them.
fn reciprocal_targets(coded: &mut Vec<Event>) {
    let is_mutual =
        |event: &Event| event.target.is_none() && event.source.is_some() && event.code.root().as_str() == "19";
    let mut idx = 0;
    while idx < coded.len() {
        if !is_mutual(&coded[idx]) {
            idx += 1;
            continue;
        }
        let (code, evidence) = (coded[idx].code, coded[idx].evidence);
        let group: Vec<usize> = (idx..coded.len())
            .filter(|&other| is_mutual(&coded[other]) && coded[other].code == code && coded[other].evidence == evidence)
            .collect();
        let country = |event: &Event| event.source.as_ref().map(|source| source.actor.country_part().to_owned());
        let mut countries: Vec<String> = group.iter().filter_map(|&member| country(&coded[member])).collect();
        countries.sort();
        countries.dedup();
        if countries.len() < 2 {
            idx += 1;
            continue;
        }
        let members: Vec<Event> = group.iter().map(|&member| coded[member].clone()).collect();
        let mut paired: Vec<Event> = Vec::new();
        for event in &members {
            for other in &members {
                if country(other) != country(event) {
                    let mut directed = event.clone();
                    directed.target = other.source.clone();
                    paired.push(directed);
                }
            }
        }
        for &member in group.iter().rev() {
            coded.remove(member);
        }
        let n_paired = paired.len();
        coded.splice(idx..idx, paired);
        idx += n_paired;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Target,
}

/// The rule id of demands phrased as obligations ([`Sentence::code_obligations`]).
const OBLIGATION_RULE: &str = "coder/obligation";

/// Whether a statement (CAMEO root 01) among a sentence's events `coded` only carries another
/// event, and is dropped:
/// - "A said that B attacked C" codes B's attack, reported by A, not A's statement (a statement
///   about what may or will happen stays a statement);
/// - "Germany lifted sanctions, a spokesman said": an untargeted 010 whose speaker is the speaker
///   of another event is attribution (CAMEO's 010 is for statements "not otherwise specified");
///   a statement to someone ("Putin told Tokayev that ...") is an interaction and stays;
/// - "Russia said Sudan must return it": the saying is coded as a demand instead.
fn is_mere_statement(statement: &Event, coded: &[Event]) -> bool {
    if statement.code.root().as_str() != "01" {
        return false;
    }
    let reports_an_event =
        coded.iter().any(|event| event.modality == Modality::Reported && event.code.root().as_str() != "01");
    let attributes_an_event = statement.code.as_str() == "010"
        && statement.source.is_some()
        && statement.target.is_none()
        && coded
            .iter()
            .any(|event| event.code.as_str() != "010" && event.speaker.is_some() && event.speaker == statement.source);
    let became_a_demand =
        coded.iter().any(|event| event.rule == OBLIGATION_RULE && event.evidence.contains_range(statement.evidence));
    reports_an_event || attributes_an_event || became_a_demand
}

/// The CAMEO code for announcing a future action: cooperative actions become expressions of
/// intent (03x), hostile ones threats (13x). `None` for codes that are already verbal.
fn intent_code(code: CameoCode) -> Option<CameoCode> {
    let text = code.as_str();
    let mapped = match text.get(..2)? {
        "04" => match text {
            "045" => "039",
            "046" => "036",
            _ => "036",
        },
        "05" => match text {
            "057" => "030",
            _ => "032",
        },
        "06" => match text {
            "061" => "0311",
            "062" => "0312",
            "063" => "0313",
            "064" => "0314",
            _ => "031",
        },
        "07" => match text {
            "071" => "0331",
            "072" => "0332",
            "073" => "0333",
            "074" => "0334",
            _ => "033",
        },
        "08" => match text {
            "081" => "0351",
            "082" => "0352",
            "083" => "034",
            "084" | "0841" | "0842" => "0353",
            "085" => "0354",
            "086" | "0861" | "0862" | "0863" => "0355",
            "087" | "0871" | "0872" | "0873" | "0874" => "0356",
            _ => "035",
        },
        // Announcing one's own protest, strike or boycott threatens it.
        "14" => "133",
        "15" => "138",
        "16" => match text {
            "161" => "1313",
            "162" | "1621" | "1622" | "1623" => "1311",
            "163" => "1312",
            "164" => "134",
            "165" => "135",
            "166" | "1661" | "1662" | "1663" => "136",
            _ => "131",
        },
        "17" => match text {
            "1721" => "1321",
            "1722" => "1322",
            "1723" => "1323",
            "1724" => "1324",
            "172" => "132",
            _ => "137",
        },
        // Assaults are unconventional violence (CAMEO 18), threatened as 1383.
        "18" => "1383",
        "19" => match text {
            "191" => "1381",
            "192" => "1382",
            _ => "1384",
        },
        "20" => match text {
            "204" | "2041" | "2042" => "1385",
            _ => "1383",
        },
        _ => return None,
    };
    CameoCode::parse(mapped)
}

/// The CAMEO code for not doing what a yielding code (08x), an aid code (07x) or an agreement
/// or intent to yield (030, 057, 036, 035x) says: refusing to yield (124x) or, for political
/// reform, rejecting the request for it (123x); refusing aid (122x); rejecting (120, 127, 125).
/// `None` for other codes.
fn refusal_code(code: CameoCode) -> Option<CameoCode> {
    let mapped = match code.as_str() {
        // Not giving aid is refusing it ("Syria will not accept any more refugees": 1223).
        "070" => "122",
        "071" => "1221",
        "072" => "1222",
        "073" | "075" => "1223",
        "074" => "1224",
        // Not agreeing is rejecting: "failed to reach agreement" (120), "did not sign the peace
        // agreement" (127), "did not agree to the ceasefire" (1246), "would not meet" (125).
        "030" => "120",
        "057" => "127",
        "036" => "125",
        "0351" => "1241",
        "0352" => "1242",
        "0353" => "1243",
        "0354" => "1244",
        "0355" => "1245",
        "0356" => "1246",
        "080" => "124",
        "081" => "1241",
        "082" => "1242",
        "083" => "123",
        "0831" => "1231",
        "0832" => "1232",
        "0833" => "1233",
        "0834" => "1234",
        "084" | "0841" | "0842" => "1243",
        "085" => "1244",
        "086" | "0861" | "0862" | "0863" => "1245",
        "087" | "0871" | "0872" | "0873" | "0874" => "1246",
        _ => return None,
    };
    CameoCode::parse(mapped)
}

/// Verbs whose "of"/"for" clause is what the object is said to have done ("accused Ukraine of
/// shelling", "blamed Moscow for ...").
fn is_accusing_verb(lemma: &str) -> bool {
    matches!(lemma, "accuse" | "charge" | "blame" | "suspect")
}

/// Nouns for a body of people who act together for someone ("their forces", "its army").
fn is_body_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "force"
            | "troop"
            | "army"
            | "soldier"
            | "military"
            | "militia"
            | "fighter"
            | "unit"
            | "police"
            | "government"
            | "official"
            | "diplomat"
            | "envoy"
            | "negotiator"
            | "delegation"
            | "supporter"
            | "follower"
            | "ally"
    )
}

/// Nouns for the means of talking at a distance ("by phone", "via video link").
fn is_means_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "phone"
            | "telephone"
            | "video"
            | "videoconference"
            | "video-conference"
            | "link"
            | "videolink"
            | "letter"
            | "call"
    )
}

/// Nouns for a conflict between parties ("war with Iraq", "dispute with Japan").
fn is_conflict_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "war" | "conflict" | "dispute" | "confrontation" | "fighting" | "battle" | "feud" | "standoff" | "hostility"
    )
}

/// Nouns that stand for a group of their `of` complement, or for people acting for it.
fn is_quantity_word(lemma: &str) -> bool {
    matches!(
        lemma,
        "thousand"
            | "thousands"
            | "ten"
            | "tens"
            | "scores"
            | "handful"
            | "majority"
            | "hundred"
            | "hundreds"
            | "dozen"
            | "dozens"
            | "million"
            | "millions"
            | "group"
            | "number"
            | "crowd"
            | "team"
            | "delegation"
            | "contingent"
            | "unit"
            | "battalion"
            | "detachment"
            | "batch"
            | "patch"
            | "members"
            | "member"
            | "some"
            | "many"
            | "most"
            | "all"
            | "one"
            | "two"
            | "three"
            | "several"
            // People who act for their `of` complement: "inspectors of the IAEA".
            | "inspector"
            | "monitor"
            | "observer"
            | "representative"
            | "envoy"
            | "staff"
            | "employee"
            | "personnel"
            | "official"
            | "diplomat"
    )
}

/// Nouns that name times, not participants ("on Monday", "this week").
pub(crate) fn is_time_word(lemma: &str) -> bool {
    grip_syntax::repair::is_date_name(lemma)
        || matches!(
            lemma,
            "day" | "week" | "month" | "year" | "tomorrow" | "weekend" | "morning" | "evening" | "night" | "time"
        )
}

/// Verbs whose "that X must ..." complement is a demand on X.
fn is_obligation_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "say"
            | "state"
            | "declare"
            | "insist"
            | "stress"
            | "argue"
            | "conclude"
            | "reiterate"
            | "emphasize"
            | "emphasise"
            | "add"
            | "tell"
            | "write"
    )
}

/// Nouns for what is said that can carry a "that"-clause ("a reminder that Iraq must
/// cooperate", "a statement that ...").
fn is_statement_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "reminder"
            | "warning"
            | "statement"
            | "message"
            | "declaration"
            | "communique"
            | "note"
            | "letter"
            | "ultimatum"
    )
}

/// Verbs that report what someone else says ("Tokayev said that ...").
fn is_reporting_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "say"
            | "tell"
            | "claim"
            | "report"
            | "state"
            | "announce"
            | "declare"
            | "insist"
            | "allege"
            | "assert"
            | "add"
            | "note"
            | "write"
            | "argue"
            | "confirm"
            | "deny"
            | "warn"
            | "stress"
            | "explain"
            | "quote"
            | "suggest"
    )
}

/// Verbs that carry an event noun as their object without adding a meaning of their own
/// ("staged a protest", "launched an investigation", "continued the blockade", "paid a visit").
fn is_support_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "begin"
            | "start"
            | "launch"
            | "continue"
            | "resume"
            | "stage"
            | "hold"
            | "conduct"
            | "carry"
            | "undertake"
            | "wage"
            | "mount"
            | "step"
            | "intensify"
            | "escalate"
            | "organize"
            | "organise"
            | "impose"
            | "tighten"
            | "declare"
            | "perform"
            | "commit"
            | "perpetrate"
            | "make"
            | "pay"
            | "extend"
            | "lodge"
            | "file"
            | "initiate"
            | "arrange"
            | "maintain"
            | "keep"
            | "complete"
            | "finish"
    )
}

/// Verbs whose `in` phrase names the event the subject takes part in ("were engaged in ethnic
/// cleansing", "participated in the protests").
fn is_participation_verb(lemma: &str) -> bool {
    matches!(lemma, "engage" | "involve" | "participate" | "join")
}

/// Verbs whose complement is not asserted as fact ("hope that", "fear that", "imagine"), among
/// them demands and appeals ("demanded that Russia withdraw": no withdrawal has happened).
fn is_irrealis_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "hope"
            | "fear"
            | "wish"
            | "imagine"
            | "doubt"
            | "wonder"
            | "seem"
            | "suppose"
            | "want"
            | "plan"
            | "threaten"
            | "demand"
            | "urge"
            | "ask"
            | "request"
            | "require"
            | "propose"
            | "recommend"
            | "order"
            // The nouns whose "that"-clause is wished or asked for, not stated.
            | "insistence"
            | "proposal"
            | "recommendation"
            | "requirement"
            | "call"
            | "appeal"
    )
}

/// Whether two words of eight letters or more, with the same first letter, differ by one edit.
/// Shorter words are too often two real words ("policy" and "police", "protest" and "protect").
fn one_typo_apart(word: &str, other: &str) -> bool {
    let long_enough = word.chars().count() >= 8 && other.chars().count() >= 8;
    long_enough && word.chars().next() == other.chars().next() && strsim::levenshtein(word, other) == 1
}

/// Verbs of plain stating, whose complement clause is content of its own, coded on its own
/// verb (unlike warning, denying or insisting, which make the complement their own act).
fn is_stating_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "say" | "announce" | "declare" | "state" | "report" | "confirm" | "add" | "note" | "write" | "tell" | "claim"
    )
}

/// Acts that land on a place, so that the place's country is their target when the text names
/// no other: aid (07), condemnation (11: "condemned the bombing in Kabul"), threats (13),
/// protests (14), cutting aid or ties (16: "suspended aid deliveries in Baghdad", "closed its
/// embassy in Kabul"), coercion (17), assaults (18), fighting (19) and mass violence (20), and
/// easing the restrictions coercion imposed (081: "lifted the curfew in Dili", "ended the state
/// of emergency in West Darfur").
fn lands_on_place(code: CameoCode) -> bool {
    matches!(code.root().as_str(), "07" | "11" | "13" | "14" | "16" | "17" | "18" | "19" | "20")
        || code.as_str().starts_with("081")
}

/// Common nouns that name a kind of place and take the place's name in an `of` phrase ("the
/// town of Cizre", "the province of Helmand").
fn is_place_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "town"
            | "city"
            | "village"
            | "province"
            | "region"
            | "district"
            | "state"
            | "capital"
            | "port"
            | "area"
            | "county"
            | "island"
            | "republic"
            | "enclave"
            | "oblast"
            | "governorate"
            | "municipality"
            | "settlement"
            | "camp"
    )
}

#[cfg(test)]
mod typo_tests {
    use super::one_typo_apart;

    #[test]
    fn one_letter_off_long_words_only() {
        assert!(one_typo_apart("influance", "influence"));
        assert!(one_typo_apart("domminance", "dominance"));
        assert!(!one_typo_apart("influence", "influence"), "equal is not a typo");
        assert!(!one_typo_apart("grips", "grip"), "short words need the exact form");
        assert!(!one_typo_apart("policy", "police"));
        assert!(!one_typo_apart("protest", "protect"));
        assert!(!one_typo_apart("military", "militant"));
    }
}

#[cfg(test)]
mod intent_tests {
    use super::*;

    #[test]
    fn not_yielding_is_refusing() {
        for (act, refusal) in [
            ("081", "1241"),
            ("0831", "1231"),
            ("0841", "1243"),
            ("085", "1244"),
            ("0874", "1246"),
            ("072", "1222"),
            ("075", "1223"),
            ("057", "127"),
            ("0356", "1246"),
        ] {
            let code = CameoCode::parse(act).expect("a CAMEO code");
            assert_eq!(refusal_code(code).map(CameoCode::as_str), Some(refusal), "{act}");
        }
        assert_eq!(refusal_code(CameoCode::parse("190").expect("a CAMEO code")), None);
    }

    #[test]
    fn announced_coercion_maps_to_the_matching_threat() {
        for (act, threat) in [
            ("1721", "1321"),
            ("1722", "1322"),
            ("1723", "1323"),
            ("1724", "1324"),
            ("172", "132"),
            ("175", "137"),
            ("180", "1383"),
            ("186", "1383"),
            ("204", "1385"),
            ("2042", "1385"),
            ("202", "1383"),
            ("191", "1381"),
            ("074", "0334"),
            ("143", "133"),
            ("141", "133"),
            ("161", "1313"),
            ("1622", "1311"),
            ("163", "1312"),
            ("164", "134"),
            ("165", "135"),
            ("1661", "136"),
        ] {
            let code = CameoCode::parse(act).expect("a CAMEO code");
            assert_eq!(intent_code(code).map(CameoCode::as_str), Some(threat), "{act}");
        }
    }
}
