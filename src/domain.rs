//! The resolved problem: what a scenario means once read and checked. Ids are resolved
//! to indices, day sets to one flag per horizon day, every list sorted by id (byte
//! order) so that the order of the input files never changes a result.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, Weekday};

/// What kind of day a calendar day is (contract section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DayKind {
    Working,
    Weekend,
    Holiday,
}

#[derive(Clone, Debug)]
pub struct Day {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// A weekend day made a working day by a calendar (调休上班).
    pub makeup: bool,
    /// Index of the calendar month within the horizon (for per-month limits).
    pub month: usize,
}

impl Day {
    pub fn is_working(&self) -> bool {
        self.kind == DayKind::Working
    }
    pub fn is_rest(&self) -> bool {
        !self.is_working()
    }
    pub fn weekday(&self) -> Weekday {
        self.date.weekday()
    }
}

/// Per-person rules (contract section 2, [rules]); a person's overrides already applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    pub max_consecutive_work_days: Option<u32>,
    pub min_consecutive_work_days: u32,
    pub min_consecutive_off_days: u32,
    pub max_weekends: Option<u32>,
    pub min_rest_hours: f64,
    /// Indexed by shift; None where no limit.
    pub max_shifts: Vec<Option<u32>>,
    pub max_duties: Option<u32>,
    pub max_duties_per_month: Option<u32>,
    pub min_days_between_duties: u32,
    pub min_minutes: Option<u32>,
    pub max_minutes: Option<u32>,
    pub comp_per_restday_shift: f64,
    pub recovery_after_night: bool,
}

impl Rules {
    pub fn defaults(shift_count: usize) -> Self {
        Rules {
            max_consecutive_work_days: None,
            min_consecutive_work_days: 1,
            min_consecutive_off_days: 1,
            max_weekends: None,
            min_rest_hours: 0.0,
            max_shifts: vec![None; shift_count],
            max_duties: None,
            max_duties_per_month: None,
            min_days_between_duties: 0,
            min_minutes: None,
            max_minutes: None,
            comp_per_restday_shift: 1.0,
            recovery_after_night: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Weights {
    pub shortfall: f64,
    pub fairness: f64,
    pub lending: f64,
    pub comp_owed: f64,
    pub preference: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { shortfall: 1000.0, fairness: 20.0, lending: 1.0, comp_owed: 10.0, preference: 1.0 }
    }
}

#[derive(Clone, Debug)]
pub struct Shift {
    pub id: String,
    pub name: String,
    /// Clock times in minutes after midnight; both or neither.
    pub clock: Option<(u32, u32)>,
    /// Length counted toward minutes.
    pub minutes: u32,
    /// Shifts that may not follow this one on the next day.
    pub not_followed_by: Vec<usize>,
    /// `"office"` in not_followed_by: no office day after this shift.
    pub not_followed_by_office: bool,
}

impl Shift {
    /// `[start, end)` in minutes from the start of the day it starts; end may pass 1440.
    pub fn interval(&self) -> Option<(u32, u32)> {
        self.clock.map(|(s, e)| if e <= s { (s, e + 1440) } else { (s, e) })
    }

    /// Ends later than 00:00 of the next day (ending exactly at midnight does not count).
    pub fn is_night(&self) -> bool {
        self.interval().is_some_and(|(_, e)| e > 1440)
    }

    /// Meets the office hours of its day (touching at an end is not overlapping);
    /// a shift without clock times always overlaps.
    pub fn overlaps_office(&self, office: (u32, u32)) -> bool {
        match self.interval() {
            None => true,
            Some((s, e)) => s < office.1 && office.0 < e,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Grouping {
    pub id: String,
    pub name: String,
    pub lead: usize,
    pub lending: bool,
    /// Its units, sorted by id.
    pub units: Vec<usize>,
    /// True when written as a unit without `grouping` (a unit on its own).
    pub implicit: bool,
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub grouping: usize,
    /// People needed at the office, per horizon day (0 on rest days).
    pub min_staff: Vec<u32>,
    pub max_resting: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Preference {
    pub day: usize,
    pub shift: Option<usize>,
    pub weight: f64,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub unit: usize,
    pub roles: BTreeSet<String>,
    /// One flag per horizon day.
    pub leave: Vec<bool>,
    pub rules: Rules,
    pub comp_carry_in: f64,
    pub points_carry_in: f64,
    pub prefer_off: Vec<Preference>,
    /// Always with a shift.
    pub prefer_on: Vec<Preference>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Grouping(usize),
    Unit(usize),
}

#[derive(Clone, Debug)]
pub struct Requirement {
    pub id: String,
    pub name: String,
    pub owner: Owner,
    pub shift: usize,
    /// One flag per horizon day: does it apply.
    pub days: Vec<bool>,
    pub count: u32,
    pub roles: BTreeSet<String>,
    pub points: f64,
    pub under_weight: f64,
    pub over_weight: Option<f64>,
}

/// A calendar as loaded, for reports.
#[derive(Clone, Debug)]
pub struct CalendarInfo {
    pub name: String,
    pub source: String,
    pub years: Vec<i32>,
    pub provisional: bool,
}

/// A read, checked scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub path: PathBuf,
    pub input_sha256: String,
    pub days: Vec<Day>,
    pub office: bool,
    /// Office hours in minutes after midnight.
    pub office_hours: (u32, u32),
    pub time_limit_s: f64,
    pub mip_gap: f64,
    pub calendars: Vec<CalendarInfo>,
    pub default_rules: Rules,
    pub weights: Weights,
    pub shifts: Vec<Shift>,
    pub groupings: Vec<Grouping>,
    pub units: Vec<Unit>,
    pub staff: Vec<Person>,
    pub requirements: Vec<Requirement>,
}

impl Scenario {
    pub fn start(&self) -> NaiveDate {
        self.days[0].date
    }
    pub fn end(&self) -> NaiveDate {
        self.days[self.days.len() - 1].date
    }
    pub fn day_index(&self, date: NaiveDate) -> Option<usize> {
        let i = (date - self.start()).num_days();
        (0..self.days.len() as i64).contains(&i).then_some(i as usize)
    }
    pub fn office_minutes(&self) -> u32 {
        self.office_hours.1 - self.office_hours.0
    }
    pub fn grouping_of_person(&self, p: usize) -> usize {
        self.units[self.staff[p].unit].grouping
    }
    pub fn owner_grouping(&self, owner: Owner) -> usize {
        match owner {
            Owner::Grouping(g) => g,
            Owner::Unit(u) => self.units[u].grouping,
        }
    }
    /// May person `p` fill requirement `r` on a day it applies (owner pool and roles)?
    pub fn qualifies(&self, p: usize, r: usize) -> bool {
        let person = &self.staff[p];
        let req = &self.requirements[r];
        let in_owner = match req.owner {
            Owner::Grouping(g) => self.units[person.unit].grouping == g,
            Owner::Unit(u) => person.unit == u,
        };
        in_owner && (req.roles.is_empty() || req.roles.iter().any(|role| person.roles.contains(role)))
    }
    /// A grouping's pool: staff who, on some day not on leave, qualify for a
    /// requirement owned by the grouping or one of its units that applies that day.
    pub fn pool(&self, g: usize) -> Vec<usize> {
        (0..self.staff.len())
            .filter(|&p| self.grouping_of_person(p) == g)
            .filter(|&p| {
                (0..self.requirements.len()).any(|r| {
                    self.owner_grouping(self.requirements[r].owner) == g
                        && self.qualifies(p, r)
                        && self.requirements[r].days.iter().zip(&self.staff[p].leave).any(|(on, leave)| *on && !leave)
                })
            })
            .collect()
    }

    pub fn any_provisional(&self) -> bool {
        self.calendars.iter().any(|c| c.provisional)
    }
}

/// A person's status on one day (contract section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Leave,
    Office,
    Shift,
    Rest,
    Off,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Leave => "leave",
            Status::Office => "office",
            Status::Shift => "shift",
            Status::Rest => "rest",
            Status::Off => "off",
        }
    }

    /// Office and shift days are work; the others are days without work.
    pub fn is_work(self) -> bool {
        matches!(self, Status::Office | Status::Shift)
    }
}

/// What one person does on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub status: Status,
    /// The unit whose office they work at (status office only).
    pub at_unit: Option<usize>,
    /// The requirement filled, and so the shift held.
    pub requirement: Option<usize>,
}

impl Cell {
    pub const OFF: Cell = Cell { status: Status::Off, at_unit: None, requirement: None };
}

/// A whole rota: `cells[person][day]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rota {
    pub cells: Vec<Vec<Cell>>,
}

impl Rota {
    /// The shift a person holds on a day, if any.
    pub fn shift(&self, s: &Scenario, p: usize, d: usize) -> Option<usize> {
        self.cells[p][d].requirement.map(|r| s.requirements[r].shift)
    }
}
