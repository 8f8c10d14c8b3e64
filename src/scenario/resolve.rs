//! Turns the raw scenario into a [`Scenario`]: resolves every id, expands day sets,
//! applies rule overrides, and reports dangling references, duplicates and the
//! warnings a planner should see before solving.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::NaiveDate;

use super::raw::*;
use super::toml_walk::{closest, Sp};
use crate::calendar::{self, Calendar};
use crate::diag::{Diagnostics, Problem, SourceFile};
use crate::domain::*;

const OUTSIDE_HELP: &str = "only days from `start` to `end` are planned; check the year, or remove the date";

/// Most days one scenario may plan.
pub const MAX_HORIZON_DAYS: i64 = 366;

pub struct Resolver<'d> {
    pub sources: Vec<SourceFile>,
    pub diags: &'d mut Diagnostics,
    /// Every calendar file named could be read (when not, a year that seems uncovered
    /// may well be covered by the broken file: no warning about it).
    pub calendars_read: bool,
}

impl Resolver<'_> {
    fn error(
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

    fn warning(
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

    /// Reports ids used twice among `items`; keeps the first of each.
    fn unique<T>(&mut self, kind: &str, items: Vec<T>, id: impl Fn(&T) -> (FileIx, &Sp<String>)) -> Vec<T> {
        let mut seen: BTreeMap<String, ()> = BTreeMap::new();
        let mut kept = Vec::new();
        for item in items {
            let (file, sp) = id(&item);
            if seen.insert(sp.value.clone(), ()).is_some() {
                let (span, value) = (sp.span.clone(), sp.value.clone());
                self.error(
                    file,
                    "duplicate_id",
                    span,
                    format!("{kind} id `{value}` is used twice"),
                    "second use",
                    format!("give every {kind} its own id"),
                );
            } else {
                kept.push(item);
            }
        }
        kept
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

/// The ids a reference may name, each with its index in the resolved lists.
struct Ids {
    shifts: BTreeMap<String, usize>,
    units: BTreeMap<String, usize>,
    /// Every grouping: the written ones and each unit on its own, sorted by id.
    groupings: BTreeMap<String, usize>,
    /// The groupings written as [[grouping]].
    written: BTreeSet<String>,
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

/// People a unit needs on each day: `min_staff` on working days, replaced by
/// `min_staff_on` where given; nobody on rest days (an entry there is ignored).
fn unit_minimums(r: &mut Resolver, u: &RawUnit, days: &[Day]) -> Vec<u32> {
    let mut min_staff: Vec<u32> = days.iter().map(|d| if d.is_working() { u.min_staff } else { 0 }).collect();
    for (date, n) in &u.min_staff_on {
        match day_of(days, date.value) {
            Some(i) if days[i].is_working() => min_staff[i] = *n,
            Some(_) => r.warning(
                0,
                "min_staff_on_rest_day",
                date.span.clone(),
                format!("{} is a rest day: its `min_staff_on` entry for unit `{}` is ignored", date.value, u.id.value),
                "a rest day",
                "units are staffed on working days only; remove the entry or correct the date",
            ),
            None if !days.is_empty() => r.warning(
                0,
                "outside_horizon",
                date.span.clone(),
                format!("{} is outside the horizon: its `min_staff_on` entry for unit `{}` is ignored", date.value, u.id.value),
                "outside the horizon",
                OUTSIDE_HELP,
            ),
            None => {}
        }
    }
    min_staff
}

/// Every grouping with its units; a written grouping's lead must be one of them.
fn resolve_groupings(
    r: &mut Resolver,
    written: &[RawGrouping],
    units_raw: &[RawUnit],
    units: &[Unit],
    ids: &Ids,
) -> Vec<Grouping> {
    let mut groupings = Vec::new();
    for (id, &gi) in &ids.groupings {
        let members: Vec<usize> = (0..units.len()).filter(|&u| units[u].grouping == gi).collect();
        let grouping = match written.iter().find(|g| &g.id.value == id) {
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
                    format!("set `grouping = \"{id}\"` on unit `{}`, or choose a lead among the grouping's units", l.value),
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

/// A person: home unit, leave days, rules (defaults with their overrides), preferences.
/// Everything is checked even when the unit is unknown, so that all problems show.
fn resolve_person(r: &mut Resolver, s: &RawStaff, days: &[Day], defaults: &Rules, ids: &Ids) -> Option<Person> {
    let unit = ids.units.get(&s.unit.value).copied();
    if unit.is_none() {
        dangling(r, s.file, &s.unit, "unit", "`unit` of a staff member", ids.units.keys(), "");
    }
    let mut leave = vec![false; days.len()];
    for l in &s.leave {
        mark(r, s.file, days, l, &mut leave, "leave");
    }
    let rules = merge_rules(r, s.file, defaults.clone(), &s.rules, &ids.shifts);
    let prefer_off = preferences(r, s.file, days, &s.prefer_off, &ids.shifts, "prefer_off");
    let prefer_on = preferences(r, s.file, days, &s.prefer_on, &ids.shifts, "prefer_on");
    Some(Person {
        id: s.id.value.clone(),
        name: s.name.clone().unwrap_or_else(|| s.id.value.clone()),
        unit: unit?,
        roles: s.roles.iter().cloned().collect(),
        leave,
        rules,
        comp_carry_in: s.comp_carry_in,
        points_carry_in: s.points_carry_in,
        prefer_off,
        prefer_on,
    })
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

fn horizon(r: &mut Resolver, raw: &RawScenario, calendars: &[Calendar]) -> Vec<Day> {
    let (Some(start), Some(end)) = (&raw.start, &raw.end) else { return Vec::new() };
    if end.value < start.value {
        r.error(
            0,
            "bad_horizon",
            end.span.clone(),
            format!("the horizon ends ({}) before it starts ({})", end.value, start.value),
            "before `start`",
            "make `end` the last day planned, on or after `start`",
        );
        return Vec::new();
    }
    let length = (end.value - start.value).num_days() + 1;
    if length > MAX_HORIZON_DAYS {
        r.error(
            0,
            "bad_horizon",
            end.span.clone(),
            format!("the horizon is {length} days long; at most {MAX_HORIZON_DAYS} are planned at once"),
            "too far",
            "plan at most a year at a time (a quarter is usual)",
        );
        return Vec::new();
    }
    calendar::horizon(start.value, end.value, calendars)
}

fn day_of(days: &[Day], date: NaiveDate) -> Option<usize> {
    let first = days.first()?.date;
    let i = (date - first).num_days();
    (0..days.len() as i64).contains(&i).then_some(i as usize)
}

/// Sets the flags of the days in `range` that lie in the horizon; warns when some do not.
fn mark(
    r: &mut Resolver,
    file: FileIx,
    days: &[Day],
    range: &Sp<(NaiveDate, NaiveDate)>,
    flags: &mut [bool],
    what: &str,
) {
    let (a, b) = range.value;
    let mut inside = 0;
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let (from, to) = (a.max(first.date), b.min(last.date));
        if let (Some(i), Some(j)) = (day_of(days, from), day_of(days, to)) {
            if i <= j {
                flags[i..=j].iter_mut().for_each(|f| *f = true);
                inside = j - i + 1;
            }
        }
    }
    let outside = (b - a).num_days() + 1 - inside as i64;
    if outside > 0 && !days.is_empty() {
        r.warning(
            file,
            "outside_horizon",
            range.span.clone(),
            format!("{outside} day(s) of this {what} lie outside the horizon and are ignored"),
            "outside the horizon",
            OUTSIDE_HELP,
        );
    }
}

fn apply_spec(r: &mut Resolver, days: &[Day], spec: &DaySpec, flags: &mut [bool], value: bool) {
    match spec {
        DaySpec::Keyword(k) => {
            for (i, d) in days.iter().enumerate() {
                let hit = match k.value.as_str() {
                    "every_day" => true,
                    "working_days" => d.is_working(),
                    "rest_days" => d.is_rest(),
                    "weekend_days" => d.kind == DayKind::Weekend,
                    "holidays" => d.kind == DayKind::Holiday,
                    day => d.weekday().to_string().to_ascii_lowercase().starts_with(day),
                };
                if hit {
                    flags[i] = value;
                }
            }
        }
        DaySpec::Dates(range) => {
            let mut set = vec![false; flags.len()];
            mark(r, 0, days, range, &mut set, "day set");
            for (f, s) in flags.iter_mut().zip(set) {
                if s {
                    *f = value;
                }
            }
        }
    }
}

/// Overrides `base` with the values written in `raw`.
fn merge_rules(
    r: &mut Resolver,
    file: FileIx,
    mut base: Rules,
    raw: &RawRules,
    shift_ix: &BTreeMap<String, usize>,
) -> Rules {
    let v = |x: &Option<Sp<u32>>| x.as_ref().map(|s| s.value);
    if let Some(x) = v(&raw.max_consecutive_work_days) {
        base.max_consecutive_work_days = Some(x)
    }
    if let Some(x) = v(&raw.min_consecutive_work_days) {
        base.min_consecutive_work_days = x
    }
    if let Some(x) = v(&raw.min_consecutive_off_days) {
        base.min_consecutive_off_days = x
    }
    if let Some(x) = v(&raw.max_weekends) {
        base.max_weekends = Some(x)
    }
    if let Some(x) = &raw.min_rest_hours {
        base.min_rest_hours = x.value
    }
    if let Some(x) = v(&raw.max_duties) {
        base.max_duties = Some(x)
    }
    if let Some(x) = v(&raw.max_duties_per_month) {
        base.max_duties_per_month = Some(x)
    }
    if let Some(x) = v(&raw.min_days_between_duties) {
        base.min_days_between_duties = x
    }
    if let Some(x) = v(&raw.min_minutes) {
        base.min_minutes = Some(x)
    }
    if let Some(x) = v(&raw.max_minutes) {
        base.max_minutes = Some(x)
    }
    if let Some(x) = &raw.comp_per_restday_shift {
        base.comp_per_restday_shift = x.value
    }
    if let Some(x) = &raw.recovery_after_night {
        base.recovery_after_night = x.value
    }
    if let Some(limits) = &raw.max_shifts {
        // A person's table replaces the default table whole.
        base.max_shifts = vec![None; shift_ix.len()];
        for (key, n) in limits {
            match shift_ix.get(&key.value) {
                Some(&i) => base.max_shifts[i] = Some(*n),
                None => dangling(r, file, key, "shift", "`max_shifts`", shift_ix.keys(), ""),
            }
        }
    }
    base
}

fn preferences(
    r: &mut Resolver,
    file: FileIx,
    days: &[Day],
    prefs: &[RawPreference],
    shift_ix: &BTreeMap<String, usize>,
    key: &str,
) -> Vec<Preference> {
    let mut out = Vec::new();
    for p in prefs {
        let shift = match &p.shift {
            Some(s) => match shift_ix.get(&s.value) {
                Some(&i) => Some(i),
                None => {
                    dangling(r, file, s, "shift", &format!("`shift` of an item of `{key}`"), shift_ix.keys(), "");
                    continue;
                }
            },
            None => None,
        };
        let mut flags = vec![false; days.len()];
        mark(r, file, days, &p.dates, &mut flags, &format!("`{key}` item"));
        out.extend(flags.iter().enumerate().filter(|(_, f)| **f).map(|(day, _)| Preference {
            day,
            shift,
            weight: p.weight,
        }));
    }
    out
}

/// Reports a reference to an id that does not exist, naming what does.
fn dangling<'a>(
    r: &mut Resolver,
    file: FileIx,
    sp: &Sp<String>,
    kind: &str,
    what: &str,
    known: impl Iterator<Item = &'a (impl AsRef<str> + 'a + ?Sized)>,
    extra: &str,
) {
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

/// Warnings that do not stop a solve but that a planner should read.
fn warn_about(
    r: &mut Resolver,
    s: &Scenario,
    reqs: &[RawRequirement],
    units_raw: &[RawUnit],
    staff_raw: &[RawStaff],
    calendars: &[Calendar],
    default_limit: Option<&Sp<u32>>,
) {
    warn_calendars(r, s, calendars);
    warn_requirements(r, s, reqs);
    if s.office {
        warn_units(r, s, units_raw);
        warn_work_day_limits(r, s, staff_raw, default_limit);
    }
}

/// A year of the horizon that no calendar describes has only weekends as rest days;
/// a provisional calendar is an estimate, not the official arrangement.
fn warn_calendars(r: &mut Resolver, s: &Scenario, calendars: &[Calendar]) {
    let scen = r.sources[0].name.clone();
    let uncovered = if r.calendars_read { calendar::uncovered_years(&s.days, calendars) } else { Vec::new() };
    for year in uncovered {
        r.diags.push(
            Problem::warning(
                "year_without_calendar",
                &scen,
                format!("no calendar describes {year}: only weekends are rest days that year"),
            )
            .help("add a calendar for that year to `calendars` in [scenario] (the built-in \"cn\" covers 2025 to 2027)"),
        );
    }
    for c in s.calendars.iter().filter(|c| c.provisional) {
        let years: Vec<String> = c.years.iter().map(|y| y.to_string()).collect();
        r.diags.push(
            Problem::warning(
                "provisional_calendar",
                &c.source,
                format!(
                    "calendar `{}` ({}) is provisional: the official arrangement is not yet published",
                    c.name,
                    years.join(", ")
                ),
            )
            .help("plans made with it may change; replace it with the published arrangement when it comes out"),
        );
    }
}

/// A requirement that applies on no day, or that nobody in its owner's pool can fill,
/// will be short every day it applies.
fn warn_requirements(r: &mut Resolver, s: &Scenario, reqs: &[RawRequirement]) {
    for (qi, req) in s.requirements.iter().enumerate() {
        let Some(raw) = reqs.iter().find(|q| q.id.value == req.id) else { continue };
        if !req.days.iter().any(|d| *d) {
            r.warning(
                0,
                "requirement_never_applies",
                raw.place.clone(),
                format!("requirement `{}` applies on no day of the horizon", req.id),
                "never applies",
                "check `on` and `except` against the horizon and its calendar",
            );
            continue;
        }
        let anyone = (0..s.staff.len())
            .any(|p| s.qualifies(p, qi) && req.days.iter().zip(&s.staff[p].leave).any(|(on, leave)| *on && !leave));
        if !anyone {
            let roles = if req.roles.is_empty() {
                "any".to_string()
            } else {
                req.roles.iter().cloned().collect::<Vec<_>>().join(", ")
            };
            r.warning(
                0,
                "nobody_qualifies",
                raw.place.clone(),
                format!(
                    "nobody in the pool of `{}` qualifies for requirement `{}` (roles: {roles}): it will be short every day",
                    owner_id(s, req.owner),
                    req.id
                ),
                "nobody qualifies",
                "give someone of the owner's units one of these roles, or change `roles` or `owner`",
            );
        }
    }
}

/// A unit whose own staff are fewer than its minimum can only be staffed by lending.
fn warn_units(r: &mut Resolver, s: &Scenario, units_raw: &[RawUnit]) {
    for (ui, (u, raw)) in s.units.iter().zip(units_raw).enumerate() {
        let home = s.staff.iter().filter(|p| p.unit == ui).count() as u32;
        let most = u.min_staff.iter().copied().max().unwrap_or(0);
        if most > home {
            r.warning(
                0,
                "unit_below_minimum",
                raw.id.span.clone(),
                format!("unit `{}` has {home} staff but needs {most} at its office on some working days", u.id),
                "fewer staff than its minimum",
                "only staff lent from its grouping can fill the gap: lower `min_staff`, add staff, or check `lending`",
            );
        }
    }
}

/// A `max_consecutive_work_days` shorter than the calendar's longest run of working
/// days is no error, but rests (costing compensatory rest) must break such runs.
fn warn_work_day_limits(r: &mut Resolver, s: &Scenario, staff_raw: &[RawStaff], default_limit: Option<&Sp<u32>>) {
    let longest = calendar::longest_working_run(&s.days) as u32;
    let message = |limit: u32, whose: &str| {
        format!(
            "max_consecutive_work_days {limit} {whose} is shorter than the calendar's longest run of {longest} working days: rests (costing compensatory rest) must break such runs"
        )
    };
    let help = format!("raise it to {longest} or more, or keep it and expect rests that cost compensatory rest");
    if let Some(limit) = default_limit.filter(|l| l.value < longest) {
        let text = message(limit.value, "in [rules]");
        r.warning(0, "limit_below_working_run", limit.span.clone(), text, "shorter than a working run", &help);
    }
    for p in staff_raw {
        if let Some(limit) = p.rules.max_consecutive_work_days.as_ref().filter(|l| l.value < longest) {
            let text = message(limit.value, &format!("for `{}`", p.id.value));
            r.warning(p.file, "limit_below_working_run", limit.span.clone(), text, "shorter than a working run", &help);
        }
    }
}

pub fn owner_id(s: &Scenario, owner: Owner) -> &str {
    match owner {
        Owner::Grouping(g) => &s.groupings[g].id,
        Owner::Unit(u) => &s.units[u].id,
    }
}
