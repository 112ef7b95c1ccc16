//! Scoring a model against gold CoNLL-U: tag accuracies, lemma accuracy, UAS and LAS.
//!
//! Following the UD convention (CoNLL 2018 shared task), every syntactic word counts,
//! punctuation included, and tokenization is gold (the model parses the treebank's words).
//! The scores without punctuation (gold UPOS `PUNCT`) are reported too, as older papers use
//! them, and LAS is given both with full labels (`nsubj:pass` must match exactly) and with
//! universal labels only (subtypes stripped, as the CoNLL 2018 evaluation script does).

use rayon::prelude::*;

use crate::conllu::Sentence;
use crate::model::{Model, ParseScratch};
use crate::tags::Upos;

/// Scores of a model on a gold treebank. Accuracies are shares in `[0, 1]`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EvalScores {
    /// Sentences scored.
    pub n_sentences: usize,
    /// Words scored (all syntactic words, punctuation included).
    pub n_tokens: usize,
    /// Words scored without punctuation.
    pub n_tokens_no_punct: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy (exact string match).
    pub lemma: f64,
    /// Unlabeled attachment score: the share of words with the right head.
    pub uas: f64,
    /// Labeled attachment score with full labels (subtypes must match).
    pub las: f64,
    /// Labeled attachment score with universal labels (subtypes stripped), as in CoNLL 2018.
    pub las_universal: f64,
    /// UAS over words that are not punctuation.
    pub uas_no_punct: f64,
    /// LAS (full labels) over words that are not punctuation.
    pub las_no_punct: f64,
}

#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    n_sentences: usize,
    n_tokens: usize,
    n_tokens_no_punct: usize,
    upos: usize,
    xpos: usize,
    lemma: usize,
    uas: usize,
    las: usize,
    las_universal: usize,
    uas_no_punct: usize,
    las_no_punct: usize,
}

impl Counts {
    fn add(mut self, other: Counts) -> Counts {
        self.n_sentences += other.n_sentences;
        self.n_tokens += other.n_tokens;
        self.n_tokens_no_punct += other.n_tokens_no_punct;
        self.upos += other.upos;
        self.xpos += other.xpos;
        self.lemma += other.lemma;
        self.uas += other.uas;
        self.las += other.las;
        self.las_universal += other.las_universal;
        self.uas_no_punct += other.uas_no_punct;
        self.las_no_punct += other.las_no_punct;
        self
    }
}

/// Parses the words of every gold sentence and scores the result.
///
/// Sentences are scored in parallel; the sums do not depend on the order. Words without a
/// gold HEAD count for tags and lemmas but not for attachment (they cannot be right).
pub fn evaluate(model: &Model, gold: &[Sentence]) -> EvalScores {
    evaluate_with(model, gold, false)
}

/// As [`evaluate`], parsing with [`Model::parse_news`] (the repairs grip's pipeline applies)
/// when `news` is set.
pub fn evaluate_with(model: &Model, gold: &[Sentence], news: bool) -> EvalScores {
    let counts = gold
        .par_iter()
        .map_init(
            || (ParseScratch::default(), Vec::new()),
            |(scratch, tokens), sentence| {
                let words = sentence.forms();
                if news {
                    model.parse_news(&words, scratch, tokens);
                } else {
                    model.parse_into(&words, scratch, tokens);
                }
                count(sentence, tokens)
            },
        )
        .reduce(Counts::default, Counts::add);
    let share = |n: usize, total: usize| if total == 0 { 0.0 } else { n as f64 / total as f64 };
    EvalScores {
        n_sentences: counts.n_sentences,
        n_tokens: counts.n_tokens,
        n_tokens_no_punct: counts.n_tokens_no_punct,
        upos: share(counts.upos, counts.n_tokens),
        xpos: share(counts.xpos, counts.n_tokens),
        lemma: share(counts.lemma, counts.n_tokens),
        uas: share(counts.uas, counts.n_tokens),
        las: share(counts.las, counts.n_tokens),
        las_universal: share(counts.las_universal, counts.n_tokens),
        uas_no_punct: share(counts.uas_no_punct, counts.n_tokens_no_punct),
        las_no_punct: share(counts.las_no_punct, counts.n_tokens_no_punct),
    }
}

fn count(sentence: &Sentence, tokens: &[crate::TokenSyntax]) -> Counts {
    let mut counts = Counts { n_sentences: 1, ..Counts::default() };
    for (word, token) in sentence.words.iter().zip(tokens) {
        let is_punct = word.upos == Upos::Punct.as_str();
        counts.n_tokens += 1;
        counts.n_tokens_no_punct += usize::from(!is_punct);
        counts.upos += usize::from(token.upos.as_str() == word.upos);
        counts.xpos += usize::from(token.xpos == word.xpos);
        counts.lemma += usize::from(token.lemma == word.lemma);
        let gold_head = word.head.map(|head| head.checked_sub(1));
        let head_ok = gold_head == Some(token.head);
        let label_ok = head_ok && token.deprel.as_str() == word.deprel;
        let universal_ok = head_ok && universal(token.deprel.as_str()) == universal(&word.deprel);
        counts.uas += usize::from(head_ok);
        counts.las += usize::from(label_ok);
        counts.las_universal += usize::from(universal_ok);
        if !is_punct {
            counts.uas_no_punct += usize::from(head_ok);
            counts.las_no_punct += usize::from(label_ok);
        }
    }
    counts
}

fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}
