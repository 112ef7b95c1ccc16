//! `grip eval`: runs the peers' test suites from ../shared/data and prints the figures.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use grip_kb::Kb;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Suite {
    /// Every suite.
    All,
    /// NGEC actor resolution (country and sector codes).
    Actors,
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

pub(crate) fn run(kb: &Kb, args: &EvalArgs) -> anyhow::Result<ExitCode> {
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
        actors(kb, &data, args.verbose)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn actors(kb: &Kb, data: &std::path::Path, verbose: bool) -> anyhow::Result<()> {
    let path = data.join("ngec/ngec_actor_resolution_gold.jsonl");
    let cases = grip_eval::actors::load(&path)?;
    let report = grip_eval::actors::run(kb, &cases);
    println!("NGEC actor resolution ({}, {} expectations; \"today\" = 2022-01-01)", path.display(), cases.len());
    let line = |label: &str, score: grip_eval::actors::Score, target: &str| {
        println!("  {label:<44} {:>4}/{:<4} = {:.3}{target}", score.n_correct, score.n, score.accuracy());
    };
    line("country/sector, no Wikipedia needed", report.no_wiki, "   target >= 0.95");
    line("  of which run by NGEC's pytest", report.no_wiki_active, "");
    line("needs NGEC's Wikipedia index (report only)", report.wiki, "");
    if verbose {
        println!("  failures:");
        for outcome in report.outcomes.iter().filter(|o| !o.correct) {
            let got = outcome.prediction.as_ref().map_or("nothing".to_owned(), |p| {
                format!("{} (country {:?}, code_1 {:?}, code_2 {:?})", p.actor, p.country, p.code_1, p.code_2)
            });
            let wiki = if outcome.case.needs_wikipedia() { " [wiki]" } else { "" };
            println!(
                "    {:?} ctx {:?} date {:?}: expected {:?}, got {got}{wiki}",
                outcome.case.text, outcome.case.context, outcome.case.date, outcome.case.expect
            );
        }
    }
    Ok(())
}
