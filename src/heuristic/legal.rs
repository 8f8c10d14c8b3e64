//! A fast check of one person's hard rules on a rota, for the local search. (The model
//! states the same rules as constraints, and `rota verify` checks them independently.)

use chrono::{Datelike, Weekday};

use crate::domain::{Rota, Scenario, Status};

/// Does person p's row keep every personal hard rule of contract sections 2 and 5?
pub fn person_is_legal(s: &Scenario, rota: &Rota, p: usize) -> bool {
    person_violation(s, rota, p).is_none()
}

/// The first personal rule that p's row breaks, if any.
pub fn person_violation(s: &Scenario, rota: &Rota, p: usize) -> Option<&'static str> {
    let row = &rota.cells[p];
    let rules = &s.staff[p].rules;
    let n = s.days.len();
    let shift = |d: usize| row[d].requirement.map(|r| s.requirements[r].shift);
    let works = |d: usize| row[d].status.is_work();

    // Recovery after a night, and not_followed_by.
    for d in 0..n.saturating_sub(1) {
        let Some(today) = shift(d) else { continue };
        let sh = &s.shifts[today];
        if rules.recovery_after_night && sh.is_night() && (works(d + 1) || shift(d + 1).is_some()) {
            return Some("recovery_after_night");
        }
        if shift(d + 1).is_some_and(|t| sh.not_followed_by.contains(&t)) {
            return Some("not_followed_by");
        }
        if sh.not_followed_by_office && row[d + 1].status == Status::Office {
            return Some("not_followed_by");
        }
    }
    if !rest_hours_kept(s, rota, p) {
        return Some("min_rest_hours");
    }
    // Runs of work and of days without work, with the border rules.
    let mut d = 0;
    while d < n {
        let w = works(d);
        let a = d;
        while d < n && works(d) == w {
            d += 1;
        }
        let len = (d - a) as u32;
        let inner = a > 0 && d < n;
        if w && rules.max_consecutive_work_days.is_some_and(|m| len > m) {
            return Some("max_consecutive_work_days");
        }
        if w && inner && len < rules.min_consecutive_work_days {
            return Some("min_consecutive_work_days");
        }
        if !w && inner && len < rules.min_consecutive_off_days {
            return Some("min_consecutive_off_days");
        }
    }
    // Weekends worked.
    if let Some(limit) = rules.max_weekends {
        let worked = (0..n)
            .filter(|&d| match s.days[d].date.weekday() {
                Weekday::Sat => works(d) || (d + 1 < n && works(d + 1)),
                Weekday::Sun => d == 0 && works(d),
                _ => false,
            })
            .count() as u32;
        if worked > limit {
            return Some("max_weekends");
        }
    }
    // Counts of shifts, per kind, per month, and the days between them.
    let mut per_shift = vec![0u32; s.shifts.len()];
    let mut per_month = vec![0u32; s.days.last().map_or(1, |d| d.month + 1)];
    let mut total = 0u32;
    let mut last: Option<usize> = None;
    let mut minutes = 0u64;
    for d in 0..n {
        if row[d].status == Status::Office {
            minutes += s.office_minutes() as u64;
        }
        let Some(t) = shift(d) else { continue };
        per_shift[t] += 1;
        per_month[s.days[d].month] += 1;
        total += 1;
        minutes += s.shifts[t].minutes as u64;
        if last.is_some_and(|l| ((d - l) as u32) < rules.min_days_between_duties) {
            return Some("min_days_between_duties");
        }
        last = Some(d);
    }
    if per_shift.iter().zip(&rules.max_shifts).any(|(c, m)| m.is_some_and(|m| *c > m)) {
        return Some("max_shifts");
    }
    if rules.max_duties.is_some_and(|m| total > m) {
        return Some("max_duties");
    }
    if rules.max_duties_per_month.is_some_and(|m| per_month.iter().any(|c| *c > m)) {
        return Some("max_duties_per_month");
    }
    if rules.min_minutes.is_some_and(|m| minutes < m as u64) {
        return Some("min_minutes");
    }
    if rules.max_minutes.is_some_and(|m| minutes > m as u64) {
        return Some("max_minutes");
    }
    (!comp_never_negative(s, rota, p)).then_some("comp_balance")
}

/// min_rest_hours between each worked day's block and the next worked day's block.
fn rest_hours_kept(s: &Scenario, rota: &Rota, p: usize) -> bool {
    let gap = (s.staff[p].rules.min_rest_hours * 60.0).round() as i64;
    let mut previous: Option<(usize, i64)> = None; // (day, end of its block in minutes)
    for (d, c) in rota.cells[p].iter().enumerate() {
        let mut block: Option<(i64, i64)> = None;
        let mut join = |iv: (u32, u32)| {
            let (a, b) = (iv.0 as i64, iv.1 as i64);
            block = Some(block.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
        };
        if c.status == Status::Office {
            join(s.office_hours);
        }
        if let Some(iv) = c.requirement.and_then(|r| s.shifts[s.requirements[r].shift].interval()) {
            join(iv);
        }
        if let Some((start, end)) = block {
            if let Some((pd, pend)) = previous {
                if pend + gap > start + 1440 * (d - pd) as i64 {
                    return false;
                }
            }
            previous = Some((d, end));
        }
    }
    true
}

/// Compensatory rest never below zero at the end of a day (office mode).
fn comp_never_negative(s: &Scenario, rota: &Rota, p: usize) -> bool {
    if !s.office {
        return true;
    }
    let person = &s.staff[p];
    let mut balance = person.comp_carry_in;
    for d in 0..s.days.len() {
        let c = rota.cells[p][d];
        if s.days[d].is_rest() && c.requirement.is_some() {
            balance += person.rules.comp_per_restday_shift;
        }
        let recovery = d > 0
            && person.rules.recovery_after_night
            && rota.shift(s, p, d - 1).is_some_and(|t| s.shifts[t].is_night());
        if c.status == Status::Rest && !recovery {
            balance -= 1.0;
        }
        if balance < -1e-9 {
            return false;
        }
    }
    true
}

/// Does the rota keep every hard rule for grouping g's staff and units: each person's
/// rules and each unit's resting cap? (Counts never exceed a requirement's in the
/// heuristics, which only fill free places.)
pub fn grouping_is_legal(s: &Scenario, rota: &Rota, g: usize) -> bool {
    let persons: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
    if !persons.iter().all(|&p| person_is_legal(s, rota, p)) {
        return false;
    }
    s.groupings[g].units.iter().all(|&u| {
        let Some(cap) = s.units[u].max_resting else { return true };
        (0..s.days.len()).all(|d| {
            persons.iter().filter(|&&p| s.staff[p].unit == u && rota.cells[p][d].status == Status::Rest).count() as u32
                <= cap
        })
    })
}
