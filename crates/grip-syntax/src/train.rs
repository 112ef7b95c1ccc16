//! Training a [`Model`] from CoNLL-U treebanks: noise injection, the lemmatizer, jackknifed
//! tags for the parser, the tagger and the parser, with progress reports.
//!
//! Training is deterministic: the same data, configuration and seed give the same model bytes,
//! whatever the number of threads. Randomness comes from [`crate::rng::Rng`] streams derived from
//! the seed, and the only parallel step (the jackknife taggers) trains independent models whose
//! results are collected in order.

use rayon::prelude::*;

use crate::clusters::{self, ClusterSettings, Clusters};
use crate::conllu::Sentence;
use crate::lemma::{self, LemmaExample};
use crate::lexical::{lexemes, Casing, Lexeme};
use crate::model::Model;
use crate::parser::{self, Parser, ParserExample, ParserSettings, Scratch};
use crate::rng::Rng;
use crate::tagger::{self, TagPair, Tagger, TaggerExample, TaggerSettings};
use crate::tags::{xpos_index, Deprel, Upos};
use crate::transition::{is_tree, projectivize, GoldTree};

/// How to train a model.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// Seed for shuffling, noise and exploration.
    pub seed: u64,
    /// Passes over the training data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the training data for the parser.
    pub parser_epochs: usize,
    /// The parser trains on tags predicted by taggers that did not see the sentence
    /// (k-fold jackknifing); 0 or 1 trains it on gold tags instead.
    pub jackknife_folds: usize,
    /// From this parser epoch on (0-based), training follows the parser's own mistakes ...
    pub explore_from_epoch: usize,
    /// ... with this probability (Goldberg and Nivre 2012).
    pub explore_probability: f64,
    /// Averaged tagger weights smaller than this are dropped from the model.
    pub tagger_prune_threshold: f32,
    /// Averaged parser weights smaller than this are dropped from the model.
    pub parser_prune_threshold: f32,
    /// Noise injected into copies of training sentences.
    pub noise: NoiseConfig,
    /// Words seen fewer times than this in the training and unlabeled text get no word
    /// cluster; 0 turns clusters off.
    pub cluster_min_count: u32,
}

/// Noise for robustness: each value is the share of training sentences that get an extra,
/// noisy copy of that kind (with the same gold analysis).
#[derive(Clone, Debug, PartialEq)]
pub struct NoiseConfig {
    /// ALL-CAPS copies, like headlines and shouting.
    pub upper_case: f64,
    /// all-lowercase copies.
    pub lower_case: f64,
    /// Title Case Copies, like many headlines.
    pub title_case: f64,
    /// Copies whose proper nouns are misspelled (a letter dropped, doubled, swapped or changed).
    pub misspell_proper_nouns: f64,
    /// Copies where one comma, colon or closing bracket is glued to the word before it, as when a
    /// missing space after punctuation makes a tokenizer keep `Moscow,Kyiv`-style pieces whole.
    pub glue_punctuation: f64,
    /// Copies where a time phrase stands between a subject and its verb, as news writes it
    /// ("Germany on Wednesday lifted sanctions", "Israel Friday reimposed blockades"), a word
    /// order the treebanks rarely show.
    pub news_time: f64,
}

/// A training stage, for progress reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrainStage {
    /// Training taggers on parts of the data to tag the rest, for the parser.
    Jackknife,
    /// Training the tagger on all the data.
    Tagger,
    /// Training the parser.
    Parser,
}

/// A progress report from [`train`].
#[derive(Clone, Debug, PartialEq)]
pub enum TrainProgress {
    /// A stage starts; it has `total` steps.
    Started {
        /// The stage.
        stage: TrainStage,
        /// The number of steps (sentences times epochs, or folds).
        total: u64,
    },
    /// `done` of the stage's steps are done.
    Advanced {
        /// The stage.
        stage: TrainStage,
        /// Steps done so far.
        done: u64,
    },
    /// An epoch ended.
    Epoch {
        /// The stage.
        stage: TrainStage,
        /// The epoch number, from 0.
        epoch: usize,
        /// Tagger: training accuracy; parser: share of optimal actions during the epoch.
        train_score: f64,
        /// Tagger: joint tag accuracy on dev; parser: (UAS, LAS) on dev with predicted tags.
        dev_scores: Vec<f64>,
    },
    /// A stage ended.
    Finished {
        /// The stage.
        stage: TrainStage,
    },
    /// Something worth telling (data sizes, skipped sentences).
    Note {
        /// The message.
        message: String,
    },
}

impl TrainConfig {
    /// The configuration of the committed model.
    pub fn standard() -> TrainConfig {
        TrainConfig {
            seed: 20_240_601,
            tagger_epochs: 8,
            parser_epochs: 12,
            jackknife_folds: 10,
            explore_from_epoch: 1,
            explore_probability: 0.9,
            tagger_prune_threshold: 0.25,
            parser_prune_threshold: 1.0,
            noise: NoiseConfig {
                upper_case: 0.03,
                lower_case: 0.03,
                title_case: 0.02,
                misspell_proper_nouns: 0.05,
                glue_punctuation: 0.02,
                news_time: 0.08,
            },
            cluster_min_count: 3,
        }
    }
}

/// Trains a model on `train`, reporting dev scores on `dev` after each epoch.
///
/// `unlabeled` is raw text (one or more sentences per string, a line never spanning two
/// paragraphs) from which word clusters are learned together with the words of `train`;
/// it may be empty.
///
/// Sentences without a complete, well-formed tree (one root, no cycles) still train the tagger
/// and the lemmatizer; the parser skips them. Non-projective trees are made projective for the
/// parser by lifting arcs. The epoch with the best dev score is kept for the tagger (joint tag
/// accuracy) and for the parser (LAS); with an empty `dev`, the last epoch is kept.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    unlabeled: &[String],
    config: &TrainConfig,
    progress: &mut dyn FnMut(TrainProgress),
) -> Model {
    let mut rng = Rng::new(config.seed);
    let mut originals: Vec<Example> = train.iter().map(Example::from_sentence).collect();
    let mut dev_examples: Vec<Example> = dev.iter().map(Example::from_sentence).collect();
    let (mut examples, origin) = augment(&originals, &config.noise, &mut rng);
    let clusters = if config.cluster_min_count == 0 {
        Clusters::default()
    } else {
        let mut text: Vec<Vec<String>> = originals.iter().map(|example| example.forms.clone()).collect();
        for block in unlabeled {
            text.extend(clusters::rough_tokens(block));
        }
        let settings =
            ClusterSettings { min_count: config.cluster_min_count, n_contexts: 400, max_depth: 16, min_size: 4 };
        clusters::induce(&text, &settings)
    };
    progress(TrainProgress::Note { message: format!("{} words have a cluster", clusters.len()) });
    let casing = Casing::learn(originals.iter().map(|example| example.forms.as_slice()));
    for example in originals.iter_mut().chain(&mut examples).chain(&mut dev_examples) {
        example.lexemes = match casing.apply(&example.forms) {
            Some(recased) => lexemes(&recased, &clusters),
            None => lexemes(&example.forms, &clusters),
        };
    }
    progress(TrainProgress::Note {
        message: format!(
            "{} training sentences ({} with noise added), {} dev sentences",
            originals.len(),
            examples.len(),
            dev_examples.len()
        ),
    });

    let lemma_examples: Vec<LemmaExample<'_>> = originals
        .iter()
        .flat_map(|example| {
            example.forms.iter().zip(&example.tags).zip(&example.lemmas).map(|((form, tag), lemma)| LemmaExample {
                form,
                tag: *tag,
                lemma,
            })
        })
        .collect();
    let lemmatizer = lemma::train(&lemma_examples);

    let tagger_examples: Vec<TaggerExample> = examples
        .iter()
        .map(|example| TaggerExample { lexemes: example.lexemes.clone(), tags: example.tags.clone() })
        .collect();
    let tag_set = tagger::tag_set(&tagger_examples);
    let tagger_settings = TaggerSettings {
        epochs: config.tagger_epochs,
        prune_threshold: config.tagger_prune_threshold,
        sure_min_count: 20,
        sure_min_share: 0.995,
        dictionary_min_count: 1,
    };
    let jackknifed = jackknife(&tagger_examples, &origin, &tag_set, &tagger_settings, config, progress);

    // The final tagger, on all the data, keeping its best epoch on dev.
    let dev_gold: Vec<Vec<Option<u8>>> = dev_examples
        .iter()
        .map(|example| example.tags.iter().map(|tag| tag_set.binary_search(tag).ok().map(|idx| idx as u8)).collect())
        .collect();
    let n_tagger_steps = (config.tagger_epochs * tagger_examples.len()) as u64;
    progress(TrainProgress::Started { stage: TrainStage::Tagger, total: n_tagger_steps });
    let mut best_tagger: Option<(f64, Tagger)> = None;
    let mut tagger_rng = Rng::new(config.seed ^ 0x7A66);
    let last_tagger = tagger::train(
        &tagger_examples,
        &tag_set,
        &tagger_settings,
        &mut tagger_rng,
        &mut |epoch, train_accuracy, tagger| {
            let dev_accuracy = tag_accuracy(tagger, &dev_examples, &dev_gold);
            progress(TrainProgress::Advanced {
                stage: TrainStage::Tagger,
                done: ((epoch + 1) * tagger_examples.len()) as u64,
            });
            progress(TrainProgress::Epoch {
                stage: TrainStage::Tagger,
                epoch,
                train_score: train_accuracy,
                dev_scores: dev_accuracy.into_iter().collect(),
            });
            let score = dev_accuracy.unwrap_or(epoch as f64);
            if best_tagger.as_ref().is_none_or(|(best, _)| score > *best) {
                best_tagger = Some((score, tagger.clone()));
            }
        },
    );
    let mut tagger = best_tagger.map_or(last_tagger, |(_, tagger)| tagger);
    // The model carries the irregular forms it would be given when read back.
    tagger.add_irregular_forms();
    progress(TrainProgress::Finished { stage: TrainStage::Tagger });

    // The parser, on jackknifed tags.
    let labels = parser::label_set(
        examples.iter().filter(|example| example.gold.is_some()).flat_map(|example| example.deprels.iter().copied()),
    );
    let parser_examples: Vec<ParserExample> = examples
        .iter()
        .zip(jackknifed)
        .filter_map(|(example, tags)| {
            let gold = example.gold.as_ref()?;
            let label_ids = example
                .deprels
                .iter()
                .map(|deprel| labels.binary_search(deprel).expect("labels come from the data") as u8);
            let mut heads = gold.clone();
            projectivize(&mut heads);
            Some(ParserExample {
                lexemes: example.lexemes.clone(),
                tags,
                gold: GoldTree::new(heads, std::iter::once(0).chain(label_ids).collect()),
            })
        })
        .collect();
    let n_skipped = examples.len() - parser_examples.len();
    if n_skipped > 0 {
        progress(TrainProgress::Note {
            message: format!("{n_skipped} sentences without a well-formed tree do not train the parser"),
        });
    }
    let dev_parse: Vec<DevParse> = dev_examples
        .iter()
        .filter_map(|example| {
            let gold = example.gold.as_ref()?;
            let mut tags = Vec::new();
            tagger.tag(&example.lexemes, &mut tags);
            Some(DevParse { lexemes: &example.lexemes, tags, heads: gold, deprels: &example.deprels })
        })
        .collect();
    let parser_settings = ParserSettings {
        epochs: config.parser_epochs,
        explore_from_epoch: config.explore_from_epoch,
        explore_probability: config.explore_probability,
        prune_threshold: config.parser_prune_threshold,
    };
    let n_parser_steps = (config.parser_epochs * parser_examples.len()) as u64;
    progress(TrainProgress::Started { stage: TrainStage::Parser, total: n_parser_steps });
    let mut best_parser: Option<(f64, Parser)> = None;
    let mut parser_rng = Rng::new(config.seed ^ 0x9A25);
    let last_parser = parser::train(
        &parser_examples,
        labels,
        &parser_settings,
        &mut parser_rng,
        &mut |epoch, train_score, parser| {
            let (uas, las) = attachment_scores(parser, &dev_parse);
            progress(TrainProgress::Advanced {
                stage: TrainStage::Parser,
                done: ((epoch + 1) * parser_examples.len()) as u64,
            });
            let dev_scores = if dev_parse.is_empty() { Vec::new() } else { vec![uas, las] };
            progress(TrainProgress::Epoch { stage: TrainStage::Parser, epoch, train_score, dev_scores });
            let score = if dev_parse.is_empty() { epoch as f64 } else { las };
            if best_parser.as_ref().is_none_or(|(best, _)| score > *best) {
                best_parser = Some((score, parser.clone()));
            }
        },
    );
    let parser = best_parser.map_or(last_parser, |(_, parser)| parser);
    progress(TrainProgress::Finished { stage: TrainStage::Parser });

    let n_words: usize = originals.iter().map(|example| example.forms.len()).sum();
    let description = format!(
        "grip-syntax model: averaged-perceptron tagger and arc-hybrid parser trained on {} sentences \
         ({n_words} words), seed {}, {} tagger epochs, {} parser epochs, {}-fold jackknifing",
        originals.len(),
        config.seed,
        config.tagger_epochs,
        config.parser_epochs,
        config.jackknife_folds
    );
    Model { description, casing, clusters, tagger, parser, lemmatizer }
}

/// One training or dev sentence in internal form.
struct Example {
    forms: Vec<String>,
    lexemes: Vec<Lexeme>,
    tags: Vec<TagPair>,
    lemmas: Vec<String>,
    /// Gold heads by node (entry 0 unused), when the sentence has a well-formed tree.
    gold: Option<Vec<u32>>,
    deprels: Vec<Deprel>,
}

impl Example {
    fn from_sentence(sentence: &Sentence) -> Example {
        let forms: Vec<String> = sentence.words.iter().map(|word| word.form.clone()).collect();
        let tags = sentence
            .words
            .iter()
            .map(|word| TagPair { upos: Upos::from_label(&word.upos).unwrap_or(Upos::X), xpos: xpos_index(&word.xpos) })
            .collect();
        let lemmas = sentence.words.iter().map(|word| word.lemma.clone()).collect();
        let deprels = sentence.words.iter().map(|word| deprel_of(&word.deprel)).collect();
        let gold = if sentence.has_tree() {
            let heads: Vec<u32> =
                std::iter::once(0).chain(sentence.words.iter().map(|word| word.head.unwrap_or(0))).collect();
            is_tree(&heads).then_some(heads)
        } else {
            None
        };
        Example::new(forms, tags, lemmas, gold, deprels)
    }

    fn new(
        forms: Vec<String>,
        tags: Vec<TagPair>,
        lemmas: Vec<String>,
        gold: Option<Vec<u32>>,
        deprels: Vec<Deprel>,
    ) -> Example {
        // Lexemes need the word clusters, which are learned after the examples are read.
        Example { forms, lexemes: Vec::new(), tags, lemmas, gold, deprels }
    }
}

/// The relation for a CoNLL-U label: known labels as they are, unknown subtypes as their
/// universal relation, anything else as `dep`.
pub(crate) fn deprel_of(label: &str) -> Deprel {
    Deprel::from_label(label).or_else(|| label.split(':').next().and_then(Deprel::from_label)).unwrap_or(Deprel::Dep)
}

/// Adds noisy copies of sentences; `origin[i]` is the index of the original of example `i`.
fn augment(originals: &[Example], noise: &NoiseConfig, rng: &mut Rng) -> (Vec<Example>, Vec<usize>) {
    let mut examples: Vec<Example> = Vec::with_capacity(originals.len() * 5 / 4);
    let mut origin = Vec::with_capacity(originals.len() * 5 / 4);
    for (idx, original) in originals.iter().enumerate() {
        examples.push(Example::new(
            original.forms.clone(),
            original.tags.clone(),
            original.lemmas.clone(),
            original.gold.clone(),
            original.deprels.clone(),
        ));
        origin.push(idx);
    }
    for (idx, original) in originals.iter().enumerate() {
        let mut add = |forms: Vec<String>, example: &Example| {
            examples.push(Example::new(
                forms,
                example.tags.clone(),
                example.lemmas.clone(),
                example.gold.clone(),
                example.deprels.clone(),
            ));
            origin.push(idx);
        };
        if rng.chance(noise.upper_case) {
            add(original.forms.iter().map(|form| form.to_uppercase()).collect(), original);
        }
        if rng.chance(noise.lower_case) {
            add(original.forms.iter().map(|form| form.to_lowercase()).collect(), original);
        }
        if rng.chance(noise.title_case) {
            add(original.forms.iter().map(|form| title_case(form)).collect(), original);
        }
        if rng.chance(noise.misspell_proper_nouns) {
            let forms = original
                .forms
                .iter()
                .zip(&original.tags)
                .map(|(form, tag)| {
                    if tag.upos == Upos::Propn && form.chars().count() >= 4 {
                        misspell(form, rng)
                    } else {
                        form.clone()
                    }
                })
                .collect();
            add(forms, original);
        }
        if rng.chance(noise.glue_punctuation) {
            if let Some(glued) = glue_punctuation(original, rng) {
                examples.push(glued);
                origin.push(idx);
            }
        }
        if rng.chance(noise.news_time) {
            if let Some(timed) = insert_news_time(original, rng) {
                examples.push(timed);
                origin.push(idx);
            }
        }
    }
    (examples, origin)
}

/// Capitalizes a word unless it is a short function word ("of", "the", "a").
fn title_case(form: &str) -> String {
    const SMALL: &[&str] = &["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "by"];
    if SMALL.contains(&form) {
        return form.to_owned();
    }
    let mut chars = form.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One random typo in the letters after the first.
fn misspell(form: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = form.chars().collect();
    let position = 1 + rng.below(chars.len() - 1);
    match rng.below(4) {
        0 => {
            chars.remove(position);
        }
        1 => chars.insert(position, chars[position]),
        2 if position + 1 < chars.len() => chars.swap(position, position + 1),
        _ => {
            const LETTERS: &[char] = &['a', 'e', 'i', 'o', 'u', 'n', 'r', 's', 't', 'k', 'z', 'y'];
            chars[position] = LETTERS[rng.below(LETTERS.len())];
        }
    }
    chars.into_iter().collect()
}

/// Glues one comma, colon or closing bracket without dependents to the word before it.
fn glue_punctuation(example: &Example, rng: &mut Rng) -> Option<Example> {
    let gold = example.gold.as_ref()?;
    let candidates: Vec<usize> = (1..example.forms.len())
        .filter(|idx| matches!(example.forms[*idx].as_str(), "," | ":" | ")" | ";"))
        .filter(|idx| !gold.iter().skip(1).any(|head| *head as usize == idx + 1))
        .filter(|idx| example.tags[idx - 1].upos != Upos::Punct)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let glued_idx = candidates[rng.below(candidates.len())];
    let mut forms = example.forms.clone();
    let punctuation = forms.remove(glued_idx);
    forms[glued_idx - 1].push_str(&punctuation);
    let mut tags = example.tags.clone();
    tags.remove(glued_idx);
    let mut lemmas = example.lemmas.clone();
    lemmas.remove(glued_idx);
    let mut deprels = example.deprels.clone();
    deprels.remove(glued_idx);
    // Node glued_idx + 1 disappears; later nodes shift down by one.
    let removed_node = glued_idx as u32 + 1;
    let heads: Vec<u32> = gold
        .iter()
        .enumerate()
        .filter(|(node, _)| *node as u32 != removed_node)
        .map(|(_, head)| if *head > removed_node { head - 1 } else { *head })
        .collect();
    Some(Example::new(forms, tags, lemmas, Some(heads), deprels))
}

/// Puts "on Monday" (or a bare "Monday", "today") between a finite verb and the subject
/// right before it: "Germany lifted sanctions" becomes "Germany on Monday lifted sanctions",
/// with the time phrase attached to the verb as UD English attaches it (`obl`, `obl:tmod`).
fn insert_news_time(example: &Example, rng: &mut Rng) -> Option<Example> {
    const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    let gold = example.gold.as_ref()?;
    // The last word of every node's subtree, by walking heads.
    let n_words = example.forms.len();
    let mut last = (0..=n_words).collect::<Vec<usize>>();
    for word in 1..=n_words {
        let mut node = word;
        let mut steps = 0;
        while node != 0 && steps <= n_words {
            last[node] = last[node].max(word);
            node = gold[node] as usize;
            steps += 1;
        }
    }
    // Finite verbs whose subject's words end right before them (1-based nodes).
    let candidates: Vec<usize> = (1..=n_words)
        .filter(|&verb| {
            let tag = example.tags[verb - 1];
            tag.upos == Upos::Verb && matches!(tag.xpos_str(), "VBD" | "VBZ" | "VBP")
        })
        .filter(|&verb| {
            (1..verb).any(|subject| {
                gold[subject] as usize == verb
                    && example.deprels[subject - 1] == Deprel::Nsubj
                    && last[subject] + 1 == verb
            })
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let verb = candidates[rng.below(candidates.len())];
    let day = DAYS[rng.below(DAYS.len())];
    let propn = TagPair { upos: Upos::Propn, xpos: xpos_index("NNP") };
    // (form and lemma, tag, head: the inserted word this many places on, or else the verb;
    // relation)
    let inserted: Vec<(&str, TagPair, Option<usize>, Deprel)> = match rng.below(3) {
        0 => vec![(day, propn, None, Deprel::OblTmod)],
        1 => vec![("today", TagPair { upos: Upos::Noun, xpos: xpos_index("NN") }, None, Deprel::OblTmod)],
        _ => vec![
            ("on", TagPair { upos: Upos::Adp, xpos: xpos_index("IN") }, Some(1), Deprel::Case),
            (day, propn, None, Deprel::Obl),
        ],
    };
    let k = inserted.len() as u32;
    // The new words become nodes at..at + k, right before the verb, which moves up by k.
    let at = verb as u32;
    let shift = |node: u32| if node >= at { node + k } else { node };
    let mut heads: Vec<u32> = gold.iter().map(|head| shift(*head)).collect();
    let mut forms = example.forms.clone();
    let mut tags = example.tags.clone();
    let mut lemmas = example.lemmas.clone();
    let mut deprels = example.deprels.clone();
    for (offset, (form, tag, head, deprel)) in inserted.into_iter().enumerate() {
        let word_idx = verb - 1 + offset;
        forms.insert(word_idx, form.to_owned());
        tags.insert(word_idx, tag);
        lemmas.insert(word_idx, form.to_owned());
        deprels.insert(word_idx, deprel);
        let head = match head {
            Some(next) => at + (offset + next) as u32,
            None => shift(verb as u32),
        };
        heads.insert(word_idx + 1, head);
    }
    is_tree(&heads).then(|| Example::new(forms, tags, lemmas, Some(heads), deprels))
}

/// Tags every training example with a tagger that did not see it (k-fold jackknifing), or
/// returns the gold tags when jackknifing is off.
fn jackknife(
    examples: &[TaggerExample],
    origin: &[usize],
    tag_set: &[TagPair],
    settings: &TaggerSettings,
    config: &TrainConfig,
    progress: &mut dyn FnMut(TrainProgress),
) -> Vec<Vec<u8>> {
    let n_folds = config.jackknife_folds;
    if n_folds < 2 {
        return examples
            .iter()
            .map(|example| {
                example.tags.iter().map(|tag| tag_set.binary_search(tag).map_or(0, |idx| idx as u8)).collect()
            })
            .collect();
    }
    // Folds are drawn by original sentence, so a noisy copy is held out with its original.
    let fold_of = |example_idx: usize| origin[example_idx] % n_folds;
    progress(TrainProgress::Started { stage: TrainStage::Jackknife, total: n_folds as u64 });
    let mut tagged: Vec<Vec<u8>> = vec![Vec::new(); examples.len()];
    let n_threads = rayon::current_num_threads().max(1);
    let folds: Vec<usize> = (0..n_folds).collect();
    let mut n_done = 0;
    for chunk in folds.chunks(n_threads) {
        let results: Vec<Vec<(usize, Vec<u8>)>> = chunk
            .par_iter()
            .map(|fold| {
                let train_examples: Vec<TaggerExample> = examples
                    .iter()
                    .enumerate()
                    .filter(|(example_idx, _)| fold_of(*example_idx) != *fold)
                    .map(|(_, example)| TaggerExample { lexemes: example.lexemes.clone(), tags: example.tags.clone() })
                    .collect();
                let mut rng = Rng::new(config.seed ^ (0x1000 + *fold as u64));
                let tagger = tagger::train(&train_examples, tag_set, settings, &mut rng, &mut |_, _, _| {});
                let mut out = Vec::new();
                for (example_idx, example) in examples.iter().enumerate() {
                    if fold_of(example_idx) == *fold {
                        let mut tags = Vec::new();
                        tagger.tag(&example.lexemes, &mut tags);
                        out.push((example_idx, tags));
                    }
                }
                out
            })
            .collect();
        for result in results {
            for (example_idx, tags) in result {
                tagged[example_idx] = tags;
            }
        }
        n_done += chunk.len();
        progress(TrainProgress::Advanced { stage: TrainStage::Jackknife, done: n_done as u64 });
    }
    progress(TrainProgress::Finished { stage: TrainStage::Jackknife });
    tagged
}

/// Joint tag accuracy on dev; `None` without dev data.
fn tag_accuracy(tagger: &Tagger, dev: &[Example], gold: &[Vec<Option<u8>>]) -> Option<f64> {
    let mut n_correct = 0usize;
    let mut n_total = 0usize;
    let mut tags = Vec::new();
    for (example, gold) in dev.iter().zip(gold) {
        tagger.tag(&example.lexemes, &mut tags);
        for (tag, gold) in tags.iter().zip(gold) {
            n_correct += usize::from(Some(*tag) == *gold);
            n_total += 1;
        }
    }
    (n_total > 0).then(|| n_correct as f64 / n_total as f64)
}

struct DevParse<'a> {
    lexemes: &'a [Lexeme],
    tags: Vec<u8>,
    heads: &'a [u32],
    deprels: &'a [Deprel],
}

/// UAS and LAS (all words, full labels) on dev with predicted tags.
fn attachment_scores(parser: &Parser, dev: &[DevParse<'_>]) -> (f64, f64) {
    let mut scratch = Scratch::default();
    let (mut heads, mut labels) = (Vec::new(), Vec::new());
    let (mut n_head, mut n_labeled, mut n_total) = (0usize, 0usize, 0usize);
    for sentence in dev {
        parser.parse(sentence.lexemes, &sentence.tags, &mut scratch, &mut heads, &mut labels);
        for word_idx in 0..heads.len() {
            let head_ok = heads[word_idx] == sentence.heads[word_idx + 1];
            n_head += usize::from(head_ok);
            n_labeled +=
                usize::from(head_ok && parser.labels()[usize::from(labels[word_idx])] == sentence.deprels[word_idx]);
            n_total += 1;
        }
    }
    let total = n_total.max(1) as f64;
    (n_head as f64 / total, n_labeled as f64 / total)
}

#[cfg(test)]
pub(crate) mod tests;
