//! The headline figures of a comparison, side by side: one panel per figure, one bar
//! per scenario (A, B, … as in the legend); duty points show the mean with the range
//! from the fewest to the most points per head.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::DrawingBackend;

use super::{font, legend, legend_height, palette, text_at, title, Ctx, Drawn, Figure};
use crate::present::read::SummaryView;

pub struct HeadlineChart {
    /// (file stem, scenario name, summary).
    pub scenarios: Vec<(String, String, SummaryView)>,
}

const PANEL_W: u32 = 400;
const PANEL_H: u32 = 300;

/// Letter of the i-th scenario.
pub fn letter(i: usize) -> String {
    let a = (b'A' + (i % 26) as u8) as char;
    if i < 26 {
        a.to_string()
    } else {
        format!("{a}{}", i / 26)
    }
}

/// The panels: (label key, value of each scenario, (min, max) range when shown).
type Metric = (&'static str, Vec<f64>, Option<Vec<(f64, f64)>>);

impl HeadlineChart {
    fn metrics(&self) -> Vec<Metric> {
        let get = |f: &dyn Fn(&SummaryView) -> f64| self.scenarios.iter().map(|(_, _, s)| f(s)).collect::<Vec<f64>>();
        vec![
            ("shortfall", get(&|s| s.totals.shortfall), None),
            ("unit_shortfall", get(&|s| s.totals.unit_shortfall), None),
            (
                "points_mean",
                get(&|s| s.totals.duty_points.mean),
                Some(
                    self.scenarios
                        .iter()
                        .map(|(_, _, s)| (s.totals.duty_points.min, s.totals.duty_points.max))
                        .collect(),
                ),
            ),
            ("comp_owed", get(&|s| s.totals.comp_owed), None),
            ("lending_person_days", get(&|s| s.totals.lending_person_days), None),
            ("objective", get(&|s| s.objective), None),
        ]
    }

    fn legend_items(&self, ctx: &Ctx) -> Vec<(RGBColor, String)> {
        self.scenarios
            .iter()
            .enumerate()
            .map(|(i, (stem, name, _))| (palette(i), format!("{}: {}", letter(i), ctx.name(stem, name))))
            .collect()
    }
}

fn short_number(v: f64) -> String {
    if v.abs() >= 10000.0 {
        format!("{:.0}k", v / 1000.0)
    } else if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.2}")
    }
}

impl Figure for HeadlineChart {
    fn size(&self, ctx: &Ctx) -> (u32, u32) {
        let w = PANEL_W * 3;
        (w, 34 + legend_height(&self.legend_items(ctx), w) + 2 * PANEL_H)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, ctx: &Ctx) -> Drawn {
        let area = title(root, &ctx.title("chart_headline", ""))?;
        let area = legend(&area, &self.legend_items(ctx))?;
        let n = self.scenarios.len() as f64;
        for (i, (key, values, range)) in self.metrics().into_iter().enumerate() {
            let (r, c) = ((i / 3) as i32, (i % 3) as i32);
            let cell = area.clone().shrink((c * PANEL_W as i32, r * PANEL_H as i32), (PANEL_W, PANEL_H));
            let label = if key == "points_mean" { ctx.t("points_range") } else { ctx.t(key) };
            let (head, cell) = cell.split_vertically(26);
            head.draw(&Text::new(label.to_string(), (10, 6), font(15)))?;
            let top =
                values.iter().copied().chain(range.iter().flatten().map(|(_, hi)| *hi)).fold(0.0, f64::max).max(1.0)
                    * 1.2;
            let mut chart = ChartBuilder::on(&cell)
                .margin_left(8)
                .margin_right(16)
                .margin_bottom(6)
                .x_label_area_size(24)
                .y_label_area_size(54)
                .build_cartesian_2d(-0.5..n - 0.5, 0.0..top)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE.mix(0.0))
                .x_labels(0)
                .y_labels(5)
                .y_label_formatter(&|v| if (v - v.round()).abs() < 1e-9 { short_number(*v) } else { String::new() })
                .label_style(font(13))
                .draw()?;
            chart.draw_series(
                values
                    .iter()
                    .enumerate()
                    .map(|(j, v)| Rectangle::new([(j as f64 - 0.3, 0.0), (j as f64 + 0.3, *v)], palette(j).filled())),
            )?;
            if let Some(range) = &range {
                for (j, (lo, hi)) in range.iter().enumerate() {
                    let x = j as f64;
                    let style = BLACK.stroke_width(2);
                    chart.draw_series([
                        PathElement::new(vec![(x, *lo), (x, *hi)], style),
                        PathElement::new(vec![(x - 0.12, *lo), (x + 0.12, *lo)], style),
                        PathElement::new(vec![(x - 0.12, *hi), (x + 0.12, *hi)], style),
                    ])?;
                }
            }
            for (j, v) in values.iter().enumerate() {
                let (x, base) = chart.backend_coord(&(j as f64, 0.0));
                text_at(root, &letter(j), (x, base + 12), 14, HPos::Center, VPos::Center, false)?;
                let text = match &range {
                    Some(rg) => format!("{} ({}–{})", short_number(*v), short_number(rg[j].0), short_number(rg[j].1)),
                    None => short_number(*v),
                };
                let y_top = range.as_ref().map_or(*v, |rg| rg[j].1.max(*v));
                let (_, y) = chart.backend_coord(&(j as f64, y_top));
                text_at(root, &text, (x, y - 3), 14, HPos::Center, VPos::Bottom, false)?;
            }
        }
        Ok(())
    }
}
