//! Lending flows: a matrix of person-days lent from one unit (row) to another
//! (column), units in grouping order, only units that lend or borrow.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::DrawingBackend;

use super::{font, text_at, text_width, title, Ctx, Drawn, Figure, OK_BLUE};
use crate::domain::{Rota, Scenario, Status};

pub struct LendingChart {
    pub scenario: String,
    /// Units shown: (id, name), in grouping order.
    pub units: Vec<(String, String)>,
    /// (from, to) index into `units` → person-days.
    pub flows: BTreeMap<(usize, usize), u32>,
}

const CELL: u32 = 40;

/// Person-days lent, (from unit, to unit) → count, over the scenario's unit indices.
pub fn flows(s: &Scenario, rota: &Rota) -> BTreeMap<(usize, usize), u32> {
    let mut flows = BTreeMap::new();
    for (p, person) in s.staff.iter().enumerate() {
        for c in &rota.cells[p] {
            if let (Status::Office, Some(u)) = (c.status, c.at_unit) {
                if u != person.unit {
                    *flows.entry((person.unit, u)).or_insert(0) += 1;
                }
            }
        }
    }
    flows
}

impl LendingChart {
    pub fn new(s: &Scenario, rota: &Rota) -> LendingChart {
        let all = flows(s, rota);
        let order: Vec<usize> = s.groupings.iter().flat_map(|g| g.units.iter().copied()).collect();
        let shown: Vec<usize> = order.into_iter().filter(|u| all.keys().any(|(a, b)| a == u || b == u)).collect();
        let at = |u: usize| shown.iter().position(|&x| x == u).unwrap_or(0);
        LendingChart {
            scenario: s.name.clone(),
            units: shown.iter().map(|&u| (s.units[u].id.clone(), s.units[u].name.clone())).collect(),
            flows: all.into_iter().map(|((a, b), n)| ((at(a), at(b)), n)).collect(),
        }
    }

    fn label_w(&self) -> u32 {
        self.units.iter().map(|(id, name)| text_width(name, 14).max(text_width(id, 14))).max().unwrap_or(40) + 14
    }
}

impl Figure for LendingChart {
    fn size(&self, _ctx: &Ctx) -> (u32, u32) {
        if self.flows.is_empty() {
            return (700, 120);
        }
        let k = self.units.len() as u32;
        let l = self.label_w();
        ((l + 40 + k * CELL + 30).max(560), 34 + 20 + k * CELL + l + 30)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, ctx: &Ctx) -> Drawn {
        let area = title(root, &ctx.title("chart_lending", ctx.name("", &self.scenario)))?;
        if self.flows.is_empty() {
            area.draw(&Text::new(ctx.t("no_lending").to_string(), (20, 30), font(17)))?;
            return Ok(());
        }
        let k = self.units.len() as f64;
        let l = self.label_w();
        let used = l + 40 + self.units.len() as u32 * CELL;
        let mut chart = ChartBuilder::on(&area)
            .margin_top(20)
            .margin_right(area.dim_in_pixel().0.saturating_sub(used).max(1))
            .x_label_area_size(l + 30)
            .y_label_area_size(l + 40)
            .build_cartesian_2d(0.0..k, 0.0..k)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc(ctx.t("to_unit"))
            .y_desc(ctx.t("from_unit"))
            .axis_desc_style(font(15))
            .draw()?;
        let most = self.flows.values().copied().max().unwrap_or(1) as f64;
        let shade = |n: u32| {
            let t = 0.15 + 0.85 * n as f64 / most;
            let mix = |c: u8| (255.0 - (255.0 - c as f64) * t).round() as u8;
            RGBColor(mix(OK_BLUE.0), mix(OK_BLUE.1), mix(OK_BLUE.2))
        };
        // Rows run top to bottom: row r spans y in [k-1-r, k-r].
        chart.draw_series(self.flows.iter().map(|(&(a, b), &n)| {
            let y0 = k - 1.0 - a as f64;
            Rectangle::new([(b as f64, y0), (b as f64 + 1.0, y0 + 1.0)], shade(n).filled())
        }))?;
        for i in 0..=self.units.len() {
            let v = i as f64;
            chart.draw_series(std::iter::once(PathElement::new(vec![(0.0, v), (k, v)], BLACK.mix(0.15))))?;
            chart.draw_series(std::iter::once(PathElement::new(vec![(v, 0.0), (v, k)], BLACK.mix(0.15))))?;
        }
        for (&(a, b), &n) in &self.flows {
            let at = chart.backend_coord(&(b as f64 + 0.5, k - 0.5 - a as f64));
            let color = if n as f64 / most > 0.6 { WHITE } else { BLACK };
            root.draw(&Text::new(
                n.to_string(),
                at,
                font(14).color(&color).pos(plotters::style::text_anchor::Pos::new(HPos::Center, VPos::Center)),
            ))?;
        }
        for (i, (id, name)) in self.units.iter().enumerate() {
            let label = ctx.name(id, name);
            let (left, y) = chart.backend_coord(&(0.0, k - 0.5 - i as f64));
            text_at(root, label, (left - 6, y), 14, HPos::Right, VPos::Center, false)?;
            let (x, bottom) = chart.backend_coord(&(i as f64 + 0.5, 0.0));
            text_at(root, label, (x, bottom + 6), 14, HPos::Left, VPos::Center, true)?;
        }
        Ok(())
    }
}
