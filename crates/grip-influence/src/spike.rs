//! Spikes: a value well above its own trailing baseline.

/// How spikes are flagged. There is no `Default`: the caller chooses (the CLI's defaults are
/// documented in README.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeConfig {
    /// The baseline is the `baseline_periods` periods before the current one.
    pub baseline_periods: usize,
    /// A value is a spike when it exceeds mean + `k` · sd of the baseline.
    pub k: f64,
    /// The fewest defined baseline values needed to judge (fewer: never a spike).
    pub min_baseline: usize,
    /// A floor on the standard deviation, so that a flat baseline does not turn every small
    /// rise into a spike.
    pub min_sd: f64,
}

/// The verdict for one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeCheck {
    /// The baseline mean.
    pub mean: f64,
    /// The baseline standard deviation (population, before the floor).
    pub sd: f64,
    /// mean + k · max(sd, min_sd).
    pub threshold: f64,
    /// Whether the value exceeds the threshold.
    pub spike: bool,
}

/// Checks each value of a series of consecutive periods (`None` where the value is undefined,
/// for example when the target had no interactions) against the trailing baseline of the
/// `baseline_periods` periods before it. Returns `None` where there is no value or too little
/// baseline.
pub fn spikes(values: &[Option<f64>], config: &SpikeConfig) -> Vec<Option<SpikeCheck>> {
    let mut checks = Vec::with_capacity(values.len());
    for (idx, value) in values.iter().enumerate() {
        let Some(value) = *value else {
            checks.push(None);
            continue;
        };
        let start = idx.saturating_sub(config.baseline_periods);
        let baseline: Vec<f64> = values[start..idx].iter().flatten().copied().collect();
        if baseline.len() < config.min_baseline.max(1) {
            checks.push(None);
            continue;
        }
        let n = baseline.len() as f64;
        let mean = baseline.iter().sum::<f64>() / n;
        let variance = baseline.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        let sd = variance.sqrt();
        let threshold = mean + config.k * sd.max(config.min_sd);
        checks.push(Some(SpikeCheck { mean, sd, threshold, spike: value > threshold }));
    }
    checks
}
