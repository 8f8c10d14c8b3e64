//! Rules about runs of days: consecutive work and days without work (with the border
//! rules of contract section 2), and weekends worked.

use chrono::{Datelike, Weekday};

use super::facts::{date, runs, span};
use super::rule;
use super::table::RotaTable;
use super::Found;
use crate::domain::Scenario;

/// A run touching the first or last day of the horizon may continue outside it.
fn touches_border(s: &Scenario, (first, last): (usize, usize)) -> bool {
    first == 0 || last + 1 == s.days.len()
}

/// max_consecutive_work_days: no run of work days inside the horizon is longer than
/// the limit (days outside count as days without work).
pub fn max_consecutive_work_days(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let Some(limit) = person.rules.max_consecutive_work_days else { continue };
        for (a, b) in runs(s.days.len(), |d| t.works(p, d)) {
            let len = b - a + 1;
            if len > limit as usize {
                let message = format!("{} works {} ({len} days), limit {limit}", person.id, span(s, a, b));
                found.push(rule::MAX_CONSECUTIVE_WORK_DAYS, message);
            }
        }
    }
}

/// min_consecutive_work_days: a run of work days that touches neither end of the
/// horizon is at least this long.
pub fn min_consecutive_work_days(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let least = person.rules.min_consecutive_work_days as usize;
        for run @ (a, b) in runs(s.days.len(), |d| t.works(p, d)) {
            let len = b - a + 1;
            if len < least && !touches_border(s, run) {
                let message = format!("{} works only {} ({len} day(s)), at least {least}", person.id, span(s, a, b));
                found.push(rule::MIN_CONSECUTIVE_WORK_DAYS, message);
            }
        }
    }
}

/// min_consecutive_off_days: a run of days without work that touches neither end of
/// the horizon is at least this long.
pub fn min_consecutive_off_days(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let least = person.rules.min_consecutive_off_days as usize;
        for run @ (a, b) in runs(s.days.len(), |d| !t.works(p, d)) {
            let len = b - a + 1;
            if len < least && !touches_border(s, run) {
                let message =
                    format!("{} is without work only {} ({len} day(s)), at least {least}", person.id, span(s, a, b));
                found.push(rule::MIN_CONSECUTIVE_OFF_DAYS, message);
            }
        }
    }
}

/// The weekends touching the horizon: the days of each (a calendar Saturday and the
/// following Sunday) that lie inside it, and the Saturday's date.
pub fn weekends(s: &Scenario) -> Vec<(chrono::NaiveDate, Vec<usize>)> {
    let mut out = Vec::new();
    for d in 0..s.days.len() {
        let today = date(s, d);
        match today.weekday() {
            Weekday::Sat => {
                let days = if d + 1 < s.days.len() { vec![d, d + 1] } else { vec![d] };
                out.push((today, days));
            }
            Weekday::Sun if d == 0 => out.push((today - chrono::Duration::days(1), vec![d])),
            _ => {}
        }
    }
    out
}

/// max_weekends: at most this many weekends worked, a weekend being worked when either
/// of its days inside the horizon is.
pub fn max_weekends(s: &Scenario, t: &RotaTable, found: &mut Found) {
    let all = weekends(s);
    for (p, person) in s.staff.iter().enumerate() {
        let Some(limit) = person.rules.max_weekends else { continue };
        let worked: Vec<String> = all
            .iter()
            .filter(|(_, days)| days.iter().any(|&d| t.works(p, d)))
            .map(|(sat, _)| format!("{sat}/{}", (*sat + chrono::Duration::days(1)).format("%d")))
            .collect();
        if worked.len() > limit as usize {
            let message =
                format!("{} works {} weekends ({}), limit {limit}", person.id, worked.len(), worked.join(", "));
            found.push(rule::MAX_WEEKENDS, message);
        }
    }
}
