//! The closed tag sets of the syntax layer: UD part-of-speech tags ([`Upos`]), UD English
//! dependency relations with their subtypes ([`Deprel`]) and Penn Treebank tags ([`XPOS_TAGS`]).
//!
//! Tags are types so that grip's rules match on `Upos::Verb` rather than on strings; strings
//! appear only at the edges (`as_str`, `from_label`), where CoNLL-U and JSON are read or written.

use std::fmt;

macro_rules! label_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident => $label:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
        }

        impl $name {
            /// Every value, in declaration order (the order of the internal class numbers).
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];

            /// The label as written in CoNLL-U files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $label, )*
                }
            }

            /// Parses a CoNLL-U label; `None` when the label is not in the set.
            pub fn from_label(label: &str) -> Option<$name> {
                match label {
                    $( $label => Some($name::$variant), )*
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

label_enum! {
    /// A Universal Dependencies part-of-speech tag (UPOS).
    pub enum Upos {
        /// Adjective.
        Adj => "ADJ",
        /// Adposition.
        Adp => "ADP",
        /// Adverb.
        Adv => "ADV",
        /// Auxiliary.
        Aux => "AUX",
        /// Coordinating conjunction.
        Cconj => "CCONJ",
        /// Determiner.
        Det => "DET",
        /// Interjection.
        Intj => "INTJ",
        /// Noun.
        Noun => "NOUN",
        /// Numeral.
        Num => "NUM",
        /// Particle.
        Part => "PART",
        /// Pronoun.
        Pron => "PRON",
        /// Proper noun.
        Propn => "PROPN",
        /// Punctuation.
        Punct => "PUNCT",
        /// Subordinating conjunction.
        Sconj => "SCONJ",
        /// Symbol.
        Sym => "SYM",
        /// Verb.
        Verb => "VERB",
        /// Other.
        X => "X",
    }
}

label_enum! {
    /// A Universal Dependencies relation as used in UD English (EWT, GUM), subtypes included.
    pub enum Deprel {
        /// Clausal modifier of a noun.
        Acl => "acl",
        /// Relative clause.
        AclRelcl => "acl:relcl",
        /// Adverbial clause modifier.
        Advcl => "advcl",
        /// Adverbial relative clause.
        AdvclRelcl => "advcl:relcl",
        /// Adverbial modifier.
        Advmod => "advmod",
        /// Adjectival modifier.
        Amod => "amod",
        /// Appositional modifier.
        Appos => "appos",
        /// Auxiliary.
        Aux => "aux",
        /// Passive auxiliary.
        AuxPass => "aux:pass",
        /// Case marking.
        Case => "case",
        /// Coordinating conjunction.
        Cc => "cc",
        /// Preconjunct ("either", "both").
        CcPreconj => "cc:preconj",
        /// Clausal complement.
        Ccomp => "ccomp",
        /// Classifier.
        Clf => "clf",
        /// Compound.
        Compound => "compound",
        /// Phrasal verb particle.
        CompoundPrt => "compound:prt",
        /// Conjunct.
        Conj => "conj",
        /// Copula.
        Cop => "cop",
        /// Clausal subject.
        Csubj => "csubj",
        /// Outer clausal subject of a copular clause.
        CsubjOuter => "csubj:outer",
        /// Clausal passive subject.
        CsubjPass => "csubj:pass",
        /// Unspecified dependency.
        Dep => "dep",
        /// Determiner.
        Det => "det",
        /// Possessive determiner.
        DetPoss => "det:poss",
        /// Predeterminer ("all the").
        DetPredet => "det:predet",
        /// Discourse element.
        Discourse => "discourse",
        /// Dislocated element.
        Dislocated => "dislocated",
        /// Expletive.
        Expl => "expl",
        /// Fixed multiword expression.
        Fixed => "fixed",
        /// Flat expression.
        Flat => "flat",
        /// Foreign words in a flat expression.
        FlatForeign => "flat:foreign",
        /// Names in a flat expression.
        FlatName => "flat:name",
        /// Goes with (split word).
        Goeswith => "goeswith",
        /// Indirect object.
        Iobj => "iobj",
        /// List.
        List => "list",
        /// Marker.
        Mark => "mark",
        /// Nominal modifier.
        Nmod => "nmod",
        /// Descriptive nominal modifier.
        NmodDesc => "nmod:desc",
        /// Noun phrase as adverbial modifier of a nominal (older UD English).
        NmodNpmod => "nmod:npmod",
        /// Possessive nominal modifier.
        NmodPoss => "nmod:poss",
        /// Temporal nominal modifier (older UD English).
        NmodTmod => "nmod:tmod",
        /// Unmarked nominal modifier.
        NmodUnmarked => "nmod:unmarked",
        /// Nominal subject.
        Nsubj => "nsubj",
        /// Outer nominal subject of a copular clause.
        NsubjOuter => "nsubj:outer",
        /// Passive nominal subject.
        NsubjPass => "nsubj:pass",
        /// Numeric modifier.
        Nummod => "nummod",
        /// Object.
        Obj => "obj",
        /// Oblique nominal.
        Obl => "obl",
        /// Agent of a passive.
        OblAgent => "obl:agent",
        /// Noun phrase as adverbial modifier (older UD English).
        OblNpmod => "obl:npmod",
        /// Temporal oblique (older UD English).
        OblTmod => "obl:tmod",
        /// Unmarked oblique.
        OblUnmarked => "obl:unmarked",
        /// Orphan in an ellipsis.
        Orphan => "orphan",
        /// Parataxis.
        Parataxis => "parataxis",
        /// Punctuation.
        Punct => "punct",
        /// Overridden disfluency.
        Reparandum => "reparandum",
        /// Root of the sentence.
        Root => "root",
        /// Vocative.
        Vocative => "vocative",
        /// Open clausal complement.
        Xcomp => "xcomp",
    }
}

impl Upos {
    /// The position in [`Upos::ALL`], which model files store.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn from_index(index: usize) -> Option<Upos> {
        Upos::ALL.get(index).copied()
    }
}

/// The Penn Treebank tags (with the English Web Treebank additions) that XPOS values can take.
///
/// `XX` stands for a tag that was not in this list when a model was trained.
pub const XPOS_TAGS: &[&str] = &[
    "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "GW", "HYPH", "IN", "JJ",
    "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP",
    "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "XX", "``",
];

/// The index of `XX` in [`XPOS_TAGS`].
pub(crate) const XPOS_UNKNOWN: u8 = 48;

/// The index of an XPOS tag in [`XPOS_TAGS`], or that of `XX` for an unknown tag.
pub(crate) fn xpos_index(tag: &str) -> u8 {
    XPOS_TAGS.iter().position(|known| *known == tag).map_or(XPOS_UNKNOWN, |index| index as u8)
}

#[cfg(test)]
mod tests;
