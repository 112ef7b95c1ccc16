//! Readable text renderings of an analysis: the terminal report of `grip analyze` and the
//! golden-file format that pins behaviour on real text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use grip_analysis::Analysis;
use grip_model::{Claim, Event, EventActor, Holder, Mention, TextRange};

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
    if let Some(tone) = &analysis.tone {
        let _ = writeln!(
            out,
            "\nTONE\n  document {:+.3} (GDELT tone {:+.2}, {} words)",
            tone.score, tone.gdelt[0], tone.gdelt[6]
        );
        for actor_tone in &analysis.actor_tone {
            let words: Vec<String> =
                actor_tone.evidence.iter().map(|range| format!("{:?}", grip_text::slice(text, *range))).collect();
            let _ = writeln!(out, "  {:<12} {:+.3}  {}", actor_tone.actor.as_str(), actor_tone.score, words.join(", "));
        }
    }
    let notable: Vec<&Claim> = analysis
        .claims
        .iter()
        .filter(|claim| {
            claim.kind != grip_model::ClaimKind::Assertion
                || claim.holder != Holder::Author
                || claim.certainty != grip_model::Certainty::Certain
        })
        .collect();
    if !notable.is_empty() {
        out.push_str("\nCLAIMS (predictions, evaluations, recommendations, hedged or attributed statements)\n");
        for claim in notable {
            let _ = writeln!(out, "  {}", claim_line(claim, text).trim_start_matches("claim").trim_start());
        }
    }
    if !analysis.events.is_empty() {
        out.push_str("\nEVENTS\n");
        for event in &analysis.events {
            let _ = writeln!(out, "  {}", event_line(event, text).trim_start_matches("event").trim_start());
        }
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
        for event in analysis.events.iter().filter(|e| e.sentence == sentence.range) {
            let _ = writeln!(out, "{}", event_line(event, text));
        }
        for claim in analysis.claims.iter().filter(|c| sentence.range.contains_range(c.range)) {
            let _ = writeln!(out, "{}", claim_line(claim, text));
        }
    }
    if let Some(tone) = &analysis.tone {
        let words: Vec<String> = tone
            .contributions
            .iter()
            .map(|c| format!("{:?} {:+.2}", grip_text::slice(text, c.range), c.value))
            .collect();
        let _ =
            writeln!(out, "\ntone     {:+.3}  gdelt {:?}\n         words {}", tone.score, tone.gdelt, words.join(", "));
    }
    for actor_tone in &analysis.actor_tone {
        let words: Vec<String> =
            actor_tone.evidence.iter().map(|range| format!("{:?}", grip_text::slice(text, *range))).collect();
        let _ = writeln!(
            out,
            "tone     {:<10} {:<40} {:+.3}  evidence {}",
            actor_tone.actor.as_str(),
            actor_tone.entity.as_str(),
            actor_tone.score,
            words.join(", ")
        );
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

/// One event as `event SRC -[CODE name]-> TGT modality evidence S..E "word" rule ID`.
fn event_line(event: &Event, text: &str) -> String {
    let actor = |side: &Option<EventActor>| side.as_ref().map_or("-".to_owned(), |a| a.actor.to_string());
    let mut line = format!(
        "event    {} -[{} {}]-> {}  {}",
        actor(&event.source),
        event.code,
        event.code.name(),
        actor(&event.target),
        event.modality.as_str()
    );
    if let Some(speaker) = &event.speaker {
        let _ = write!(line, " (speaker {})", speaker.actor);
    }
    if let Some(location) = &event.location {
        let _ = write!(
            line,
            " at {} ({} {} {:.2},{:.2})",
            location.name, location.feature, location.country, location.lat, location.lon
        );
    }
    let _ = write!(
        line,
        "  evidence {}..{} {:?}  rule {}",
        u32::from(event.evidence.start()),
        u32::from(event.evidence.end()),
        grip_text::slice(text, event.evidence),
        event.rule
    );
    line
}

/// One claim as `claim TYPE by HOLDER (CERTAINTY, TIME, factuality ±C/±H) "text" cues [...]`, the
/// factuality scores being the certainty and happened scales to one decimal.
fn claim_line(claim: &Claim, text: &str) -> String {
    let holder = match &claim.holder {
        Holder::Author => "author".to_owned(),
        Holder::Actor { actor, .. } => actor.to_string(),
        Holder::Other(words) => format!("{words:?}"),
    };
    let cues: Vec<String> = claim.cues.iter().map(|range| format!("{:?}", grip_text::slice(text, *range))).collect();
    let mut line = format!(
        "claim    {} by {} ({}, {}, factuality {:+.1}/{:+.1}) {:?}",
        claim.kind.as_str(),
        holder,
        claim.certainty.as_str(),
        claim.time.as_str(),
        claim.factuality.certainty,
        claim.factuality.happened,
        one_line(grip_text::slice(text, claim.range))
    );
    if !cues.is_empty() {
        let _ = write!(line, " cues {}", cues.join(" "));
    }
    line
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
