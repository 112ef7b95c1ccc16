//! Toponym resolution on GeoVirus (`geovirus/GeoVirus.xml`: 229 WikiNews articles on disease
//! outbreaks, 2,170 place names with gold coordinates), with the gold names given ("oracle
//! toponyms", as in Gritta et al. 2018): grip resolves each name with `PlaceResolver`, the
//! document context being the countries and cities grip's linker finds in the article and the
//! countries and states of the article's other names (resolved in a first pass). Figures:
//! accuracy within 161 km (100 miles), mean and median error, and the AUC of the log-error curve
//! (lower is better). A name grip cannot resolve counts as the largest possible error, 20,039 km.
//!
//! Splits: articles in even positions (0, 2, 4 ...) are the development half, odd positions the
//! held-out half.

use std::path::Path;

use anyhow::Context as _;
use grip_extract::{PlaceContext, PlaceResolver};
use grip_kb::Kb;
use grip_model::{Date, TextRange, TextSize};
use quick_xml::events::Event as XmlEvent;

/// Half the Earth's circumference: the error charged for an unresolved name.
pub const MAX_ERROR_KM: f64 = 20_039.0;
/// The accuracy radius (100 miles).
pub const RADIUS_KM: f64 = 161.0;

/// One gold toponym and grip's answer.
#[derive(Debug, Clone)]
pub struct GeoItem {
    /// The article's WikiNews address.
    pub source: String,
    /// The name as written.
    pub name: String,
    /// Gold (lat, lon).
    pub gold: (f64, f64),
    /// grip's place: its name, feature code, country and point; `None` when unresolved.
    pub predicted: Option<(String, String, String, (f64, f64))>,
    /// The error in km (`MAX_ERROR_KM` when unresolved).
    pub error_km: f64,
    /// Whether the article is in the held-out half.
    pub held_out: bool,
}

/// Figures for one half.
#[derive(Debug, Clone, Default)]
pub struct GeoScore {
    /// Toponyms scored.
    pub n: usize,
    /// Toponyms grip could not resolve.
    pub unresolved: usize,
    /// Errors in km, sorted.
    pub errors: Vec<f64>,
}

impl GeoScore {
    fn from_items<'a>(items: impl Iterator<Item = &'a GeoItem>) -> GeoScore {
        let mut score = GeoScore::default();
        for item in items {
            score.n += 1;
            score.unresolved += usize::from(item.predicted.is_none());
            score.errors.push(item.error_km);
        }
        score.errors.sort_by(f64::total_cmp);
        score
    }

    /// Share of toponyms within 161 km of the gold point.
    pub fn accuracy_161(&self) -> f64 {
        self.errors.iter().filter(|&&error| error <= RADIUS_KM).count() as f64 / self.n.max(1) as f64
    }

    /// Mean error in km.
    pub fn mean_km(&self) -> f64 {
        self.errors.iter().sum::<f64>() / self.n.max(1) as f64
    }

    /// Median error in km.
    pub fn median_km(&self) -> f64 {
        match self.errors.len() {
            0 => 0.0,
            n if n % 2 == 1 => self.errors[n / 2],
            n => (self.errors[n / 2 - 1] + self.errors[n / 2]) / 2.0,
        }
    }

    /// Area under the curve of the sorted log errors, scaled to 0..1 by the largest possible
    /// error (Gritta et al. 2018; lower is better).
    pub fn auc(&self) -> f64 {
        let logs: Vec<f64> = self.errors.iter().map(|error| (error + 1.0).ln() / (MAX_ERROR_KM + 1.0).ln()).collect();
        match logs.len() {
            0 => 0.0,
            1 => logs[0],
            n => logs.windows(2).map(|pair| (pair[0] + pair[1]) / 2.0).sum::<f64>() / (n - 1) as f64,
        }
    }
}

/// The GeoVirus result.
#[derive(Debug, Clone)]
pub struct GeoReport {
    /// Articles in even positions.
    pub development: GeoScore,
    /// Articles in odd positions.
    pub held_out: GeoScore,
    /// Every toponym, in file order.
    pub items: Vec<GeoItem>,
}

struct Article {
    source: String,
    text: String,
    locations: Vec<GoldLocation>,
}

#[derive(Default)]
struct GoldLocation {
    name: String,
    start: usize,
    end: usize,
    lat: f64,
    lon: f64,
}

/// Resolves every GeoVirus toponym.
///
/// # Errors
/// Fails when the file is missing or not the expected XML (naming the element).
pub fn geovirus(kb: &Kb, data: &Path) -> anyhow::Result<GeoReport> {
    let path = data.join("geovirus/GeoVirus.xml");
    let xml = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let articles = parse(&xml).with_context(|| format!("parsing {}", path.display()))?;
    let resolver = PlaceResolver::new(kb);
    // The articles carry no date; the date only picks office holders' codes, not places.
    let date = Date::from_ymd_opt(2017, 1, 1).expect("valid date");
    let mut items = Vec::new();
    for (position, article) in articles.iter().enumerate() {
        let segmented = grip_text::segment(&article.text);
        let input =
            grip_extract::LinkInput { kb, text: &article.text, segmented: &segmented, date, proper_nouns: None };
        let mut diagnostics = Vec::new();
        let mentions = grip_extract::link(&input, &mut diagnostics);
        // Two passes: the places of the first (countries, states) are context for the second.
        let mut context = PlaceContext::from_mentions(kb, &mentions);
        let ranges: Vec<TextRange> =
            article.locations.iter().map(|gold| char_range(&article.text, gold.start, gold.end)).collect();
        let first: Vec<_> = article
            .locations
            .iter()
            .zip(&ranges)
            .filter_map(|(gold, range)| Some((gold, resolver.resolve(&gold.name, *range, &context)?)))
            .collect();
        for (gold, place) in &first {
            context.add_place(kb, &gold.name, place);
        }
        for (gold, &range) in article.locations.iter().zip(&ranges) {
            let location = resolver.resolve(&gold.name, range, &context);
            let error_km = location
                .as_ref()
                .map_or(MAX_ERROR_KM, |place| grip_geo::distance_km((place.lat, place.lon), (gold.lat, gold.lon)));
            items.push(GeoItem {
                source: article.source.clone(),
                name: gold.name.clone(),
                gold: (gold.lat, gold.lon),
                predicted: location.map(|place| (place.name, place.feature, place.country, (place.lat, place.lon))),
                error_km,
                held_out: position % 2 == 1,
            });
        }
    }
    Ok(GeoReport {
        development: GeoScore::from_items(items.iter().filter(|item| !item.held_out)),
        held_out: GeoScore::from_items(items.iter().filter(|item| item.held_out)),
        items,
    })
}

/// GeoVirus offsets count characters; grip's ranges count bytes.
fn char_range(text: &str, start: usize, end: usize) -> TextRange {
    let byte = |chars: usize| text.char_indices().nth(chars).map_or(text.len(), |(at, _)| at);
    let (start, end) = (byte(start), byte(end.max(start)));
    let size = |at: usize| TextSize::from(u32::try_from(at).unwrap_or(u32::MAX));
    TextRange::new(size(start), size(end))
}

fn parse(xml: &str) -> anyhow::Result<Vec<Article>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut articles = Vec::new();
    let mut article: Option<Article> = None;
    let mut location: Option<GoldLocation> = None;
    let mut text = String::new();
    loop {
        match reader.read_event().context("reading XML")? {
            XmlEvent::Start(start) => {
                text.clear();
                match start.name().into_inner() {
                    "article" => {
                        article = Some(Article { source: String::new(), text: String::new(), locations: Vec::new() });
                    }
                    "location" => location = Some(GoldLocation::default()),
                    _ => {}
                }
            }
            XmlEvent::Text(chunk) => text.push_str(&chunk.xml10_content()),
            XmlEvent::CData(chunk) => text.push_str(&chunk.into_inner()),
            XmlEvent::GeneralRef(reference) => grip_peer::io::push_xml_reference(&mut text, &reference),
            XmlEvent::End(end) => {
                let element = end.name().into_inner().to_owned();
                let value = std::mem::take(&mut text);
                let number =
                    |value: &str| value.trim().parse::<f64>().with_context(|| format!("<{element}> {value:?}"));
                match (element.as_str(), location.as_mut(), article.as_mut()) {
                    ("location", _, Some(article)) => article.locations.extend(location.take()),
                    ("article", _, _) => articles.extend(article.take()),
                    ("name", Some(location), _) => location.name = value,
                    ("start", Some(location), _) => location.start = number(&value)? as usize,
                    ("end", Some(location), _) => location.end = number(&value)? as usize,
                    ("lat", Some(location), _) => location.lat = number(&value)?,
                    ("lon", Some(location), _) => location.lon = number(&value)?,
                    ("source", None, Some(article)) => article.source = value,
                    ("text", None, Some(article)) => article.text = value,
                    _ => {}
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    anyhow::ensure!(!articles.is_empty(), "no <article> elements");
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_articles_and_char_offsets() {
        let xml = "<articles><article><source>s</source><text>Ebola in Kampala, Uganda &amp; more</text>\
                   <locations><location><name>Kampala</name><start>9</start><end>16</end>\
                   <lat>0.31</lat><lon>32.58</lon><page>p</page></location></locations></article></articles>";
        let articles = parse(xml).expect("parses");
        assert_eq!(articles.len(), 1);
        assert_eq!(articles[0].text, "Ebola in Kampala, Uganda & more");
        let gold = &articles[0].locations[0];
        assert_eq!((gold.name.as_str(), gold.start, gold.end, gold.lat), ("Kampala", 9, 16, 0.31));
        let range = char_range("Café in Kampala", 8, 15);
        assert_eq!(&"Café in Kampala"[range], "Kampala");
        assert!(parse("<articles></articles>").is_err());
    }

    /// The GeoVirus figures stay where they were measured (2026-11-30: development 0.801,
    /// held-out 0.770 Acc@161km); a drop means a change in the resolver or the KB's points.
    #[test]
    fn geovirus_accuracy_holds() {
        let Some(shared) = grip_test_utils::shared_dir() else { return };
        let kb = Kb::embedded().expect("the embedded KB compiles");
        let report = geovirus(&kb, &shared.join("data")).expect("GeoVirus loads");
        assert_eq!(report.items.len(), report.development.n + report.held_out.n);
        assert!(report.items.len() > 2_100, "{} toponyms", report.items.len());
        assert!(report.development.accuracy_161() >= 0.78, "{}", report.development.accuracy_161());
        assert!(report.held_out.accuracy_161() >= 0.75, "{}", report.held_out.accuracy_161());
        assert!(report.held_out.unresolved * 10 < report.held_out.n, "{} unresolved", report.held_out.unresolved);
    }

    #[test]
    fn scores() {
        let item = |error_km: f64| GeoItem {
            source: String::new(),
            name: String::new(),
            gold: (0.0, 0.0),
            predicted: None,
            error_km,
            held_out: false,
        };
        let items = [item(0.0), item(100.0), item(200.0), item(MAX_ERROR_KM)];
        let score = GeoScore::from_items(items.iter());
        assert_eq!(score.accuracy_161(), 0.5);
        assert_eq!(score.median_km(), 150.0);
        assert_eq!(score.unresolved, 4);
        assert!(score.auc() > 0.0 && score.auc() < 1.0);
    }
}
