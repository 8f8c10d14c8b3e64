//! The scenario as written: every value with the place it came from, before any
//! reference is resolved. Readers fill these; `resolve` turns them into a `Scenario`.

use chrono::NaiveDate;

use super::toml_walk::Sp;

/// Which loaded file a value came from (index into the loader's list of sources).
pub type FileIx = usize;

/// An item of `on`/`except`: a keyword (`working_days`, `mon`, …) or a date range.
#[derive(Clone, Debug)]
pub enum DaySpec {
    Keyword(Sp<String>),
    Dates(Sp<(NaiveDate, NaiveDate)>),
}

pub const DAY_KEYWORDS: &[&str] = &[
    "every_day",
    "working_days",
    "rest_days",
    "weekend_days",
    "holidays",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
];

/// Rule values as written: defaults in [rules] or a person's overrides.
#[derive(Clone, Debug, Default)]
pub struct RawRules {
    pub max_consecutive_work_days: Option<Sp<u32>>,
    pub min_consecutive_work_days: Option<Sp<u32>>,
    pub min_consecutive_off_days: Option<Sp<u32>>,
    pub max_weekends: Option<Sp<u32>>,
    pub min_rest_hours: Option<Sp<f64>>,
    pub max_shifts: Option<Vec<(Sp<String>, u32)>>,
    pub max_duties: Option<Sp<u32>>,
    pub max_duties_per_month: Option<Sp<u32>>,
    pub min_days_between_duties: Option<Sp<u32>>,
    pub min_minutes: Option<Sp<u32>>,
    pub max_minutes: Option<Sp<u32>>,
    pub comp_per_restday_shift: Option<Sp<f64>>,
    pub recovery_after_night: Option<Sp<bool>>,
}

pub const RULE_KEYS: &[&str] = &[
    "max_consecutive_work_days",
    "min_consecutive_work_days",
    "min_consecutive_off_days",
    "max_weekends",
    "min_rest_hours",
    "max_shifts",
    "max_duties",
    "max_duties_per_month",
    "min_days_between_duties",
    "min_minutes",
    "max_minutes",
    "comp_per_restday_shift",
    "recovery_after_night",
];

#[derive(Clone, Debug)]
pub struct RawShift {
    pub id: Sp<String>,
    pub name: Option<String>,
    pub start: Option<Sp<u32>>,
    pub end: Option<Sp<u32>>,
    pub minutes: Option<Sp<u32>>,
    pub not_followed_by: Vec<Sp<String>>,
    pub place: std::ops::Range<usize>,
}

#[derive(Clone, Debug)]
pub struct RawGrouping {
    pub id: Sp<String>,
    pub name: Option<String>,
    pub lead: Option<Sp<String>>,
    pub lending: bool,
    pub place: std::ops::Range<usize>,
}

#[derive(Clone, Debug)]
pub struct RawUnit {
    pub id: Sp<String>,
    pub name: Option<String>,
    pub grouping: Option<Sp<String>>,
    pub min_staff: u32,
    pub min_staff_on: Vec<(Sp<NaiveDate>, u32)>,
    pub max_resting: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct RawPreference {
    pub dates: Sp<(NaiveDate, NaiveDate)>,
    pub shift: Option<Sp<String>>,
    pub weight: f64,
}

#[derive(Clone, Debug)]
pub struct RawStaff {
    pub file: FileIx,
    pub id: Sp<String>,
    pub name: Option<String>,
    pub unit: Sp<String>,
    pub roles: Vec<String>,
    pub leave: Vec<Sp<(NaiveDate, NaiveDate)>>,
    pub rules: RawRules,
    pub comp_carry_in: f64,
    pub points_carry_in: f64,
    pub prefer_off: Vec<RawPreference>,
    pub prefer_on: Vec<RawPreference>,
}

#[derive(Clone, Debug)]
pub struct RawRequirement {
    pub id: Sp<String>,
    pub name: Option<String>,
    pub owner: Option<Sp<String>>,
    pub shift: Option<Sp<String>>,
    pub on: Vec<DaySpec>,
    pub except: Vec<DaySpec>,
    pub count: Option<Sp<u32>>,
    pub roles: Vec<String>,
    pub points: f64,
    pub under_weight: Option<f64>,
    pub over_weight: Option<f64>,
    pub place: std::ops::Range<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct RawWeights {
    pub shortfall: Option<f64>,
    pub fairness: Option<f64>,
    pub lending: Option<f64>,
    pub comp_owed: Option<f64>,
    pub preference: Option<f64>,
}

/// Everything in the scenario file itself.
#[derive(Clone, Debug, Default)]
pub struct RawScenario {
    pub name: Option<Sp<String>>,
    pub start: Option<Sp<NaiveDate>>,
    pub end: Option<Sp<NaiveDate>>,
    pub calendars: Vec<Sp<String>>,
    pub office: bool,
    pub office_hours: Option<Sp<(u32, u32)>>,
    pub time_limit_s: Option<f64>,
    pub mip_gap: Option<f64>,
    pub staff_files: Vec<Sp<String>>,
    pub rules: RawRules,
    pub weights: RawWeights,
    pub shifts: Vec<RawShift>,
    pub groupings: Vec<RawGrouping>,
    pub units: Vec<RawUnit>,
    pub staff: Vec<RawStaff>,
    pub requirements: Vec<RawRequirement>,
    /// Where [scenario] is, for problems about a missing key.
    pub scenario_place: std::ops::Range<usize>,
}
