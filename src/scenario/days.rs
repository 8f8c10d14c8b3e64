//! The horizon and its days: dates and day sets turned into one flag per day, with a
//! warning for every date that lies outside the horizon.

use chrono::NaiveDate;

use super::raw::{DaySpec, FileIx, RawScenario, RawUnit};
use super::resolve::Resolver;
use super::toml_walk::Sp;
use crate::calendar::{self, Calendar};
use crate::domain::{Day, DayKind};

pub(super) const OUTSIDE_HELP: &str = "only days from `start` to `end` are planned; check the year, or remove the date";

/// Most days one scenario may plan.
pub const MAX_HORIZON_DAYS: i64 = 366;

/// The days from `start` to `end`, both included, at most [`MAX_HORIZON_DAYS`], with
/// their kinds from the calendars.
pub(super) fn horizon(r: &mut Resolver, raw: &RawScenario, calendars: &[Calendar]) -> Vec<Day> {
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

pub(super) fn day_of(days: &[Day], date: NaiveDate) -> Option<usize> {
    let first = days.first()?.date;
    let i = (date - first).num_days();
    (0..days.len() as i64).contains(&i).then_some(i as usize)
}

/// Sets the flags of the days in `range` that lie in the horizon; warns when some do not.
pub(super) fn mark(
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

pub(super) fn apply_spec(r: &mut Resolver, days: &[Day], spec: &DaySpec, flags: &mut [bool], value: bool) {
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

/// People a unit needs on each day: `min_staff` on working days, replaced by
/// `min_staff_on` where given; nobody on rest days (an entry there is ignored).
pub(super) fn unit_minimums(r: &mut Resolver, u: &RawUnit, days: &[Day]) -> Vec<u32> {
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
                format!(
                    "{} is outside the horizon: its `min_staff_on` entry for unit `{}` is ignored",
                    date.value, u.id.value
                ),
                "outside the horizon",
                OUTSIDE_HELP,
            ),
            None => {}
        }
    }
    min_staff
}
