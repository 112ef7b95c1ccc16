//! The tone lexicon: word valences plus the closed word classes the rules need (negators,
//! intensifiers, contrast words, epistemic words, pronouns, activity words).
//!
//! Every word is looked up once, lowercased, and comes back as a [`WordInfo`]: its valence (on
//! VADER's −4..+4 scale) and a set of flags. Epistemic words ("sure", "doubt", "I think") are
//! flagged and never carry valence, whatever a source lexicon says: they belong to certainty.

use rustc_hash::FxHashMap;

use crate::ModelError;

/// What the rules know about one lowercased word.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct WordInfo {
    /// Valence on the −4..+4 scale; 0 when the word is not a sentiment word.
    pub valence: f32,
    /// Intensifier (positive) or dampener (negative) increment.
    pub booster: f32,
    /// Bit set of `F_*` flags.
    pub flags: u32,
    /// Opinion polarity (−1..1) from the opinion-word list, when `F_OPINION` is set.
    pub opinion: f32,
    /// Opinion intensity: how much the word multiplies the next opinion word ("very" 1.3).
    pub intensity: f32,
}

impl WordInfo {
    pub(crate) fn has(self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// The word has a valence entry.
pub(crate) const F_LEX: u32 = 1;
/// Negates what follows: "not", "never", "without", "n't".
pub(crate) const F_NEGATOR: u32 = 1 << 1;
/// An intensifier or dampener.
pub(crate) const F_BOOSTER: u32 = 1 << 2;
/// "no", which negates a following sentiment word.
pub(crate) const F_NO: u32 = 1 << 3;
/// "or" / "nor".
pub(crate) const F_OR_NOR: u32 = 1 << 4;
/// "kind" / "sort" (as in "kind of").
pub(crate) const F_KIND: u32 = 1 << 5;
/// "of".
pub(crate) const F_OF: u32 = 1 << 6;
/// "least".
pub(crate) const F_LEAST: u32 = 1 << 7;
/// "at" / "very" (which keep "least" from negating: "at least", "very least").
pub(crate) const F_AT_VERY: u32 = 1 << 8;
/// "never".
pub(crate) const F_NEVER: u32 = 1 << 9;
/// "so" / "this" ("never so good" is not negated).
pub(crate) const F_SO_THIS: u32 = 1 << 10;
/// A contrast word after which the sentiment dominates ("but", "however").
pub(crate) const F_CONTRAST: u32 = 1 << 11;
/// A concessive subordinator whose clause is backgrounded ("although", "though").
pub(crate) const F_CONCESSIVE: u32 = 1 << 12;
/// An epistemic word: goes to certainty, never to tone.
pub(crate) const F_EPISTEMIC: u32 = 1 << 13;
/// A personal pronoun (GDELT's self/group reference density).
pub(crate) const F_PRONOUN: u32 = 1 << 14;
/// An activity word (GDELT's activity density).
pub(crate) const F_ACTIVITY: u32 = 1 << 15;
/// A word that ends a clause scope for actor tone ("because", "while", "whereas", "which").
pub(crate) const F_CLAUSE_BREAK: u32 = 1 << 16;
/// A third-person pronoun that can refer back to a person ("he", "she", "him").
pub(crate) const F_PERSON_PRONOUN: u32 = 1 << 17;
/// A demonstrative that can start an epithet ("this dictator", "that man").
pub(crate) const F_DEMONSTRATIVE: u32 = 1 << 18;
/// A noun that can be an epithet for a person ("dictator", "strongman", "man", "leader").
pub(crate) const F_EPITHET: u32 = 1 << 19;
/// A reporting verb ("said", "says", "told").
pub(crate) const F_REPORTING: u32 = 1 << 20;
/// The word is in the opinion-word list (Pattern's adjectives and adverbs).
pub(crate) const F_OPINION: u32 = 1 << 21;
/// An opinion-list adverb that modifies the next opinion word ("very", "really").
pub(crate) const F_MODIFIER: u32 = 1 << 22;
/// The first word of a two-word entry ("fed" of "fed up").
pub(crate) const F_PHRASE_START: u32 = 1 << 23;

/// Epistemic words: they express how sure the writer is, which is certainty, not tone.
///
/// Source lexicons give several of them a valence (VADER: "sure" +1.3, "doubt" −1.5,
/// "certainly" +1.4); grip removes them from tone scoring entirely.
pub const EPISTEMIC_WORDS: &[&str] = &[
    "sure",
    "surely",
    "unsure",
    "certain",
    "certainly",
    "uncertain",
    "uncertainty",
    "uncertainties",
    "certainty",
    "doubt",
    "doubts",
    "doubted",
    "doubting",
    "doubtful",
    "doubtless",
    "undoubtedly",
    "indubitably",
    "think",
    "thinks",
    "thought",
    "believe",
    "believes",
    "believed",
    "seem",
    "seems",
    "seemed",
    "seemingly",
    "appear",
    "appears",
    "apparently",
    "likely",
    "unlikely",
    "probably",
    "probable",
    "improbable",
    "possibly",
    "possible",
    "impossible",
    "perhaps",
    "maybe",
    "definitely",
    "definite",
    "convinced",
    "unconvinced",
    "clearly",
    "obviously",
    "evidently",
    "presumably",
    "supposedly",
    "allegedly",
    "arguably",
    "assured",
    "assuredly",
    "questionable",
];

/// Negators (VADER's list, folded to the forms grip's tokenizer produces: "n't" is its own token).
const NEGATORS: &[&str] = &[
    "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt", "hasnt", "havent",
    "isnt", "mightnt", "mustnt", "neither", "neednt", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
    "oughtnt", "shant", "shouldnt", "uhuh", "uh-uh", "wasnt", "werent", "without", "wont", "wouldnt", "rarely",
    "seldom", "despite", "n't",
];

/// Intensifiers (+) and dampeners (−), VADER's degree adverbs with its empirical increment.
const BOOST: f32 = 0.293;
const BOOSTERS: &[(&str, f32)] = &[
    ("absolutely", BOOST),
    ("amazingly", BOOST),
    ("awfully", BOOST),
    ("completely", BOOST),
    ("considerable", BOOST),
    ("considerably", BOOST),
    ("decidedly", BOOST),
    ("deeply", BOOST),
    ("effing", BOOST),
    ("enormous", BOOST),
    ("enormously", BOOST),
    ("entirely", BOOST),
    ("especially", BOOST),
    ("exceptional", BOOST),
    ("exceptionally", BOOST),
    ("extreme", BOOST),
    ("extremely", BOOST),
    ("fabulously", BOOST),
    ("flipping", BOOST),
    ("flippin", BOOST),
    ("frackin", BOOST),
    ("fracking", BOOST),
    ("fricking", BOOST),
    ("frickin", BOOST),
    ("frigging", BOOST),
    ("friggin", BOOST),
    ("fully", BOOST),
    ("fuckin", BOOST),
    ("fucking", BOOST),
    ("fuggin", BOOST),
    ("fugging", BOOST),
    ("greatly", BOOST),
    ("hella", BOOST),
    ("highly", BOOST),
    ("hugely", BOOST),
    ("incredible", BOOST),
    ("incredibly", BOOST),
    ("intensely", BOOST),
    ("major", BOOST),
    ("majorly", BOOST),
    ("more", BOOST),
    ("most", BOOST),
    ("particularly", BOOST),
    ("purely", BOOST),
    ("quite", BOOST),
    ("really", BOOST),
    ("remarkably", BOOST),
    ("so", BOOST),
    ("substantially", BOOST),
    ("thoroughly", BOOST),
    ("total", BOOST),
    ("totally", BOOST),
    ("tremendous", BOOST),
    ("tremendously", BOOST),
    ("uber", BOOST),
    ("unbelievably", BOOST),
    ("unusually", BOOST),
    ("utter", BOOST),
    ("utterly", BOOST),
    ("very", BOOST),
    // Additions for edited prose.
    ("deeply", BOOST),
    ("gravely", BOOST),
    ("seriously", BOOST),
    ("severely", BOOST),
    ("profoundly", BOOST),
    ("too", BOOST),
    ("almost", -BOOST),
    ("barely", -BOOST),
    ("hardly", -BOOST),
    ("kinda", -BOOST),
    ("kindof", -BOOST),
    ("kind-of", -BOOST),
    ("less", -BOOST),
    ("little", -BOOST),
    ("marginal", -BOOST),
    ("marginally", -BOOST),
    ("occasional", -BOOST),
    ("occasionally", -BOOST),
    ("partly", -BOOST),
    ("scarce", -BOOST),
    ("scarcely", -BOOST),
    ("slight", -BOOST),
    ("slightly", -BOOST),
    ("somewhat", -BOOST),
    ("sorta", -BOOST),
    ("sortof", -BOOST),
    ("sort-of", -BOOST),
];

/// Personal pronouns, for GDELT's self/group reference density.
const PRONOUNS: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
];

/// Activity words for GDELT's activity reference density: verbs and nouns of action, in the
/// forms news text uses them. GDELT's own activity dictionary is not public; this list is ours.
const ACTIVITY: &[&str] = &[
    "act",
    "acted",
    "acting",
    "action",
    "actions",
    "attack",
    "attacked",
    "attacking",
    "attacks",
    "arrest",
    "arrested",
    "arrests",
    "build",
    "building",
    "built",
    "campaign",
    "campaigned",
    "clash",
    "clashed",
    "clashes",
    "conduct",
    "conducted",
    "conducting",
    "deploy",
    "deployed",
    "deploying",
    "deployment",
    "fight",
    "fighting",
    "fought",
    "launch",
    "launched",
    "launching",
    "march",
    "marched",
    "meet",
    "meeting",
    "met",
    "move",
    "moved",
    "moving",
    "negotiate",
    "negotiated",
    "negotiating",
    "negotiations",
    "operation",
    "operations",
    "protest",
    "protested",
    "protesting",
    "protests",
    "quell",
    "quelled",
    "raid",
    "raided",
    "rally",
    "rallied",
    "seize",
    "seized",
    "send",
    "sending",
    "sent",
    "sign",
    "signed",
    "signing",
    "strike",
    "strikes",
    "struck",
    "visit",
    "visited",
    "visiting",
    "vote",
    "voted",
    "voting",
    "work",
    "worked",
    "working",
    "intervene",
    "intervened",
    "intervention",
    "invade",
    "invaded",
    "invasion",
    "approve",
    "approved",
    "convert",
    "deliver",
    "delivered",
    "fire",
    "fired",
    "shoot",
    "shot",
    "kill",
    "killed",
    "storm",
    "stormed",
    "occupy",
    "occupied",
    "withdraw",
    "withdrew",
    "withdrawn",
    "impose",
    "imposed",
    "announce",
    "announced",
    "declare",
    "declared",
    "restore",
    "restored",
];

/// Words the actor-tone scope does not cross (subordinators and relativizers open new clauses).
const CLAUSE_BREAKS: &[&str] = &[
    "because", "while", "whereas", "which", "who", "whom", "whose", "although", "though", "but", "however", "yet",
    "unless", "if", "when", "since", "after", "before", "until",
];

/// Epithet nouns that can stand for a person already named ("this dictator", "the strongman").
const EPITHETS: &[&str] = &[
    "man",
    "woman",
    "leader",
    "president",
    "dictator",
    "strongman",
    "autocrat",
    "tyrant",
    "despot",
    "ruler",
    "politician",
    "premier",
    "minister",
    "general",
    "official",
    "chief",
    "head",
    "king",
    "monarch",
    "prince",
];

const REPORTING: &[&str] = &[
    "say",
    "says",
    "said",
    "tell",
    "tells",
    "told",
    "claim",
    "claims",
    "claimed",
    "announce",
    "announced",
    "state",
    "stated",
    "argue",
    "argued",
    "argues",
    "insist",
    "insisted",
    "insists",
    "add",
    "added",
    "adds",
];

/// Keys of at most this many bytes are stored inline.
const SHORT_KEY: usize = 15;

/// A short word stored inline (zero-padded), so that comparing keys needs no pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct ShortKey {
    bytes: [u8; SHORT_KEY],
    len: u8,
}

impl ShortKey {
    fn new(word: &str) -> Option<ShortKey> {
        let len = word.len();
        if len > SHORT_KEY {
            return None;
        }
        let mut bytes = [0u8; SHORT_KEY];
        bytes[..len].copy_from_slice(word.as_bytes());
        Some(ShortKey { bytes, len: len as u8 })
    }
}

/// The lexicon: lowercased word -> [`WordInfo`], with VADER-style valences and Pattern-style opinions.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    /// Words of up to [`SHORT_KEY`] bytes, keyed inline: a lookup touches no other memory.
    short_words: FxHashMap<ShortKey, WordInfo>,
    /// Longer words.
    long_words: FxHashMap<Box<str>, WordInfo>,
    /// Two-word sentiment entries ("fed up", "can't stand"), keyed by their first word.
    phrases: FxHashMap<Box<str>, Vec<(Box<str>, f32)>>,
    /// Longest key in bytes, so over-long tokens skip the lookup.
    max_key_len: usize,
}

impl Lexicon {
    /// Builds the lexicon from the derived word list and the hand-written domain list.
    ///
    /// Both are TSV: `word<TAB>valence[<TAB>...]`; `#` starts a comment line. Domain entries
    /// override the word list. Epistemic words are dropped from both.
    pub(crate) fn parse(lexicon_tsv: &str, domain_tsv: &str, opinion_tsv: &str) -> Result<Lexicon, ModelError> {
        let mut lexicon = Lexicon {
            short_words: FxHashMap::default(),
            long_words: FxHashMap::default(),
            phrases: FxHashMap::default(),
            max_key_len: 0,
        };
        for (line_idx, line) in opinion_tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let number =
                |idx: usize| fields.get(idx).and_then(|v| v.trim().parse::<f32>().ok()).filter(|v| v.is_finite());
            let (Some(polarity), Some(intensity)) = (number(1), number(2)) else {
                return Err(ModelError::Lexicon { file: "opinion.tsv", line: line_idx + 1 });
            };
            let word = fields[0].to_lowercase();
            if EPISTEMIC_WORDS.contains(&word.as_str()) {
                continue;
            }
            let info = lexicon.entry(&word);
            info.opinion = polarity.clamp(-1.0, 1.0);
            info.intensity = intensity;
            info.flags |= F_OPINION;
            if fields.get(3) == Some(&"1") {
                info.flags |= F_MODIFIER;
            }
        }
        for (source, name) in [(lexicon_tsv, "lexicon.tsv"), (domain_tsv, "domain.tsv")] {
            for (line_idx, line) in source.lines().enumerate() {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut fields = line.split('\t');
                let word = fields.next().unwrap_or("");
                let valence = fields.next().and_then(|v| v.trim().parse::<f32>().ok());
                let Some(valence) = valence.filter(|v| v.is_finite() && (-4.5..=4.5).contains(v)) else {
                    return Err(ModelError::Lexicon { file: name, line: line_idx + 1 });
                };
                let word = word.to_lowercase();
                if EPISTEMIC_WORDS.contains(&word.as_str()) {
                    continue;
                }
                lexicon.insert_valence(&word, valence);
            }
        }
        for &word in NEGATORS {
            lexicon.add_flags(word, F_NEGATOR);
        }
        for &(word, increment) in BOOSTERS {
            let info = lexicon.entry(word);
            info.booster = increment;
            info.flags |= F_BOOSTER;
        }
        for &word in EPISTEMIC_WORDS {
            let info = lexicon.entry(word);
            info.valence = 0.0;
            info.opinion = 0.0;
            info.flags = (info.flags & !(F_LEX | F_OPINION | F_MODIFIER)) | F_EPISTEMIC;
        }
        let closed: [(&[&str], u32); 7] = [
            (PRONOUNS, F_PRONOUN),
            (ACTIVITY, F_ACTIVITY),
            (CLAUSE_BREAKS, F_CLAUSE_BREAK),
            (EPITHETS, F_EPITHET),
            (REPORTING, F_REPORTING),
            (&["he", "she", "him"], F_PERSON_PRONOUN),
            (&["this", "that", "the"], F_DEMONSTRATIVE),
        ];
        for (words, flag) in closed {
            for &word in words {
                lexicon.add_flags(word, flag);
            }
        }
        for (word, flag) in [
            ("no", F_NO),
            ("or", F_OR_NOR),
            ("nor", F_OR_NOR),
            ("kind", F_KIND),
            ("sort", F_KIND),
            ("of", F_OF),
            ("least", F_LEAST),
            ("at", F_AT_VERY),
            ("very", F_AT_VERY),
            ("never", F_NEVER),
            ("so", F_SO_THIS),
            ("this", F_SO_THIS),
            ("but", F_CONTRAST),
            ("however", F_CONTRAST),
            ("although", F_CONCESSIVE),
            ("though", F_CONCESSIVE),
        ] {
            lexicon.add_flags(word, flag);
        }
        let starts: Vec<Box<str>> = lexicon.phrases.keys().cloned().collect();
        for first in starts {
            lexicon.add_flags(&first, F_PHRASE_START);
        }
        let longest_short = lexicon.short_words.keys().map(|k| usize::from(k.len)).max().unwrap_or(0);
        lexicon.max_key_len = lexicon.long_words.keys().map(|k| k.len()).max().unwrap_or(0).max(longest_short);
        Ok(lexicon)
    }

    fn insert_valence(&mut self, word: &str, valence: f32) {
        if let Some((first, second)) = word.split_once(' ') {
            if !second.contains(' ') {
                let entries = self.phrases.entry(first.into()).or_default();
                entries.retain(|(w, _)| &**w != second);
                entries.push((second.into(), valence));
            }
            return;
        }
        let info = self.entry(word);
        info.valence = valence;
        info.flags |= F_LEX;
    }

    fn entry(&mut self, word: &str) -> &mut WordInfo {
        match ShortKey::new(word) {
            Some(key) => self.short_words.entry(key).or_default(),
            None => self.long_words.entry(word.into()).or_default(),
        }
    }

    fn add_flags(&mut self, word: &str, flags: u32) {
        self.entry(word).flags |= flags;
    }

    /// Looks up a lowercased word.
    pub(crate) fn get(&self, lower: &str) -> WordInfo {
        if lower.len() > self.max_key_len {
            return WordInfo::default();
        }
        let info = match ShortKey::new(lower) {
            Some(key) => self.short_words.get(&key),
            None => self.long_words.get(lower),
        };
        info.copied().unwrap_or_default()
    }

    /// The valence of the two-word entry `first second`, if any.
    pub(crate) fn phrase(&self, first: &str, second: &str) -> Option<f32> {
        self.phrases.get(first)?.iter().find(|(w, _)| &**w == second).map(|&(_, v)| v)
    }

    /// Number of words with a valence.
    pub(crate) fn n_sentiment_words(&self) -> usize {
        let words = self.short_words.values().chain(self.long_words.values());
        words.filter(|info| info.has(F_LEX)).count() + self.phrases.values().map(Vec::len).sum::<usize>()
    }
}
