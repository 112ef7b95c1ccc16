//! Readable text renderings of an analysis: the terminal report of `grip analyze` and the
//! golden-file format that pins behaviour on real text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use grip_analysis::Analysis;
use grip_model::{Mention, TextRange};

/// The terminal report: a header, the actors with every surface form and the sentences they
/// appear in, the annotated sentences, and the diagnostics.
pub fn terminal(analysis: &Analysis, text: &str) -> String {
    let mut out = String::new();
    let n_sentences = analysis.segmented.sentences.len();
    let _ = writeln!(
        out,
        "document {}  date {} ({})  kb {}\n{} sentences, {} tokens, {} mentions of {} actors",
        analysis.document_id,
        analysis.date,
        analysis.date_source.as_str(),
        analysis.kb_version,
        n_sentences,
        analysis.segmented.tokens.len(),
        analysis.mentions.len(),
        actors(analysis).len(),
    );
    out.push_str("\nACTORS\n");
    for (entity, mentions) in actors(analysis) {
        let first = mentions[0];
        let mut codes: Vec<&str> = mentions.iter().map(|m| m.actor.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        let _ = writeln!(
            out,
            "  {:<32} {:<7} {:<28} {} mention{}",
            first.name,
            first.kind.as_str(),
            codes.join(","),
            mentions.len(),
            if mentions.len() == 1 { "" } else { "s" }
        );
        let _ = writeln!(out, "      {entity}");
        let mut forms: BTreeMap<(&str, &str), Vec<u32>> = BTreeMap::new();
        for mention in &mentions {
            forms.entry((grip_text::slice(text, mention.range), mention.rule)).or_default().push(mention.sentence + 1);
        }
        for ((surface, rule), sentences) in forms {
            let sentences: Vec<String> = sentences.iter().map(|s| format!("s{s}")).collect();
            let _ = writeln!(out, "      {:<34} {:<20} {}", format!("{surface:?}"), rule, sentences.join(" "));
        }
    }
    out.push_str("\nSENTENCES\n");
    for (idx, sentence) in analysis.segmented.sentences.iter().enumerate() {
        let idx32 = u32::try_from(idx).unwrap_or(u32::MAX);
        let skipped = analysis.skipped_sentences.contains(&idx32);
        let mentions: Vec<&Mention> = analysis.mentions.iter().filter(|m| m.sentence == idx32).collect();
        let _ = writeln!(
            out,
            "  s{:<3}{} {}",
            idx + 1,
            if skipped { " (skipped)" } else { "" },
            annotate(text, sentence.range, &mentions)
        );
    }
    if !analysis.diagnostics.is_empty() {
        out.push_str("\nDIAGNOSTICS\n");
        for diagnostic in &analysis.diagnostics {
            let place = diagnostic
                .range
                .map(|r| format!(" at {}..{}", u32::from(r.start()), u32::from(r.end())))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {}{}: {}",
                diagnostic.severity.as_str(),
                diagnostic.code,
                place,
                diagnostic.message
            );
        }
    }
    out
}

/// The golden-file format: each sentence, then one line per mention with its span, text,
/// code, entity and rule, then the diagnostics.
pub fn golden(analysis: &Analysis, text: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "date {} ({})", analysis.date, analysis.date_source.as_str());
    for (idx, sentence) in analysis.segmented.sentences.iter().enumerate() {
        let idx32 = u32::try_from(idx).unwrap_or(u32::MAX);
        let _ = writeln!(out, "\n> {}", one_line(grip_text::slice(text, sentence.range)));
        if analysis.skipped_sentences.contains(&idx32) {
            out.push_str("skipped\n");
        }
        for mention in analysis.mentions.iter().filter(|m| m.sentence == idx32) {
            let _ = writeln!(
                out,
                "mention  {:<9} {:<28} -> {:<10} {:<40} {}",
                format!("{}..{}", u32::from(mention.range.start()), u32::from(mention.range.end())),
                format!("{:?}", grip_text::slice(text, mention.range)),
                mention.actor.as_str(),
                mention.entity.as_str(),
                mention.rule
            );
        }
    }
    if !analysis.diagnostics.is_empty() {
        out.push('\n');
        for diagnostic in &analysis.diagnostics {
            let place = diagnostic
                .range
                .map(|r| format!(" {}..{}", u32::from(r.start()), u32::from(r.end())))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "diagnostic {} {}{}: {}",
                diagnostic.severity.as_str(),
                diagnostic.code,
                place,
                diagnostic.message
            );
        }
    }
    out
}

/// Mentions grouped by entity, in order of first appearance.
fn actors(analysis: &Analysis) -> Vec<(&str, Vec<&Mention>)> {
    let mut groups: Vec<(&str, Vec<&Mention>)> = Vec::new();
    for mention in &analysis.mentions {
        match groups.iter_mut().find(|(entity, _)| *entity == mention.entity.as_str()) {
            Some((_, mentions)) => mentions.push(mention),
            None => groups.push((mention.entity.as_str(), vec![mention])),
        }
    }
    groups
}

/// The sentence with each mention bracketed and followed by its code: `[Russia|RUS]`.
fn annotate(text: &str, range: TextRange, mentions: &[&Mention]) -> String {
    let mut out = String::new();
    let mut cursor = usize::from(range.start());
    for mention in mentions {
        let (start, end) = (usize::from(mention.range.start()), usize::from(mention.range.end()));
        if start < cursor {
            continue;
        }
        out.push_str(&text[cursor..start]);
        let _ = write!(out, "[{}|{}]", &text[start..end], mention.actor);
        cursor = end;
    }
    out.push_str(&text[cursor..usize::from(range.end())]);
    one_line(&out)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
