//! Charts of the influence tables, drawn with `plotters` into memory (SVG text or PNG bytes);
//! the caller writes the file. Text needs a TrueType font: register one with
//! [`register_font`] before drawing.

use std::fmt;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::{Date, Dimension, PairRow, Period, SeriesRow};

/// An image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// SVG text.
    Svg,
    /// PNG bytes.
    Png,
}

/// A chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotError(pub String);

impl fmt::Display for PlotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PlotError {}

fn plot_error(error: impl fmt::Display) -> PlotError {
    PlotError(error.to_string())
}

/// Registers the TrueType font used for all text (plotters keeps it process-wide).
///
/// # Errors
/// When the bytes are not a font.
pub fn register_font(bytes: &'static [u8]) -> Result<(), PlotError> {
    plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
        .map_err(|_| PlotError("the font file is not a TrueType/OpenType font".into()))
}

const WIDTH: u32 = 1000;
const HEIGHT: u32 = 600;

/// The cooperation and conflict timeline of a pair: events per period by cooperation (quad
/// classes 1–2) and conflict (3–4), both directions, above the Goldstein sum per period.
/// `rows` are the pair tables of the two directions, aggregated by `period`; periods without
/// events between the first and the last are drawn as zeros.
///
/// # Errors
/// When there is nothing to draw or drawing fails (no font registered).
pub fn pair_timeline(rows: &[PairRow], period: Period, title: &str, format: ImageFormat) -> Result<Vec<u8>, PlotError> {
    let mut by_period: std::collections::BTreeMap<Date, (u64, u64, f64)> = std::collections::BTreeMap::new();
    for row in rows {
        let entry = by_period.entry(row.period).or_default();
        entry.0 += row.counts[0] + row.counts[1];
        entry.1 += row.counts[2] + row.counts[3];
        entry.2 += row.goldstein_total();
    }
    let (Some(&first), Some(&last)) = (by_period.keys().next(), by_period.keys().next_back()) else {
        return Err(PlotError("no events between the pair in the window".into()));
    };
    let mut points: Vec<TimelinePoint> = Vec::new();
    let mut start = first;
    while start <= last {
        let (cooperation, conflict, goldstein) = by_period.get(&start).copied().unwrap_or_default();
        points.push((start, cooperation, conflict, goldstein));
        start = period.next(start);
    }
    let bar = (day_offset(first, period.next(first)) * 3 / 4).max(1);
    render(format, |root| draw_timeline(root, &points, bar, title), |root| draw_timeline(root, &points, bar, title))
}

type TimelinePoint = (Date, u64, u64, f64);

fn draw_timeline<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[TimelinePoint],
    bar: i32,
    title: &str,
) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    {
        root.fill(&WHITE).map_err(plot_error)?;
        let (upper, lower) = root.split_vertically(HEIGHT * 3 / 5);
        let first = points[0].0;
        let x_max = (day_offset(first, points[points.len() - 1].0) + bar).max(1);
        let y_max = points.iter().map(|point| point.1.max(point.2)).max().unwrap_or(1).max(1) as f64 * 1.1;
        let mut chart = ChartBuilder::on(&upper)
            .caption(title, ("sans-serif", 22))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(0..x_max, 0.0..y_max)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|offset| label(first, *offset))
            .y_desc("events")
            .draw()
            .map_err(plot_error)?;
        let cooperation_color = RGBColor(0x1b, 0x9e, 0x77);
        let conflict_color = RGBColor(0xd9, 0x5f, 0x02);
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|point| (day_offset(first, point.0), point.1 as f64)),
                cooperation_color.stroke_width(2),
            ))
            .map_err(plot_error)?
            .label("cooperation (quad 1-2)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], cooperation_color));
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|point| (day_offset(first, point.0), point.2 as f64)),
                conflict_color.stroke_width(2),
            ))
            .map_err(plot_error)?
            .label("conflict (quad 3-4)")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], conflict_color));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(plot_error)?;
        let g_max = points.iter().map(|point| point.3.abs()).fold(1.0, f64::max) * 1.1;
        let mut chart = ChartBuilder::on(&lower)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(0..x_max, -g_max..g_max)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|offset| label(first, *offset))
            .y_desc("Goldstein sum")
            .draw()
            .map_err(plot_error)?;
        chart
            .draw_series(points.iter().map(|point| {
                let x = day_offset(first, point.0);
                let color = if point.3 >= 0.0 { cooperation_color } else { conflict_color };
                Rectangle::new([(x, 0.0), (x + bar, point.3)], color.filled())
            }))
            .map_err(plot_error)?;
        Ok(())
    }
}

/// The grip index of the strongest patrons of one target over time (overall, or one
/// dimension), with spikes circled. `series` are the rows of one target.
///
/// # Errors
/// When there is nothing to draw or drawing fails (no font registered).
pub fn grip_over_time(
    series: &[SeriesRow],
    period: Period,
    dimension: Option<Dimension>,
    max_patrons: usize,
    title: &str,
    format: ImageFormat,
) -> Result<Vec<u8>, PlotError> {
    let value = |row: &SeriesRow| match dimension {
        None => row.grip,
        Some(dimension) => row.grip_by_dimension[dimension_idx(dimension)],
    };
    // The patrons with the most weight over the window.
    let mut totals: std::collections::BTreeMap<&str, f64> = std::collections::BTreeMap::new();
    for row in series {
        *totals.entry(row.patron.as_str()).or_default() += value(row).unwrap_or(0.0);
    }
    let mut ranked: Vec<(&str, f64)> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    ranked.truncate(max_patrons);
    if ranked.is_empty() || series.is_empty() {
        return Err(PlotError("no grip index to draw in the window".into()));
    }
    let patrons: Vec<&str> = ranked.iter().map(|(patron, _)| *patron).collect();
    let chart = GripChart { series, period, dimension, patrons: &patrons, title };
    render(format, |root| draw_grip(root, &chart), |root| draw_grip(root, &chart))
}

struct GripChart<'a> {
    series: &'a [SeriesRow],
    period: Period,
    dimension: Option<Dimension>,
    patrons: &'a [&'a str],
    title: &'a str,
}

impl GripChart<'_> {
    fn value(&self, row: &SeriesRow) -> Option<f64> {
        match self.dimension {
            None => row.grip,
            Some(dimension) => row.grip_by_dimension[dimension_idx(dimension)],
        }
    }

    fn is_spike(&self, row: &SeriesRow) -> bool {
        let check = match self.dimension {
            None => row.spike,
            Some(dimension) => row.spike_by_dimension[dimension_idx(dimension)],
        };
        check.is_some_and(|check| check.spike)
    }
}

fn draw_grip<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, grip: &GripChart<'_>) -> Result<(), PlotError>
where
    DB::ErrorType: 'static,
{
    let series = grip.series;
    let first = series.iter().map(|row| row.period).min().expect("series is not empty");
    let last = series.iter().map(|row| row.period).max().expect("series is not empty");
    let x_max = day_offset(first, last).max(1);
    {
        root.fill(&WHITE).map_err(plot_error)?;
        let mut chart = ChartBuilder::on(root)
            .caption(grip.title, ("sans-serif", 22))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(0..x_max, 0.0..1.0)
            .map_err(plot_error)?;
        chart
            .configure_mesh()
            .x_label_formatter(&|offset| label(first, *offset))
            .y_desc("grip index (share of the target's weighted interactions)")
            .draw()
            .map_err(plot_error)?;
        for (patron_idx, patron) in grip.patrons.iter().enumerate() {
            let color = Palette99::pick(patron_idx).to_rgba();
            // Periods without interactions of the target have no index: the line breaks there.
            let mut runs: Vec<Vec<(i32, f64)>> = Vec::new();
            let mut previous: Option<Date> = None;
            for row in series.iter().filter(|row| row.patron == *patron) {
                let Some(value) = grip.value(row) else {
                    previous = None;
                    continue;
                };
                if previous.is_none_or(|previous| grip.period.next(previous) != row.period) {
                    runs.push(Vec::new());
                }
                runs.last_mut().expect("a run was just started").push((day_offset(first, row.period), value));
                previous = Some(row.period);
            }
            for (run_idx, run) in runs.iter().enumerate() {
                let drawn = chart
                    .draw_series(LineSeries::new(run.iter().copied(), color.stroke_width(2)))
                    .map_err(plot_error)?;
                if run_idx == 0 {
                    drawn.label(*patron).legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
                }
                chart
                    .draw_series(run.iter().map(|point| Circle::new(*point, 2, color.filled())))
                    .map_err(plot_error)?;
            }
            chart
                .draw_series(
                    series
                        .iter()
                        .filter(|row| row.patron == *patron && grip.is_spike(row))
                        .filter_map(|row| grip.value(row).map(|value| (day_offset(first, row.period), value)))
                        .map(|point| Circle::new(point, 6, color.stroke_width(2))),
                )
                .map_err(plot_error)?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(plot_error)?;
        Ok(())
    }
}

fn dimension_idx(dimension: Dimension) -> usize {
    match dimension {
        Dimension::Security => 0,
        Dimension::Economic => 1,
        Dimension::Political => 2,
    }
}

fn day_offset(first: Date, day: Date) -> i32 {
    i32::try_from((day - first).num_days()).unwrap_or(i32::MAX)
}

fn label(first: Date, offset: i32) -> String {
    (first + chrono::Days::new(u64::try_from(offset).unwrap_or(0))).format("%Y-%m-%d").to_string()
}

/// Draws into an SVG string or a PNG buffer (the same drawing, once per backend type).
fn render(
    format: ImageFormat,
    draw_svg: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<(), PlotError>,
    draw_png: impl FnOnce(&DrawingArea<BitMapBackend<'_>, Shift>) -> Result<(), PlotError>,
) -> Result<Vec<u8>, PlotError> {
    match format {
        ImageFormat::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
                draw_svg(&root)?;
                root.present().map_err(plot_error)?;
            }
            Ok(svg.into_bytes())
        }
        ImageFormat::Png => {
            let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
            {
                let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
                draw_png(&root)?;
                root.present().map_err(plot_error)?;
            }
            let mut png_bytes = Vec::new();
            {
                let mut encoder = png::Encoder::new(&mut png_bytes, WIDTH, HEIGHT);
                encoder.set_color(png::ColorType::Rgb);
                encoder.set_depth(png::BitDepth::Eight);
                let mut writer = encoder.write_header().map_err(plot_error)?;
                writer.write_image_data(&rgb).map_err(plot_error)?;
            }
            Ok(png_bytes)
        }
    }
}
