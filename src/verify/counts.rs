//! Rules that count a person's shifts over the horizon or a month, space them, and
//! keep the compensatory-rest balance.

use std::collections::BTreeMap;

use super::facts::{date, is_recovery_day, month_key, num};
use super::rule;
use super::table::{RotaTable, Status};
use super::Found;
use crate::domain::Scenario;

/// The days on which `p` holds a shift, in order, with the shift.
fn shift_days(s: &Scenario, t: &RotaTable, p: usize) -> Vec<(usize, usize)> {
    (0..s.days.len()).filter_map(|d| t.shift(p, d).map(|k| (d, k))).collect()
}

/// max_shifts: at most this many shifts of one kind in the horizon.
pub fn max_shifts(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let held = shift_days(s, t, p);
        for (k, limit) in person.rules.max_shifts.iter().enumerate() {
            let Some(limit) = limit else { continue };
            let n = held.iter().filter(|(_, kind)| *kind == k).count();
            if n > *limit as usize {
                let message = format!("{} holds {n} {} shifts, limit {limit}", person.id, s.shifts[k].id);
                found.push(rule::MAX_SHIFTS, message);
            }
        }
    }
}

/// max_duties: at most this many shifts of any kind in the horizon.
pub fn max_duties(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let Some(limit) = person.rules.max_duties else { continue };
        let n = shift_days(s, t, p).len();
        if n > limit as usize {
            found.push(rule::MAX_DUTIES, format!("{} holds {n} shifts, limit {limit}", person.id));
        }
    }
}

/// max_duties_per_month: at most this many shifts of any kind in one calendar month.
pub fn max_duties_per_month(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let Some(limit) = person.rules.max_duties_per_month else { continue };
        let mut per_month: BTreeMap<i32, (usize, chrono::NaiveDate)> = BTreeMap::new();
        for (d, _) in shift_days(s, t, p) {
            let entry = per_month.entry(month_key(date(s, d))).or_insert((0, date(s, d)));
            entry.0 += 1;
        }
        for (n, first) in per_month.values() {
            if *n > limit as usize {
                let month = first.format("%Y-%m");
                found.push(
                    rule::MAX_DUTIES_PER_MONTH,
                    format!("{} holds {n} shifts in {month}, limit {limit}", person.id),
                );
            }
        }
    }
}

/// min_days_between_duties: two shifts of one person on days d1 < d2 need
/// d2 − d1 ≥ the value.
pub fn min_days_between_duties(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let least = person.rules.min_days_between_duties as usize;
        let held = shift_days(s, t, p);
        for pair in held.windows(2) {
            let ((d1, k1), (d2, k2)) = (pair[0], pair[1]);
            if d2 - d1 < least {
                let message = format!(
                    "{}: shift {} on {} and shift {} on {}, {} day(s) apart, at least {least}",
                    person.id,
                    s.shifts[k1].id,
                    date(s, d1),
                    s.shifts[k2].id,
                    date(s, d2),
                    d2 - d1
                );
                found.push(rule::MIN_DAYS_BETWEEN_DUTIES, message);
            }
        }
    }
}

/// A person's compensatory rest over the horizon (office = true only).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ledger {
    /// Earned by shifts starting on rest days.
    pub earned: f64,
    /// Rests that cost a day.
    pub taken: u64,
    /// Rests that are recovery days (free).
    pub recovery: u64,
    /// At the end of the horizon.
    pub balance: f64,
    /// The first day the balance ended below zero, and that balance.
    pub below_zero: Option<(usize, f64)>,
}

/// The balance starts at comp_carry_in; each shift starting on a rest day adds
/// comp_per_restday_shift; each rest that is not a recovery day takes one.
pub fn comp_ledger(s: &Scenario, t: &RotaTable, p: usize) -> Ledger {
    let person = &s.staff[p];
    let mut ledger = Ledger { balance: person.comp_carry_in, ..Ledger::default() };
    if !s.office {
        return ledger;
    }
    for d in 0..s.days.len() {
        if t.shift(p, d).is_some() && s.days[d].is_rest() {
            ledger.earned += person.rules.comp_per_restday_shift;
            ledger.balance += person.rules.comp_per_restday_shift;
        }
        if t.status(p, d) == Some(Status::Rest) {
            if is_recovery_day(s, t, p, d) {
                ledger.recovery += 1;
            } else {
                ledger.taken += 1;
                ledger.balance -= 1.0;
            }
        }
        if ledger.balance < -1e-9 && ledger.below_zero.is_none() {
            ledger.below_zero = Some((d, ledger.balance));
        }
    }
    ledger
}

/// comp_balance (office = true only): the compensatory-rest balance is never below
/// zero at the end of a day.
pub fn comp_balance(s: &Scenario, t: &RotaTable, found: &mut Found) {
    if !s.office {
        return;
    }
    for (p, person) in s.staff.iter().enumerate() {
        let ledger = comp_ledger(s, t, p);
        if let Some((d, balance)) = ledger.below_zero {
            let message = format!(
                "{} rests on {} with no compensatory rest owed: balance {} (carry-in {}, earned {}, taken {} in all)",
                person.id,
                date(s, d),
                num(balance),
                num(person.comp_carry_in),
                num(ledger.earned),
                ledger.taken
            );
            found.push(rule::COMP_BALANCE, message);
        }
    }
}
