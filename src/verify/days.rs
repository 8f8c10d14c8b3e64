//! Rules about single days and day pairs: leave, legal statuses, requirements filled,
//! lending, recovery after a night, `not_followed_by`, the staggered-rest cap.

use std::collections::BTreeMap;

use super::facts::{date, is_night, overlaps_office, qualifies};
use super::rule;
use super::table::{Cell, Ref, RotaTable, Status};
use super::Found;
use crate::domain::Scenario;

/// Every (person, day, cell) that has a row.
fn cells<'t>(s: &Scenario, t: &'t RotaTable) -> impl Iterator<Item = (usize, usize, &'t Cell)> + 't {
    let days = s.days.len();
    (0..s.staff.len()).flat_map(move |p| (0..days).filter_map(move |d| t.cell(p, d).map(|c| (p, d, c))))
}

fn shift_id<'a>(s: &'a Scenario, r: &'a Ref) -> &'a str {
    match r {
        Ref::Known(k) => &s.shifts[*k].id,
        Ref::Unknown(id) => id,
        Ref::None => "",
    }
}

/// leave: a listed leave day has status leave, and status leave is only on leave days.
pub fn leave(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, d, cell) in cells(s, t) {
        let (who, on) = (&s.staff[p].id, date(s, d));
        match (s.staff[p].leave[d], cell.status == Status::Leave) {
            (true, false) => {
                found.push(rule::LEAVE, format!("{who} is on leave on {on} but has status {}", cell.status.name()))
            }
            (false, true) => {
                found.push(rule::LEAVE, format!("{who} has status leave on {on}, not one of their leave days"))
            }
            _ => {}
        }
    }
}

/// day_status: the status is legal for the day and carries what it may (contract
/// section 5): office and rest only on working days with office = true; off only on
/// rest days or when office = false; office at a unit, with at most a shift that does
/// not overlap office hours; shift with exactly one shift, overlapping office hours when
/// on a working day with office = true; leave, rest and off with neither.
pub fn day_status(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, d, cell) in cells(s, t) {
        if let Some(why) = illegal_status(s, d, cell) {
            let who = &s.staff[p].id;
            found.push(rule::DAY_STATUS, format!("{who} on {} ({}): {why}", date(s, d), cell.status.name()));
        }
    }
}

/// Why a cell's status is illegal on day `d`, if it is.
fn illegal_status(s: &Scenario, d: usize, cell: &Cell) -> Option<String> {
    let office_day = s.office && s.days[d].is_working();
    let shift = shift_id(s, &cell.shift);
    match cell.status {
        Status::Office | Status::Rest if !office_day => Some(if s.office {
            "not a working day".into()
        } else {
            "the scenario has no office days (office = false)".into()
        }),
        Status::Off if office_day => Some("a working day with office = true: office, shift, rest or leave".into()),
        Status::Office if !cell.at_unit.is_some() => Some("no at_unit: which office?".into()),
        Status::Office => match cell.shift.known() {
            Some(k) if overlaps_office(s, &s.shifts[k]) => {
                Some(format!("shift {shift} overlaps the office hours: the status is shift"))
            }
            _ => None,
        },
        Status::Shift if !cell.shift.is_some() => Some("no shift named".into()),
        Status::Shift if cell.at_unit.is_some() => Some("at_unit is only for office".into()),
        Status::Shift => match cell.shift.known() {
            Some(k) if office_day && !overlaps_office(s, &s.shifts[k]) => Some(format!(
                "shift {shift} does not overlap the office hours: on a working day it goes with status office"
            )),
            _ => None,
        },
        Status::Leave | Status::Rest | Status::Off if cell.at_unit.is_some() => {
            Some("at_unit is only for office".into())
        }
        Status::Leave | Status::Rest | Status::Off if cell.shift.is_some() => {
            Some(format!("holds shift {shift}, which this status may not"))
        }
        _ => None,
    }
}

/// requirement_fill: every shift held fills exactly one requirement that applies that
/// day, uses that shift, and for which the person qualifies; no requirement is named
/// without a shift.
pub fn requirement_fill(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, d, cell) in cells(s, t) {
        let who = &s.staff[p].id;
        let on = date(s, d);
        match (&cell.shift, &cell.requirement) {
            (Ref::None, Ref::None) => {}
            (Ref::None, r) => found.push(
                rule::REQUIREMENT_FILL,
                format!("{who} on {on}: requirement {} named without a shift", req_id(s, r)),
            ),
            (sh, Ref::None) => found
                .push(rule::REQUIREMENT_FILL, format!("{who} on {on}: shift {} fills no requirement", shift_id(s, sh))),
            (Ref::Known(k), Ref::Known(r)) => {
                for why in fill_faults(s, p, d, *k, *r) {
                    found.push(
                        rule::REQUIREMENT_FILL,
                        format!("{who} on {on}: requirement {}: {why}", s.requirements[*r].id),
                    );
                }
            }
            _ => {} // unknown ids: reported under rota_rows
        }
    }
}

fn req_id<'a>(s: &'a Scenario, r: &'a Ref) -> &'a str {
    match r {
        Ref::Known(i) => &s.requirements[*i].id,
        Ref::Unknown(id) => id,
        Ref::None => "",
    }
}

/// What is wrong with person `p` filling requirement `r` with shift `k` on day `d`.
fn fill_faults(s: &Scenario, p: usize, d: usize, k: usize, r: usize) -> Vec<String> {
    let req = &s.requirements[r];
    let mut faults = Vec::new();
    if !req.days[d] {
        faults.push("does not apply that day".to_string());
    }
    if req.shift != k {
        faults.push(format!("uses shift {}, not {}", s.shifts[req.shift].id, s.shifts[k].id));
    }
    if !qualifies(s, p, r) {
        faults.push(not_qualified(s, p, r));
    }
    faults
}

fn not_qualified(s: &Scenario, p: usize, r: usize) -> String {
    let req = &s.requirements[r];
    let person = &s.staff[p];
    let owner = match req.owner {
        crate::domain::Owner::Grouping(g) => (s.units[person.unit].grouping == g, &s.groupings[g].id),
        crate::domain::Owner::Unit(u) => (person.unit == u, &s.units[u].id),
    };
    if !owner.0 {
        format!("{} (home unit {}) is not staff of its owner {}", person.id, s.units[person.unit].id, owner.1)
    } else {
        let roles: Vec<&str> = req.roles.iter().map(String::as_str).collect();
        format!("{} holds none of the roles {}", person.id, roles.join(", "))
    }
}

/// requirement_max: without over_weight, at most `count` people fill a requirement
/// on a day it applies.
pub fn requirement_max(s: &Scenario, t: &RotaTable, found: &mut Found) {
    let mut filling: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for (p, d, cell) in cells(s, t) {
        if let Some(r) = cell.requirement.known() {
            filling.entry((r, d)).or_default().push(&s.staff[p].id);
        }
    }
    for ((r, d), who) in filling {
        let req = &s.requirements[r];
        if req.over_weight.is_none() && req.days[d] && who.len() > req.count as usize {
            let message = format!(
                "{} on {}: {} people ({}), count {} and no over_weight",
                req.id,
                date(s, d),
                who.len(),
                who.join(", "),
                req.count
            );
            found.push(rule::REQUIREMENT_MAX, message);
        }
    }
}

/// lending: an office day is at the home unit, or at another unit of the same grouping
/// when that grouping allows lending.
pub fn lending(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, d, cell) in cells(s, t) {
        let (Status::Office, Some(at)) = (cell.status, cell.at_unit.known()) else { continue };
        let person = &s.staff[p];
        let home = person.unit;
        if at == home {
            continue;
        }
        let (hg, ag) = (s.units[home].grouping, s.units[at].grouping);
        let why = if hg != ag {
            format!("another grouping ({}, home grouping {})", s.groupings[ag].id, s.groupings[hg].id)
        } else if !s.groupings[hg].lending {
            format!("grouping {} does not allow lending", s.groupings[hg].id)
        } else {
            continue;
        };
        let message = format!(
            "{} (home {}) at the office of {} on {}: {why}",
            person.id,
            s.units[home].id,
            s.units[at].id,
            date(s, d)
        );
        found.push(rule::LENDING, message);
    }
}

/// recovery_after_night: after a clock-timed shift ending later than 00:00 of the next
/// day, for a person whose rule is on, the next day has no office and no shift.
pub fn recovery_after_night(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        if !person.rules.recovery_after_night {
            continue;
        }
        for d in 1..s.days.len() {
            let Some(night) = t.shift(p, d - 1).filter(|&k| is_night(&s.shifts[k])) else { continue };
            let Some(next) = t.cell(p, d) else { continue };
            if next.status == Status::Office || next.status == Status::Shift || next.shift.is_some() {
                let held = if next.shift.is_some() {
                    format!(" with shift {}", shift_id(s, &next.shift))
                } else {
                    String::new()
                };
                let message = format!(
                    "{} works on {} ({}{held}), the recovery day after night shift {} on {}",
                    person.id,
                    date(s, d),
                    next.status.name(),
                    s.shifts[night].id,
                    date(s, d - 1)
                );
                found.push(rule::RECOVERY_AFTER_NIGHT, message);
            }
        }
    }
}

/// not_followed_by: a shift on day d is not followed on d+1 by a shift it forbids, nor
/// by an office day when it forbids "office".
pub fn not_followed_by(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        for d in 1..s.days.len() {
            let Some(first) = t.shift(p, d - 1) else { continue };
            let rule_of = &s.shifts[first];
            let next = t.shift(p, d);
            let then = match next {
                Some(k) if rule_of.not_followed_by.contains(&k) => format!("shift {}", s.shifts[k].id),
                _ if rule_of.not_followed_by_office && t.status(p, d) == Some(Status::Office) => "office".to_string(),
                _ => continue,
            };
            let message =
                format!("{}: shift {} on {}, then {then} on {}", person.id, rule_of.id, date(s, d - 1), date(s, d));
            found.push(rule::NOT_FOLLOWED_BY, message);
        }
    }
}

/// max_resting: at most `max_resting` of a unit's own staff in status rest on one
/// working day (recovery days included).
pub fn max_resting(s: &Scenario, t: &RotaTable, found: &mut Found) {
    let mut resting: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
    for (p, d, cell) in cells(s, t) {
        if cell.status == Status::Rest {
            resting.entry((s.staff[p].unit, d)).or_default().push(&s.staff[p].id);
        }
    }
    for ((u, d), who) in resting {
        let unit = &s.units[u];
        let Some(cap) = unit.max_resting else { continue };
        if who.len() > cap as usize {
            let message = format!(
                "unit {} on {}: {} of its staff rest ({}), max_resting {cap}",
                unit.id,
                date(s, d),
                who.len(),
                who.join(", ")
            );
            found.push(rule::MAX_RESTING, message);
        }
    }
}
