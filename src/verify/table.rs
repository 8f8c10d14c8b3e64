//! A rota as verify sees it: one cell per person per day, read from rota.csv.

use crate::domain::Scenario;

/// A person's status on one day (contract section 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Leave,
    Office,
    Shift,
    Rest,
    Off,
}

impl Status {
    /// Reads a status cell; case and surrounding blanks do not matter.
    pub fn parse(text: &str) -> Option<Status> {
        match text.trim().to_ascii_lowercase().as_str() {
            "leave" => Some(Status::Leave),
            "office" => Some(Status::Office),
            "shift" => Some(Status::Shift),
            "rest" => Some(Status::Rest),
            "off" => Some(Status::Off),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::Leave => "leave",
            Status::Office => "office",
            Status::Shift => "shift",
            Status::Rest => "rest",
            Status::Off => "off",
        }
    }

    /// Work is status office or shift (contract section 2).
    pub fn is_work(self) -> bool {
        matches!(self, Status::Office | Status::Shift)
    }
}

/// An id cell of rota.csv: empty, an id the scenario knows (its index), or an id it
/// does not know (reported under `rota_rows`, otherwise treated as present but opaque).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ref {
    None,
    Known(usize),
    Unknown(String),
}

impl Ref {
    pub fn known(&self) -> Option<usize> {
        match self {
            Ref::Known(i) => Some(*i),
            _ => None,
        }
    }
    pub fn is_some(&self) -> bool {
        !matches!(self, Ref::None)
    }
}

/// One person's day.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub status: Status,
    pub at_unit: Ref,
    pub shift: Ref,
    pub requirement: Ref,
    /// Line of rota.csv it was read from (0 when built in memory).
    pub line: usize,
}

impl Cell {
    pub fn new(status: Status) -> Self {
        Cell { status, at_unit: Ref::None, shift: Ref::None, requirement: Ref::None, line: 0 }
    }
}

/// The rota: `cells[person][day]`, persons and days as indexed by the scenario. A cell
/// is `None` when rota.csv has no row for that person and day.
#[derive(Clone, Debug, PartialEq)]
pub struct RotaTable {
    pub cells: Vec<Vec<Option<Cell>>>,
}

impl RotaTable {
    /// A table with no rows yet, sized for scenario `s`.
    pub fn empty(s: &Scenario) -> Self {
        RotaTable { cells: vec![vec![None; s.days.len()]; s.staff.len()] }
    }

    pub fn cell(&self, p: usize, d: usize) -> Option<&Cell> {
        self.cells.get(p).and_then(|row| row.get(d)).and_then(Option::as_ref)
    }

    pub fn status(&self, p: usize, d: usize) -> Option<Status> {
        self.cell(p, d).map(|c| c.status)
    }

    /// The shift held by `p` on day `d`, when it is one the scenario knows.
    pub fn shift(&self, p: usize, d: usize) -> Option<usize> {
        self.cell(p, d).and_then(|c| c.shift.known())
    }

    /// The requirement `p` fills on day `d`, when it is one the scenario knows.
    pub fn requirement(&self, p: usize, d: usize) -> Option<usize> {
        self.cell(p, d).and_then(|c| c.requirement.known())
    }

    /// Does `p` work on day `d` (status office or shift)? A missing row is no work.
    pub fn works(&self, p: usize, d: usize) -> bool {
        self.status(p, d).is_some_and(Status::is_work)
    }
}
