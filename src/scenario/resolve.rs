//! Turns the raw scenario into a [`Scenario`]: resolves every id, expands day sets,
//! applies rule overrides, and reports dangling references, duplicates and the
//! warnings a planner should see before solving.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::days::{apply_spec, horizon, unit_minimums};
use super::person::{merge_rules, resolve_person};
use super::raw::*;
use super::toml_walk::{closest, Sp};
use super::warn::warn_about;
use crate::calendar::Calendar;
use crate::diag::{Diagnostics, Problem, Severity, SourceFile};
use crate::domain::*;

pub struct Resolver<'d> {
    pub sources: Vec<SourceFile>,
    pub diags: &'d mut Diagnostics,
    /// Every calendar file named could be read (when not, a year that seems uncovered
    /// may well be covered by the broken file: no warning about it).
    pub calendars_read: bool,
}

impl Resolver<'_> {
    pub(super) fn error(
        &mut self,
        file: FileIx,
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
        label: &str,
        help: impl Into<String>,
    ) {
        let src = &self.sources[file];
        self.diags.push(Problem::error(code, src.name.clone(), message).at(src, span, label).help(help));
    }

    pub(super) fn warning(
        &mut self,
        file: FileIx,
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
        label: &str,
        help: impl Into<String>,
    ) {
        let src = &self.sources[file];
        self.diags.push(Problem::warning(code, src.name.clone(), message).at(src, span, label).help(help));
    }

    /// Reports ids used twice among `items` (sorted by id, so that the uses of one id
    /// are neighbours, each kind in file order); keeps the first of each.
    pub(super) fn unique<T>(&mut self, kind: &str, items: Vec<T>, id: impl Fn(&T) -> (FileIx, &Sp<String>)) -> Vec<T> {
        let mut kept: Vec<T> = Vec::new();
        for item in items {
            let (file, sp) = id(&item);
            let first = kept.last().map(&id).filter(|(_, first)| first.value == sp.value);
            let Some((first_file, first)) = first else {
                kept.push(item);
                continue;
            };
            let first_place = self.place(first_file, first.span.start);
            let (span, value) = (sp.span.clone(), sp.value.clone());
            self.error(
                file,
                "duplicate_id",
                span,
                format!("{kind} id `{value}` is used twice"),
                "second use",
                format!("give every {kind} its own id (the first `{value}` is at {first_place})"),
            );
        }
        kept
    }

    /// `file:line:col` of a byte offset in one of the sources.
    fn place(&self, file: FileIx, offset: usize) -> String {
        let src = &self.sources[file];
        let (line, col) = src.line_col(offset);
        format!("{}:{line}:{col}", src.name)
    }
}

/// Index of each id in a list sorted by id.
fn index<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

/// Resolves the scenario; returns None when errors were found (they are in `diags`).
pub fn resolve(
    r: &mut Resolver,
    mut raw: RawScenario,
    calendars: &[Calendar],
    calendar_texts: Vec<CalendarInfo>,
    sha: String,
    path: std::path::PathBuf,
) -> Option<Scenario> {
    let errors_before = r.diags.error_count();
    if too_many(r, &raw) {
        return None;
    }
    let days = horizon(r, &raw, calendars);

    raw.shifts.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let shifts_raw = r.unique("shift", std::mem::take(&mut raw.shifts), |s| (0, &s.id));
    let shift_ix = index(shifts_raw.iter().map(|s| s.id.value.as_str()));
    let shifts: Vec<Shift> = shifts_raw.iter().map(|s| resolve_shift(r, s, &shift_ix)).collect();

    raw.groupings.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    raw.units.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let groupings_raw = r.unique("grouping", std::mem::take(&mut raw.groupings), |g| (0, &g.id));
    let units_raw = r.unique("unit", std::mem::take(&mut raw.units), |u| (0, &u.id));
    let ids = Ids::new(r, &groupings_raw, &units_raw, shift_ix);
    let units: Vec<Unit> = units_raw.iter().map(|u| resolve_unit(r, u, &days, &ids)).collect();
    let groupings = resolve_groupings(r, &groupings_raw, &units_raw, &units, &ids);

    let default_rules = merge_rules(r, 0, Rules::defaults(shifts.len()), &raw.rules, &ids.shifts);
    let mut staff_raw = std::mem::take(&mut raw.staff);
    staff_raw.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let staff_raw = r.unique("staff", staff_raw, |s| (s.file, &s.id));
    let staff: Vec<Person> =
        staff_raw.iter().filter_map(|s| resolve_person(r, s, &days, &default_rules, &ids)).collect();

    let weights = weights(&raw.weights);
    raw.requirements.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let reqs_raw = r.unique("requirement", std::mem::take(&mut raw.requirements), |q| (0, &q.id));
    let requirements: Vec<Requirement> =
        reqs_raw.iter().filter_map(|q| resolve_requirement(r, q, &days, &ids, &weights)).collect();

    if r.diags.error_count() > errors_before || days.is_empty() {
        return None;
    }
    let scenario = Scenario {
        name: raw.name.as_ref().map(|n| n.value.clone()).unwrap_or_default(),
        path,
        input_sha256: sha,
        days,
        office: raw.office,
        office_hours: raw.office_hours.as_ref().map_or((510, 1050), |o| o.value),
        time_limit_s: raw.time_limit_s.unwrap_or(60.0),
        mip_gap: raw.mip_gap.unwrap_or(0.005),
        calendars: calendar_texts,
        default_rules,
        weights,
        shifts,
        groupings,
        units,
        staff,
        requirements,
    };
    let default_limit = raw.rules.max_consecutive_work_days.as_ref();
    warn_about(r, &scenario, &reqs_raw, &units_raw, &staff_raw, calendars, default_limit);
    Some(scenario)
}

/// Most items of one kind, most shift kinds, and most (shift kind, person) pairs in one
/// scenario: far above any district (hundreds of people, tens of shifts), low enough for
/// the plan to fit in memory.
const MOST_ITEMS: usize = 100_000;
const MOST_SHIFTS: usize = 1_000;
const MOST_SHIFT_PERSON_PAIRS: usize = 10_000_000;

/// A scenario too large to plan is refused before anything is built from it.
fn too_many(r: &mut Resolver, raw: &RawScenario) -> bool {
    let mut refused = false;
    let mut refuse = |r: &mut Resolver, file: FileIx, at: &Sp<String>, kind: &str, count: usize, most: usize| {
        r.error(
            file,
            "too_large",
            at.span.clone(),
            format!("the scenario has {count} {kind}; at most {most} can be planned at once"),
            "one too many",
            "a scenario is one district's quarter or year: split the input, or check that this is the right file",
        );
        refused = true;
    };
    let kinds = [
        ("shifts", raw.shifts.get(MOST_SHIFTS).map(|s| (0, &s.id)), raw.shifts.len(), MOST_SHIFTS),
        ("groupings", raw.groupings.get(MOST_ITEMS).map(|g| (0, &g.id)), raw.groupings.len(), MOST_ITEMS),
        ("units", raw.units.get(MOST_ITEMS).map(|u| (0, &u.id)), raw.units.len(), MOST_ITEMS),
        ("people", raw.staff.get(MOST_ITEMS).map(|p| (p.file, &p.id)), raw.staff.len(), MOST_ITEMS),
        ("requirements", raw.requirements.get(MOST_ITEMS).map(|q| (0, &q.id)), raw.requirements.len(), MOST_ITEMS),
    ];
    for (kind, first_extra, count, most) in kinds {
        if let Some((file, at)) = first_extra {
            refuse(r, file, at, kind, count, most);
        }
    }
    let pairs = raw.shifts.len().saturating_mul(raw.staff.len());
    if !refused && pairs > MOST_SHIFT_PERSON_PAIRS {
        let message = format!(
            "the scenario has {} shift kinds and {} people: {pairs} pairs, more than the {MOST_SHIFT_PERSON_PAIRS} that can be planned at once",
            raw.shifts.len(),
            raw.staff.len()
        );
        let file = r.sources[0].name.clone();
        r.diags.push(Problem::error("too_large", file, message).help(
            "a scenario is one district's quarter or year: split the input, or check that this is the right file",
        ));
        refused = true;
    }
    refused
}

/// The ids a reference may name, each with its index in the resolved lists.
pub(super) struct Ids {
    pub(super) shifts: BTreeMap<String, usize>,
    pub(super) units: BTreeMap<String, usize>,
    /// Every grouping: the written ones and each unit on its own, sorted by id.
    pub(super) groupings: BTreeMap<String, usize>,
    /// The groupings written as [[grouping]].
    pub(super) written: BTreeSet<String>,
}

impl Ids {
    /// Unit ids and grouping ids must differ: a unit without `grouping` is a grouping
    /// of its own, under its own id.
    fn new(r: &mut Resolver, groupings: &[RawGrouping], units: &[RawUnit], shifts: BTreeMap<String, usize>) -> Self {
        let written: BTreeSet<String> = groupings.iter().map(|g| g.id.value.clone()).collect();
        for u in units.iter().filter(|u| written.contains(&u.id.value)) {
            r.error(
                0,
                "duplicate_id",
                u.id.span.clone(),
                format!("unit id `{}` is also a grouping id", u.id.value),
                "also a grouping",
                "unit ids and grouping ids must differ: rename one of them",
            );
        }
        let on_their_own = units.iter().filter(|u| u.grouping.is_none()).map(|u| u.id.value.clone());
        let all: BTreeSet<String> = written.iter().cloned().chain(on_their_own).collect();
        Ids {
            shifts,
            units: index(units.iter().map(|u| u.id.value.as_str())),
            groupings: index(all.iter().map(String::as_str)),
            written,
        }
    }
}

/// A shift: its clock times, its length (`minutes`, else the span of its clock times,
/// through midnight when it ends at or before it starts), and the shifts it may not be
/// followed by (`"office"` meaning an office day).
fn resolve_shift(r: &mut Resolver, s: &RawShift, shift_ix: &BTreeMap<String, usize>) -> Shift {
    let clock = match (&s.start, &s.end) {
        (Some(a), Some(b)) => Some((a.value, b.value)),
        _ => None,
    };
    let span_minutes = clock.map(|(a, b)| if b <= a { b + 1440 - a } else { b - a });
    let mut not_followed_by = Vec::new();
    let mut office = false;
    for n in &s.not_followed_by {
        if n.value == "office" {
            office = true;
        } else if let Some(&i) = shift_ix.get(&n.value) {
            not_followed_by.push(i);
        } else {
            dangling(r, 0, n, "shift", "`not_followed_by`", shift_ix.keys(), "or \"office\"");
        }
    }
    Shift {
        id: s.id.value.clone(),
        name: s.name.clone().unwrap_or_else(|| s.id.value.clone()),
        clock,
        minutes: s.minutes.as_ref().map(|m| m.value).or(span_minutes).unwrap_or(0),
        not_followed_by,
        not_followed_by_office: office,
    }
}

/// A unit: in the grouping it names, or in its own; its minimum per day.
fn resolve_unit(r: &mut Resolver, u: &RawUnit, days: &[Day], ids: &Ids) -> Unit {
    let grouping = match &u.grouping {
        None => ids.groupings.get(&u.id.value).copied().unwrap_or(0),
        Some(g) => match ids.groupings.get(&g.value).filter(|_| ids.written.contains(&g.value)) {
            Some(&i) => i,
            None => {
                dangling(r, 0, g, "grouping", "`grouping` of a [[unit]]", ids.written.iter(), "");
                0
            }
        },
    };
    Unit {
        id: u.id.value.clone(),
        name: u.name.clone().unwrap_or_else(|| u.id.value.clone()),
        grouping,
        min_staff: unit_minimums(r, u, days),
        max_resting: u.max_resting,
    }
}

/// Every grouping with its units; a written grouping's lead must be one of them.
fn resolve_groupings(
    r: &mut Resolver,
    written: &[RawGrouping],
    units_raw: &[RawUnit],
    units: &[Unit],
    ids: &Ids,
) -> Vec<Grouping> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); ids.groupings.len()];
    for (u, unit) in units.iter().enumerate() {
        if let Some(m) = members.get_mut(unit.grouping) {
            m.push(u);
        }
    }
    let written_ix: BTreeMap<&str, &RawGrouping> = written.iter().map(|g| (g.id.value.as_str(), g)).collect();
    let mut groupings = Vec::new();
    for (id, &gi) in &ids.groupings {
        let members = std::mem::take(&mut members[gi]);
        let grouping = match written_ix.get(id.as_str()) {
            Some(g) => written_grouping(r, g, members, ids),
            None => {
                let lead = ids.units.get(id).copied().unwrap_or(0);
                let name = units_raw.get(lead).and_then(|u| u.name.clone()).unwrap_or_else(|| id.clone());
                Grouping { id: id.clone(), name, lead, lending: false, units: members, implicit: true }
            }
        };
        groupings.push(grouping);
    }
    groupings
}

fn written_grouping(r: &mut Resolver, g: &RawGrouping, members: Vec<usize>, ids: &Ids) -> Grouping {
    let id = &g.id.value;
    let lead = match &g.lead {
        Some(l) => match ids.units.get(&l.value) {
            Some(&u) if members.contains(&u) => u,
            Some(_) => {
                r.error(
                    0,
                    "lead_not_in_grouping",
                    l.span.clone(),
                    format!("lead unit `{}` of grouping `{id}` is not one of its units", l.value),
                    "not in this grouping",
                    format!(
                        "set `grouping = \"{id}\"` on unit `{}`, or choose a lead among the grouping's units",
                        l.value
                    ),
                );
                0
            }
            None => {
                dangling(r, 0, l, "unit", "`lead` of a [[grouping]]", ids.units.keys(), "");
                0
            }
        },
        None => 0,
    };
    if members.is_empty() {
        r.warning(
            0,
            "empty_grouping",
            g.place.clone(),
            format!("grouping `{id}` has no units"),
            "no unit names it",
            format!("set `grouping = \"{id}\"` on its units, or remove the grouping"),
        );
    }
    let name = g.name.clone().unwrap_or_else(|| id.clone());
    Grouping { id: id.clone(), name, lead, lending: g.lending, units: members, implicit: false }
}

/// The objective's weights, defaults where not written.
fn weights(raw: &RawWeights) -> Weights {
    let d = Weights::default();
    Weights {
        shortfall: raw.shortfall.unwrap_or(d.shortfall),
        fairness: raw.fairness.unwrap_or(d.fairness),
        lending: raw.lending.unwrap_or(d.lending),
        comp_owed: raw.comp_owed.unwrap_or(d.comp_owed),
        preference: raw.preference.unwrap_or(d.preference),
    }
}

/// A requirement: its owner (a written grouping, else a unit), its shift, and the days
/// it applies (`on` minus `except`).
fn resolve_requirement(
    r: &mut Resolver,
    q: &RawRequirement,
    days: &[Day],
    ids: &Ids,
    weights: &Weights,
) -> Option<Requirement> {
    let owner = q.owner.as_ref().and_then(|o| {
        if ids.written.contains(&o.value) {
            ids.groupings.get(&o.value).map(|&g| Owner::Grouping(g))
        } else if let Some(&u) = ids.units.get(&o.value) {
            Some(Owner::Unit(u))
        } else {
            let known: Vec<&String> = ids.written.iter().chain(ids.units.keys()).collect();
            dangling(r, 0, o, "grouping or unit", "`owner` of a [[requirement]]", known.into_iter(), "");
            None
        }
    });
    let shift = q.shift.as_ref().and_then(|s| {
        let found = ids.shifts.get(&s.value).copied();
        if found.is_none() {
            dangling(r, 0, s, "shift", "`shift` of a [[requirement]]", ids.shifts.keys(), "");
        }
        found
    });
    let mut on = vec![false; days.len()];
    for spec in &q.on {
        apply_spec(r, days, spec, &mut on, true);
    }
    for spec in &q.except {
        apply_spec(r, days, spec, &mut on, false);
    }
    Some(Requirement {
        id: q.id.value.clone(),
        name: q.name.clone().unwrap_or_else(|| q.id.value.clone()),
        owner: owner?,
        shift: shift?,
        days: on,
        count: q.count.as_ref()?.value,
        roles: q.roles.iter().cloned().collect(),
        points: q.points,
        under_weight: q.under_weight.unwrap_or(weights.shortfall),
        over_weight: q.over_weight,
    })
}

/// Reports a reference to an id that does not exist, naming what does.
pub(super) fn dangling<'a>(
    r: &mut Resolver,
    file: FileIx,
    sp: &Sp<String>,
    kind: &str,
    what: &str,
    known: impl Iterator<Item = &'a (impl AsRef<str> + 'a + ?Sized)>,
    extra: &str,
) {
    if r.diags.is_full(Severity::Error) {
        // Only counted: spare the search for a near id.
        r.diags.push(Problem::error("dangling_reference", "", ""));
        return;
    }
    let known: Vec<&str> = known.map(|k| k.as_ref()).collect();
    let near = match closest(&sp.value, &known) {
        Some(near) => format!("did you mean `{near}`? "),
        None => String::new(),
    };
    let list = if known.is_empty() {
        format!("there is no {kind} yet")
    } else if known.len() > 12 {
        format!("known: {}, … ({} in all)", known[..12].join(", "), known.len())
    } else {
        format!("known: {}", known.join(", "))
    };
    let extra = if extra.is_empty() { String::new() } else { format!(" {extra}") };
    r.error(
        file,
        "dangling_reference",
        sp.span.clone(),
        format!("{what} names {kind} `{}`, which does not exist", sp.value),
        &format!("no such {kind}"),
        format!("{near}use an existing {kind} id{extra} ({list}); ids are case-sensitive"),
    );
}
