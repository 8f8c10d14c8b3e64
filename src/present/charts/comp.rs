//! Compensatory rest (调休) owed over the horizon: one line per grouping, the days owed
//! by its staff at the end of each day (carry-in, plus rest-day shifts, minus rests taken).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::DrawingBackend;

use super::{date_label, day_legend, day_shade, font, legend, legend_height, palette, title, Ctx, Drawn, Figure};
use crate::domain::{Day, Rota, Scenario, Status};
use crate::report::evaluate::is_recovery;

pub struct CompChart {
    pub scenario: String,
    pub days: Vec<Day>,
    /// (grouping id, name, balance at the end of each day).
    pub lines: Vec<(String, String, Vec<f64>)>,
}

/// Each person's balance at the end of each day.
pub fn balances(s: &Scenario, rota: &Rota) -> Vec<Vec<f64>> {
    (0..s.staff.len())
        .map(|p| {
            let person = &s.staff[p];
            let mut balance = person.comp_carry_in;
            s.days
                .iter()
                .enumerate()
                .map(|(d, day)| {
                    let c = rota.cells[p][d];
                    if day.is_rest() && c.requirement.is_some() {
                        balance += person.rules.comp_per_restday_shift;
                    }
                    if c.status == Status::Rest && !is_recovery(s, rota, p, d) {
                        balance -= 1.0;
                    }
                    balance
                })
                .collect()
        })
        .collect()
}

impl CompChart {
    pub fn new(s: &Scenario, rota: &Rota) -> CompChart {
        let per_person = balances(s, rota);
        let lines = s
            .groupings
            .iter()
            .enumerate()
            .map(|(g, grouping)| {
                let mut sum = vec![0.0; s.days.len()];
                for p in (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g) {
                    for (d, v) in per_person[p].iter().enumerate() {
                        sum[d] += v;
                    }
                }
                (grouping.id.clone(), grouping.name.clone(), sum)
            })
            .collect();
        CompChart { scenario: s.name.clone(), days: s.days.clone(), lines }
    }

    fn width(&self) -> u32 {
        (100 + 12 * self.days.len() as u32).clamp(900, 1400)
    }

    fn legend_items(&self, ctx: &Ctx) -> Vec<(RGBColor, String)> {
        let mut items: Vec<(RGBColor, String)> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, (id, name, _))| (palette(i), ctx.name(id, name).to_string()))
            .collect();
        items.extend(day_legend(&self.days, ctx));
        items
    }
}

impl Figure for CompChart {
    fn size(&self, ctx: &Ctx) -> (u32, u32) {
        let w = self.width();
        (w, 34 + legend_height(&self.legend_items(ctx), w) + 400)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, ctx: &Ctx) -> Drawn {
        let area = title(root, &ctx.title("chart_comp", ctx.name("", &self.scenario)))?;
        let area = legend(&area, &self.legend_items(ctx))?;
        let n = self.days.len() as f64;
        let top = self.lines.iter().flat_map(|(_, _, v)| v.iter().copied()).fold(1.0, f64::max) * 1.1;
        let mut chart = ChartBuilder::on(&area)
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5..n - 0.5, 0.0..top)?;
        let days = &self.days;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE.mix(0.0))
            .x_labels(self.days.len().clamp(2, 16))
            .x_label_formatter(&|v| date_label(days, *v))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(font(14))
            .x_desc(ctx.t("date"))
            .y_desc(ctx.t("comp_balance"))
            .axis_desc_style(font(15))
            .draw()?;
        chart.draw_series(self.days.iter().enumerate().filter_map(|(d, day)| {
            day_shade(day).map(|c| Rectangle::new([(d as f64 - 0.5, 0.0), (d as f64 + 0.5, top)], c.filled()))
        }))?;
        for (i, (_, _, values)) in self.lines.iter().enumerate() {
            let points: Vec<(f64, f64)> = values.iter().enumerate().map(|(d, v)| (d as f64, *v)).collect();
            chart.draw_series(std::iter::once(PathElement::new(points, palette(i).stroke_width(2))))?;
        }
        Ok(())
    }
}
