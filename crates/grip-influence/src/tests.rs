//! Tests of the influence measures: party keys and dimensions, a hand-computed scenario,
//! properties of the aggregation on random event streams, spikes, forecasts and charts.

use expect_test::expect;
use proptest::prelude::*;

use crate::{
    dimension, is_military, match_forecasts, party, spikes, Aggregator, Date, Dimension, ForecastConfig,
    ForecastStatus, InfluenceConfig, Interaction, Observed, Period, Prediction, QuadClass, SpikeConfig, Weight,
};

fn day(text: &str) -> Date {
    Date::parse_from_str(text, "%Y-%m-%d").expect("test dates are valid")
}

fn spike_config() -> SpikeConfig {
    SpikeConfig { baseline_periods: 8, k: 2.0, min_baseline: 4, min_sd: 0.05 }
}

fn config(target: Option<&str>, weight: Weight) -> InfluenceConfig {
    InfluenceConfig { period: Period::Week, weight, target: target.map(str::to_owned), spike: spike_config() }
}

fn quad_of(code: &str) -> QuadClass {
    grip_model::CameoCode::parse(code).expect("test codes exist").quad()
}

fn event<'a>(date: &str, source: &'a str, target: &'a str, code: &'a str, military: bool) -> Interaction<'a> {
    let cameo = grip_model::CameoCode::parse(code).expect("test codes exist");
    Interaction {
        day: day(date),
        source,
        target,
        code,
        quad: cameo.quad(),
        goldstein: f64::from(cameo.goldstein()),
        military,
        factual: true,
    }
}

#[test]
fn parties_are_countries_igos_and_regions() {
    let key = |code: &str, country: &str, group: &str| party(code, country, group).map(|key| key.into_owned());
    assert_eq!(key("RUSMIL", "RUS", ""), Some("RUS".into()));
    assert_eq!(key("IGOCSTOMIL", "IGO", ""), Some("IGOCSTO".into()));
    assert_eq!(key("IGOEAEU", "IGO", ""), Some("IGOEAEU".into()));
    assert_eq!(key("IGOEUREEC", "EUR", "EEC"), Some("IGOEEC".into()), "GDELT: the group, not the region");
    assert_eq!(key("IGOUNO", "", "UNO"), Some("IGOUNO".into()));
    assert_eq!(key("REGION:CAS", "REGION:CAS", ""), Some("REGION:CAS".into()));
    assert_eq!(key("REB", "", ""), None);
    assert_eq!(key("", "", ""), None);
    assert!(is_military("RUSMIL", ""));
    assert!(is_military("IGOCSTOMIL", ""));
    assert!(is_military("KAZ", "GOV MIL"));
    assert!(!is_military("KAZGOV", "GOV"));
    assert!(!is_military("REGION:MIL", ""));
}

#[test]
fn dimensions_follow_the_documented_code_lists() {
    let table: Vec<String> = [
        ("0234", false),
        ("0861", false),
        ("074", false),
        ("072", false),
        ("062", false),
        ("190", false),
        ("154", false),
        ("061", false),
        ("071", false),
        ("073", false),
        ("163", false),
        ("1622", false),
        ("036", false),
        ("042", false),
        ("057", false),
        ("112", false),
        ("1211", false),
        ("042", true),
        ("071", true),
        ("010", false),
        ("020", false),
        ("138", false),
    ]
    .iter()
    .map(|(code, military)| {
        format!(
            "{code}{} {}",
            if *military { "+MIL" } else { "" },
            dimension(code, *military).map_or("-", Dimension::as_str)
        )
    })
    .collect();
    expect![[r#"
        0234 security
        0861 security
        074 security
        072 security
        062 security
        190 security
        154 security
        061 economic
        071 economic
        073 economic
        163 economic
        1622 security
        036 political
        042 political
        057 political
        112 political
        1211 political
        042+MIL security
        071+MIL economic
        010 -
        020 -
        138 -"#]]
    .assert_eq(&table.join("\n"));
}

#[test]
fn the_grip_index_of_a_small_scenario() {
    // Week of 2022-01-03 (a Monday): KAZ appeals to RUS (0234, 3.4) and the CSTO deploys
    // (074, 8.5); KAZ and CHN sign an agreement (057, 8.0) and CHN criticizes KAZ (111, 2.0);
    // a KAZ statement (010, 0.0) weighs nothing by |Goldstein|.
    let events = [
        event("2022-01-05", "KAZ", "RUS", "0234", false),
        event("2022-01-06", "IGOCSTO", "KAZ", "074", true),
        event("2022-01-06", "RUS", "KAZ", "074", true),
        event("2022-01-07", "KAZ", "CHN", "057", false),
        event("2022-01-08", "CHN", "KAZ", "111", false),
        event("2022-01-08", "KAZ", "USA", "010", false),
        event("2022-01-08", "KAZ", "KAZ", "190", true),
        Interaction { factual: false, ..event("2022-01-08", "RUS", "KAZ", "190", true) },
        event("2022-01-08", "RUS", "CHN", "040", false),
    ];
    let mut aggregator = Aggregator::new(config(Some("KAZ"), Weight::Goldstein));
    for interaction in &events {
        aggregator.add(interaction);
    }
    let report = aggregator.finish();
    assert_eq!((report.n_rows, report.n_used), (9, 6), "domestic, non-factual and other pairs are left out");
    let table: Vec<String> = report
        .patrons
        .iter()
        .map(|row| {
            format!(
                "{} n={} w={:.1} grip={:.3} sec={:?} eco={:?} pol={:?} signed={:+.3} counts={:?} g={:.1} balance={:+.2}",
                row.patron,
                row.n_events,
                row.weight,
                row.grip,
                row.grip_by_dimension[0].map(|x| (x * 1000.0).round() / 1000.0),
                row.grip_by_dimension[1].map(|x| (x * 1000.0).round() / 1000.0),
                row.grip_by_dimension[2].map(|x| (x * 1000.0).round() / 1000.0),
                row.signed,
                row.counts,
                row.goldstein,
                row.balance
            )
        })
        .collect();
    // Total weight 3.4 + 8.5 + 8.5 + 8.0 + 2.0 + 0.0 = 30.4; RUS: 11.9 / 30.4 = 0.391.
    expect![[r#"
        RUS n=2 w=11.9 grip=0.391 sec=Some(0.583) eco=None pol=Some(0.0) signed=+0.391 counts=[1, 1, 0, 0] g=11.9 balance=+1.00
        CHN n=2 w=10.0 grip=0.329 sec=Some(0.0) eco=None pol=Some(1.0) signed=+0.197 counts=[1, 0, 1, 0] g=6.0 balance=+0.00
        IGOCSTO n=1 w=8.5 grip=0.280 sec=Some(0.417) eco=None pol=Some(0.0) signed=+0.280 counts=[0, 1, 0, 0] g=8.5 balance=+1.00
        USA n=1 w=0.0 grip=0.000 sec=Some(0.0) eco=None pol=Some(0.0) signed=+0.000 counts=[1, 0, 0, 0] g=0.0 balance=+1.00"#]]
    .assert_eq(&table.join("\n"));
    assert_eq!(report.targets.len(), 1);
    let concentration = report.targets[0].concentration;
    assert!(
        (concentration - (0.391f64.powi(2) + 0.329f64.powi(2) + 0.280f64.powi(2))).abs() < 0.002,
        "{concentration}"
    );
    let pairs: Vec<String> = report
        .pairs
        .iter()
        .map(|row| format!("{}->{} {} {:?} {:+.2}", row.source, row.target, row.period, row.counts, row.balance))
        .collect();
    expect![[r#"
        CHN->KAZ 2022-01-03 [0, 0, 1, 0] -1.00
        IGOCSTO->KAZ 2022-01-03 [0, 1, 0, 0] +1.00
        KAZ->CHN 2022-01-03 [1, 0, 0, 0] +1.00
        KAZ->RUS 2022-01-03 [1, 0, 0, 0] +1.00
        KAZ->USA 2022-01-03 [1, 0, 0, 0] +1.00
        RUS->KAZ 2022-01-03 [0, 1, 0, 0] +1.00"#]]
    .assert_eq(&pairs.join("\n"));
}

#[test]
fn spikes_are_flagged_against_the_trailing_baseline() {
    let values: Vec<Option<f64>> = [0.20, 0.22, 0.18, 0.21, 0.19, 0.20, 0.55, 0.21].into_iter().map(Some).collect();
    let checks = spikes(&values, &spike_config());
    let flags: Vec<bool> = checks.iter().map(|check| check.is_some_and(|check| check.spike)).collect();
    assert_eq!(flags, [false, false, false, false, false, false, true, false]);
    assert!(checks[..4].iter().all(Option::is_none), "fewer than 4 baseline values: no verdict");
    let check = checks[6].expect("judged");
    assert!((check.mean - 0.2).abs() < 1e-9 && (check.threshold - 0.3).abs() < 1e-9, "{check:?}");
    // Gaps (no interactions) neither count in the baseline nor get a verdict.
    let gappy = [Some(0.1), None, Some(0.1), None, Some(0.1), Some(0.1), None, Some(0.9)];
    let checks = spikes(&gappy, &spike_config());
    assert_eq!(checks[6], None);
    assert!(checks[7].is_some_and(|check| check.spike));
}

#[test]
fn the_series_flags_a_spike_in_a_patrons_grip() {
    // Eight quiet weeks in which RUS has a third of KAZ's weight, then a week of deployment.
    let mut events = Vec::new();
    let mut start = day("2022-01-03");
    let mut dates = Vec::new();
    for _ in 0..9 {
        dates.push(start.to_string());
        start = start + chrono::Days::new(7);
    }
    for (week, date) in dates.iter().enumerate() {
        events.push(event(date, "KAZ", "CHN", "057", false));
        events.push(event(date, "KAZ", "USA", "057", false));
        if week < 8 {
            events.push(event(date, "KAZ", "RUS", "057", false));
        } else {
            for _ in 0..4 {
                events.push(event(date, "RUS", "KAZ", "074", true));
            }
        }
    }
    let mut aggregator = Aggregator::new(config(Some("KAZ"), Weight::Goldstein));
    events.iter().for_each(|interaction| aggregator.add(interaction));
    let report = aggregator.finish();
    let rus: Vec<String> = report
        .series
        .iter()
        .filter(|row| row.patron == "RUS")
        .map(|row| {
            format!(
                "{} grip={:.3} spike={} security_spike={}",
                row.period,
                row.grip.unwrap_or(f64::NAN),
                row.spike.is_some_and(|check| check.spike),
                row.spike_by_dimension[0].is_some_and(|check| check.spike)
            )
        })
        .collect();
    expect![[r#"
        2022-01-03 grip=0.333 spike=false security_spike=false
        2022-01-10 grip=0.333 spike=false security_spike=false
        2022-01-17 grip=0.333 spike=false security_spike=false
        2022-01-24 grip=0.333 spike=false security_spike=false
        2022-01-31 grip=0.333 spike=false security_spike=false
        2022-02-07 grip=0.333 spike=false security_spike=false
        2022-02-14 grip=0.333 spike=false security_spike=false
        2022-02-21 grip=0.333 spike=false security_spike=false
        2022-02-28 grip=0.680 spike=true security_spike=false"#]]
    .assert_eq(&rus.join("\n"));
    let row = report.patrons.iter().find(|row| row.patron == "RUS").expect("ranked");
    assert_eq!((row.n_spikes, row.last_spike), (1, Some(day("2022-02-28"))));
}

/// A random event between parties A–E over 60 days.
fn arbitrary_event() -> impl Strategy<Value = (u32, usize, usize, usize, bool, bool)> {
    (0u32..60, 0usize..5, 0usize..5, 0usize..CODES.len(), any::<bool>(), prop::bool::weighted(0.9))
}

const PARTIES: [&str; 5] = ["KAZ", "RUS", "CHN", "USA", "IGOCSTO"];
const CODES: [&str; 12] = ["010", "0234", "036", "042", "057", "061", "074", "111", "138", "163", "190", "0861"];

fn build<'a>(raw: &[(u32, usize, usize, usize, bool, bool)]) -> Vec<Interaction<'a>> {
    raw.iter()
        .map(|&(offset, source, target, code, military, factual)| Interaction {
            factual,
            ..event(
                &(day("2022-01-01") + chrono::Days::new(u64::from(offset))).to_string(),
                PARTIES[source],
                PARTIES[target],
                CODES[code],
                military,
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn shares_are_a_partition_of_each_targets_interactions(raw in prop::collection::vec(arbitrary_event(), 0..200), count in any::<bool>()) {
        let events = build(&raw);
        let weight = if count { Weight::Count } else { Weight::Goldstein };
        let mut aggregator = Aggregator::new(config(None, weight));
        events.iter().for_each(|interaction| aggregator.add(interaction));
        let report = aggregator.finish();
        let dyadic: Vec<&Interaction<'_>> = events.iter().filter(|e| e.factual && e.source != e.target).collect();
        prop_assert_eq!(report.n_used as usize, dyadic.len());
        // Every dyadic event lands in exactly one pair cell.
        let n_in_pairs: u64 = report.pairs.iter().map(|row| row.n_events()).sum();
        prop_assert_eq!(n_in_pairs as usize, dyadic.len());
        for target in &report.targets {
            let rows: Vec<_> = report.patrons.iter().filter(|row| row.target == target.target).collect();
            // Every event of a target involves exactly one patron.
            prop_assert_eq!(rows.iter().map(|row| row.n_events).sum::<u64>(), target.n_events);
            let total: f64 = rows.iter().map(|row| row.grip).sum();
            if target.weight > 0.0 {
                prop_assert!((total - 1.0).abs() < 1e-9, "shares of {} sum to {}", target.target, total);
                prop_assert!(target.concentration > 0.0 && target.concentration <= 1.0 + 1e-9);
            }
            for row in rows {
                prop_assert!((0.0..=1.0 + 1e-9).contains(&row.grip));
                prop_assert!(row.signed.abs() <= row.grip + 1e-9);
                prop_assert!((-1.0..=1.0).contains(&row.balance));
                for share in row.grip_by_dimension.iter().flatten() {
                    prop_assert!((0.0..=1.0 + 1e-9).contains(share));
                }
            }
        }
        for row in &report.series {
            if let Some(grip) = row.grip {
                prop_assert!((0.0..=1.0 + 1e-9).contains(&grip));
            }
        }
    }

    #[test]
    fn input_order_does_not_change_the_report(raw in prop::collection::vec(arbitrary_event(), 0..120), seed in any::<u64>()) {
        let events = build(&raw);
        let mut shuffled = events.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for idx in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(idx, (state % (idx as u64 + 1)) as usize);
        }
        let run = |events: &[Interaction<'_>]| {
            let mut aggregator = Aggregator::new(config(Some("KAZ"), Weight::Goldstein));
            events.iter().for_each(|interaction| aggregator.add(interaction));
            aggregator.finish()
        };
        let (a, b) = (run(&events), run(&shuffled));
        prop_assert_eq!(a.pairs, b.pairs);
        prop_assert_eq!(a.patrons.len(), b.patrons.len());
        for (x, y) in a.patrons.iter().zip(&b.patrons) {
            prop_assert_eq!(&x.patron, &y.patron);
            prop_assert!((x.grip - y.grip).abs() < 1e-9);
            prop_assert_eq!(x.counts, y.counts);
        }
    }

    #[test]
    fn a_target_filter_equals_the_targets_rows_of_the_full_report(raw in prop::collection::vec(arbitrary_event(), 0..120)) {
        let events = build(&raw);
        let run = |target: Option<&str>| {
            let mut aggregator = Aggregator::new(config(target, Weight::Goldstein));
            events.iter().for_each(|interaction| aggregator.add(interaction));
            aggregator.finish()
        };
        let (all, kaz) = (run(None), run(Some("KAZ")));
        let from_all: Vec<_> = all.patrons.iter().filter(|row| row.target == "KAZ").collect();
        prop_assert_eq!(from_all.len(), kaz.patrons.len());
        for (x, y) in from_all.iter().zip(&kaz.patrons) {
            prop_assert_eq!(&x.patron, &y.patron);
            prop_assert!((x.grip - y.grip).abs() < 1e-9);
        }
    }
}

fn prediction(id: i64, date: &str, source: &str, target: &str, code: &str, negated: bool) -> Prediction {
    Prediction {
        id,
        day: day(date),
        source: source.to_owned(),
        target: target.to_owned(),
        code: code.to_owned(),
        quad: quad_of(code),
        negated,
    }
}

fn observed<'a>(reference: &'a str, date: &str, source: &'a str, target: &'a str, code: &'a str) -> Observed<'a> {
    Observed {
        reference,
        day: day(date),
        source,
        target,
        code,
        quad: quad_of(code),
        factual: true,
        negated: false,
        url: "https://example.org/e",
    }
}

#[test]
fn forecasts_are_confirmed_contradicted_or_not_yet() {
    let predictions = [
        // "Russia will send troops to Kazakhstan": a later 074 confirms it.
        prediction(1, "2022-01-05", "RUS", "KAZ", "074", false),
        // "Russia and China will hold talks": symmetric, either direction confirms.
        prediction(2, "2022-01-05", "CHN", "RUS", "046", false),
        // "Kazakhstan will receive Chinese aid": a later Chinese attack contradicts it.
        prediction(3, "2022-01-05", "CHN", "KAZ", "071", false),
        // "Russia will not invade": the invasion contradicts it.
        prediction(4, "2022-01-05", "RUS", "UKR", "192", true),
        // Nothing happens between USA and KAZ; the horizon has passed.
        prediction(5, "2021-01-05", "USA", "KAZ", "057", false),
        // An event before the prediction does not count.
        prediction(6, "2022-01-10", "TUR", "KAZ", "042", false),
    ];
    let events = [
        observed("gdelt:1", "2022-01-04", "TUR", "KAZ", "042"),
        observed("grip:7", "2022-01-06", "RUS", "KAZ", "073"),
        observed("gdelt:2", "2022-01-07", "RUS", "KAZ", "074"),
        observed("gdelt:3", "2022-01-08", "RUS", "CHN", "046"),
        observed("gdelt:4", "2022-02-01", "CHN", "KAZ", "190"),
        observed("gdelt:5", "2022-02-24", "RUS", "UKR", "192"),
        Observed { negated: true, factual: false, ..observed("grip:9", "2022-03-01", "USA", "KAZ", "057") },
    ];
    let config = ForecastConfig { horizon_days: 365, as_of: day("2022-06-01") };
    let results: Vec<String> = match_forecasts(&predictions, events, &config)
        .iter()
        .map(|verdict| {
            format!(
                "{} {} expired={} matching={} evidence={:?}",
                verdict.id,
                verdict.status.as_str(),
                verdict.expired,
                verdict.n_matching,
                verdict.evidence.as_ref().map(|(reference, day, code, _)| format!("{reference} {day} {code}"))
            )
        })
        .collect();
    expect![[r#"
        1 confirmed expired=false matching=2 evidence=Some("grip:7 2022-01-06 073")
        2 confirmed expired=false matching=1 evidence=Some("gdelt:3 2022-01-08 046")
        3 contradicted expired=false matching=0 evidence=Some("gdelt:4 2022-02-01 190")
        4 contradicted expired=false matching=0 evidence=Some("gdelt:5 2022-02-24 192")
        5 not yet expired=true matching=0 evidence=None
        6 not yet expired=false matching=0 evidence=None"#]]
    .assert_eq(&results.join("\n"));
    assert_eq!(ForecastStatus::NotYet.as_str(), "not yet");
}

#[test]
fn charts_render_as_svg_and_png() {
    let Some(font) = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"]
        .iter()
        .find_map(|path| std::fs::read(path).ok())
    else {
        eprintln!("note: no DejaVu font found; skipping the chart test");
        return;
    };
    crate::plot::register_font(Box::leak(font.into_boxed_slice())).expect("a font");
    let mut aggregator = Aggregator::new(config(Some("KAZ"), Weight::Goldstein));
    for date in ["2022-01-03", "2022-01-10", "2022-01-17", "2022-01-24"] {
        aggregator.add(&event(date, "RUS", "KAZ", "074", true));
        aggregator.add(&event(date, "KAZ", "CHN", "057", false));
        aggregator.add(&event(date, "CHN", "KAZ", "111", false));
    }
    let report = aggregator.finish();
    let svg = crate::plot::grip_over_time(
        &report.series,
        Period::Week,
        None,
        5,
        "Grip on KAZ",
        crate::plot::ImageFormat::Svg,
    )
    .expect("draws");
    let svg = String::from_utf8(svg).expect("SVG is text");
    assert!(
        svg.starts_with("<svg") && svg.contains("Grip on KAZ") && svg.contains("RUS"),
        "{}",
        &svg[..200.min(svg.len())]
    );
    let pair: Vec<_> = report.pairs.iter().filter(|row| row.source == "CHN" || row.target == "CHN").cloned().collect();
    let png =
        crate::plot::pair_timeline(&pair, Period::Week, "CHN - KAZ", crate::plot::ImageFormat::Png).expect("draws");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let error = crate::plot::pair_timeline(&[], Period::Week, "empty", crate::plot::ImageFormat::Svg)
        .expect_err("nothing to draw");
    assert_eq!(error.to_string(), "no events between the pair in the window");
}
