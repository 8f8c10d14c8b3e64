//! summary.json against the figures recomputed from the rota (contract section 6).

use std::collections::BTreeMap;

use serde_json::Value;

use super::facts::num;
use super::rule;
use super::terms::{Evaluation, GroupingFigures, Stats, Terms};
use super::Found;
use crate::domain::Scenario;

/// Relative tolerance for comparing figures.
pub const TOLERANCE: f64 = 1e-6;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

/// A field of summary.json by its path (`totals.duty_points.min`).
fn field<'v>(json: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(json, |v, key| v.get(key))
}

/// Compares numeric fields of one JSON object with their recomputed values.
struct Fields<'a> {
    json: &'a Value,
    /// How the object is named in messages (`` or `groupings[g1].`).
    prefix: String,
    found: &'a mut Found,
}

impl Fields<'_> {
    /// The number at `path`, or a violation saying it is missing.
    fn number(&mut self, path: &str) -> Option<f64> {
        let value = field(self.json, path).and_then(Value::as_f64);
        if value.is_none() {
            let message = format!("`{}{path}` is missing or not a number", self.prefix);
            self.found.push(rule::SUMMARY, message);
        }
        value
    }

    /// The number at `path` equals `expected` (relative tolerance 1e-6).
    fn equals(&mut self, path: &str, expected: f64) {
        self.equals_because(path, expected, String::new());
    }

    fn equals_because(&mut self, path: &str, expected: f64, why: String) {
        let Some(value) = self.number(path) else { return };
        if !close(value, expected) {
            let message =
                format!("`{}{path}` is {}, recomputed from the rota {}{why}", self.prefix, num(value), num(expected));
            self.found.push(rule::SUMMARY, message);
        }
    }

    fn stats(&mut self, path: &str, expected: &Stats) {
        self.equals(&format!("{path}.min"), expected.min);
        self.equals(&format!("{path}.mean"), expected.mean);
        self.equals(&format!("{path}.max"), expected.max);
        self.equals(&format!("{path}.stdev"), expected.stdev);
    }

    /// `bound` ≤ objective, and `gap` = (objective − bound) / objective (0 when the
    /// objective is 0). Returns the bound.
    fn bound_and_gap(&mut self, objective: f64) -> Option<f64> {
        let bound = self.number("bound")?;
        if bound > objective && !close(bound, objective) {
            let message =
                format!("`{}bound` is {}, above the recomputed objective {}", self.prefix, num(bound), num(objective));
            self.found.push(rule::SUMMARY, message);
        }
        let gap = if objective == 0.0 { 0.0 } else { (objective - bound) / objective };
        self.equals_because("gap", gap, " = (objective − bound) / objective".into());
        Some(bound)
    }
}

/// `(unit shortfall 1000 + shortfall 0 + …)`, to explain an objective.
fn breakdown(t: &Terms) -> String {
    let parts = [
        ("unit shortfall", t.unit_shortfall),
        ("shortfall", t.shortfall),
        ("over", t.over),
        ("fairness", t.fairness),
        ("lending", t.lending),
        ("comp owed", t.comp_owed),
        ("preferences", t.preferences),
    ];
    let nonzero: Vec<String> =
        parts.iter().filter(|(_, x)| *x != 0.0).map(|(n, x)| format!("{n} {}", num(*x))).collect();
    if nonzero.is_empty() {
        " (every term 0)".into()
    } else {
        format!(" ({})", nonzero.join(" + "))
    }
}

/// summary: summary.json names this scenario and its input, and its objective, bound,
/// gap, totals and per-grouping figures equal what the rota gives.
pub fn summary(s: &Scenario, e: &Evaluation, json: &Value, found: &mut Found) {
    identity(s, json, found);
    let mut top = Fields { json, prefix: String::new(), found };
    top.equals_because("objective", e.objective, breakdown(&e.terms));
    let bound = top.bound_and_gap(e.objective);
    totals(&mut top, e);
    let bounds = groupings(s, e, json, found);
    if let (Some(bound), Some(sum)) = (bound, bounds) {
        if !close(bound, sum) {
            let message = format!("`bound` is {}, but the groupings' bounds sum to {}", num(bound), num(sum));
            found.push(rule::SUMMARY, message);
        }
    }
}

/// The summary is of this scenario: its name and the sha-256 of its input files.
fn identity(s: &Scenario, json: &Value, found: &mut Found) {
    match json.get("scenario").and_then(Value::as_str) {
        Some(name) if name == s.name => {}
        Some(name) => found.push(rule::SUMMARY, format!("`scenario` is \"{name}\", the scenario is \"{}\"", s.name)),
        None => found.push(rule::SUMMARY, "`scenario` is missing or not a string"),
    }
    match json.get("input_sha256").and_then(Value::as_str) {
        Some(sha) if sha.eq_ignore_ascii_case(&s.input_sha256) => {}
        Some(_) => found.push(
            rule::SUMMARY,
            "`input_sha256` is not that of the scenario's files: the rota was planned for another version of the input",
        ),
        None => found.push(rule::SUMMARY, "`input_sha256` is missing or not a string"),
    }
}

fn totals(f: &mut Fields, e: &Evaluation) {
    let t = &e.totals;
    let counts = [
        ("shortfall", t.shortfall),
        ("unit_shortfall", t.unit_shortfall),
        ("unit_days_below_min", t.unit_days_below_min),
        ("over", t.over),
        ("lending_person_days", t.lending_person_days),
        ("comp_taken", t.comp_taken),
        ("recovery_days", t.recovery_days),
        ("preferences_unmet", t.preferences_unmet),
        ("max_consecutive_work_days", t.max_consecutive_work_days),
    ];
    for (name, value) in counts {
        f.equals(&format!("totals.{name}"), value as f64);
    }
    f.equals("totals.comp_earned", t.comp_earned);
    f.equals("totals.comp_owed", t.comp_owed);
    f.stats("totals.duty_points", &t.duty_points);
}

/// Each grouping once, with its figures; returns the sum of their bounds when every
/// one has a bound.
fn groupings(s: &Scenario, e: &Evaluation, json: &Value, found: &mut Found) -> Option<f64> {
    let Some(entries) = json.get("groupings").and_then(Value::as_array) else {
        found.push(rule::SUMMARY, "`groupings` is missing or not an array");
        return None;
    };
    let mut by_id: BTreeMap<&str, &Value> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some(id) = entry.get("id").and_then(Value::as_str) else {
            found.push(rule::SUMMARY, format!("`groupings[{i}]` has no `id`"));
            continue;
        };
        if by_id.insert(id, entry).is_some() {
            found.push(rule::SUMMARY, format!("grouping `{id}` is listed twice in `groupings`"));
        }
        if !s.groupings.iter().any(|g| g.id == id) {
            found.push(rule::SUMMARY, format!("`groupings` lists `{id}`, which is no grouping of the scenario"));
        }
    }
    let mut bounds = Some(0.0);
    for g in &e.groupings {
        let Some(entry) = by_id.get(g.id.as_str()) else {
            found.push(rule::SUMMARY, format!("grouping `{}` is missing from `groupings`", g.id));
            bounds = None;
            continue;
        };
        let bound = grouping(g, entry, found);
        bounds = bounds.zip(bound).map(|(a, b)| a + b);
    }
    bounds
}

fn grouping(g: &GroupingFigures, json: &Value, found: &mut Found) -> Option<f64> {
    let mut f = Fields { json, prefix: format!("groupings[{}].", g.id), found };
    f.equals_because("objective", g.objective, breakdown(&g.terms));
    let bound = f.bound_and_gap(g.objective);
    f.equals("shortfall", g.shortfall as f64);
    f.equals("unit_shortfall", g.unit_shortfall as f64);
    f.equals("lending_person_days", g.lending_person_days as f64);
    f.stats("duty_points", &g.duty_points);
    bound
}
