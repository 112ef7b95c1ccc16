//! Mention finding and actor linking: which spans of a document name KB entities, and which.
//!
//! The steps, in order:
//! 1. **Exact and normalized matching.** The document's tokens are turned into one key string
//!    (folded, lowercased, token-wrapped; see `grip_kb::key`) and every KB surface form is
//!    found with one Aho-Corasick pass. Matches must start and end on token boundaries and pass
//!    the form's case rule (`US` only in capitals, proper names only capitalized).
//! 2. **Selection.** Overlapping candidates are resolved leftmost-longest.
//! 3. **Fuzzy matching.** Capitalized, proper-looking tokens that no form covers are looked up
//!    in the KB's fuzzy index ("Kazakhstsn", "Centrsl Asia"); ties between entities are broken
//!    by what the document already mentions exactly ("Chine" is China in a text about China).
//! 4. **Resolution.** Each candidate chooses one entity: ambiguity guards (Georgia the US
//!    state, a surname after an unknown first name), locative context for capitals (Moscow the
//!    government vs "in Moscow" the city), and the document date for people.
//! 5. **Composition.** Adjacent pieces combine: demonym or possessive + agent ("Russian troops"
//!    -> RUSMIL), title + person ("President Tokayev"), demonym + office ("Kazakh President" ->
//!    the office holder at the date), "former" + office holder -> ELI.
//! 6. **Agent attachment.** Generic agents without a country take the nearest country in
//!    context, or the document's main country.

use std::collections::BTreeMap;
use std::ops::Range;

use grip_kb::{key, CaseRule, EntityIdx, FormIdx, FormKind, Kb, RoleKind};
use grip_model::{text_range, ActorCode, Date, Diagnostic, EntityKind, Mention, Severity, TextRange};
use grip_text::{Segmented, Token, TokenKind};

/// What the linker reads.
#[derive(Debug, Clone, Copy)]
pub struct LinkInput<'a> {
    /// The knowledge base.
    pub kb: &'a Kb,
    /// The original text.
    pub text: &'a str,
    /// Its tokens and sentences.
    pub segmented: &'a Segmented,
    /// The document date: roles and codes are resolved at this date.
    pub date: Date,
    /// Per token, whether a tagger says it is a proper noun; `None` falls back to
    /// capitalization alone.
    pub proper_nouns: Option<&'a [bool]>,
}

/// Finds and links all mentions in a document, in text order.
pub fn link(input: &LinkInput<'_>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Mention> {
    let context = Context::new(input);
    let exact = context.exact_candidates();
    let mut selected = select(exact);
    let exact_entities = context.exact_entity_counts(&selected);
    let fuzzy = context.fuzzy_candidates(&mut selected, &exact_entities, diagnostics);
    selected.extend(fuzzy);
    selected.sort_by_key(|candidate| candidate.tokens.start);
    let resolved: Vec<Resolved> =
        selected.iter().filter_map(|candidate| context.resolve(candidate, &exact_entities, diagnostics)).collect();
    let composed = context.compose(resolved);
    context.build_mentions(composed)
}

/// A span of tokens and the forms that matched it.
#[derive(Debug, Clone)]
struct Candidate {
    tokens: Range<usize>,
    forms: Vec<FormIdx>,
    /// Edit distance for fuzzy candidates.
    fuzzy: Option<usize>,
}

/// A candidate resolved to one entity.
#[derive(Debug, Clone)]
struct Resolved {
    tokens: Range<usize>,
    entity: EntityIdx,
    form: FormIdx,
    /// Overrides the entity's own kind (a capital used as a place is a city).
    kind: EntityKind,
    rule: &'static str,
    /// A country code to attach (agents), or the office country of a title.
    country: Option<String>,
    /// The sector a metonym stands for.
    sector: Option<String>,
    /// Preceded by "former"/"ex-".
    former: bool,
    /// A second sector from a modifying agent ("opposition" in "opposition lawmaker").
    extra_sector: Option<String>,
}

struct Context<'a> {
    kb: &'a Kb,
    text: &'a str,
    tokens: &'a [Token],
    date: Date,
    proper_nouns: Option<&'a [bool]>,
    /// Sentence index of each token.
    sentence_of: Vec<u32>,
    /// First token of each sentence.
    sentence_start: Vec<usize>,
    /// Whether each sentence is written in capitals (a headline).
    sentence_shouting: Vec<bool>,
    /// Provinces and states the KB does not list ([`Context::division_before`]).
    gazetteer: grip_geo::Gazetteer,
}

impl<'a> Context<'a> {
    fn new(input: &LinkInput<'a>) -> Context<'a> {
        let tokens = &input.segmented.tokens[..];
        let mut sentence_of = vec![0u32; tokens.len()];
        let mut sentence_start = Vec::with_capacity(input.segmented.sentences.len());
        let mut sentence_shouting = Vec::with_capacity(input.segmented.sentences.len());
        for (sentence_idx, sentence) in input.segmented.sentences.iter().enumerate() {
            let range = sentence.tokens.start as usize..sentence.tokens.end as usize;
            sentence_start.push(range.start);
            let sentence_idx = u32::try_from(sentence_idx).unwrap_or(u32::MAX);
            for slot in &mut sentence_of[range.clone()] {
                *slot = sentence_idx;
            }
            let letters = grip_text::slice(input.text, sentence.range).chars().filter(|c| c.is_alphabetic());
            let (mut n_upper, mut n_letters) = (0usize, 0usize);
            for ch in letters {
                n_letters += 1;
                n_upper += usize::from(ch.is_uppercase());
            }
            sentence_shouting.push(n_letters >= 8 && n_upper * 10 >= n_letters * 9);
        }
        Context {
            kb: input.kb,
            text: input.text,
            tokens,
            date: input.date,
            proper_nouns: input.proper_nouns,
            sentence_of,
            sentence_start,
            sentence_shouting,
            gazetteer: grip_geo::Gazetteer::embedded(),
        }
    }

    fn token_text(&self, idx: usize) -> &'a str {
        self.tokens[idx].text(self.text)
    }

    fn token_lower(&self, idx: usize) -> String {
        self.tokens[idx].norm(self.text).to_lowercase()
    }

    fn span_text(&self, tokens: &Range<usize>) -> &'a str {
        let start = usize::from(self.tokens[tokens.start].range.start());
        let end = usize::from(self.tokens[tokens.end - 1].range.end());
        &self.text[start..end]
    }

    fn span_range(&self, tokens: &Range<usize>) -> TextRange {
        text_range(
            usize::from(self.tokens[tokens.start].range.start()),
            usize::from(self.tokens[tokens.end - 1].range.end()),
        )
    }

    fn is_sentence_start(&self, idx: usize) -> bool {
        let sentence = self.sentence_of[idx] as usize;
        let start = self.sentence_start[sentence];
        // Opening quotes and brackets before the first word do not count.
        (start..idx).all(|k| self.tokens[k].kind == TokenKind::Punct)
    }

    fn same_sentence(&self, a: usize, b: usize) -> bool {
        self.sentence_of.get(a) == self.sentence_of.get(b)
    }

    /// Step 1: all exact and normalized matches that pass their case rules.
    fn exact_candidates(&self) -> Vec<Candidate> {
        let mut haystack = String::with_capacity(self.text.len() + self.text.len() / 4 + 16);
        let mut token_start = Vec::with_capacity(self.tokens.len());
        let mut token_end = Vec::with_capacity(self.tokens.len());
        for (idx, token) in self.tokens.iter().enumerate() {
            if idx > 0 && !self.same_sentence(idx - 1, idx) {
                haystack.push('\n');
            }
            token_start.push(haystack.len());
            key::push_token(&mut haystack, token.norm(self.text));
            token_end.push(haystack.len());
        }
        let mut candidates = Vec::new();
        for found in self.kb.matcher().find_overlapping_iter(&haystack) {
            let (Ok(first), Ok(last)) =
                (token_start.binary_search(&found.start()), token_end.binary_search(&found.end()))
            else {
                continue;
            };
            let tokens = first..last + 1;
            let forms: Vec<FormIdx> = self
                .kb
                .key_forms(found.pattern().as_usize())
                .iter()
                .copied()
                .filter(|&form| self.case_ok(form, &tokens))
                .collect();
            if !forms.is_empty() {
                candidates.push(Candidate { tokens, forms, fuzzy: None });
            }
        }
        candidates
    }

    fn case_ok(&self, form: FormIdx, tokens: &Range<usize>) -> bool {
        let span = self.span_text(tokens);
        match self.kb.form(form).case {
            CaseRule::Any => true,
            CaseRule::Upper => span.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase),
            CaseRule::Capitalized => {
                self.sentence_shouting[self.sentence_of[tokens.start] as usize]
                    || span.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)
            }
        }
    }

    /// How many exact mentions each entity has (the fuzzy step's context prior).
    fn exact_entity_counts(&self, selected: &[Candidate]) -> BTreeMap<EntityIdx, usize> {
        let mut counts = BTreeMap::new();
        for candidate in selected {
            for &form in &candidate.forms {
                *counts.entry(self.kb.form(form).entity).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Whether a token may be a misspelled proper name.
    fn proper_looking(&self, idx: usize) -> bool {
        let token = &self.tokens[idx];
        if token.kind != TokenKind::Word || !token.is_capitalized(self.text) {
            return false;
        }
        let text = token.text(self.text);
        if text.chars().filter(|c| c.is_alphabetic()).count() < 4 || text.chars().all(char::is_uppercase) {
            return false;
        }
        if let Some(proper) = self.proper_nouns {
            return proper.get(idx).copied().unwrap_or(false);
        }
        !self.is_sentence_start(idx) || !is_common_capitalized(&self.token_lower(idx))
    }

    /// Step 3: fuzzy candidates over tokens no exact candidate covers. A two-word fuzzy match
    /// may absorb a one-word exact match that follows it ("Centrsl Asia" over "Asia").
    fn fuzzy_candidates(
        &self,
        selected: &mut Vec<Candidate>,
        exact_entities: &BTreeMap<EntityIdx, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Candidate> {
        let mut covered_by: Vec<Option<usize>> = vec![None; self.tokens.len()];
        for (candidate_idx, candidate) in selected.iter().enumerate() {
            covered_by[candidate.tokens.clone()].fill(Some(candidate_idx));
        }
        let covered: Vec<bool> = covered_by.iter().map(Option::is_some).collect();
        let mut absorbed = Vec::new();
        let mut found = Vec::new();
        let mut idx = 0;
        while idx < self.tokens.len() {
            if covered_by[idx].is_some() || !self.proper_looking(idx) {
                idx += 1;
                continue;
            }
            // Two-word names first ("Centrsl Asia"), then one word.
            let next = idx + 1;
            let next_absorbable = next < self.tokens.len()
                && self.same_sentence(idx, next)
                && self.tokens[next].kind == TokenKind::Word
                && self.tokens[next].is_capitalized(self.text)
                && covered_by[next].is_none_or(|c| selected[c].tokens == (next..next + 1));
            let spans: &[usize] = if next_absorbable { &[2, 1] } else { &[1] };
            let mut matched = None;
            for &len in spans {
                let tokens = idx..idx + len;
                let query = tokens.clone().map(|k| self.token_lower(k)).collect::<Vec<_>>().join(" ");
                if let Some(candidate) = self.best_fuzzy(&query, tokens, &covered, exact_entities, diagnostics) {
                    matched = Some(candidate);
                    break;
                }
            }
            match matched {
                Some(candidate) => {
                    if candidate.tokens.len() == 2 {
                        absorbed.extend(covered_by[next]);
                    }
                    idx = candidate.tokens.end;
                    found.push(candidate);
                }
                None => idx += 1,
            }
        }
        absorbed.sort_unstable();
        for candidate_idx in absorbed.into_iter().rev() {
            selected.remove(candidate_idx);
        }
        found
    }

    fn best_fuzzy(
        &self,
        query: &str,
        tokens: Range<usize>,
        covered: &[bool],
        exact_entities: &BTreeMap<EntityIdx, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Candidate> {
        // A capitalized unknown word right next to this one makes it part of an unknown name
        // ("Osman Alameddine" is not Oman).
        let unknown_neighbour = |idx: usize| {
            self.tokens.get(idx).is_some_and(|token| {
                token.kind == TokenKind::Word
                    && token.is_capitalized(self.text)
                    && self.same_sentence(idx, tokens.start)
                    && covered.get(idx).is_some_and(|c| !c)
                    && !is_common_capitalized(&self.token_lower(idx))
                    && !is_title_word(&self.token_lower(idx))
            })
        };
        let glued_before =
            tokens.start > 0 && self.tokens[tokens.start].space_before && unknown_neighbour(tokens.start - 1);
        let glued_after =
            tokens.end < self.tokens.len() && self.tokens[tokens.end].space_before && unknown_neighbour(tokens.end);
        if glued_before || glued_after {
            return None;
        }
        let matches = self.kb.fuzzy(query);
        let best_distance = matches.first()?.distance;
        // Short words are one letter away from many names: only accept a match the document
        // already mentions exactly ("Chine" in a text that names China).
        let short = query.chars().count() <= 5;
        // Score each entity among the closest keys: exact mentions elsewhere in the document
        // first, then keyboard-plausible typos.
        let mut scored: Vec<(usize, usize, FormIdx)> = Vec::new();
        for found in matches.iter().filter(|m| m.distance == best_distance) {
            let key = key::compact(self.kb.key(found.pattern));
            let plausibility = typo_plausibility(query, &key);
            for &form in self.kb.key_forms(found.pattern) {
                let entity = self.kb.form(form).entity;
                let prior = exact_entities.get(&entity).copied().unwrap_or(0);
                scored.push((prior, plausibility, form));
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let (best_prior, best_plausibility, best_form) = *scored.first()?;
        // Without a prior, a word of up to eight letters must look like a typo of the name (a
        // neighbouring key or two swapped letters): "Siberian" is not "Liberian".
        let medium = query.chars().count() <= 8;
        if best_prior == 0 && (short || medium && best_plausibility < 2) {
            return None;
        }
        // A real place's own name is no typo of another's ("Kachin", the Myanmar state, is not
        // Lachin): a division, a named feature or a listed city of that name rules it out,
        // unless the document names the entity exactly elsewhere.
        let real_place = || {
            self.gazetteer.lookup(query).any(|place| match place.kind {
                grip_geo::PlaceKind::Populated => place.rank > 0,
                _ => true,
            })
        };
        if best_prior == 0 && real_place() {
            return None;
        }
        let best_entity = self.kb.form(best_form).entity;
        let rival = scored.iter().find(|(prior, plausibility, form)| {
            self.kb.form(*form).entity != best_entity && *prior == best_prior && *plausibility == best_plausibility
        });
        if let Some(&(_, _, rival_form)) = rival {
            let rival_entity = self.kb.form(rival_form).entity;
            diagnostics.push(
                Diagnostic::new(
                    Severity::Info,
                    "ambiguous-actor",
                    format!(
                        "{:?} may be {} or {}; not linked",
                        self.span_text(&tokens),
                        self.kb.entity(best_entity).name,
                        self.kb.entity(rival_entity).name
                    ),
                )
                .at(self.span_range(&tokens)),
            );
            return None;
        }
        let forms = scored
            .iter()
            .filter(|(_, _, form)| self.kb.form(*form).entity == best_entity)
            .map(|&(_, _, form)| form)
            .collect();
        Some(Candidate { tokens, forms, fuzzy: Some(best_distance) })
    }

    /// Step 4: one entity per candidate, or none if context rules it out.
    fn resolve(
        &self,
        candidate: &Candidate,
        exact_entities: &BTreeMap<EntityIdx, usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Resolved> {
        let tokens = candidate.tokens.clone();
        if candidate.forms.iter().any(|&form| self.kb.form(form).kind == FormKind::Stop) {
            return None;
        }
        let locative = self.is_locative(tokens.start);
        let mut options: Vec<(u32, FormIdx)> = Vec::new();
        for &form_idx in &candidate.forms {
            let form = self.kb.form(form_idx);
            let entity = self.kb.entity(form.entity);
            if form.ambiguous && !self.ambiguous_form_ok(form_idx, &tokens, locative) {
                continue;
            }
            if form.kind == FormKind::Surname && !self.surname_ok(&tokens) {
                continue;
            }
            if entity.kind == EntityKind::Region && form.kind != FormKind::Demonym && !self.region_ok(&tokens) {
                continue;
            }
            if entity.kind == EntityKind::Person && !self.person_plausible(form.entity) {
                continue;
            }
            if entity.kind == EntityKind::City && self.names_geographic_feature(&tokens) {
                continue;
            }
            if form.kind == FormKind::Agent && self.used_as_verb(&tokens) {
                continue;
            }
            let rank = match (entity.kind, form.kind) {
                (EntityKind::City, _) if locative => 0,
                (_, FormKind::Metonym) if locative => 6,
                (EntityKind::Country, _) => 1,
                (EntityKind::Org, _) => 2,
                (EntityKind::Region, _) => 3,
                (EntityKind::Person, _) => 4,
                (_, FormKind::Metonym) => 1,
                (EntityKind::City, _) => 5,
                (EntityKind::Agent, _) => 7,
            };
            options.push((rank, form_idx));
        }
        options.sort();
        let &(best_rank, best_form) = options.first()?;
        let mut best_form = best_form;
        // Several people share the form ("Aliyev"): take the one in office at the date, else
        // the one most mentioned in full, else report.
        let people: Vec<FormIdx> = options
            .iter()
            .filter(|(rank, form)| {
                *rank == best_rank && self.kb.entity(self.kb.form(*form).entity).kind == EntityKind::Person
            })
            .map(|&(_, form)| form)
            .collect();
        if people.len() > 1 {
            let mut entities: Vec<EntityIdx> = people.iter().map(|&form| self.kb.form(form).entity).collect();
            entities.dedup();
            if entities.len() > 1 {
                match self.pick_person(&entities, exact_entities, tokens.start) {
                    Some(entity) => {
                        best_form =
                            *people.iter().find(|&&form| self.kb.form(form).entity == entity).unwrap_or(&best_form);
                    }
                    None => {
                        let names: Vec<&str> = entities.iter().map(|&e| self.kb.entity(e).name.as_str()).collect();
                        diagnostics.push(
                            Diagnostic::new(
                                Severity::Info,
                                "ambiguous-actor",
                                format!("{:?} may be any of {}; not linked", self.span_text(&tokens), names.join(", ")),
                            )
                            .at(self.span_range(&tokens)),
                        );
                        return None;
                    }
                }
            }
        }
        let form = self.kb.form(best_form);
        let entity = self.kb.entity(form.entity);
        let (kind, rule) = match (entity.kind, form.kind) {
            (EntityKind::City, _) => (EntityKind::City, "link/place"),
            (kind, FormKind::Metonym) => (kind, "link/metonym"),
            (kind, FormKind::Demonym) => (kind, "link/demonym"),
            (kind, FormKind::Surname) => (kind, "link/surname"),
            (EntityKind::Agent, _) => (EntityKind::Agent, "link/agent"),
            (kind, FormKind::Native) => (kind, "link/native"),
            (kind, _) => (kind, "link/name"),
        };
        let rule = if candidate.fuzzy.is_some() { "link/fuzzy" } else { rule };
        Some(Resolved {
            tokens,
            entity: form.entity,
            form: best_form,
            kind,
            rule,
            country: None,
            sector: form.sector.clone(),
            former: false,
            extra_sector: None,
        })
    }

    /// "the Ferghana valley", "the Kuban river": a place name before a geographic noun names the
    /// feature, not the city.
    fn names_geographic_feature(&self, tokens: &Range<usize>) -> bool {
        tokens.end < self.tokens.len()
            && self.same_sentence(tokens.start, tokens.end)
            && matches!(
                self.token_lower(tokens.end).as_str(),
                "valley"
                    | "river"
                    | "region"
                    | "oblast"
                    | "province"
                    | "district"
                    | "county"
                    | "basin"
                    | "lake"
                    | "sea"
                    | "mountains"
                    | "steppe"
                    | "desert"
                    | "gorge"
                    | "pass"
                    | "peninsula"
                    | "bay"
                    | "strait"
                    | "gulf"
                    | "delta"
                    | "plain"
                    | "plateau"
                    | "canal"
                    | "corridor"
                    | "airport"
                    | "university"
                    | "stadium"
            )
    }

    /// "to police his backyard", "will army": an agent word after an infinitive marker or a
    /// modal is a verb.
    fn used_as_verb(&self, tokens: &Range<usize>) -> bool {
        let Some(previous) = tokens.start.checked_sub(1) else {
            return false;
        };
        self.same_sentence(previous, tokens.start)
            && matches!(
                self.token_lower(previous).as_str(),
                "to" | "will" | "would" | "can" | "could" | "may" | "might" | "must" | "should" | "shall"
            )
            && tokens.len() == 1
            && !self.tokens[tokens.start].is_capitalized(self.text)
    }

    /// Prepositions after which a capital names a place, not a government.
    fn is_locative(&self, first: usize) -> bool {
        first > 0
            && self.same_sentence(first - 1, first)
            && matches!(
                self.token_lower(first - 1).as_str(),
                "in" | "at"
                    | "near"
                    | "outside"
                    | "inside"
                    | "around"
                    | "across"
                    | "into"
                    | "throughout"
                    | "within"
                    | "via"
                    | "through"
                    | "of"
            )
    }

    /// Context checks for forms with a common non-actor meaning.
    fn ambiguous_form_ok(&self, form: FormIdx, tokens: &Range<usize>, locative: bool) -> bool {
        let entity = self.kb.entity(self.kb.form(form).entity);
        if entity.kind == EntityKind::City {
            return locative;
        }
        let window_start = tokens.start.saturating_sub(6);
        let window_end = (tokens.end + 6).min(self.tokens.len());
        let us_context = (window_start..window_end).filter(|&k| self.same_sentence(k, tokens.start)).any(|k| {
            matches!(
                self.token_lower(k).as_str(),
                "atlanta"
                    | "savannah"
                    | "ga."
                    | "governor"
                    | "county"
                    | "republicans"
                    | "democrats"
                    | "republican"
                    | "democratic"
                    | "senate"
                    | "alabama"
                    | "florida"
                    | "carolina"
                    | "tennessee"
                    | "u.s."
                    | "peach"
                    | "thanksgiving"
                    | "roast"
                    | "stuffing"
            )
        });
        if us_context {
            return false;
        }
        // A first name followed by a capitalized surname ("Jordan Peterson", "Chad Smith"); a
        // day or month is no surname ("Israel Friday reimposed ...").
        let next = tokens.end;
        let followed_by_name = next < self.tokens.len()
            && self.same_sentence(next, tokens.start)
            && self.tokens[next].kind == TokenKind::Word
            && self.tokens[next].is_capitalized(self.text)
            && self.tokens[next].space_before
            && !crate::events::is_time_word(&self.token_lower(next));
        !followed_by_name && self.span_text(tokens).chars().next().is_some_and(char::is_uppercase)
    }

    /// A surname alone is not linked when an unknown first name precedes it ("Kamal Aliyev").
    fn surname_ok(&self, tokens: &Range<usize>) -> bool {
        let Some(previous) = tokens.start.checked_sub(1) else {
            return true;
        };
        if !self.same_sentence(previous, tokens.start) {
            return true;
        }
        let token = &self.tokens[previous];
        if token.kind != TokenKind::Word
            || !token.is_capitalized(self.text)
            || !token.space_before && previous > 0 && !self.is_sentence_start(previous)
        {
            return true;
        }
        let lower = self.token_lower(previous);
        if self.is_sentence_start(previous) && is_common_capitalized(&lower) {
            return true;
        }
        // A title or any other KB word before the surname is fine ("President Tokayev").
        !self.kb.forms_for_key(&key::of(self.token_text(previous))).is_empty() || is_title_word(&lower)
    }

    /// Single-word region names like "West" are not regions before another capitalized word
    /// ("West Bank" when the KB lacks it, "East Timor").
    fn region_ok(&self, tokens: &Range<usize>) -> bool {
        if tokens.len() > 1 {
            return true;
        }
        let next = tokens.end;
        !(next < self.tokens.len()
            && self.same_sentence(next, tokens.start)
            && self.tokens[next].kind == TokenKind::Word
            && self.tokens[next].is_capitalized(self.text))
    }

    /// People born or active long after the document date are not who a text means.
    fn person_plausible(&self, entity: EntityIdx) -> bool {
        let person = self.kb.entity(entity);
        let first_role = person.roles.iter().filter_map(|role| role.start).min();
        first_role.is_none_or(|start| start.years_since(self.date).is_none_or(|years| years < 40))
    }

    /// Several people share a surname ("President Bush", "Aliyev"). A title right before the
    /// name narrows them to those who held such an office ("President Bush" is never the
    /// governor of Texas; "Secretary Clinton" is not the president), and then the one holding
    /// it (any office, without a title) at the date wins; else the one mentioned in full more
    /// than once; else the one whose (titled) office ended most recently before the date.
    fn pick_person(
        &self,
        entities: &[EntityIdx],
        exact_entities: &BTreeMap<EntityIdx, usize>,
        first: usize,
    ) -> Option<EntityIdx> {
        let title = self.title_before(first);
        let titled = |role: &grip_kb::Role| title.as_deref().is_some_and(|title| title_fits(&role.title, title));
        let with_title: Vec<EntityIdx> =
            entities.iter().copied().filter(|&e| self.kb.entity(e).roles.iter().any(titled)).collect();
        // A title no one's office carries says nothing.
        let by_title = !with_title.is_empty();
        let entities = if by_title { with_title.as_slice() } else { entities };
        let fits = |role: &grip_kb::Role| !by_title || titled(role);
        if let [only] = entities {
            return Some(*only);
        }
        let in_office: Vec<EntityIdx> = entities
            .iter()
            .copied()
            .filter(|&e| self.kb.entity(e).roles.iter().any(|role| fits(role) && role.active_at(self.date)))
            .collect();
        if in_office.len() == 1 {
            return Some(in_office[0]);
        }
        let mentioned: Vec<EntityIdx> =
            entities.iter().copied().filter(|e| exact_entities.get(e).copied().unwrap_or(0) > 1).collect();
        if mentioned.len() == 1 {
            return Some(mentioned[0]);
        }
        // Otherwise the one whose last office ended most recently before the date.
        let mut recent: Vec<(Date, EntityIdx)> = entities
            .iter()
            .filter_map(|&e| {
                let last_end = self
                    .kb
                    .entity(e)
                    .roles
                    .iter()
                    .filter(|role| fits(role))
                    .filter_map(|role| role.end)
                    .filter(|&end| end <= self.date)
                    .max()?;
                Some((last_end, e))
            })
            .collect();
        recent.sort();
        match recent.as_slice() {
            [.., (a, _), (b, e)] if a != b => Some(*e),
            [(_, e)] => Some(*e),
            _ => None,
        }
    }

    /// The title right before the name at `first`, lowercased: "President", "Vice President",
    /// "Secretary" ("former" and the like are not titles).
    fn title_before(&self, first: usize) -> Option<String> {
        let previous = first.checked_sub(1).filter(|&previous| self.same_sentence(previous, first))?;
        let word = self.token_lower(previous);
        if !is_title_word(&word) {
            return None;
        }
        let two = previous
            .checked_sub(1)
            .filter(|&before| self.same_sentence(before, previous))
            .map(|before| format!("{} {word}", self.token_lower(before)))
            .filter(|two| is_title_word(two));
        Some(two.unwrap_or(word))
    }

    /// Step 5: combine adjacent pieces.
    fn compose(&self, resolved: Vec<Resolved>) -> Vec<Resolved> {
        let mut out: Vec<Resolved> = Vec::with_capacity(resolved.len());
        for mut current in resolved {
            current.former = self.preceded_by_former(current.tokens.start);
            let Some(previous) = out.last() else {
                out.push(current);
                continue;
            };
            let gap = self.gap(previous.tokens.end, current.tokens.start);
            let previous_country = self.country_like(previous);
            let previous_entity = self.kb.entity(previous.entity);
            match (previous.kind, current.kind) {
                // "Boko Haram gunmen", "FSB officers", "Gazprom executives": members of a national
                // body are that body.
                (EntityKind::Org, EntityKind::Agent) if gap.is_some() && previous_entity.country.is_some() => {
                    let mut merged = out.pop().expect("checked above");
                    merged.tokens = merged.tokens.start..current.tokens.end;
                    merged.former = merged.former || current.former;
                    merged.rule = "link/org-members";
                    out.push(merged);
                }
                // "Russian troops", "Russia's military", "Kazakh police", "CSTO troops"; "Kazakh oil
                // workers" (a trade between the country and working people).
                (_, EntityKind::Agent)
                    if gap.is_some()
                        && (previous_country.is_some() || previous.kind == EntityKind::Person && gap == Some(1))
                        || previous_country.is_some() && self.trade_between(previous, &current) =>
                {
                    let previous = out.pop().expect("checked above");
                    let country = match previous_country {
                        Some(country) => country,
                        None => self.piece_country(&previous).unwrap_or_default(),
                    };
                    let mut merged = current;
                    merged.tokens = previous.tokens.start..merged.tokens.end;
                    merged.former = merged.former || previous.former;
                    // An office title with a country names the office holder when there is one.
                    match self.office_holder(merged.form, &country) {
                        Some(person) => {
                            merged.entity = person;
                            merged.kind = EntityKind::Person;
                            merged.rule = "link/office-holder";
                        }
                        None => {
                            merged.country = Some(country);
                            merged.rule = "link/agent-country";
                        }
                    }
                    out.push(merged);
                }
                // "opposition lawmaker", "army officers": the last noun is the head, the first
                // adds a second sector.
                (EntityKind::Agent, EntityKind::Agent)
                    if gap == Some(0) && previous.country.is_none() && self.is_noun_modifier(previous) =>
                {
                    let previous = out.pop().expect("checked above");
                    let modifier = self.kb.entity(previous.entity).sector.clone().unwrap_or_default();
                    let head = self.kb.entity(current.entity).sector.clone().unwrap_or_default();
                    let mut merged = current;
                    merged.tokens = previous.tokens.start..merged.tokens.end;
                    merged.former = merged.former || previous.former;
                    let extra = modifier.get(..3).unwrap_or("");
                    if !head.contains(extra) {
                        merged.extra_sector = Some(extra.to_owned());
                    }
                    merged.rule = "link/agent-agent";
                    out.push(merged);
                }
                // "President Tokayev", "Kazakh President Tokayev", "Defence Minister Shoigu".
                (EntityKind::Agent | EntityKind::Person, EntityKind::Person)
                    if gap == Some(0) && self.is_title(previous) =>
                {
                    let previous = out.pop().expect("checked above");
                    let mut merged = current;
                    merged.tokens = previous.tokens.start..merged.tokens.end;
                    merged.former = merged.former || previous.former;
                    merged.rule = "link/title-name";
                    // The text names a current office ("Foreign Minister Park Jin") that the
                    // KB does not give the person at the document date (not yet, or no longer,
                    // as far as the KB knows): the writer's title wins over a bare country or
                    // an elder-statesman code.
                    if !merged.former && merged.sector.is_none() {
                        merged.sector = self.title_sector(&previous, merged.entity);
                    }
                    out.push(merged);
                }
                // "president of the Riigikogu", "Secretary-General of NATO", "troops of the CSTO".
                (EntityKind::Agent, EntityKind::Org)
                    if previous.country.is_none()
                        && self.only_of_between(previous.tokens.end, current.tokens.start) =>
                {
                    let previous = out.pop().expect("checked above");
                    let mut merged = current;
                    merged.tokens = previous.tokens.start..merged.tokens.end;
                    merged.former = merged.former || previous.former;
                    if merged.former || self.kb.entity(merged.entity).country.is_none() {
                        // An IGO's officials and forces: the IGO code plus the agent's sectors;
                        // keep the agent as the piece so its sectors apply.
                        let org_code = self.kb.actor_code(merged.entity, self.date).to_string();
                        let mut agent = previous;
                        agent.tokens = merged.tokens.clone();
                        agent.country = Some(org_code);
                        agent.rule = "link/office-of";
                        out.push(agent);
                    } else {
                        merged.rule = "link/office-of";
                        out.push(merged);
                    }
                }
                _ => out.push(current),
            }
        }
        out
    }

    /// The sector of an office title before a person's name, when the KB gives that person no
    /// sector at the document date or only `ELI`.
    fn title_sector(&self, title: &Resolved, person: EntityIdx) -> Option<String> {
        if title.kind != EntityKind::Agent {
            return None;
        }
        let sector = self.kb.entity(title.entity).sector.clone().filter(|sector| !sector.is_empty())?;
        let code = self.kb.actor_code(person, self.date).to_string();
        let country = self.kb.entity(person).country.as_deref().unwrap_or("");
        let own_sector = code.strip_prefix(country).unwrap_or(&code);
        (own_sector.is_empty() || own_sector == "ELI").then_some(sector)
    }

    /// Whether an agent can modify the agent after it ("opposition lawmaker", "army officers"):
    /// weak and plural agents cannot ("calls his people terrorists" is two noun phrases).
    fn is_noun_modifier(&self, piece: &Resolved) -> bool {
        let form = self.kb.form(piece.form);
        let last = self.token_lower(piece.tokens.end - 1);
        let plural = last.ends_with('s') && !last.ends_with("ss");
        !form.weak && !plural
    }

    /// Whether the tokens between two pieces are exactly "of" or "of the".
    fn only_of_between(&self, end: usize, start: usize) -> bool {
        let words: Vec<String> = (end..start).map(|idx| self.token_lower(idx)).collect();
        matches!(words.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), ["of"] | ["of", "the"])
    }

    /// Tokens between two pieces that still let them combine: nothing, or a possessive `'s`.
    fn gap(&self, end: usize, start: usize) -> Option<usize> {
        if end == start {
            return Some(0);
        }
        if end + 1 == start && self.tokens[end].kind == TokenKind::Clitic && self.token_lower(end) == "'s" {
            return Some(1);
        }
        None
    }

    /// One lowercase word between a nationality adjective and working people that names their
    /// trade or place of work ("Kazakh *oil* workers", "Iranian *bus* drivers", "Chinese
    /// *construction* workers"): not a function word or a past tense, and only before a
    /// civilian, labor, farming, education, health or business agent.
    fn trade_between(&self, country: &Resolved, agent: &Resolved) -> bool {
        let gap = country.tokens.end..agent.tokens.start;
        let working_people =
            self.kb.entity(agent.entity).sector.as_deref().is_some_and(|sectors| {
                ["LAB", "CVL", "AGR", "EDU", "HLH", "BUS"].iter().any(|s| sectors.starts_with(s))
            });
        if country.rule != "link/demonym" || !working_people || gap.len() != 1 {
            return false;
        }
        let token = &self.tokens[gap.start];
        let lower = self.token_lower(gap.start);
        token.kind == TokenKind::Word
            && !token.is_capitalized(self.text)
            && lower.len() > 2
            && lower.chars().all(|c| c.is_ascii_lowercase())
            && !lower.ends_with("ed")
            && !matches!(
                lower.as_str(),
                "the"
                    | "and"
                    | "for"
                    | "with"
                    | "from"
                    | "said"
                    | "says"
                    | "are"
                    | "were"
                    | "was"
                    | "has"
                    | "have"
                    | "had"
                    | "will"
                    | "would"
                    | "that"
                    | "who"
                    | "which"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "not"
                    | "also"
                    | "other"
                    | "many"
                    | "some"
                    | "all"
                    | "two"
                    | "three"
                    | "hit"
                    | "met"
                    | "told"
                    | "sent"
                    | "left"
                    | "held"
                    | "led"
                    | "fled"
                    | "shot"
                    | "beat"
                    | "took"
                    | "gave"
                    | "made"
            )
    }

    fn preceded_by_former(&self, first: usize) -> bool {
        let Some(previous) = first.checked_sub(1) else {
            return false;
        };
        if !self.same_sentence(previous, first) {
            return false;
        }
        let lower = self.token_lower(previous);
        let former =
            |word: &str| self.kb.former_modifiers().iter().any(|m| m.trim_end_matches('-').eq_ignore_ascii_case(word));
        if former(&lower) {
            return true;
        }
        // "ex-president": "ex" "-" "president".
        lower == "-" && previous > 0 && former(&self.token_lower(previous - 1))
    }

    /// A country code that a piece lends to an agent after it.
    fn country_like(&self, piece: &Resolved) -> Option<String> {
        let entity = self.kb.entity(piece.entity);
        match piece.kind {
            EntityKind::Country => entity.country.clone(),
            EntityKind::City => entity.country.clone(),
            EntityKind::Region => Some(entity.code.clone()),
            EntityKind::Org if entity.country.is_some() => entity.country.clone(),
            EntityKind::Org => Some(entity.code.clone()),
            EntityKind::Agent => piece.country.clone().filter(|_| piece.rule == "link/agent-country"),
            EntityKind::Person => None,
        }
    }

    fn is_title(&self, piece: &Resolved) -> bool {
        match piece.kind {
            EntityKind::Agent => is_title_word(&self.kb.form(piece.form).text.to_lowercase()),
            // "Kazakh President" already resolved to the office holder.
            EntityKind::Person => piece.rule == "link/office-holder",
            _ => false,
        }
    }

    /// The person holding the office an agent title names, in `country`, at the date.
    fn office_holder(&self, form: FormIdx, country: &str) -> Option<EntityIdx> {
        let title = self.kb.form(form).text.to_lowercase();
        let kind = match title.as_str() {
            "president" | "head of state" => RoleKind::HeadOfState,
            "prime minister" | "premier" | "chancellor" => RoleKind::HeadOfGovernment,
            "foreign minister" => RoleKind::ForeignMinister,
            "defence minister" | "defense minister" => RoleKind::DefenceMinister,
            _ => return None,
        };
        let mut holders =
            self.kb.entities().iter().enumerate().filter(|(_, entity)| entity.kind == EntityKind::Person).filter_map(
                |(idx, entity)| {
                    let idx = EntityIdx::try_from(idx).ok()?;
                    let role = self.kb.active_role(idx, self.date)?;
                    let office_country = role.country.as_deref().or(entity.country.as_deref())?;
                    (role.kind == kind
                        && office_country == country
                        && entity.roles.iter().any(|r| r.kind == kind && r.active_at(self.date)))
                    .then_some(idx)
                },
            );
        let first = holders.next()?;
        holders.next().is_none().then_some(first)
    }

    /// Step 6 and output: attach agents to countries, compute codes, build mentions.
    fn build_mentions(&self, mut pieces: Vec<Resolved>) -> Vec<Mention> {
        let main_country = self.main_country(&pieces);
        // Anchored countries first, so that an agent after an anchored one can take its country
        // ("Rakhine rebels clashed with the army": the army is Myanmar's too).
        let anchored: Vec<Option<String>> = (0..pieces.len())
            .map(|idx| {
                let piece = &pieces[idx];
                if piece.kind == EntityKind::Agent && piece.country.is_none() {
                    self.anchor_country(&pieces, idx)
                } else {
                    None
                }
            })
            .collect();
        for (piece, country) in pieces.iter_mut().zip(anchored) {
            if country.is_some() {
                piece.country = country;
            }
        }
        let mut mentions: Vec<Mention> = Vec::with_capacity(pieces.len());
        for (piece_idx, piece) in pieces.iter().enumerate() {
            let entity = self.kb.entity(piece.entity);
            let (actor, name) = match piece.kind {
                EntityKind::Agent => {
                    let weak = self.kb.form(piece.form).weak;
                    // Anchors were settled above; a weak agent without one is no mention.
                    let country = match piece.country.clone() {
                        Some(country) => Some(country),
                        None if weak => continue,
                        None => self
                            .context_country(&pieces, piece_idx)
                            .or_else(|| main_country.clone().filter(|_| !self.is_irregular_force(piece))),
                    };
                    let code = if piece.former {
                        ActorCode::new(format!("{}ELI", country.as_deref().unwrap_or("")))
                    } else {
                        let code = self.kb.agent_code(piece.entity, country.as_deref());
                        ActorCode::new(format!("{code}{}", piece.extra_sector.as_deref().unwrap_or("")))
                    };
                    let anchor_name = country.as_deref().and_then(|c| {
                        let idx = self.kb.lookup(&format!("country/{c}")).or_else(|| {
                            self.kb
                                .entities()
                                .iter()
                                .position(|e| e.code == c)
                                .and_then(|idx| EntityIdx::try_from(idx).ok())
                        })?;
                        Some(self.kb.entity(idx).name.clone())
                    });
                    let name = match anchor_name {
                        Some(anchor) => format!("{} ({anchor})", entity.name),
                        None => entity.name.clone(),
                    };
                    (code, name)
                }
                EntityKind::City => (ActorCode::new(entity.country.clone().unwrap_or_default()), entity.name.clone()),
                _ => {
                    let base = self.kb.actor_code(piece.entity, self.date);
                    match &piece.sector {
                        Some(sector) => {
                            (ActorCode::new(format!("{}{sector}", base.country_part())), entity.name.clone())
                        }
                        None => (base, entity.name.clone()),
                    }
                }
            };
            let actor = if piece.former && (piece.kind == EntityKind::Person || piece.rule == "link/org-members") {
                ActorCode::new(format!("{}ELI", actor.country_part()))
            } else {
                actor
            };
            mentions.push(Mention {
                range: self.span_range(&piece.tokens),
                entity: entity.id.clone(),
                actor,
                name,
                kind: piece.kind,
                rule: piece.rule,
                form: self.kb.form(piece.form).text.clone(),
                sentence: self.sentence_of[piece.tokens.start],
            });
        }
        mentions
    }

    /// A country the words around an agent tie it to: a possessive pronoun before it ("his
    /// army" -> the last person's country, "its citizens" -> the last country), "of X" after it,
    /// or "in X" after a civilian or government agent ("the regime in Kazakhstan").
    fn anchor_country(&self, pieces: &[Resolved], idx: usize) -> Option<String> {
        let piece = &pieces[idx];
        if let Some(pronoun) = self.possessive_before(piece.tokens.start) {
            let wants_person = matches!(pronoun.as_str(), "his" | "her");
            return self.pronoun_country(pieces, idx, wants_person);
        }
        if let Some(next) = pieces.get(idx + 1) {
            let between = piece.tokens.end..next.tokens.start;
            let article_ok = between.len() == 1 || between.len() == 2 && self.token_lower(between.start + 1) == "the";
            if article_ok && self.same_sentence(piece.tokens.start, next.tokens.start) {
                let word = self.token_lower(between.start);
                let sectors = self.kb.entity(piece.entity).sector.as_deref().unwrap_or("");
                // Armed groups that are not a state's forces fight where they are from: "militants
                // in Azerbaijan", "rebels in Chad" (but "troops in Ukraine" may be anyone's).
                let located_where_active = [
                    "GOV", "COP", "CVL", "LEG", "JUD", "OPP", "BUS", "MED", "EDU", "LAB", "REB", "UAF", "INS", "SEP",
                    "CRM", "RAD",
                ]
                .iter()
                .any(|s| sectors.starts_with(s));
                // "the police of Almaty"; for civil sectors and irregular armed groups also
                // "students in / throughout / across Indonesia", "workers from France".
                if word == "of"
                    || (matches!(word.as_str(), "in" | "throughout" | "across" | "from") && located_where_active)
                {
                    if let Some(country) = self.piece_country(next) {
                        return Some(country);
                    }
                }
            }
        }
        self.division_before(pieces, idx)
    }

    /// The country of a province, state or oblast named right before an agent, when the KB does
    /// not know the name but the gazetteer knows it as a first-level division of one country
    /// only: "Rakhine rebels" (Myanmar), "Tigray forces" (Ethiopia), "Donetsk separatists"
    /// (Ukraine). At most three capitalized words, none of them a common word.
    fn division_before(&self, pieces: &[Resolved], idx: usize) -> Option<String> {
        let start = pieces[idx].tokens.start;
        let floor = idx.checked_sub(1).map_or(0, |previous| pieces[previous].tokens.end);
        let mut first = start;
        while first > floor && start - first < 3 && self.same_sentence(first - 1, start) {
            let token = &self.tokens[first - 1];
            if token.kind != TokenKind::Word || !token.is_capitalized(self.text) {
                break;
            }
            first -= 1;
        }
        if first == start || (first..start).any(|token| is_common_capitalized(&self.token_lower(token))) {
            return None;
        }
        let name = &self.text[self.span_range(&(first..start))];
        let mut countries = self
            .gazetteer
            .lookup(name)
            .filter(|place| place.kind == grip_geo::PlaceKind::Admin1)
            .map(|place| place.country);
        let country = countries.next()?;
        if countries.any(|other| other != country) {
            return None;
        }
        self.kb.country_by_iso2(country).map(|idx| self.kb.entity(idx).code.clone())
    }

    /// "his", "her", "its", "their" (possibly before one or two adjectives) right before a token.
    fn possessive_before(&self, first: usize) -> Option<String> {
        for back in 1..=3 {
            let idx = first.checked_sub(back)?;
            if !self.same_sentence(idx, first) {
                return None;
            }
            let word = self.token_lower(idx);
            if matches!(word.as_str(), "his" | "her" | "its" | "their") {
                return Some(word);
            }
            if self.tokens[idx].kind != TokenKind::Word || self.tokens[idx].is_capitalized(self.text) {
                return None;
            }
        }
        None
    }

    /// The country of what a possessive pronoun points back to: the last person (for his/her) or
    /// the last actor (for its/their) earlier in the sentence, else the first one (the likely
    /// subject) of the nearest earlier sentence that has one, within three sentences.
    fn pronoun_country(&self, pieces: &[Resolved], idx: usize, wants_person: bool) -> Option<String> {
        let fits =
            |piece: &Resolved| piece.kind != EntityKind::Agent && (!wants_person || piece.kind == EntityKind::Person);
        let sentence = self.sentence_of[pieces[idx].tokens.start];
        let same = pieces[..idx].iter().rev().take_while(|p| self.sentence_of[p.tokens.start] == sentence);
        if let Some(country) = same.filter(|p| fits(p)).find_map(|p| self.piece_country(p)) {
            return Some(country);
        }
        self.first_in_previous_sentences(pieces, idx, fits)
    }

    /// The country of the first fitting piece in the nearest earlier sentence that has one,
    /// looking back at most three sentences.
    fn first_in_previous_sentences(
        &self,
        pieces: &[Resolved],
        idx: usize,
        fits: impl Fn(&Resolved) -> bool,
    ) -> Option<String> {
        let sentence = self.sentence_of[pieces[idx].tokens.start];
        let mut best: Option<(u32, String)> = None;
        for piece in pieces[..idx].iter().rev() {
            let other = self.sentence_of[piece.tokens.start];
            if other == sentence {
                continue;
            }
            if sentence - other > 3 || best.as_ref().is_some_and(|(s, _)| *s != other) {
                break;
            }
            if fits(piece) {
                if let Some(country) = self.piece_country(piece) {
                    best = Some((other, country));
                }
            }
        }
        best.map(|(_, country)| country)
    }

    /// For strong agents without an anchor: the nearest earlier actor in the sentence, else a
    /// later city in it, else the country of an earlier agent in it, else the first actor (the
    /// likely subject) of the nearest earlier sentence, else a later actor in the sentence.
    /// Only a country or an intergovernmental organization counts (a CSTO deployment's soldiers):
    /// a non-governmental one or a region is no nationality ("Security forces raped women,
    /// Amnesty International said" is no Amnesty security force).
    fn context_country(&self, pieces: &[Resolved], idx: usize) -> Option<String> {
        let sentence = self.sentence_of[pieces[idx].tokens.start];
        let in_sentence = |other: &&Resolved| self.sentence_of[other.tokens.start] == sentence;
        let not_agent = |other: &&Resolved| other.kind != EntityKind::Agent;
        pieces[..idx]
            .iter()
            .rev()
            .take_while(in_sentence)
            .filter(not_agent)
            .find_map(|other| self.piece_country(other).filter(|code| is_country_code(code)))
            // Before the previous sentences, what this sentence says of where it happens: a city
            // after the agent ("protesters rallied in Tbilisi"), or an agent of a named country
            // before it ("Georgian police used tear gas against demonstrators").
            .or_else(|| {
                pieces[idx + 1..]
                    .iter()
                    .take_while(in_sentence)
                    .filter(|other| other.kind == EntityKind::City)
                    .find_map(|other| self.piece_country(other).filter(|code| is_country_code(code)))
            })
            .or_else(|| {
                pieces[..idx]
                    .iter()
                    .rev()
                    .take_while(in_sentence)
                    .filter(|other| other.kind == EntityKind::Agent)
                    .find_map(|other| other.country.clone().filter(|code| is_country_code(code)))
            })
            .or_else(|| {
                self.first_in_previous_sentences(pieces, idx, |piece| {
                    piece.kind != EntityKind::Agent
                        && self.piece_country(piece).is_some_and(|code| is_country_code(&code))
                })
            })
            // For gunmen, militants or pirates only a place: whom they act on is as often
            // foreign ("The militants beheaded a British aid worker").
            .or_else(|| {
                let irregular = self.is_irregular_force(&pieces[idx]);
                pieces[idx + 1..]
                    .iter()
                    .take_while(in_sentence)
                    .filter(not_agent)
                    .filter(|other| {
                        !irregular
                            || matches!(other.kind, EntityKind::Country | EntityKind::City | EntityKind::Region)
                                && other.rule != "link/demonym"
                    })
                    .find_map(|other| self.piece_country(other).filter(|code| is_country_code(code)))
            })
    }

    /// Armed men of no stated cause: gunmen, militants, kidnappers, pirates (sectors `UAF`,
    /// `CRM`). Rebels, insurgents and radicals mostly fight their own government ("rebels
    /// attacked Malian troops"), so a later country in the sentence is theirs.
    fn is_irregular_force(&self, piece: &Resolved) -> bool {
        piece.kind == EntityKind::Agent
            && self
                .kb
                .entity(piece.entity)
                .sector
                .as_deref()
                .is_some_and(|sectors| ["UAF", "CRM"].iter().any(|sector| sectors.starts_with(sector)))
    }

    fn piece_country(&self, piece: &Resolved) -> Option<String> {
        let entity = self.kb.entity(piece.entity);
        match piece.kind {
            EntityKind::Country | EntityKind::City => entity.country.clone(),
            EntityKind::Person => {
                let code = self.kb.actor_code(piece.entity, self.date);
                let country = code.country_part();
                (country.len() == 3 && country != "IGO").then(|| country.to_owned()).or_else(|| entity.country.clone())
            }
            EntityKind::Org => {
                entity.country.clone().or_else(|| Some(self.kb.actor_code(piece.entity, self.date).to_string()))
            }
            EntityKind::Agent => piece.country.clone(),
            EntityKind::Region => Some(entity.code.clone()),
        }
    }

    /// The country mentioned most often (ties: first mentioned); regions and IGOs do not count.
    fn main_country(&self, pieces: &[Resolved]) -> Option<String> {
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        for (order, piece) in pieces.iter().enumerate() {
            if piece.kind == EntityKind::Agent {
                continue;
            }
            let country = self.piece_country(piece).filter(|code| self.kb.lookup(&format!("country/{code}")).is_some());
            if let Some(country) = country {
                match counts.iter_mut().find(|(c, _, _)| *c == country) {
                    Some(slot) => slot.1 += 1,
                    None => counts.push((country, 1, order)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        counts.into_iter().next().map(|(country, _, _)| country)
    }
}

/// A country's three-letter code or an intergovernmental organization's (`IGOUNO`), not a
/// non-governmental one's (`NGOHRIAMN`) or a region's (`REGION:WSB`).
fn is_country_code(code: &str) -> bool {
    (code.len() == 3 || code.starts_with("IGO")) && code.bytes().all(|byte| byte.is_ascii_uppercase())
}

/// Greedy leftmost-longest selection of non-overlapping candidates.
fn select(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| a.tokens.start.cmp(&b.tokens.start).then(b.tokens.end.cmp(&a.tokens.end)));
    let mut selected: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        if selected.last().is_none_or(|last| last.tokens.end <= candidate.tokens.start) {
            selected.push(candidate);
        }
    }
    selected
}

/// Words that, capitalized at the start of a sentence, are not names.
fn is_common_capitalized(lower: &str) -> bool {
    const COMMON: &[&str] = &[
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "yesterday",
        "today",
        "tomorrow",
        "now",
        "then",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "however",
        "although",
        "though",
        "when",
        "while",
        "after",
        "before",
        "since",
        "as",
        "if",
        "meanwhile",
        "still",
        "also",
        "certainly",
        "interestingly",
        "indeed",
        "moreover",
        "thus",
        "here",
        "there",
        "what",
        "why",
        "how",
        "who",
        "where",
        "which",
        "yes",
        "no",
        "according",
        "earlier",
        "later",
        "last",
        "next",
        "on",
        "in",
        "at",
        "for",
        "from",
        "with",
        "by",
        "of",
        "to",
        "prior",
        "many",
        "most",
        "some",
        "several",
        "both",
        "all",
        "each",
        "every",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "you",
        "let",
        "said",
        "says",
        "asked",
        "officials",
    ];
    COMMON.contains(&lower)
}

/// Whether an office's title (`President of the United States`, `U.S. Senator from New York`)
/// is the one a title before a name (`president`, `senator`, `vice president`) speaks of: its
/// words appear in it, not as part of a lesser office ("Vice President" is no "President").
fn title_fits(role_title: &str, title: &str) -> bool {
    let role: Vec<String> = role_title.split_whitespace().map(str::to_lowercase).collect();
    let wanted: Vec<&str> = title.split_whitespace().collect();
    (0..role.len()).any(|at| {
        role[at..].len() >= wanted.len()
            && role[at..at + wanted.len()].iter().zip(&wanted).all(|(a, b)| a == b)
            && (at == 0 || !matches!(role[at - 1].as_str(), "vice" | "deputy" | "under" | "assistant"))
    })
}

/// Agent words that work as titles before a name.
fn is_title_word(lower: &str) -> bool {
    matches!(
        lower,
        "president"
            | "prime minister"
            | "premier"
            | "minister"
            | "foreign minister"
            | "defence minister"
            | "defense minister"
            | "interior minister"
            | "chancellor"
            | "general"
            | "gen."
            | "lt. gen."
            | "colonel"
            | "col."
            | "admiral"
            | "senator"
            | "sen."
            | "governor"
            | "gov."
            | "mayor"
            | "ambassador"
            | "king"
            | "queen"
            | "prince"
            | "sheikh"
            | "secretary"
            | "secretary of state"
            | "secretary-general"
            | "secretary general"
            | "speaker"
            | "chairman"
            | "commander"
            | "marshal"
            | "vice president"
            | "deputy prime minister"
            | "foreign secretary"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "leader"
            | "opposition leader"
            | "dr."
            | "mr."
            | "mrs."
            | "ms."
            | "ayatollah"
            | "emir"
            | "emperor"
            | "pope"
            | "patriarch"
            | "director"
            | "judge"
            | "envoy"
            | "mp"
            | "lawmaker"
            | "deputy"
    )
}

/// How plausible a misspelling is as a typo: 2 if the edit is a neighbouring key or a
/// transposition, 1 for other single edits, 0 otherwise. Only used to break ties.
fn typo_plausibility(query: &str, key: &str) -> usize {
    let q: Vec<char> = query.chars().collect();
    let k: Vec<char> = key.chars().collect();
    if q.len() != k.len() {
        return 1;
    }
    let diffs: Vec<usize> = (0..q.len()).filter(|&i| q[i] != k[i]).collect();
    match diffs.as_slice() {
        [i] => usize::from(keyboard_neighbours(q[*i], k[*i])) + 1,
        [i, j] if *j == *i + 1 && q[*i] == k[*j] && q[*j] == k[*i] => 2,
        _ => 0,
    }
}

fn keyboard_neighbours(a: char, b: char) -> bool {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let position = |ch: char| {
        ROWS.iter().enumerate().find_map(|(row, keys)| keys.find(ch).map(|col| (row as isize, col as isize)))
    };
    match (position(a), position(b)) {
        (Some((ra, ca)), Some((rb, cb))) => (ra - rb).abs() <= 1 && (ca - cb).abs() <= 1,
        _ => false,
    }
}
