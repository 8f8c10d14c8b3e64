//! Warnings: what does not stop a solve but a planner should read before one.

use std::collections::BTreeMap;

use super::raw::{RawRequirement, RawStaff, RawUnit};
use super::resolve::Resolver;
use super::toml_walk::Sp;
use crate::calendar::{self, Calendar};
use crate::diag::Problem;
use crate::domain::{Owner, Scenario};

/// Warnings that do not stop a solve but that a planner should read.
pub(super) fn warn_about(
    r: &mut Resolver,
    s: &Scenario,
    reqs: &[RawRequirement],
    units_raw: &[RawUnit],
    staff_raw: &[RawStaff],
    calendars: &[Calendar],
    default_limit: Option<&Sp<u32>>,
) {
    warn_calendars(r, s, calendars);
    warn_requirements(r, s, reqs);
    if s.office {
        warn_units(r, s, units_raw);
        warn_work_day_limits(r, s, staff_raw, default_limit);
    }
}

/// A year of the horizon that no calendar describes has only weekends as rest days;
/// a provisional calendar is an estimate, not the official arrangement.
fn warn_calendars(r: &mut Resolver, s: &Scenario, calendars: &[Calendar]) {
    let scen = r.sources[0].name.clone();
    let uncovered = if r.calendars_read { calendar::uncovered_years(&s.days, calendars) } else { Vec::new() };
    for year in uncovered {
        r.diags.push(
            Problem::warning(
                "year_without_calendar",
                &scen,
                format!("no calendar describes {year}: only weekends are rest days that year"),
            )
            .help(
                "add a calendar for that year to `calendars` in [scenario] (the built-in \"cn\" covers 2025 to 2027)",
            ),
        );
    }
    for c in s.calendars.iter().filter(|c| c.provisional) {
        let years: Vec<String> = c.years.iter().map(|y| y.to_string()).collect();
        r.diags.push(
            Problem::warning(
                "provisional_calendar",
                &c.source,
                format!(
                    "calendar `{}` ({}) is provisional: the official arrangement is not yet published",
                    c.name,
                    years.join(", ")
                ),
            )
            .help("plans made with it may change; replace it with the published arrangement when it comes out"),
        );
    }
}

/// A requirement that applies on no day, or that nobody in its owner's pool can fill,
/// will be short every day it applies.
fn warn_requirements(r: &mut Resolver, s: &Scenario, reqs: &[RawRequirement]) {
    let raw_of: BTreeMap<&str, &RawRequirement> = reqs.iter().map(|q| (q.id.value.as_str(), q)).collect();
    let staff_of_unit = staff_by_unit(s);
    for (qi, req) in s.requirements.iter().enumerate() {
        let Some(raw) = raw_of.get(req.id.as_str()) else { continue };
        if !req.days.iter().any(|d| *d) {
            r.warning(
                0,
                "requirement_never_applies",
                raw.place.clone(),
                format!("requirement `{}` applies on no day of the horizon", req.id),
                "never applies",
                "check `on` and `except` against the horizon and its calendar",
            );
            continue;
        }
        let owner_units = match req.owner {
            Owner::Grouping(g) => s.groupings.get(g).map(|g| g.units.clone()).unwrap_or_default(),
            Owner::Unit(u) => vec![u],
        };
        let mut pool = owner_units.iter().flat_map(|&u| staff_of_unit.get(u).into_iter().flatten().copied());
        let anyone =
            pool.any(|p| s.qualifies(p, qi) && req.days.iter().zip(&s.staff[p].leave).any(|(on, leave)| *on && !leave));
        if !anyone {
            let roles = if req.roles.is_empty() {
                "any".to_string()
            } else {
                req.roles.iter().cloned().collect::<Vec<_>>().join(", ")
            };
            r.warning(
                0,
                "nobody_qualifies",
                raw.place.clone(),
                format!(
                    "nobody in the pool of `{}` qualifies for requirement `{}` (roles: {roles}): it will be short every day",
                    owner_id(s, req.owner),
                    req.id
                ),
                "nobody qualifies",
                "give someone of the owner's units one of these roles, or change `roles` or `owner`",
            );
        }
    }
}

/// The people of each unit, by unit index.
fn staff_by_unit(s: &Scenario) -> Vec<Vec<usize>> {
    let mut by_unit = vec![Vec::new(); s.units.len()];
    for (p, person) in s.staff.iter().enumerate() {
        if let Some(list) = by_unit.get_mut(person.unit) {
            list.push(p);
        }
    }
    by_unit
}

/// A unit whose own staff are fewer than its minimum can only be staffed by lending.
fn warn_units(r: &mut Resolver, s: &Scenario, units_raw: &[RawUnit]) {
    let staff_of_unit = staff_by_unit(s);
    for (ui, (u, raw)) in s.units.iter().zip(units_raw).enumerate() {
        let home = staff_of_unit[ui].len() as u32;
        let most = u.min_staff.iter().copied().max().unwrap_or(0);
        if most > home {
            r.warning(
                0,
                "unit_below_minimum",
                raw.id.span.clone(),
                format!("unit `{}` has {home} staff but needs {most} at its office on some working days", u.id),
                "fewer staff than its minimum",
                "only staff lent from its grouping can fill the gap: lower `min_staff`, add staff, or check `lending`",
            );
        }
    }
}

/// A `max_consecutive_work_days` shorter than the calendar's longest run of working
/// days is no error, but rests (costing compensatory rest) must break such runs.
fn warn_work_day_limits(r: &mut Resolver, s: &Scenario, staff_raw: &[RawStaff], default_limit: Option<&Sp<u32>>) {
    let longest = calendar::longest_working_run(&s.days) as u32;
    let message = |limit: u32, whose: &str| {
        format!(
            "max_consecutive_work_days {limit} {whose} is shorter than the calendar's longest run of {longest} working days: rests (costing compensatory rest) must break such runs"
        )
    };
    let help = format!("raise it to {longest} or more, or keep it and expect rests that cost compensatory rest");
    if let Some(limit) = default_limit.filter(|l| l.value < longest) {
        let text = message(limit.value, "in [rules]");
        r.warning(0, "limit_below_working_run", limit.span.clone(), text, "shorter than a working run", &help);
    }
    for p in staff_raw {
        if let Some(limit) = p.rules.max_consecutive_work_days.as_ref().filter(|l| l.value < longest) {
            let text = message(limit.value, &format!("for `{}`", p.id.value));
            r.warning(p.file, "limit_below_working_run", limit.span.clone(), text, "shorter than a working run", &help);
        }
    }
}

pub fn owner_id(s: &Scenario, owner: Owner) -> &str {
    match owner {
        Owner::Grouping(g) => &s.groupings[g].id,
        Owner::Unit(u) => &s.units[u].id,
    }
}
