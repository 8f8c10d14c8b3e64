//! Rules about clock time: rest between worked days' blocks, minutes of work.

use super::facts::{clock_interval, date, office_interval, DAY_MINUTES};
use super::rule;
use super::table::{RotaTable, Status};
use super::Found;
use crate::domain::Scenario;

/// The block of work of `p` on day `d`, in minutes from the start of the horizon:
/// from the earliest start to the latest end. An office day is the office hours,
/// joined with a clock-timed shift held that day; a shift day is the shift's clock
/// interval. A shift given only in minutes has no block.
fn block(s: &Scenario, t: &RotaTable, p: usize, d: usize) -> Option<(i64, i64)> {
    let cell = t.cell(p, d)?;
    let shift = cell.shift.known().and_then(|k| clock_interval(&s.shifts[k]));
    let local = match cell.status {
        Status::Office => {
            let (a, b) = office_interval(s);
            shift.map_or((a, b), |(x, y)| (a.min(x), b.max(y)))
        }
        Status::Shift => shift?,
        _ => return None,
    };
    let base = d as i64 * DAY_MINUTES;
    Some((base + local.0, base + local.1))
}

/// `2027-03-02 08:30` for a minute of the horizon.
fn moment(s: &Scenario, minute: i64) -> String {
    let day = minute.div_euclid(DAY_MINUTES);
    let m = minute.rem_euclid(DAY_MINUTES);
    let start = s.days[0].date;
    format!("{} {:02}:{:02}", start + chrono::Duration::days(day), m / 60, m % 60)
}

/// min_rest_hours: between each worked day's block and the next worked day's block,
/// at least min_rest_hours (with 0 they may touch but not overlap).
pub fn min_rest_hours(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let least = person.rules.min_rest_hours;
        let blocks: Vec<(usize, (i64, i64))> =
            (0..s.days.len()).filter_map(|d| block(s, t, p, d).map(|b| (d, b))).collect();
        for pair in blocks.windows(2) {
            let ((d1, (_, end)), (d2, (start, _))) = (pair[0], pair[1]);
            let rest_minutes = (start - end) as f64;
            if rest_minutes + 1e-9 < least * 60.0 || start < end {
                let message = format!(
                    "{}: work on {} ends {}, work on {} starts {}: {} h of rest, at least {} h",
                    person.id,
                    date(s, d1),
                    moment(s, end),
                    date(s, d2),
                    moment(s, start),
                    hours(rest_minutes),
                    hours(least * 60.0)
                );
                found.push(rule::MIN_REST_HOURS, message);
            }
        }
    }
}

fn hours(minutes: f64) -> String {
    let h = minutes / 60.0;
    if (h * 100.0).fract() == 0.0 {
        format!("{}", (h * 100.0).round() / 100.0)
    } else {
        format!("{h:.2}")
    }
}

/// Minutes of work of `p` over the horizon: an office day counts the office hours plus
/// the `minutes` of a shift held too; a shift day counts the shift's minutes.
pub fn minutes_worked(s: &Scenario, t: &RotaTable, p: usize) -> u64 {
    let office = (office_interval(s).1 - office_interval(s).0).max(0) as u64;
    (0..s.days.len())
        .filter_map(|d| t.cell(p, d))
        .map(|c| {
            let shift = c.shift.known().map_or(0, |k| u64::from(s.shifts[k].minutes));
            match c.status {
                Status::Office => office + shift,
                Status::Shift => shift,
                _ => 0,
            }
        })
        .sum()
}

/// min_minutes: at least this many minutes of work in the horizon.
pub fn min_minutes(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let Some(least) = person.rules.min_minutes else { continue };
        let worked = minutes_worked(s, t, p);
        if worked < u64::from(least) {
            found.push(rule::MIN_MINUTES, format!("{} works {worked} minutes, at least {least}", person.id));
        }
    }
}

/// max_minutes: at most this many minutes of work in the horizon.
pub fn max_minutes(s: &Scenario, t: &RotaTable, found: &mut Found) {
    for (p, person) in s.staff.iter().enumerate() {
        let Some(most) = person.rules.max_minutes else { continue };
        let worked = minutes_worked(s, t, p);
        if worked > u64::from(most) {
            found.push(rule::MAX_MINUTES, format!("{} works {worked} minutes, at most {most}", person.id));
        }
    }
}
