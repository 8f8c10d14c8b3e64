//! Small facts of the contract, derived here again from the scenario's plain data so
//! that the checker does not lean on helpers the solver also uses.

use chrono::{Datelike, NaiveDate};

use crate::domain::{Owner, Scenario, Shift};

use super::table::RotaTable;

pub const DAY_MINUTES: i64 = 1440;

/// A shift's clock interval `[start, end)` in minutes from midnight of the day it
/// starts; the end is on the next day when it is at or before the start.
pub fn clock_interval(shift: &Shift) -> Option<(i64, i64)> {
    let (start, end) = shift.clock?;
    let (start, end) = (i64::from(start), i64::from(end));
    Some(if end <= start { (start, end + DAY_MINUTES) } else { (start, end) })
}

/// A night shift: clock-timed and ending later than 00:00 of the next day (ending
/// exactly at midnight does not count).
pub fn is_night(shift: &Shift) -> bool {
    clock_interval(shift).is_some_and(|(_, end)| end > DAY_MINUTES)
}

/// A shift overlaps the office hours when its interval meets them on the day it starts
/// (touching at an end is not overlapping); a shift given only in minutes overlaps.
pub fn overlaps_office(s: &Scenario, shift: &Shift) -> bool {
    let (office_start, office_end) = (i64::from(s.office_hours.0), i64::from(s.office_hours.1));
    match clock_interval(shift) {
        None => true,
        Some((start, end)) => start < office_end && office_start < end,
    }
}

/// Office hours as minutes from midnight.
pub fn office_interval(s: &Scenario) -> (i64, i64) {
    (i64::from(s.office_hours.0), i64::from(s.office_hours.1))
}

/// Person `p` may fill requirement `r`: a member of the owner (the grouping's units'
/// staff, or the unit's own staff) holding one of its roles, if it names any.
pub fn qualifies(s: &Scenario, p: usize, r: usize) -> bool {
    let person = &s.staff[p];
    let req = &s.requirements[r];
    let member = match req.owner {
        Owner::Grouping(g) => s.units[person.unit].grouping == g,
        Owner::Unit(u) => person.unit == u,
    };
    let role_ok = req.roles.is_empty() || req.roles.iter().any(|role| person.roles.contains(role));
    member && role_ok
}

/// The grouping a requirement's terms go to: its owner, or its owner unit's grouping.
pub fn owner_grouping(s: &Scenario, r: usize) -> usize {
    match s.requirements[r].owner {
        Owner::Grouping(g) => g,
        Owner::Unit(u) => s.units[u].grouping,
    }
}

/// The grouping a person's terms go to: their home unit's.
pub fn home_grouping(s: &Scenario, p: usize) -> usize {
    s.units[s.staff[p].unit].grouping
}

/// Is day `d` a recovery day for `p`: the day after a night shift they held, with
/// their `recovery_after_night` rule on.
pub fn is_recovery_day(s: &Scenario, t: &RotaTable, p: usize, d: usize) -> bool {
    d > 0 && s.staff[p].rules.recovery_after_night && t.shift(p, d - 1).is_some_and(|k| is_night(&s.shifts[k]))
}

/// The calendar month of a date, as one number.
pub fn month_key(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

pub fn date(s: &Scenario, d: usize) -> NaiveDate {
    s.days[d].date
}

/// `2027-01-04..2027-01-16`, or one date when the range is one day.
pub fn span(s: &Scenario, first: usize, last: usize) -> String {
    if first == last {
        date(s, first).to_string()
    } else {
        format!("{}..{}", date(s, first), date(s, last))
    }
}

/// Consecutive days where `pred` holds, as (first, last) pairs.
pub fn runs(days: usize, pred: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for d in 0..days {
        match (pred(d), start) {
            (true, None) => start = Some(d),
            (false, Some(a)) => {
                out.push((a, d - 1));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        out.push((a, days - 1));
    }
    out
}

/// Day indices listed as compact ranges: `2027-03-01..2027-03-03, 2027-03-05`.
pub fn day_list(s: &Scenario, days: &[usize]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        parts.push(span(s, days[i], days[j]));
        i = j + 1;
    }
    parts.join(", ")
}

/// A number for a message: `3`, `2.5`.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
