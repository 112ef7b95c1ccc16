//! `grip eval`: runs the peers' test suites from ../shared/data and prints the figures.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use grip_analysis::Engine;

/// `println!` that returns the IO error (a closed pipe ends the command quietly; see main).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?;
    }};
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Suite {
    /// Every suite.
    All,
    /// NGEC actor resolution (country and sector codes).
    Actors,
    /// Event coding: PETRARCH and TABARI with their own dictionaries, ICEWS and PLOVER with grip's.
    Events,
    /// ICEWS CAMEO example sentences only.
    Icews,
    /// PLOVER gold-standard records only.
    Plover,
    /// PETRARCH unit tests only.
    Petrarch,
    /// TABARI Validate.text only.
    Tabari,
    /// Tone: VADER ground truth (Pearson r) and NewsMTSC per-target macro-F1.
    Tone,
    /// Writer certainty: MEANTIME and UDS-IH2 factuality (Pearson r), BioScope hedge cues.
    Claims,
    /// Place names: GeoVirus toponym resolution (accuracy within 161 km).
    Geo,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// Which suite to run.
    #[arg(value_enum, default_value_t = Suite::All)]
    suite: Suite,
    /// The shared reference data directory (default: $GRIP_SHARED, else ../shared).
    #[arg(long, value_name = "DIR")]
    shared: Option<PathBuf>,
    /// List every failing case.
    #[arg(long, short)]
    verbose: bool,
}

pub(crate) fn run(engine: &Engine, args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let shared = args
        .shared
        .clone()
        .or_else(|| std::env::var_os("GRIP_SHARED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared"));
    let data = shared.join("data");
    if !data.is_dir() {
        anyhow::bail!("reference data not found at {} (use --shared DIR)", data.display());
    }
    if matches!(args.suite, Suite::All | Suite::Actors) {
        actors(engine, &data, args.verbose)?;
    }
    if matches!(args.suite, Suite::All | Suite::Events | Suite::Petrarch) {
        print_suite(&petrarch(&data)?, args.verbose)?;
    }
    if matches!(args.suite, Suite::All | Suite::Events | Suite::Tabari) {
        print_suite(&tabari(&data)?, args.verbose)?;
    }
    if matches!(args.suite, Suite::All | Suite::Events | Suite::Icews) {
        let report = grip_eval::events::icews(engine, &data)?;
        outln!(
            "ICEWS CAMEO examples (icews-cameo/cameo-codes.csv) with grip's dictionary: root code of the main event"
        );
        for (label, half, target) in [
            ("development half (odd rows)", report.development, ""),
            ("held-out half (even rows)", report.held_out, "   target >= 0.85"),
        ] {
            outln!("  {label:<44} {:>4}/{:<4} = {:.3}{target}", half.n_correct, half.n, half.accuracy());
        }
        print_items(&report, args.verbose)?;
    }
    if matches!(args.suite, Suite::All | Suite::Events | Suite::Plover) {
        let report = grip_eval::events::plover(engine, &data)?;
        outln!("PLOVER GSR (plover/PLOVER_GSR_CAMEO.txt) with grip's dictionary: (event type, source, target country)");
        for (label, half, target) in
            [("development half", report.development, ""), ("held-out half", report.held_out, "   target F1 >= 0.85")]
        {
            outln!(
                "  {label:<44} P {:.3}  R {:.3}  F1 {:.3}  ({} records, {} exact){target}",
                half.precision(),
                half.recall(),
                half.f1(),
                half.n,
                half.n_correct
            );
        }
        print_items(&report, args.verbose)?;
    }
    if matches!(args.suite, Suite::All | Suite::Tone) {
        tone(engine, &data)?;
    }
    if matches!(args.suite, Suite::All | Suite::Claims) {
        claims(engine, &data)?;
    }
    if matches!(args.suite, Suite::All | Suite::Geo) {
        geo(engine, &data, args.verbose)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// PETRARCH's unit tests (petrarch2/PETR.UnitTest.records.xml) with the dictionaries their
/// `<Environment>` names, coded from the records' parses.
fn petrarch(data: &Path) -> anyhow::Result<grip_peer::suites::SuiteReport> {
    let dir = data.join("petrarch2");
    let files = grip_peer::io::load_dir(&dir)?;
    let pairs: Vec<(&str, &str)> = files.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect();
    let xml = pairs
        .iter()
        .find(|(name, _)| *name == "PETR.UnitTest.records.xml")
        .map(|(_, text)| *text)
        .with_context(|| format!("{} has no PETR.UnitTest.records.xml", dir.display()))?;
    let (environment, _) = grip_peer::suites::petrarch_records("PETR.UnitTest.records.xml", xml)?;
    let dictionaries = environment.dictionaries(&pairs)?;
    Ok(grip_peer::suites::petrarch_unit_tests(xml, &dictionaries, grip_peer::petrarch::PetrarchOptions::default())?)
}

/// TABARI's Validate.text with the dictionaries and options Validate.project names.
fn tabari(data: &Path) -> anyhow::Result<grip_peer::suites::SuiteReport> {
    let dir = data.join("tabari");
    let files = grip_peer::io::load_dir(&dir)?;
    let pairs: Vec<(&str, &str)> = files.iter().map(|(name, text)| (name.as_str(), text.as_str())).collect();
    let find = |wanted: &str| -> anyhow::Result<&str> {
        pairs
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, text)| *text)
            .with_context(|| format!("{} has no {wanted}", dir.display()))
    };
    let project = grip_peer::tabari::TabariProject::parse("Validate.project", find("Validate.project")?)?;
    let (dictionaries, options) = grip_peer::tabari::TabariDictionaries::from_project(&project, &pairs)?;
    let text_name = project.texts.first().map_or("Validate.text", String::as_str);
    Ok(grip_peer::suites::tabari_validate(find(text_name)?, &dictionaries, options))
}

/// VADER's ground truth sets and NewsMTSC's devtest_rw (its real-world test split).
fn tone(engine: &Engine, data: &Path) -> anyhow::Result<()> {
    use grip_tone::eval;
    outln!("Tone: VADER ground truth (vader/ground_truth), Pearson r with the human mean");
    for ((name, file), published) in eval::VADER_SETS.iter().zip(eval::VADER_PUBLISHED_R) {
        let path = data.join("vader/ground_truth").join(file);
        let contents = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let report = eval::vader_ground_truth(&contents, &engine.tone)
            .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
        let target = match *name {
            "tweets" => "   target >= 0.88",
            "nyt editorials" => "   target >= 0.65",
            _ => "",
        };
        outln!("  {name:<44} r = {:.3}  (VADER paper {published:.3}; {} items){target}", report.pearson, report.n);
    }
    let path = data.join("newsmtsc/devtest_rw.jsonl");
    let contents = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let report =
        eval::newsmtsc(&contents, &engine.tone).map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
    outln!("NewsMTSC test-rw ({}), per-target sentiment", path.display());
    outln!(
        "  {:<44} {:.3}  ({} targets)   target >= 0.75",
        "macro-F1 (negative, neutral, positive)",
        report.macro_f1,
        report.n
    );
    Ok(())
}

/// Certainty as event factuality, and hedge cues.
fn claims(engine: &Engine, data: &Path) -> anyhow::Result<()> {
    outln!("Claims: event factuality (factuality_meantime_udsih2), Pearson r with gold -3..+3");
    outln!("  (MEANTIME read on grip's certainty scale, UDS-IH2 on its happened scale; models trained on the development splits)");
    for score in grip_eval::claims::factuality(&engine.syntax, data)? {
        let role = if score.development { "(training split)" } else { "(held out)   target >= 0.6" };
        outln!("  {:<44} r = {:.3}  MAE {:.2}  ({} predicates) {role}", score.split, score.pearson, score.mae, score.n);
    }
    outln!("BioScope speculation cues (biomedical; report only)");
    for file in ["abstracts.xml", "full_papers.xml"] {
        let score = grip_eval::claims::bioscope(&data.join("bioscope").join(file))?;
        outln!(
            "  {:<44} P {:.3}  R {:.3}  F1 {:.3}  ({} sentences, {} gold cue tokens)",
            file,
            score.precision,
            score.recall,
            score.f1,
            score.n_sentences,
            score.n_gold
        );
    }
    Ok(())
}

/// GeoVirus with the gold toponyms given: where grip puts each name.
fn geo(engine: &Engine, data: &Path, verbose: bool) -> anyhow::Result<()> {
    let report = grip_eval::geo::geovirus(&engine.kb, data)?;
    outln!("GeoVirus (geovirus/GeoVirus.xml) toponym resolution, gold names given; population baseline Acc@161 0.80");
    for (label, score, target) in [
        ("development half (even articles)", &report.development, ""),
        ("held-out half (odd articles)", &report.held_out, "   target >= 0.90"),
    ] {
        outln!(
            "  {label:<44} Acc@161km {:.3}  mean {:.0} km  median {:.0} km  AUC {:.3}  ({} names, {} unresolved){target}",
            score.accuracy_161(),
            score.mean_km(),
            score.median_km(),
            score.auc(),
            score.n,
            score.unresolved
        );
    }
    if verbose {
        for item in report.items.iter().filter(|item| !item.held_out && item.error_km > grip_eval::geo::RADIUS_KM) {
            let got = item.predicted.as_ref().map_or("nothing".to_owned(), |(name, feature, country, (lat, lon))| {
                format!("{name} {feature} {country} ({lat:.2}, {lon:.2})")
            });
            outln!(
                "    {:?}: gold ({:.2}, {:.2}), got {got}, {:.0} km off  [{}]",
                item.name,
                item.gold.0,
                item.gold.1,
                item.error_km,
                item.source
            );
        }
    }
    Ok(())
}

/// Failures of the development half only: the held-out half's items are not for reading.
fn print_items(report: &grip_eval::events::SuiteReport, verbose: bool) -> anyhow::Result<()> {
    if verbose {
        for item in report.items.iter().filter(|item| item.development && !item.correct) {
            outln!(
                "    {}: {:?}\n        expected {}\n        got      {}",
                item.id,
                item.text,
                item.expected,
                item.got
            );
        }
    }
    Ok(())
}

fn print_suite(report: &grip_peer::suites::SuiteReport, verbose: bool) -> anyhow::Result<()> {
    outln!("{} (its own dictionaries)", report.suite);
    outln!(
        "  records exactly right                        {:>4}/{:<4} = {:.3}   target >= 0.95  ({} not scored: known failures, option records)",
        report.n_exact,
        report.n_records,
        report.exact_rate(),
        report.n_skipped
    );
    outln!(
        "  events (source, target, code)                P {:.3}  R {:.3}  F1 {:.3}  ({} gold, {} coded, {} right)",
        report.precision,
        report.recall,
        report.f1,
        report.n_gold,
        report.n_coded,
        report.n_correct
    );
    if verbose {
        for failure in &report.failures {
            outln!(
                "    {}: expected {:?}, coded {:?}{}",
                failure.id,
                failure.expected,
                failure.coded,
                failure.problem.as_deref().map(|p| format!(" ({p})")).unwrap_or_default()
            );
        }
    }
    Ok(())
}

fn actors(engine: &Engine, data: &Path, verbose: bool) -> anyhow::Result<()> {
    let path = data.join("ngec/ngec_actor_resolution_gold.jsonl");
    let cases = grip_eval::actors::load(&path)?;
    let report = grip_eval::actors::run(engine, &cases);
    outln!("NGEC actor resolution ({}, {} expectations; \"today\" = 2022-01-01)", path.display(), cases.len());
    let line = |label: &str, score: grip_eval::actors::Score, target: &str| -> std::io::Result<()> {
        outln!("  {label:<44} {:>4}/{:<4} = {:.3}{target}", score.n_correct, score.n, score.accuracy());
        Ok(())
    };
    line("country/sector, no Wikipedia needed", report.no_wiki, "   target >= 0.95")?;
    line("  of which run by NGEC's pytest", report.no_wiki_active, "")?;
    line("needs NGEC's Wikipedia index (report only)", report.wiki, "")?;
    if verbose {
        outln!("  failures:");
        for outcome in report.outcomes.iter().filter(|o| !o.correct) {
            let got = outcome.prediction.as_ref().map_or("nothing".to_owned(), |p| {
                format!("{} (country {:?}, code_1 {:?}, code_2 {:?})", p.actor, p.country, p.code_1, p.code_2)
            });
            let wiki = if outcome.case.needs_wikipedia() { " [wiki]" } else { "" };
            outln!(
                "    {:?} ctx {:?} date {:?}: expected {:?}, got {got}{wiki}",
                outcome.case.text,
                outcome.case.context,
                outcome.case.date,
                outcome.case.expect
            );
        }
    }
    Ok(())
}
