//! People: home unit, leave, rules (the defaults with a person's overrides) and
//! preferences.

use std::collections::BTreeMap;

use super::days::mark;
use super::raw::{FileIx, RawPreference, RawRules, RawStaff};
use super::resolve::{dangling, Ids, Resolver};
use super::toml_walk::Sp;
use crate::domain::{Day, Person, Preference, Rules};

/// A person: home unit, leave days, rules (defaults with their overrides), preferences.
/// Everything is checked even when the unit is unknown, so that all problems show.
pub(super) fn resolve_person(
    r: &mut Resolver,
    s: &RawStaff,
    days: &[Day],
    defaults: &Rules,
    ids: &Ids,
) -> Option<Person> {
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

/// Overrides `base` with the values written in `raw`.
pub(super) fn merge_rules(
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

pub(super) fn preferences(
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
