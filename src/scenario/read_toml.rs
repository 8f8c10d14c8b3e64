//! Reads the scenario TOML file into a [`RawScenario`], collecting every problem.

use toml::de::DeValue;
use toml::Spanned;

use super::raw::*;
use super::toml_walk::{parse_hhmm, Sp, Table, Walker};
use crate::diag::shorten;

const TOP_KEYS: &[&str] = &["scenario", "rules", "weights", "shift", "grouping", "unit", "staff", "requirement"];
const SCENARIO_KEYS: &[&str] =
    &["name", "start", "end", "calendars", "office", "office_hours", "time_limit_s", "mip_gap", "staff_files"];
const WEIGHT_KEYS: &[&str] = &["shortfall", "fairness", "lending", "comp_owed", "preference"];
const SHIFT_KEYS: &[&str] = &["id", "name", "start", "end", "minutes", "not_followed_by"];
const GROUPING_KEYS: &[&str] = &["id", "name", "lead", "lending"];
const UNIT_KEYS: &[&str] = &["id", "name", "grouping", "min_staff", "min_staff_on", "max_resting"];
const REQUIREMENT_KEYS: &[&str] =
    &["id", "name", "owner", "shift", "on", "except", "count", "roles", "points", "under_weight", "over_weight"];
/// Keys of [[staff]] besides the rule keys.
pub const STAFF_KEYS: &[&str] =
    &["id", "name", "unit", "roles", "leave", "comp_carry_in", "points_carry_in", "prefer_off", "prefer_on"];

type V<'i> = Spanned<DeValue<'i>>;

/// Reads the scenario document; None when its TOML cannot be parsed at all.
pub fn read_scenario(w: &mut Walker, text: &str) -> Option<RawScenario> {
    let doc = w.parse(text)?;
    let top = w.open(doc.get_ref(), doc.span(), "the scenario file", TOP_KEYS);
    let mut raw = RawScenario { office: true, ..RawScenario::default() };

    match top.get("scenario") {
        Some(v) => {
            raw.scenario_place = v.span();
            if let Some(t) = w.table(v, "[scenario]", SCENARIO_KEYS) {
                read_scenario_table(w, &t, &mut raw);
            }
        }
        None => w.error(
            "missing_key",
            0..0,
            "the scenario file has no [scenario] table",
            "file starts here",
            "add a [scenario] table with name, start and end",
        ),
    }
    if let Some(v) = top.get("rules") {
        if let Some(t) = w.table(v, "[rules]", RULE_KEYS) {
            raw.rules = read_rules(w, &t);
        }
    }
    if let Some(v) = top.get("weights") {
        if let Some(t) = w.table(v, "[weights]", WEIGHT_KEYS) {
            let mut num = |k: &str| t.get(k).and_then(|v| w.number(v, &t.key_what(k))).map(|n| n.value);
            raw.weights = RawWeights {
                shortfall: num("shortfall"),
                fairness: num("fairness"),
                lending: num("lending"),
                comp_owed: num("comp_owed"),
                preference: num("preference"),
            };
        }
    }
    raw.shifts = tables(w, &top, "shift", SHIFT_KEYS, read_shift);
    raw.groupings = tables(w, &top, "grouping", GROUPING_KEYS, read_grouping);
    raw.units = tables(w, &top, "unit", UNIT_KEYS, read_unit);
    let staff_keys: Vec<&str> = STAFF_KEYS.iter().chain(RULE_KEYS).copied().collect();
    raw.staff = tables(w, &top, "staff", &staff_keys, read_staff);
    raw.requirements = tables(w, &top, "requirement", REQUIREMENT_KEYS, read_requirement);
    Some(raw)
}

/// Reads every `[[key]]` table with `read`.
fn tables<T>(
    w: &mut Walker,
    top: &Table,
    key: &str,
    allowed: &[&str],
    read: fn(&mut Walker, &Table) -> Option<T>,
) -> Vec<T> {
    let Some(v) = top.get(key) else { return Vec::new() };
    let what = format!("[[{key}]]");
    if let DeValue::Table(_) = v.get_ref() {
        w.error(
            "wrong_type",
            v.span(),
            format!("`{key}` is written as one table [{key}]; it is a list of tables"),
            "single brackets",
            format!("write [[{key}]] (double brackets) above each {key}"),
        );
        return Vec::new();
    }
    w.array(v, &what, |w, item| {
        let t = w.table(item, &what, allowed)?;
        read(w, &t)
    })
    .unwrap_or_default()
}

fn required<'t, 'i>(w: &mut Walker, t: &Table<'t, 'i>, key: &str) -> Option<&'t V<'i>> {
    let v = t.get(key);
    if v.is_none() {
        w.error(
            "missing_key",
            t.place(),
            format!("{} is missing", t.key_what(key)),
            &format!("{} without `{key}`", t.what),
            format!("add `{key} = …` to {}", this(&t.what)),
        );
    }
    v
}

/// "this [[unit]]", "this item of `prefer_on`": a table's description for a help text.
pub fn this(what: &str) -> String {
    let bare = what.strip_prefix("an ").or_else(|| what.strip_prefix("a ")).unwrap_or(what);
    format!("this {bare}")
}

fn read_scenario_table(w: &mut Walker, t: &Table, raw: &mut RawScenario) {
    raw.name = required(w, t, "name").and_then(|v| w.string(v, "`name` in [scenario]"));
    raw.start = required(w, t, "start").and_then(|v| w.date(v, "`start` in [scenario]"));
    raw.end = required(w, t, "end").and_then(|v| w.date(v, "`end` in [scenario]"));
    raw.calendars = t.get("calendars").and_then(|v| w.strings(v, "`calendars` in [scenario]")).unwrap_or_default();
    raw.staff_files =
        t.get("staff_files").and_then(|v| w.strings(v, "`staff_files` in [scenario]")).unwrap_or_default();
    raw.office = t.get("office").and_then(|v| w.bool(v, "`office` in [scenario]")).map_or(true, |b| b.value);
    raw.time_limit_s = t.get("time_limit_s").and_then(|v| w.number(v, "`time_limit_s` in [scenario]")).map(|n| n.value);
    raw.mip_gap = t.get("mip_gap").and_then(|v| w.number(v, "`mip_gap` in [scenario]")).map(|n| n.value);
    if let Some(v) = t.get("office_hours") {
        if let Some(s) = w.string(v, "`office_hours` in [scenario]") {
            match s.value.split_once('-').and_then(|(a, b)| Some((parse_hhmm(a.trim())?, parse_hhmm(b.trim())?))) {
                Some((a, b)) if b > a => raw.office_hours = Some(Sp::new((a, b), s.span)),
                Some(_) => w.error(
                    "office_hours_cross_midnight",
                    s.span,
                    format!("office hours `{}` do not end after they start: they may not cross midnight", s.value),
                    "crosses midnight",
                    "office hours must end later the same day, e.g. \"08:30-17:30\"",
                ),
                None => w.error(
                    "bad_time",
                    s.span,
                    format!("office hours `{}` are not HH:MM-HH:MM", s.value),
                    "not HH:MM-HH:MM",
                    "write them as \"08:30-17:30\"",
                ),
            }
        }
    }
}

/// Reads the rule keys present in `t` (the [rules] table or a [[staff]] table).
pub fn read_rules(w: &mut Walker, t: &Table) -> RawRules {
    let uint = |w: &mut Walker, k: &str| t.get(k).and_then(|v| w.uint(v, &t.key_what(k)));
    let mut rules = RawRules {
        max_consecutive_work_days: uint(w, "max_consecutive_work_days"),
        min_consecutive_work_days: uint(w, "min_consecutive_work_days"),
        min_consecutive_off_days: uint(w, "min_consecutive_off_days"),
        max_weekends: uint(w, "max_weekends"),
        max_duties: uint(w, "max_duties"),
        max_duties_per_month: uint(w, "max_duties_per_month"),
        min_days_between_duties: uint(w, "min_days_between_duties"),
        min_minutes: uint(w, "min_minutes"),
        max_minutes: uint(w, "max_minutes"),
        ..RawRules::default()
    };
    rules.min_rest_hours = t.get("min_rest_hours").and_then(|v| w.number(v, &t.key_what("min_rest_hours")));
    rules.comp_per_restday_shift =
        t.get("comp_per_restday_shift").and_then(|v| w.number(v, &t.key_what("comp_per_restday_shift")));
    rules.recovery_after_night =
        t.get("recovery_after_night").and_then(|v| w.bool(v, &t.key_what("recovery_after_night")));
    if let Some(v) = t.get("max_shifts") {
        let what = t.key_what("max_shifts");
        match v.get_ref() {
            DeValue::Table(table) => {
                let mut limits = Vec::new();
                for (k, val) in table.iter() {
                    if let Some(n) = w.uint(val, &format!("the limit for shift `{}` in {what}", k.get_ref())) {
                        limits.push((Sp::new(k.get_ref().to_string(), k.span()), n.value));
                    }
                }
                rules.max_shifts = Some(limits);
            }
            other => w.wrong_type(v.span(), &what, "a table of shift id = limit, e.g. { night = 8 }", other),
        }
    }
    check_rule_bounds(w, &rules);
    rules
}

/// A person's (or the default) minimum may not exceed the maximum written beside it.
pub fn check_rule_bounds(w: &mut Walker, rules: &RawRules) {
    if let (Some(min), Some(max)) = (&rules.min_minutes, &rules.max_minutes) {
        if min.value > max.value {
            w.error(
                "min_above_max",
                min.span.clone(),
                format!("min_minutes {} is above max_minutes {}", min.value, max.value),
                "above max_minutes",
                "make min_minutes at most max_minutes",
            );
        }
    }
    if let (Some(min), Some(max)) = (&rules.min_consecutive_work_days, &rules.max_consecutive_work_days) {
        if min.value > max.value {
            w.error(
                "min_above_max",
                min.span.clone(),
                format!("min_consecutive_work_days {} is above max_consecutive_work_days {}", min.value, max.value),
                "above the maximum",
                "make the minimum at most the maximum",
            );
        }
    }
}

fn read_shift(w: &mut Walker, t: &Table) -> Option<RawShift> {
    let id = required(w, t, "id").and_then(|v| w.id(v, "`id` of a [[shift]]"));
    let name = t.get("name").and_then(|v| w.string(v, "`name` of a [[shift]]")).map(|s| s.value);
    let start = t.get("start").and_then(|v| w.time(v, "`start` of a [[shift]]"));
    let end = t.get("end").and_then(|v| w.time(v, "`end` of a [[shift]]"));
    let minutes = t.get("minutes").and_then(|v| w.uint(v, "`minutes` of a [[shift]]"));
    let not_followed_by =
        t.get("not_followed_by").and_then(|v| w.strings(v, "`not_followed_by` of a [[shift]]")).unwrap_or_default();
    let id = id?;
    if id.value == "office" {
        w.error(
            "reserved_id",
            id.span.clone(),
            "the shift id `office` is reserved",
            "reserved",
            "name the shift something else; `office` means an office day",
        );
        return None;
    }
    let has_start = t.get("start").is_some();
    let has_end = t.get("end").is_some();
    if has_start != has_end {
        w.error(
            "shift_needs_times",
            t.place(),
            format!("shift `{}` has a start or an end but not both", id.value),
            "one clock time only",
            "give both `start` and `end`, or neither and `minutes`",
        );
    } else if !has_start && t.get("minutes").is_none() {
        w.error(
            "shift_needs_times",
            t.place(),
            format!("shift `{}` has neither clock times nor minutes", id.value),
            "no length",
            "give `start` and `end` (\"HH:MM\"), or `minutes` for a shift without clock times",
        );
    }
    if let (Some(s), Some(e)) = (&start, &end) {
        if s.value == e.value && minutes.as_ref().map_or(true, |m| m.value != 1440) {
            w.warning(
                "shift_24h",
                e.span.clone(),
                format!("shift `{}` starts and ends at the same time: it lasts 24 hours", id.value),
                "24-hour shift",
                "if it is meant to last 24 hours, say so with `minutes = 1440`; otherwise correct `end`",
            );
        }
    }
    Some(RawShift { id, name, start, end, minutes, not_followed_by, place: t.place() })
}

fn read_grouping(w: &mut Walker, t: &Table) -> Option<RawGrouping> {
    let id = required(w, t, "id").and_then(|v| w.id(v, "`id` of a [[grouping]]"));
    let name = t.get("name").and_then(|v| w.string(v, "`name` of a [[grouping]]")).map(|s| s.value);
    let lead = required(w, t, "lead").and_then(|v| w.id(v, "`lead` of a [[grouping]]"));
    let lending = t.get("lending").and_then(|v| w.bool(v, "`lending` of a [[grouping]]")).map_or(true, |b| b.value);
    Some(RawGrouping { id: id?, name, lead, lending, place: t.place() })
}

fn read_unit(w: &mut Walker, t: &Table) -> Option<RawUnit> {
    let id = required(w, t, "id").and_then(|v| w.id(v, "`id` of a [[unit]]"));
    let name = t.get("name").and_then(|v| w.string(v, "`name` of a [[unit]]")).map(|s| s.value);
    let grouping = t.get("grouping").and_then(|v| w.id(v, "`grouping` of a [[unit]]"));
    let min_staff = t.get("min_staff").and_then(|v| w.uint(v, "`min_staff` of a [[unit]]")).map_or(0, |n| n.value);
    let max_resting = t.get("max_resting").and_then(|v| w.uint(v, "`max_resting` of a [[unit]]")).map(|n| n.value);
    let mut min_staff_on = Vec::new();
    if let Some(v) = t.get("min_staff_on") {
        match v.get_ref() {
            DeValue::Table(table) => {
                for (k, val) in table.iter() {
                    let key = Spanned::new(k.span(), DeValue::String(k.get_ref().clone()));
                    let date = w.date(&key, "a date key of `min_staff_on`");
                    let n = w.uint(val, &format!("`min_staff_on` for {}", shorten(k.get_ref())));
                    if let (Some(d), Some(n)) = (date, n) {
                        min_staff_on.push((d, n.value));
                    }
                }
            }
            other => w.wrong_type(
                v.span(),
                "`min_staff_on` of a [[unit]]",
                "a table of date = count, e.g. { \"2027-01-04\" = 3 }",
                other,
            ),
        }
    }
    Some(RawUnit { id: id?, name, grouping, min_staff, min_staff_on, max_resting })
}

fn read_staff(w: &mut Walker, t: &Table) -> Option<RawStaff> {
    let id = required(w, t, "id").and_then(|v| w.id(v, "`id` of a [[staff]]"));
    let name = t.get("name").and_then(|v| w.string(v, "`name` of a [[staff]]")).map(|s| s.value);
    let unit = required(w, t, "unit").and_then(|v| w.id(v, "`unit` of a [[staff]]"));
    let roles = t.get("roles").and_then(|v| w.strings(v, "`roles` of a [[staff]]")).unwrap_or_default();
    let leave = t
        .get("leave")
        .and_then(|v| w.array(v, "`leave` of a [[staff]]", |w, i| w.date_or_range(i, "a leave day")))
        .unwrap_or_default();
    let comp_carry_in = t.get("comp_carry_in").and_then(|v| w.number(v, "`comp_carry_in`")).map_or(0.0, |n| n.value);
    let points_carry_in =
        t.get("points_carry_in").and_then(|v| w.number(v, "`points_carry_in`")).map_or(0.0, |n| n.value);
    let prefer_off = t
        .get("prefer_off")
        .and_then(|v| w.array(v, "`prefer_off`", |w, i| read_preference(w, i, "prefer_off", false)))
        .unwrap_or_default();
    let prefer_on = t
        .get("prefer_on")
        .and_then(|v| w.array(v, "`prefer_on`", |w, i| read_preference(w, i, "prefer_on", true)))
        .unwrap_or_default();
    let rules = read_rules(w, t);
    Some(RawStaff {
        file: 0,
        id: id?,
        name,
        unit: unit?,
        roles: roles.into_iter().map(|r| r.value).collect(),
        leave,
        rules,
        comp_carry_in,
        points_carry_in,
        prefer_off,
        prefer_on,
    })
}

fn read_preference(w: &mut Walker, v: &V, key: &str, shift_required: bool) -> Option<RawPreference> {
    let what = format!("an item of `{key}`");
    let t = w.table(v, &what, &["date", "shift", "weight"])?;
    let dates = required(w, &t, "date").and_then(|v| w.date_or_range(v, &format!("`date` of {what}")));
    let shift = if shift_required { required(w, &t, "shift") } else { t.get("shift") };
    let shift = shift.and_then(|v| w.id(v, &format!("`shift` of {what}")));
    let weight = t.get("weight").and_then(|v| w.number(v, &format!("`weight` of {what}"))).map_or(1.0, |n| n.value);
    Some(RawPreference { dates: dates?, shift, weight })
}

fn read_requirement(w: &mut Walker, t: &Table) -> Option<RawRequirement> {
    let id = required(w, t, "id").and_then(|v| w.id(v, "`id` of a [[requirement]]"));
    let name = t.get("name").and_then(|v| w.string(v, "`name` of a [[requirement]]")).map(|s| s.value);
    let owner = required(w, t, "owner").and_then(|v| w.id(v, "`owner` of a [[requirement]]"));
    let shift = required(w, t, "shift").and_then(|v| w.id(v, "`shift` of a [[requirement]]"));
    let on = required(w, t, "on").map(|v| day_specs(w, v, "`on`")).unwrap_or_default();
    let except = t.get("except").map(|v| day_specs(w, v, "`except`")).unwrap_or_default();
    let count = required(w, t, "count").and_then(|v| w.uint(v, "`count` of a [[requirement]]"));
    let roles = t.get("roles").and_then(|v| w.strings(v, "`roles` of a [[requirement]]")).unwrap_or_default();
    let num = |w: &mut Walker, k: &str| t.get(k).and_then(|v| w.number(v, &t.key_what(k))).map(|n| n.value);
    let points = num(w, "points").unwrap_or(1.0);
    let under_weight = num(w, "under_weight");
    let over_weight = num(w, "over_weight");
    // count 0 only makes sense as "nobody wanted, each extra person costs over_weight"
    // (benchmark cover lines of 0); without over_weight it would forbid the shift.
    if let Some(c) = &count {
        if c.value < 1 && over_weight.is_none() {
            w.error(
                "count_below_one",
                c.span.clone(),
                "`count` of a [[requirement]] must be at least 1",
                "0",
                "set count to 1 or more, or give `over_weight` to price every person assigned",
            );
        }
    }
    Some(RawRequirement {
        id: id?,
        name,
        owner,
        shift,
        on,
        except,
        count: count.filter(|c| c.value >= 1 || over_weight.is_some()),
        roles: roles.into_iter().map(|r| r.value).collect(),
        points,
        under_weight,
        over_weight,
        place: t.place(),
    })
}

/// `on`/`except`: one item or an array of keywords, dates and ranges.
fn day_specs(w: &mut Walker, v: &V, what: &str) -> Vec<DaySpec> {
    match v.get_ref() {
        DeValue::Array(items) => items.iter().filter_map(|i| day_spec(w, i, what)).collect(),
        _ => day_spec(w, v, what).into_iter().collect(),
    }
}

fn day_spec(w: &mut Walker, v: &V, what: &str) -> Option<DaySpec> {
    if let DeValue::String(s) = v.get_ref() {
        let word = s.trim();
        if word.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            if DAY_KEYWORDS.contains(&word) {
                return Some(DaySpec::Keyword(Sp::new(word.to_string(), v.span())));
            }
            w.error(
                "bad_day_set",
                v.span(),
                format!("{what} has `{}`, which is neither a day keyword nor a date", shorten(word)),
                "unknown",
                format!("use one of {} or dates YYYY-MM-DD and ranges YYYY-MM-DD..YYYY-MM-DD", DAY_KEYWORDS.join(", ")),
            );
            return None;
        }
    }
    w.date_or_range(v, &format!("an item of {what}")).map(DaySpec::Dates)
}
