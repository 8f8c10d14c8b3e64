//! A Curtois & Qu instance written as a contract scenario, so that the contract objective
//! of any rota equals the benchmark penalty of the same roster.
//!
//! The translation, rule by rule (benchmark README → contract section 2):
//! - day d is `start + d`, start a Monday (2024-01-01); no calendar, so Saturday and
//!   Sunday are the weekend days, the benchmark's days 7w+5 and 7w+6;
//! - `office = false`: a day without a shift is off; shifts have `minutes` only, their
//!   CannotFollow lists become `not_followed_by` (H2);
//! - one unit `ward`, a grouping of its own, `min_staff = 0`; every employee is a
//!   `[[staff]]` of it with their own rules: `max_shifts` naming every shift (H3; 0 =
//!   never), `min_minutes`/`max_minutes` (H4), the consecutive rules (H5–H7, the
//!   contract's border rules are the benchmark's), `max_weekends` (H8), `leave` = days
//!   off (H9: leave is no assignment at all);
//! - one requirement per (day, shift), from its cover line: `count` = Requirement,
//!   `under_weight`/`over_weight` = its weights (a (day, shift) without a cover line
//!   gets count 0 at no cost, so every shift held fills a requirement); lines alike in
//!   (shift, count, weights) share one `[[requirement]]`;
//! - shift-on/off requests → `prefer_on`/`prefer_off` with their weights;
//! - `[weights]`: preference 1, fairness, lending and compensatory rest 0.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use chrono::{Days, NaiveDate};

use super::curtois::{Employee, Instance, Request};

/// The unit (and grouping) every imported employee belongs to.
pub const UNIT_ID: &str = "ward";

/// Day 0 of every imported instance: a Monday, like the benchmark's day 0.
pub fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date")
}

/// The date of benchmark day `d`.
pub fn date_of(day: usize) -> NaiveDate {
    start_date() + Days::new(day as u64)
}

/// Where the instance came from, for the header comment.
pub struct Source<'a> {
    /// The instance's name, e.g. `Instance1`.
    pub name: &'a str,
    /// The file name as read, e.g. `Instance1.txt`.
    pub file: &'a str,
    pub sha256: &'a str,
}

/// The whole scenario file.
pub fn scenario_toml(inst: &Instance, source: &Source) -> String {
    let mut out = String::new();
    header(&mut out, inst, source);
    scenario_table(&mut out, inst, source);
    rules_and_weights(&mut out);
    for (i, _) in inst.shifts.iter().enumerate() {
        shift_table(&mut out, inst, i);
    }
    let _ = writeln!(out, "[[unit]]\nid = {}\nmin_staff = 0\n", quote(UNIT_ID));
    for (e, _) in inst.staff.iter().enumerate() {
        staff_table(&mut out, inst, e);
    }
    for group in cover_groups(inst) {
        requirement_table(&mut out, inst, &group);
    }
    out
}

fn header(out: &mut String, inst: &Instance, source: &Source) {
    let requests = inst.shift_on_requests.len() + inst.shift_off_requests.len();
    let _ = writeln!(
        out,
        "# Curtois & Qu benchmark instance {} (file {}), imported by `rota import curtois`.",
        source.name, source.file
    );
    let _ = writeln!(out, "# Source sha-256: {}", source.sha256);
    let _ = writeln!(
        out,
        "# {} days, {} staff, {} shift types, {} requests, {} cover lines.",
        inst.horizon,
        inst.staff.len(),
        inst.shifts.len(),
        requests,
        inst.cover.len()
    );
    let _ =
        writeln!(out, "# Benchmark day d is start + d (day 0 = {}, a Monday). The contract objective of", start_date());
    let _ = writeln!(out, "# any rota of this scenario is the benchmark penalty of the same roster.\n");
}

fn scenario_table(out: &mut String, inst: &Instance, source: &Source) {
    let end = date_of(inst.horizon - 1);
    let name = format!("Curtois & Qu {}", source.name);
    let _ = writeln!(out, "[scenario]\nname = {}", quote(&name));
    let _ = writeln!(out, "start = \"{}\"\nend = \"{end}\"", start_date());
    let _ = writeln!(out, "calendars = []\noffice = false\ntime_limit_s = 60\n");
}

/// Shifts have no clock times, so rest hours and recovery days do not apply; only the
/// cover and the requests are priced.
fn rules_and_weights(out: &mut String) {
    let _ = writeln!(out, "[rules]\nmin_rest_hours = 0\nrecovery_after_night = false\n");
    let _ = writeln!(out, "[weights]\nshortfall = 100\nfairness = 0\nlending = 0\ncomp_owed = 0\npreference = 1\n");
}

fn shift_table(out: &mut String, inst: &Instance, i: usize) {
    let s = &inst.shifts[i];
    let next: Vec<String> = s.cannot_follow.iter().map(|&t| quote(&inst.shifts[t].id)).collect();
    let _ = writeln!(out, "[[shift]]\nid = {}\nminutes = {}", quote(&s.id), s.minutes);
    let _ = writeln!(out, "not_followed_by = [{}]\n", next.join(", "));
}

fn staff_table(out: &mut String, inst: &Instance, e: usize) {
    let p: &Employee = &inst.staff[e];
    let limits: Vec<String> =
        inst.shifts.iter().zip(&p.max_shifts).map(|(s, n)| format!("{} = {n}", key(&s.id))).collect();
    let _ = writeln!(out, "[[staff]]\nid = {}\nunit = {}", quote(&p.id), quote(UNIT_ID));
    let _ = writeln!(out, "max_shifts = {{ {} }}", limits.join(", "));
    let _ = writeln!(out, "max_minutes = {}\nmin_minutes = {}", p.max_total_minutes, p.min_total_minutes);
    let _ = writeln!(out, "max_consecutive_work_days = {}", p.max_consecutive_shifts);
    let _ = writeln!(out, "min_consecutive_work_days = {}", p.min_consecutive_shifts);
    let _ = writeln!(out, "min_consecutive_off_days = {}", p.min_consecutive_days_off);
    let _ = writeln!(out, "max_weekends = {}", p.max_weekends);
    if !p.days_off.is_empty() {
        let _ = writeln!(out, "leave = {}", day_list(&p.days_off));
    }
    preference_list(out, inst, "prefer_on", inst.shift_on_requests.iter().filter(|q| q.employee == e));
    preference_list(out, inst, "prefer_off", inst.shift_off_requests.iter().filter(|q| q.employee == e));
    out.push('\n');
}

/// The requests, in the order of the file; a run of requests for the same shift at the
/// same weight on consecutive days is written as one range (each day of a range is its
/// own preference, so the meaning is the same).
fn preference_list<'a>(out: &mut String, inst: &Instance, key: &str, requests: impl Iterator<Item = &'a Request>) {
    let mut runs: Vec<(usize, usize, usize, u32)> = Vec::new(); // (first day, last day, shift, weight)
    for q in requests {
        match runs.last_mut() {
            Some((_, last, shift, weight)) if *shift == q.shift && *weight == q.weight && *last + 1 == q.day => {
                *last = q.day
            }
            _ => runs.push((q.day, q.day, q.shift, q.weight)),
        }
    }
    let items: Vec<String> = runs
        .iter()
        .map(|&(a, b, shift, weight)| {
            let shift = quote(&inst.shifts[shift].id);
            format!("  {{ date = {}, shift = {shift}, weight = {weight} }},", date_or_range(a, b))
        })
        .collect();
    if !items.is_empty() {
        let _ = writeln!(out, "{key} = [\n{}\n]", items.join("\n"));
    }
}

/// Day `a`, or days `a` to `b`, as a quoted date or range.
fn date_or_range(a: usize, b: usize) -> String {
    if a == b {
        format!("\"{}\"", date_of(a))
    } else {
        format!("\"{}..{}\"", date_of(a), date_of(b))
    }
}

/// Cover lines alike in shift, count and weights, with the days they cover.
#[derive(Debug, PartialEq)]
pub struct CoverGroup {
    pub id: String,
    pub shift: usize,
    pub count: u32,
    pub under_weight: u32,
    pub over_weight: u32,
    pub days: BTreeSet<usize>,
}

/// Groups the cover lines by (shift, count, weights); a (day, shift) without a line
/// gets count 0 with both weights 0 (the benchmark prices nothing there). Ids are
/// `<shift>_<count>`, with the weights added when one shift has the same count at
/// different weights.
pub fn cover_groups(inst: &Instance) -> Vec<CoverGroup> {
    let mut groups: BTreeMap<(usize, u32, u32, u32), BTreeSet<usize>> = BTreeMap::new();
    let mut covered = BTreeSet::new();
    for c in &inst.cover {
        groups.entry((c.shift, c.requirement, c.weight_under, c.weight_over)).or_default().insert(c.day);
        covered.insert((c.day, c.shift));
    }
    for day in 0..inst.horizon {
        for shift in (0..inst.shifts.len()).filter(|&s| !covered.contains(&(day, s))) {
            groups.entry((shift, 0, 0, 0)).or_default().insert(day);
        }
    }
    let mut per_count: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    for &(s, n, _, _) in groups.keys() {
        *per_count.entry((s, n)).or_default() += 1;
    }
    let mut used = BTreeSet::new();
    groups
        .into_iter()
        .map(|((shift, count, under_weight, over_weight), days)| {
            let base = format!("{}_{count}", inst.shifts[shift].id);
            let base =
                if per_count[&(shift, count)] > 1 { format!("{base}_u{under_weight}_o{over_weight}") } else { base };
            let id = unique_id(&mut used, base);
            CoverGroup { id, shift, count, under_weight, over_weight, days }
        })
        .collect()
}

/// `base`, or `base_2`, `base_3`, … when already taken.
fn unique_id(used: &mut BTreeSet<String>, base: String) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

fn requirement_table(out: &mut String, inst: &Instance, g: &CoverGroup) {
    let _ = writeln!(out, "[[requirement]]\nid = {}\nowner = {}", quote(&g.id), quote(UNIT_ID));
    let _ = writeln!(out, "shift = {}\ncount = {}", quote(&inst.shifts[g.shift].id), g.count);
    let _ = writeln!(out, "under_weight = {}\nover_weight = {}", g.under_weight, g.over_weight);
    let _ = writeln!(out, "on = {}\n", day_list(&g.days));
}

/// Days as a TOML array of dates, runs of consecutive days as ranges, several to a line.
fn day_list(days: &BTreeSet<usize>) -> String {
    let items: Vec<String> = runs(days).into_iter().map(|(a, b)| date_or_range(a, b)).collect();
    if items.len() <= 4 {
        return format!("[{}]", items.join(", "));
    }
    let lines: Vec<String> = items.chunks(4).map(|c| format!("  {},", c.join(", "))).collect();
    format!("[\n{}\n]", lines.join("\n"))
}

/// Maximal runs of consecutive days, as (first, last).
fn runs(days: &BTreeSet<usize>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &d in days {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == d => *last = d,
            _ => out.push((d, d)),
        }
    }
    out
}

/// A TOML basic string.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML key: bare when it can be, else quoted.
fn key(s: &str) -> String {
    let bare = !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        s.to_string()
    } else {
        quote(s)
    }
}
