//! A constructive rota: quick, legal in the common cases, and a good start for the
//! solver (HiGHS proves far more from a good start than cold). Day by day, each
//! requirement takes the qualified people with the fewest duty points who can take it
//! without breaking a rule that the greedy can see; office days fill the rest, and
//! the day after a night is a recovery day.

use crate::domain::{Cell, Rota, Scenario, Status};

/// What the greedy knows of a person so far.
#[derive(Clone, Default)]
struct Tally {
    points: f64,
    duties: u32,
    per_shift: Vec<u32>,
    per_month: Vec<u32>,
    last_duty: Option<usize>,
    minutes: u64,
}

/// A rota for the staff of grouping `g` (other people stay off).
pub fn greedy(s: &Scenario, g: usize) -> Rota {
    let n_days = s.days.len();
    let months = s.days.last().map_or(1, |d| d.month + 1);
    let persons: Vec<usize> = (0..s.staff.len()).filter(|&p| s.grouping_of_person(p) == g).collect();
    let requirements: Vec<usize> =
        (0..s.requirements.len()).filter(|&r| s.owner_grouping(s.requirements[r].owner) == g).collect();
    let mut cells = vec![vec![Cell::OFF; n_days]; s.staff.len()];
    let mut tally: Vec<Tally> = s
        .staff
        .iter()
        .map(|p| Tally {
            points: p.points_carry_in,
            per_shift: vec![0; s.shifts.len()],
            per_month: vec![0; months],
            ..Tally::default()
        })
        .collect();

    for d in 0..n_days {
        // Everyone's default for the day: leave, recovery, office or off.
        for &p in &persons {
            let person = &s.staff[p];
            let recovery = d > 0
                && person.rules.recovery_after_night
                && cells[p][d - 1].requirement.is_some_and(|r| s.shifts[s.requirements[r].shift].is_night());
            cells[p][d] = if person.leave[d] {
                Cell { status: Status::Leave, at_unit: None, requirement: None }
            } else if s.office && s.days[d].is_working() && !recovery {
                Cell { status: Status::Office, at_unit: Some(person.unit), requirement: None }
            } else if s.office && s.days[d].is_working() {
                Cell { status: Status::Rest, at_unit: None, requirement: None }
            } else {
                Cell::OFF
            };
        }
        // Scarce requirements first: fewest candidates per place.
        let mut today: Vec<usize> = requirements.iter().copied().filter(|&r| s.requirements[r].days[d]).collect();
        today.sort_by_key(|&r| (persons.iter().filter(|&&p| s.qualifies(p, r)).count(), s.requirements[r].id.clone()));
        for r in today {
            let req = &s.requirements[r];
            for _ in 0..req.count {
                let best =
                    persons.iter().copied().filter(|&p| can_take(s, &cells, &tally, p, d, r)).min_by(|&a, &b| {
                        let key = |p: usize| (tally[p].points, unit_spare(s, &cells, p, d), s.staff[p].id.clone());
                        let (ka, kb) = (key(a), key(b));
                        ka.0.total_cmp(&kb.0).then(kb.1.cmp(&ka.1)).then(ka.2.cmp(&kb.2))
                    });
                let Some(p) = best else { break };
                let shift = &s.shifts[req.shift];
                let takes_day = !s.office || s.days[d].is_rest() || shift.overlaps_office(s.office_hours);
                cells[p][d] = if takes_day {
                    Cell { status: Status::Shift, at_unit: None, requirement: Some(r) }
                } else {
                    Cell { status: Status::Office, at_unit: Some(s.staff[p].unit), requirement: Some(r) }
                };
                let t = &mut tally[p];
                t.points += req.points;
                t.duties += 1;
                t.per_shift[req.shift] += 1;
                t.per_month[s.days[d].month] += 1;
                t.last_duty = Some(d);
                t.minutes += shift.minutes as u64;
            }
        }
    }
    if s.office {
        take_comp_rests(s, &persons, &mut cells);
    }
    Rota { cells }
}

/// Gives back compensatory rest where the office can spare people: on each working
/// day, each unit lets its office staff with the most comp owed rest, as long as it
/// stays at its minimum and under its resting cap, and nobody's balance goes negative.
pub(super) fn take_comp_rests(s: &Scenario, persons: &[usize], cells: &mut [Vec<Cell>]) {
    let n_days = s.days.len();
    // The balance each person will have at the end of each day, and the lowest balance
    // from each day to the end (a rest taken on d lowers every later day by one).
    let balances = |p: usize, cells: &[Vec<Cell>]| -> Vec<f64> {
        let person = &s.staff[p];
        let mut b = person.comp_carry_in;
        (0..n_days)
            .map(|d| {
                if s.days[d].is_rest() && cells[p][d].requirement.is_some() {
                    b += person.rules.comp_per_restday_shift;
                }
                let recovery = d > 0
                    && person.rules.recovery_after_night
                    && cells[p][d - 1].requirement.is_some_and(|r| s.shifts[s.requirements[r].shift].is_night());
                if cells[p][d].status == Status::Rest && !recovery {
                    b -= 1.0;
                }
                b
            })
            .collect()
    };
    let mut owed: Vec<Vec<f64>> = vec![Vec::new(); s.staff.len()];
    for &p in persons {
        owed[p] = balances(p, cells);
    }
    for d in 0..n_days {
        if !s.days[d].is_working() {
            continue;
        }
        for (u, unit) in s.units.iter().enumerate() {
            if unit.grouping
                != s.staff.get(persons.first().copied().unwrap_or(0)).map_or(usize::MAX, |p| s.units[p.unit].grouping)
            {
                continue;
            }
            loop {
                let present =
                    cells.iter().filter(|row| row[d].status == Status::Office && row[d].at_unit == Some(u)).count()
                        as u32;
                let resting = (0..cells.len())
                    .filter(|&p| s.staff[p].unit == u && cells[p][d].status == Status::Rest)
                    .count() as u32;
                if present <= unit.min_staff[d] || unit.max_resting.is_some_and(|cap| resting >= cap) {
                    break;
                }
                // Who can rest today: at their own office, no shift, and a balance of at
                // least one on every day from today on.
                let candidate = persons
                    .iter()
                    .copied()
                    .filter(|&p| {
                        s.staff[p].unit == u
                            && cells[p][d] == Cell { status: Status::Office, at_unit: Some(u), requirement: None }
                    })
                    .filter(|&p| owed[p][d..].iter().all(|&b| b >= 1.0))
                    .filter(|&p| d + 1 >= n_days || !next_day_needs_work(s, cells, p, d))
                    .max_by(|&a, &b| {
                        owed[a][n_days - 1].total_cmp(&owed[b][n_days - 1]).then(s.staff[b].id.cmp(&s.staff[a].id))
                    });
                let Some(p) = candidate else { break };
                cells[p][d] = Cell { status: Status::Rest, at_unit: None, requirement: None };
                owed[p] = balances(p, cells);
            }
        }
    }
}

/// A rest today would break a minimum run of work days that the greedy left in place.
fn next_day_needs_work(s: &Scenario, cells: &[Vec<Cell>], p: usize, d: usize) -> bool {
    let k = s.staff[p].rules.min_consecutive_work_days as usize;
    if k <= 1 {
        return false;
    }
    // Keep it simple: with a minimum run rule, rest only next to another day without work.
    let before = d == 0 || !cells[p][d - 1].status.is_work();
    let after = d + 1 >= s.days.len() || !cells[p][d + 1].status.is_work();
    !(before || after)
}

/// How many people the person's unit has at its office today beyond its minimum.
fn unit_spare(s: &Scenario, cells: &[Vec<Cell>], p: usize, d: usize) -> i64 {
    let u = s.staff[p].unit;
    let present = cells.iter().filter(|row| row[d].at_unit == Some(u)).count() as i64;
    present - s.units[u].min_staff[d] as i64
}

/// Can p fill requirement r on day d, as far as the greedy can tell?
fn can_take(s: &Scenario, cells: &[Vec<Cell>], tally: &[Tally], p: usize, d: usize, r: usize) -> bool {
    let person = &s.staff[p];
    let rules = &person.rules;
    let req = &s.requirements[r];
    let cell = cells[p][d];
    let t = &tally[p];
    if !s.qualifies(p, r) || cell.requirement.is_some() || matches!(cell.status, Status::Leave | Status::Rest) {
        return false;
    }
    if rules.max_shifts[req.shift].is_some_and(|m| t.per_shift[req.shift] >= m)
        || rules.max_duties.is_some_and(|m| t.duties >= m)
        || rules.max_duties_per_month.is_some_and(|m| t.per_month[s.days[d].month] >= m)
        || t.last_duty.is_some_and(|last| ((d - last) as u32) < rules.min_days_between_duties)
    {
        return false;
    }
    if let Some(max) = rules.max_minutes {
        if t.minutes + s.shifts[req.shift].minutes as u64 > max as u64 {
            return false;
        }
    }
    // A shift right after yesterday's: not_followed_by and rest hours.
    if d > 0 {
        if let Some(prev) = cells[p][d - 1].requirement.map(|q| s.requirements[q].shift) {
            if s.shifts[prev].not_followed_by.contains(&req.shift) {
                return false;
            }
            if let (Some((_, end)), Some((start, _))) = (s.shifts[prev].interval(), s.shifts[req.shift].interval()) {
                if end as f64 + rules.min_rest_hours * 60.0 > start as f64 + 1440.0 {
                    return false;
                }
            }
        }
    }
    // Tomorrow is an office day: a night would need recovery; a shift forbidding the
    // office tomorrow is avoided.
    let shift = &s.shifts[req.shift];
    if shift.not_followed_by_office && d + 1 < s.days.len() && s.office && s.days[d + 1].is_working() {
        return false;
    }
    // Taking a day-taking shift on a working day must not leave the unit below its minimum.
    if s.office && s.days[d].is_working() && shift.overlaps_office(s.office_hours) && unit_spare(s, cells, p, d) <= 0 {
        return false;
    }
    // Don't break a run limit the greedy can see: consecutive work days up to today.
    if let Some(limit) = rules.max_consecutive_work_days {
        let run = (0..d).rev().take_while(|&x| cells[p][x].status.is_work()).count() as u32;
        if !cell.status.is_work() && run + 1 > limit {
            return false;
        }
    }
    true
}
