//! The unit coverage heatmap: units (grouped by grouping) × days, each working-day cell
//! coloured by people present minus the unit's minimum — red where short, with the
//! number missing written in — rest days shaded by kind, and a calendar strip on top
//! that marks holidays and make-up working days.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::DrawingBackend;

use super::{date_label, title, GRID, SHORT, SHORT_DARK};
use super::{day_legend, day_shade, font, legend, legend_height, text_at, text_width, Ctx, Drawn, Figure};
use crate::domain::{Day, Rota, Scenario};
use crate::report::files::coverage;

pub struct Row {
    pub unit_id: String,
    pub unit_name: String,
    pub group_id: String,
    pub group_name: String,
    /// Per day: Some(present − minimum) on working days.
    pub cells: Vec<Option<i64>>,
}

pub struct UnitsChart {
    pub scenario: String,
    pub days: Vec<Day>,
    pub rows: Vec<Row>,
    /// Show a grouping column (some grouping has several units).
    pub groups: bool,
}

const CELL_H: u32 = 18;
const LEGEND_W: u32 = 760;

impl UnitsChart {
    pub fn new(s: &Scenario, rota: &Rota) -> UnitsChart {
        let mut rows = Vec::new();
        let mut index = std::collections::HashMap::new();
        for g in &s.groupings {
            for &u in &g.units {
                index.insert(s.units[u].id.clone(), rows.len());
                rows.push(Row {
                    unit_id: s.units[u].id.clone(),
                    unit_name: s.units[u].name.clone(),
                    group_id: g.id.clone(),
                    group_name: g.name.clone(),
                    cells: vec![None; s.days.len()],
                });
            }
        }
        for c in coverage(s, rota).into_iter().filter(|c| c.kind == "unit") {
            if let Some(&r) = index.get(&c.id) {
                rows[r].cells[c.day] = Some(c.have as i64 - c.need as i64);
            }
        }
        let groups = s.groupings.iter().any(|g| g.units.len() > 1);
        UnitsChart { scenario: s.name.clone(), days: s.days.clone(), rows, groups }
    }

    fn cell_w(&self) -> u32 {
        (1100 / self.days.len().max(1) as u32).clamp(8, 28)
    }

    fn label_widths(&self) -> (u32, u32) {
        let unit = self.rows.iter().map(|r| text_width(&r.unit_name, 14).max(text_width(&r.unit_id, 14))).max();
        let group = self.rows.iter().map(|r| text_width(&r.group_name, 14).max(text_width(&r.group_id, 14))).max();
        let unit = unit.unwrap_or(40) + 12;
        let group = if self.groups { group.unwrap_or(40) + 16 } else { 0 };
        (group, unit)
    }

    fn legend_items(&self, ctx: &Ctx) -> Vec<(RGBColor, String)> {
        let mut items = vec![
            (SHORT, ctx.t("short").to_string()),
            (diff_color(0), ctx.t("at_minimum").to_string()),
            (diff_color(2), ctx.t("above_minimum").to_string()),
        ];
        items.extend(day_legend(&self.days, ctx));
        items
    }
}

/// Present minus minimum → colour: reds below, greens at and above.
pub fn diff_color(diff: i64) -> RGBColor {
    match diff {
        d if d <= -2 => SHORT_DARK,
        -1 => SHORT,
        0 => RGBColor(0xd9, 0xf0, 0xd3),
        1 => RGBColor(0xa6, 0xdb, 0xa0),
        2 => RGBColor(0x5a, 0xae, 0x61),
        _ => RGBColor(0x1b, 0x78, 0x37),
    }
}

impl Figure for UnitsChart {
    fn size(&self, ctx: &Ctx) -> (u32, u32) {
        let (g, u) = self.label_widths();
        let w = (g + u + self.cell_w() * self.days.len() as u32 + 40).max(LEGEND_W);
        let legend = legend_height(&self.legend_items(ctx), w);
        let h = 34 + legend + 10 + (self.rows.len() as u32 + 1) * CELL_H + 12 + 46;
        (w, h)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, ctx: &Ctx) -> Drawn {
        let area = title(root, &ctx.title("chart_units", ctx.name("", &self.scenario)))?;
        let area = legend(&area, &self.legend_items(ctx))?;
        let (gw, uw) = self.label_widths();
        let n = self.days.len() as f64;
        let rows = self.rows.len() as f64;
        let cw = self.cell_w() as i32;
        let plot_w = self.cell_w() * self.days.len() as u32;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(10)
            .margin_right(area.dim_in_pixel().0.saturating_sub(gw + uw + plot_w).max(1))
            .x_label_area_size(46)
            .y_label_area_size(gw + uw)
            .build_cartesian_2d(-0.5..n - 0.5, 0.0..rows + 1.2)?;
        let days = &self.days;
        chart
            .configure_mesh()
            .disable_mesh()
            .y_labels(0)
            .x_labels(self.days.len().clamp(2, 16))
            .x_label_formatter(&|v| date_label(days, *v))
            .x_label_style(font(14))
            .x_desc(ctx.t("date"))
            .axis_desc_style(font(15))
            .draw()?;
        // The calendar strip on top, then the cells.
        let strip = rows + 0.2;
        chart.draw_series(self.days.iter().enumerate().filter_map(|(d, day)| {
            day_shade(day).map(|c| Rectangle::new([(d as f64 - 0.5, strip), (d as f64 + 0.5, strip + 1.0)], c.filled()))
        }))?;
        for (r, row) in self.rows.iter().enumerate() {
            let y0 = rows - 1.0 - r as f64;
            chart.draw_series(row.cells.iter().enumerate().map(|(d, cell)| {
                let color = match cell {
                    Some(diff) => diff_color(*diff),
                    None => day_shade(&self.days[d]).unwrap_or(WHITE),
                };
                Rectangle::new([(d as f64 - 0.5, y0), (d as f64 + 0.5, y0 + 1.0)], color.filled())
            }))?;
        }
        // Thin white lines between cells, a darker one between groupings.
        for (r, row) in self.rows.iter().enumerate().skip(1) {
            let y = rows - r as f64;
            let style = if row.group_id != self.rows[r - 1].group_id { BLACK.mix(0.7) } else { WHITE.mix(1.0) };
            chart.draw_series(std::iter::once(PathElement::new(vec![(-0.5, y), (n - 0.5, y)], style)))?;
        }
        // Numbers missing, in the short cells (when there is room).
        let mut shorts = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            for (d, cell) in row.cells.iter().enumerate() {
                if let Some(diff) = cell.filter(|v| *v < 0) {
                    shorts.push((chart.backend_coord(&(d as f64, rows - 0.5 - r as f64)), diff));
                }
            }
        }
        if cw >= 14 {
            for (at, diff) in shorts {
                root.draw(&Text::new(
                    diff.to_string(),
                    at,
                    font(13).color(&WHITE).pos(plotters::style::text_anchor::Pos::new(HPos::Center, VPos::Center)),
                ))?;
            }
        }
        // Row labels: grouping (first row of each) and unit.
        let (left, _) = chart.backend_coord(&(-0.5, 0.0));
        let cal = chart.backend_coord(&(-0.5, strip + 0.5));
        text_at(root, ctx.t("calendar_row"), (left - 6, cal.1), 14, HPos::Right, VPos::Center, false)?;
        for (r, row) in self.rows.iter().enumerate() {
            let (_, y) = chart.backend_coord(&(0.0, rows - 0.5 - r as f64));
            let unit = ctx.name(&row.unit_id, &row.unit_name);
            text_at(root, unit, (left - 6, y), 14, HPos::Right, VPos::Center, false)?;
            if self.groups && (r == 0 || self.rows[r - 1].group_id != row.group_id) {
                let group = ctx.name(&row.group_id, &row.group_name);
                text_at(root, group, (left - uw as i32 - gw as i32 + 4, y), 14, HPos::Left, VPos::Center, false)?;
            }
        }
        let (top_left, bottom_right) = (chart.backend_coord(&(-0.5, rows)), chart.backend_coord(&(n - 0.5, 0.0)));
        root.draw(&Rectangle::new([top_left, bottom_right], GRID))?;
        Ok(())
    }
}
