//! Shortfalls in plain words: which unit or requirement, which day, how many short, and
//! why, where the rota can tell (everyone on leave, nobody qualified, lending off, …).

use serde::Serialize;

use crate::domain::{Owner, Rota, Scenario, Status};
use crate::report::evaluate::is_recovery;
use crate::report::files::coverage;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Shortfall {
    pub date: String,
    pub kind: &'static str,
    pub id: String,
    pub need: u32,
    pub have: u32,
    pub why: String,
}

/// Every unit-day and requirement-day below its need, explained.
pub fn shortfalls(s: &Scenario, rota: &Rota) -> Vec<Shortfall> {
    coverage(s, rota)
        .into_iter()
        .filter(|c| c.have < c.need)
        .map(|c| {
            let why = if c.kind == "unit" {
                let u = s.units.iter().position(|u| u.id == c.id).unwrap_or(0);
                unit_reason(s, rota, u, c.day)
            } else {
                let r = s.requirements.iter().position(|r| r.id == c.id).unwrap_or(0);
                requirement_reason(s, rota, r, c.day)
            };
            Shortfall { date: s.days[c.day].date.to_string(), kind: c.kind, id: c.id, need: c.need, have: c.have, why }
        })
        .collect()
}

/// Where the unit's own people were that day, and whether lending could have helped.
fn unit_reason(s: &Scenario, rota: &Rota, u: usize, d: usize) -> String {
    let own: Vec<usize> = (0..s.staff.len()).filter(|&p| s.staff[p].unit == u).collect();
    let count = |f: &dyn Fn(usize) -> bool| own.iter().filter(|&&p| f(p)).count();
    let leave = count(&|p| rota.cells[p][d].status == Status::Leave);
    let recovery = count(&|p| rota.cells[p][d].status == Status::Rest && is_recovery(s, rota, p, d));
    let resting = count(&|p| rota.cells[p][d].status == Status::Rest) - recovery;
    let shifts = count(&|p| rota.cells[p][d].status == Status::Shift);
    let lent = count(&|p| rota.cells[p][d].status == Status::Office && rota.cells[p][d].at_unit != Some(u));
    let g = &s.groupings[s.units[u].grouping];
    let mut parts = vec![format!("{} own staff", own.len())];
    for (n, what) in [
        (leave, "on leave"),
        (recovery, "recovering after a night"),
        (resting, "resting (comp)"),
        (shifts, "on joint duty"),
        (lent, "lent out"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    let lending = if g.units.len() < 2 {
        "the unit is on its own: nobody can be lent in"
    } else if !g.lending {
        "lending is off in its grouping"
    } else {
        "no one could be spared elsewhere in the grouping"
    };
    format!("{}; {lending}", parts.join(", "))
}

/// Why nobody more filled the requirement: who qualifies and where they were.
fn requirement_reason(s: &Scenario, rota: &Rota, r: usize, d: usize) -> String {
    let req = &s.requirements[r];
    let qualified: Vec<usize> = (0..s.staff.len()).filter(|&p| s.qualifies(p, r)).collect();
    let pool = match req.owner {
        Owner::Grouping(g) => format!("grouping {}", s.groupings[g].id),
        Owner::Unit(u) => format!("unit {}", s.units[u].id),
    };
    if qualified.is_empty() {
        let roles = req.roles.iter().cloned().collect::<Vec<_>>().join(" or ");
        return format!("nobody in {pool} holds the role {roles}");
    }
    let count = |f: &dyn Fn(usize) -> bool| qualified.iter().filter(|&&p| f(p)).count();
    let leave = count(&|p| s.staff[p].leave[d]);
    if leave == qualified.len() {
        return format!("all {} qualified people of {pool} are on leave", qualified.len());
    }
    let recovery = count(&|p| is_recovery(s, rota, p, d));
    let busy = count(&|p| rota.cells[p][d].requirement.is_some_and(|q| q != r));
    let free = qualified.len() - leave - recovery - busy - count(&|p| rota.cells[p][d].requirement == Some(r));
    let mut parts = vec![format!("{} qualified in {pool}", qualified.len())];
    for (n, what) in [(leave, "on leave"), (recovery, "recovering after a night"), (busy, "on another duty")] {
        if n > 0 {
            parts.push(format!("{n} {what}"));
        }
    }
    if free > 0 {
        parts.push(format!("{free} held back by their rules (rest hours, days between duties, monthly or total limits) or needed at their unit"));
    }
    parts.join(", ")
}
