//! The progress bar of long ingests: input bytes with an ETA, and committed items per second.
//! Drawn on stderr only when it is a terminal.

use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress display; silent when stderr is not a terminal.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    unit: &'static str,
}

impl Progress {
    /// Starts a display for `total_bytes` of input (unknown for stdin), counting `unit`s
    /// (`documents`, `rows`).
    pub fn new(total_bytes: Option<u64>, unit: &'static str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = match total_bytes {
                Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr_with_hz(4)),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4)),
            };
            let template = if total_bytes.is_some() {
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ETA {eta} {msg}"
            } else {
                "{spinner} [{elapsed_precise}] {bytes} {msg}"
            };
            bar.set_style(ProgressStyle::with_template(template).expect("the template is valid"));
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Progress { bar, started: Instant::now(), unit }
    }

    /// Updates the display: input bytes consumed and items committed so far.
    pub fn update(&self, bytes: u64, n_items: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(bytes);
            let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{n_items} {} ({:.0}/s)", self.unit, n_items as f64 / seconds));
        }
    }

    /// Prints a line above the bar (or plainly when there is no bar).
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
