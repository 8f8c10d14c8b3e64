//! The hard rules of contract sections 2 and 5, one function each. Each function adds
//! its constraints to the model; the rule's name matches the checker's (`rota verify`).

use good_lp::{variable, Expression};

use super::GroupingModel;
use crate::domain::DayKind;

pub fn add_all(m: &mut GroupingModel) {
    one_status_per_day(m);
    recovery_after_night(m);
    not_followed_by(m);
    min_rest_hours(m);
    max_consecutive_work_days(m);
    min_consecutive_work_days(m);
    min_consecutive_off_days(m);
    max_weekends(m);
    max_shifts(m);
    max_duties(m);
    max_duties_per_month(m);
    min_days_between_duties(m);
    minutes(m);
    max_resting(m);
    comp_balance(m);
    requirement_fill(m);
    unit_min_staff(m);
}

/// At most one shift a day; a rest day at the office holds no shift at all. (Office,
/// day-taking shift and rest add up to one through `at_office`.)
fn one_status_per_day(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        for d in 0..m.days() {
            if m.fill[pi][d].is_empty() {
                continue;
            }
            let mut e = m.any_shift(pi, d);
            if let Some(rest) = m.rest[pi][d] {
                e += rest;
            }
            if m.fill[pi][d].len() > 1 || m.rest[pi][d].is_some() {
                m.constraints.push(e.leq(1.0));
            }
        }
    }
}

/// recovery_after_night: after a shift ending past midnight the next day has no office
/// and no shift — a working day becomes rest (costing no compensatory rest).
fn recovery_after_night(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        for d in 1..m.days() {
            if !m.has_recovery(pi, d) {
                continue;
            }
            let rec = m.recovery(pi, d);
            match m.rest[pi][d] {
                Some(rest) => m.constraints.push(rec.leq(rest)),
                None if !m.fill[pi][d].is_empty() => {
                    let e = rec + m.any_shift(pi, d);
                    m.constraints.push(e.leq(1.0));
                }
                None => {}
            }
        }
    }
}

/// not_followed_by: a shift may not be followed the next day by the shifts it names
/// (or by an office day, when it names "office").
fn not_followed_by(m: &mut GroupingModel) {
    let s = m.s;
    for pi in 0..m.persons.len() {
        for d in 0..m.days().saturating_sub(1) {
            for (sid, shift) in s.shifts.iter().enumerate() {
                if !m.fill[pi][d].iter().any(|f| f.shift == sid) {
                    continue;
                }
                let next: Expression = shift.not_followed_by.iter().map(|&t| m.holds(pi, d + 1, t)).sum();
                if shift.not_followed_by.iter().any(|&t| m.fill[pi][d + 1].iter().any(|f| f.shift == t)) {
                    let e = m.holds(pi, d, sid) + next;
                    m.constraints.push(e.leq(1.0));
                }
                if shift.not_followed_by_office && m.rest[pi][d + 1].is_some() {
                    let e = m.holds(pi, d, sid) + m.at_office(pi, d + 1);
                    m.constraints.push(e.leq(1.0));
                }
            }
        }
    }
}

/// An activity of a day with clock times: the office (None) or a shift.
fn activities(m: &GroupingModel, pi: usize, d: usize) -> Vec<(Option<usize>, (u32, u32))> {
    let s = m.s;
    let mut out = Vec::new();
    if m.rest[pi][d].is_some() {
        out.push((None, s.office_hours));
    }
    let mut seen = Vec::new();
    for f in &m.fill[pi][d] {
        if let Some(iv) = s.shifts[f.shift].interval() {
            if !seen.contains(&f.shift) {
                seen.push(f.shift);
                out.push((Some(f.shift), iv));
            }
        }
    }
    out
}

/// min_rest_hours: from the end of one worked day's work to the start of the next
/// worked day's work at least this long (0: may touch, not overlap). A day's block is
/// its earliest start to its latest end, so it is enough to forbid every pair of
/// activities (office, clock-timed shifts) on days d and d+k that come too close.
fn min_rest_hours(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        let gap = (m.s.staff[m.persons[pi]].rules.min_rest_hours * 60.0).round() as i64;
        // A block ends before 48:00 of its day, so work k days later can come too close
        // only while 24·k hours < 48 h + the rest asked for (more than two days for a
        // rest of a day or more).
        let reach = ((2879 + gap.max(0)) / 1440).max(1) as usize;
        for d in 0..m.days() {
            let today = activities(m, pi, d);
            for k in 1..=reach {
                if d + k >= m.days() {
                    break;
                }
                let later = activities(m, pi, d + k);
                for &(a, (_, end_a)) in &today {
                    // The day after a night is a recovery day already: nothing to add.
                    let recovers = a.is_some_and(|sa| m.s.shifts[sa].is_night())
                        && m.s.staff[m.persons[pi]].rules.recovery_after_night;
                    if recovers && k == 1 {
                        continue;
                    }
                    let offset = 1440 * k as i64;
                    let clash = |start_b: u32| end_a as i64 + gap > start_b as i64 + offset;
                    let shifts_b: Vec<usize> =
                        later.iter().filter_map(|&(b, (sb, _))| b.filter(|_| clash(sb))).collect();
                    let office_b = later.iter().any(|&(b, (sb, _))| b.is_none() && clash(sb));
                    let this = |m: &GroupingModel| match a {
                        None => m.at_office(pi, d),
                        Some(sa) => m.holds(pi, d, sa),
                    };
                    if !shifts_b.is_empty() {
                        let e = this(m) + shifts_b.iter().map(|&b| m.holds(pi, d + k, b)).sum::<Expression>();
                        m.constraints.push(e.leq(1.0));
                    }
                    if office_b {
                        let e = this(m) + m.at_office(pi, d + k);
                        m.constraints.push(e.leq(1.0));
                    }
                }
            }
        }
    }
}

/// max_consecutive_work_days: every window of limit+1 days inside the horizon has a
/// day without work.
fn max_consecutive_work_days(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        let Some(limit) = m.s.staff[m.persons[pi]].rules.max_consecutive_work_days else { continue };
        let w = limit as usize + 1;
        for d in 0..m.days().saturating_sub(w - 1) {
            if (d..d + w).all(|x| m.can_work(pi, x)) {
                let e: Expression = (d..d + w).map(|x| m.works(pi, x)).sum();
                m.constraints.push(e.leq(limit as f64));
            }
        }
    }
}

/// min_consecutive_work_days: a run of work days that starts after day 0 lasts at least
/// the limit, unless it reaches the horizon's end (border rule).
fn min_consecutive_work_days(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        let k = m.s.staff[m.persons[pi]].rules.min_consecutive_work_days as usize;
        for d in 1..m.days() {
            if !m.can_work(pi, d) {
                continue;
            }
            for j in 1..k {
                if d + j >= m.days() {
                    break;
                }
                // work[d] − work[d−1] ≤ work[d+j]
                let e = m.works(pi, d) - m.works(pi, d - 1) - m.works(pi, d + j);
                m.constraints.push(e.leq(0.0));
            }
        }
    }
}

/// min_consecutive_off_days: a run of days without work that starts after day 0 lasts
/// at least the limit, unless it reaches the horizon's end.
fn min_consecutive_off_days(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        let k = m.s.staff[m.persons[pi]].rules.min_consecutive_off_days as usize;
        for d in 1..m.days() {
            if !m.can_work(pi, d - 1) {
                continue; // no work the day before: no run of days off starts at d
            }
            for j in 1..k {
                if d + j >= m.days() {
                    break;
                }
                // off[d] − off[d−1] ≤ off[d+j]  ⇔  work[d−1] − work[d] + work[d+j] ≤ 1
                let e = m.works(pi, d - 1) - m.works(pi, d) + m.works(pi, d + j);
                m.constraints.push(e.leq(1.0));
            }
        }
    }
}

/// The calendar weekends touching the horizon: (Saturday index or None, Sunday index or None).
pub fn weekends(m: &GroupingModel) -> Vec<(Option<usize>, Option<usize>)> {
    use chrono::{Datelike, Weekday};
    let mut out = Vec::new();
    for (d, day) in m.s.days.iter().enumerate() {
        match day.date.weekday() {
            Weekday::Sat => out.push((Some(d), (d + 1 < m.days()).then_some(d + 1))),
            Weekday::Sun if d == 0 => out.push((None, Some(0))),
            _ => {}
        }
    }
    out
}

/// max_weekends: at most this many weekends (Saturday + Sunday) with work on either day.
fn max_weekends(m: &mut GroupingModel) {
    let list = weekends(m);
    for pi in 0..m.persons.len() {
        let Some(limit) = m.s.staff[m.persons[pi]].rules.max_weekends else { continue };
        let mut total = Expression::from(0.0);
        let mut any = false;
        for (w, &(sat, sun)) in list.iter().enumerate() {
            let days: Vec<usize> = [sat, sun].into_iter().flatten().filter(|&d| m.can_work(pi, d)).collect();
            if days.is_empty() {
                continue;
            }
            any = true;
            let var = m.vars.add(variable().binary());
            m.n_binary += 1;
            for &d in &days {
                let e = m.works(pi, d);
                m.constraints.push(e.leq(var));
            }
            m.weekend.insert((pi, w), var);
            total += var;
        }
        if any {
            m.constraints.push(total.leq(limit as f64));
        }
    }
}

/// max_shifts: at most this many shifts of each kind in the horizon.
fn max_shifts(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        let limits = m.s.staff[m.persons[pi]].rules.max_shifts.clone();
        for (sid, limit) in limits.iter().enumerate() {
            let Some(limit) = limit else { continue };
            let e: Expression = (0..m.days()).map(|d| m.holds(pi, d, sid)).sum();
            m.constraints.push(e.leq(*limit as f64));
        }
    }
}

/// max_duties: at most this many shifts of any kind in the horizon.
fn max_duties(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        let Some(limit) = m.s.staff[m.persons[pi]].rules.max_duties else { continue };
        let e: Expression = (0..m.days()).map(|d| m.any_shift(pi, d)).sum();
        m.constraints.push(e.leq(limit as f64));
    }
}

/// max_duties_per_month: at most this many shifts in one calendar month.
fn max_duties_per_month(m: &mut GroupingModel) {
    let months = m.s.days.last().map_or(0, |d| d.month + 1);
    for pi in 0..m.persons.len() {
        let Some(limit) = m.s.staff[m.persons[pi]].rules.max_duties_per_month else { continue };
        for month in 0..months {
            let e: Expression = (0..m.days()).filter(|&d| m.s.days[d].month == month).map(|d| m.any_shift(pi, d)).sum();
            m.constraints.push(e.leq(limit as f64));
        }
    }
}

/// min_days_between_duties: two shifts of one person are at least this many days apart,
/// so every window of that many days holds at most one shift.
fn min_days_between_duties(m: &mut GroupingModel) {
    for pi in 0..m.persons.len() {
        let k = m.s.staff[m.persons[pi]].rules.min_days_between_duties as usize;
        if k < 2 {
            continue;
        }
        for d in 0..m.days() {
            let window: Vec<usize> = (d..(d + k).min(m.days())).filter(|&x| !m.fill[pi][x].is_empty()).collect();
            if window.len() >= 2 && window[0] == d {
                let e: Expression = window.iter().map(|&x| m.any_shift(pi, x)).sum();
                m.constraints.push(e.leq(1.0));
            }
        }
    }
}

/// min_minutes / max_minutes: total minutes worked (office hours on office days, shift
/// lengths for shifts) within the person's bounds.
fn minutes(m: &mut GroupingModel) {
    let office = m.s.office_minutes() as f64;
    for pi in 0..m.persons.len() {
        let rules = &m.s.staff[m.persons[pi]].rules;
        let (min, max) = (rules.min_minutes, rules.max_minutes);
        if min.is_none() && max.is_none() {
            continue;
        }
        let mut total = Expression::from(0.0);
        for d in 0..m.days() {
            total += office * m.at_office(pi, d);
            for f in &m.fill[pi][d] {
                total += m.s.shifts[f.shift].minutes as f64 * f.var;
            }
        }
        if let Some(max) = max {
            m.constraints.push(total.clone().leq(max as f64));
        }
        if let Some(min) = min {
            m.constraints.push(total.geq(min as f64));
        }
    }
}

/// max_resting: at most this many of a unit's own staff rest on one working day.
fn max_resting(m: &mut GroupingModel) {
    let s = m.s;
    for &u in &s.groupings[m.grouping].units {
        let Some(cap) = s.units[u].max_resting else { continue };
        for d in 0..m.days() {
            let resting: Vec<_> = (0..m.persons.len())
                .filter(|&pi| s.staff[m.persons[pi]].unit == u)
                .filter_map(|pi| m.rest[pi][d])
                .collect();
            if resting.len() > cap as usize {
                let e: Expression = resting.into_iter().sum();
                m.constraints.push(e.leq(cap as f64));
            }
        }
    }
}

/// comp_balance (office mode): the compensatory-rest balance starts at the carry-in,
/// grows by comp_per_restday_shift for each shift starting on a rest day, shrinks by one
/// for each rest that is not a recovery day, and is never negative at the end of a day.
fn comp_balance(m: &mut GroupingModel) {
    if !m.s.office {
        return;
    }
    for pi in 0..m.persons.len() {
        let person = &m.s.staff[m.persons[pi]];
        let mut previous = Expression::from(person.comp_carry_in);
        let mut balances = Vec::with_capacity(m.days());
        for d in 0..m.days() {
            let var = m.vars.add(variable().min(0.0));
            let mut change = Expression::from(0.0);
            if m.s.days[d].kind != DayKind::Working {
                change += person.rules.comp_per_restday_shift * m.any_shift(pi, d);
            }
            if let Some(rest) = m.rest[pi][d] {
                change += m.recovery(pi, d) - Expression::from(rest);
            }
            let e = previous + change;
            m.constraints.push(e.eq(var));
            previous = Expression::from(var);
            balances.push(var);
        }
        m.comp.push(balances);
    }
}

/// Requirement counts: filled + short ≥ count; more than count only with over_weight.
fn requirement_fill(m: &mut GroupingModel) {
    let s = m.s;
    for &r in &m.requirements.clone() {
        let req = &s.requirements[r];
        for d in 0..m.days() {
            if !req.days[d] {
                continue;
            }
            let filled: Expression = (0..m.persons.len())
                .flat_map(|pi| m.fill[pi][d].iter().filter(|f| f.requirement == r).map(|f| f.var))
                .sum();
            if req.count > 0 {
                let short = m.vars.add(variable().min(0.0).max(req.count as f64));
                m.req_short.insert((r, d), short);
                m.constraints.push((filled.clone() + short).geq(req.count as f64));
            }
            match req.over_weight {
                Some(_) => {
                    let over = m.vars.add(variable().min(0.0));
                    m.req_over.insert((r, d), over);
                    m.constraints.push((filled - over).leq(req.count as f64));
                }
                None => m.constraints.push(filled.leq(req.count as f64)),
            }
        }
    }
}

/// Unit minimums (office mode): people at a unit's office on a working day — its own
/// office staff, less those lent out, plus those lent in — plus the shortfall slack reach
/// the minimum. Lending happens only inside a grouping that allows it.
fn unit_min_staff(m: &mut GroupingModel) {
    let s = m.s;
    if !s.office {
        return;
    }
    let grouping = &s.groupings[m.grouping];
    let units = grouping.units.clone();
    let lending = grouping.lending && units.len() > 1;
    for d in 0..m.days() {
        if s.days[d].kind != DayKind::Working {
            continue;
        }
        let own: Vec<Expression> = units
            .iter()
            .map(|&u| {
                (0..m.persons.len()).filter(|&pi| s.staff[m.persons[pi]].unit == u).map(|pi| m.at_office(pi, d)).sum()
            })
            .collect();
        if lending {
            for (i, &from) in units.iter().enumerate() {
                let mut out = Expression::from(0.0);
                for &to in &units {
                    let need = s.units[to].min_staff[d];
                    if to == from || need == 0 {
                        continue;
                    }
                    let var = m.vars.add(variable().integer().min(0.0).max(need as f64));
                    m.lend.insert((from, to, d), var);
                    out += var;
                }
                m.constraints.push(out.leq(own[i].clone()));
            }
        }
        for (i, &u) in units.iter().enumerate() {
            let need = s.units[u].min_staff[d];
            if need == 0 {
                continue;
            }
            let mut present = own[i].clone();
            for (&(from, to, day), &var) in &m.lend {
                if day == d && to == u {
                    present += var;
                }
                if day == d && from == u {
                    present -= var;
                }
            }
            let short = m.vars.add(variable().min(0.0).max(need as f64));
            m.unit_short.insert((u, d), short);
            m.constraints.push((present + short).geq(need as f64));
        }
    }
}
