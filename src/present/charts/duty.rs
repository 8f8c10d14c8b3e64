//! Joint duty charts, one panel per grouping: requirement coverage per day (need vs
//! have, the missing part red) and duty points per person (grouped by unit, carry-in
//! shown under this plan's points).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::DrawingBackend;

use super::{
    date_label, day_legend, day_shade, font, grid_columns, legend, legend_height, palette, text_at, text_width,
};
use super::{title, Ctx, Drawn, Figure, OK_BLUE, SHORT};
use crate::domain::{Day, Rota, Scenario};

const PANEL_TITLE: u32 = 24;

fn panel_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
) -> Result<DrawingArea<DB, Shift>, super::DrawError> {
    let (top, rest) = area.split_vertically(PANEL_TITLE);
    top.draw(&Text::new(text.to_string(), (8, 6), font(16)))?;
    Ok(rest)
}

/// Integer tick labels only.
fn int_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{}", v.round() as i64)
    } else {
        String::new()
    }
}

// ---------------------------------------------------------------------------------

pub struct NeedHave {
    pub id: String,
    pub name: String,
    pub need: Vec<u32>,
    pub have: Vec<u32>,
}

pub struct RequirementsChart {
    pub scenario: String,
    pub days: Vec<Day>,
    pub panels: Vec<NeedHave>,
}

impl RequirementsChart {
    pub fn new(s: &Scenario, rota: &Rota) -> RequirementsChart {
        let mut panels: Vec<NeedHave> = s
            .groupings
            .iter()
            .map(|g| NeedHave {
                id: g.id.clone(),
                name: g.name.clone(),
                need: vec![0; s.days.len()],
                have: vec![0; s.days.len()],
            })
            .collect();
        let mut used = vec![false; s.groupings.len()];
        for (r, req) in s.requirements.iter().enumerate() {
            let g = s.owner_grouping(req.owner);
            used[g] = true;
            for d in (0..s.days.len()).filter(|&d| req.days[d]) {
                let have = rota.cells.iter().filter(|row| row[d].requirement == Some(r)).count() as u32;
                panels[g].need[d] += req.count;
                panels[g].have[d] += have;
            }
        }
        let panels = panels.into_iter().zip(used).filter(|(_, u)| *u).map(|(p, _)| p).collect();
        RequirementsChart { scenario: s.name.clone(), days: s.days.clone(), panels }
    }

    fn panel_size(&self) -> (u32, u32) {
        let n = self.days.len() as u32;
        let w = if grid_columns(self.panels.len()) == 1 {
            (80 + 12 * n).clamp(720, 1300)
        } else {
            (80 + 7 * n).clamp(520, 760)
        };
        (w, 200)
    }

    fn legend_items(&self, ctx: &Ctx) -> Vec<(RGBColor, String)> {
        let mut items = vec![
            (OK_BLUE, ctx.t("have").to_string()),
            (SHORT, ctx.t("short").to_string()),
            (BLACK, ctx.t("need").to_string()),
        ];
        items.extend(day_legend(&self.days, ctx));
        items
    }
}

impl Figure for RequirementsChart {
    fn size(&self, ctx: &Ctx) -> (u32, u32) {
        let cols = grid_columns(self.panels.len()) as u32;
        let rows = (self.panels.len() as u32).div_ceil(cols).max(1);
        let (pw, ph) = self.panel_size();
        let w = (pw * cols).max(800);
        (w, 34 + legend_height(&self.legend_items(ctx), w) + rows * ph)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, ctx: &Ctx) -> Drawn {
        let area = title(root, &ctx.title("chart_requirements", ctx.name("", &self.scenario)))?;
        let area = legend(&area, &self.legend_items(ctx))?;
        let cols = grid_columns(self.panels.len());
        let (pw, ph) = self.panel_size();
        let n = self.days.len() as f64;
        for (i, p) in self.panels.iter().enumerate() {
            let (r, c) = ((i / cols) as i32, (i % cols) as i32);
            let cell = area.clone().shrink((c * pw as i32, r * ph as i32), (pw, ph));
            let cell = panel_title(&cell, ctx.name(&p.id, &p.name))?;
            let top = p.need.iter().chain(&p.have).copied().max().unwrap_or(1).max(1) as f64 + 0.5;
            let mut chart = ChartBuilder::on(&cell)
                .margin_left(6)
                .margin_right(14)
                .margin_bottom(4)
                .x_label_area_size(26)
                .y_label_area_size(40)
                .build_cartesian_2d(-0.5..n - 0.5, 0.0..top)?;
            let days = &self.days;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE.mix(0.0))
                .y_labels((top as usize + 1).min(6))
                .y_label_formatter(&int_label)
                .x_labels(self.days.len().clamp(2, 12))
                .x_label_formatter(&|v| date_label(days, *v))
                .label_style(font(13))
                .y_desc(ctx.t("people"))
                .axis_desc_style(font(14))
                .draw()?;
            chart.draw_series(self.days.iter().enumerate().filter_map(|(d, day)| {
                day_shade(day).map(|col| Rectangle::new([(d as f64 - 0.5, 0.0), (d as f64 + 0.5, top)], col.filled()))
            }))?;
            chart.draw_series((0..self.days.len()).filter(|&d| p.have[d] > 0).map(|d| {
                Rectangle::new([(d as f64 - 0.4, 0.0), (d as f64 + 0.4, p.have[d] as f64)], OK_BLUE.filled())
            }))?;
            chart.draw_series((0..self.days.len()).filter(|&d| p.have[d] < p.need[d]).map(|d| {
                Rectangle::new([(d as f64 - 0.4, p.have[d] as f64), (d as f64 + 0.4, p.need[d] as f64)], SHORT.filled())
            }))?;
            chart.draw_series((0..self.days.len()).filter(|&d| p.need[d] > 0).map(|d| {
                let y = p.need[d] as f64;
                PathElement::new(vec![(d as f64 - 0.5, y), (d as f64 + 0.5, y)], BLACK.stroke_width(2))
            }))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------

pub struct PersonPoints {
    pub id: String,
    pub name: String,
    /// Index into the panel's units.
    pub unit: usize,
    pub carry: f64,
    pub points: f64,
}

pub struct PointsPanel {
    pub id: String,
    pub name: String,
    pub units: Vec<(String, String)>,
    pub people: Vec<PersonPoints>,
}

pub struct PointsChart {
    pub scenario: String,
    pub panels: Vec<PointsPanel>,
}

const CARRY: RGBColor = RGBColor(0xc8, 0xc8, 0xc8);

impl PointsChart {
    pub fn new(s: &Scenario, rota: &Rota) -> PointsChart {
        let mut panels = Vec::new();
        for (g, grouping) in s.groupings.iter().enumerate() {
            let mut pool = s.pool(g);
            if pool.is_empty() {
                continue;
            }
            let order: Vec<usize> = grouping.units.clone();
            pool.sort_by_key(|&p| (order.iter().position(|&u| u == s.staff[p].unit), s.staff[p].id.clone()));
            let mut units: Vec<usize> = pool.iter().map(|&p| s.staff[p].unit).collect();
            units.dedup();
            let people = pool
                .iter()
                .map(|&p| PersonPoints {
                    id: s.staff[p].id.clone(),
                    name: s.staff[p].name.clone(),
                    unit: units.iter().position(|&u| u == s.staff[p].unit).unwrap_or(0),
                    carry: s.staff[p].points_carry_in,
                    points: rota.cells[p].iter().filter_map(|c| c.requirement).map(|r| s.requirements[r].points).sum(),
                })
                .collect();
            panels.push(PointsPanel {
                id: grouping.id.clone(),
                name: grouping.name.clone(),
                units: units.iter().map(|&u| (s.units[u].id.clone(), s.units[u].name.clone())).collect(),
                people,
            });
        }
        PointsChart { scenario: s.name.clone(), panels }
    }

    fn panel_width(&self) -> u32 {
        let most = self.panels.iter().map(|p| p.people.len()).max().unwrap_or(1) as u32;
        (80 + most * 24).max(420)
    }

    fn names_height(&self) -> u32 {
        let widest = self
            .panels
            .iter()
            .flat_map(|p| &p.people)
            .map(|p| text_width(&p.name, 14).max(text_width(&p.id, 14)))
            .max();
        widest.unwrap_or(30) + 12
    }

    fn legend_items(&self, p: &PointsPanel, ctx: &Ctx) -> Vec<(RGBColor, String)> {
        let mut items: Vec<(RGBColor, String)> =
            p.units.iter().enumerate().map(|(i, (id, name))| (palette(i), ctx.name(id, name).to_string())).collect();
        if p.people.iter().any(|x| x.carry > 0.0) {
            items.push((CARRY, ctx.t("points_carry_in").to_string()));
        }
        items
    }

    fn panel_height(&self, ctx: &Ctx) -> u32 {
        let w = self.panel_width();
        let legend = self.panels.iter().map(|p| legend_height(&self.legend_items(p, ctx), w)).max().unwrap_or(20);
        PANEL_TITLE + legend + 180 + self.names_height()
    }
}

impl Figure for PointsChart {
    fn size(&self, ctx: &Ctx) -> (u32, u32) {
        let cols = grid_columns(self.panels.len()) as u32;
        let rows = (self.panels.len() as u32).div_ceil(cols).max(1);
        let w = (self.panel_width() * cols).max(800);
        (w, 34 + rows * self.panel_height(ctx))
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, ctx: &Ctx) -> Drawn {
        let area = title(root, &ctx.title("chart_points", ctx.name("", &self.scenario)))?;
        let cols = grid_columns(self.panels.len());
        let (pw, ph) = (self.panel_width(), self.panel_height(ctx));
        let names_h = self.names_height();
        for (i, p) in self.panels.iter().enumerate() {
            let (r, c) = ((i / cols) as i32, (i % cols) as i32);
            let cell = area.clone().shrink((c * pw as i32, r * ph as i32), (pw, ph));
            let cell = panel_title(&cell, ctx.name(&p.id, &p.name))?;
            let cell = legend(&cell, &self.legend_items(p, ctx))?;
            let n = p.people.len() as f64;
            let top = p.people.iter().map(|x| x.carry + x.points).fold(1.0, f64::max) * 1.15;
            let mut chart = ChartBuilder::on(&cell)
                .margin_left(6)
                .margin_right(14)
                .margin_top(6)
                .x_label_area_size(names_h)
                .y_label_area_size(44)
                .build_cartesian_2d(-0.5..n - 0.5, 0.0..top)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE.mix(0.0))
                .x_labels(0)
                .y_labels(6)
                .y_label_formatter(&|v| format!("{v:.0}"))
                .label_style(font(13))
                .y_desc(ctx.t("points"))
                .axis_desc_style(font(14))
                .draw()?;
            chart.draw_series(
                p.people
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.carry > 0.0)
                    .map(|(i, x)| Rectangle::new([(i as f64 - 0.38, 0.0), (i as f64 + 0.38, x.carry)], CARRY.filled())),
            )?;
            chart.draw_series(p.people.iter().enumerate().map(|(i, x)| {
                Rectangle::new(
                    [(i as f64 - 0.38, x.carry), (i as f64 + 0.38, x.carry + x.points)],
                    palette(x.unit).filled(),
                )
            }))?;
            for (i, x) in p.people.iter().enumerate() {
                let (px, base) = chart.backend_coord(&(i as f64, 0.0));
                text_at(root, ctx.name(&x.id, &x.name), (px, base + 6), 14, HPos::Left, VPos::Center, true)?;
                let (_, y) = chart.backend_coord(&(i as f64, x.carry + x.points));
                text_at(root, &fmt_points(x.points), (px, y - 2), 12, HPos::Center, VPos::Bottom, false)?;
            }
        }
        Ok(())
    }
}

fn fmt_points(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    }
}
