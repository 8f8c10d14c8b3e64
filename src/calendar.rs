//! Calendars: which days are holidays, working days and weekend days (contract
//! section 3). The built-in `"cn"` calendar is China's official arrangement, one file
//! per year under `calendars/`, compiled into the binary.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::diag::{Diagnostics, SourceFile};
use crate::domain::{CalendarInfo, Day, DayKind};
use crate::scenario::toml_walk::Walker;

/// The built-in calendars: (file name, text), in year order.
pub const BUILTIN_CN: &[(&str, &str)] = &[
    ("cn-2025.toml", include_str!("../calendars/cn-2025.toml")),
    ("cn-2026.toml", include_str!("../calendars/cn-2026.toml")),
    ("cn-2027-provisional.toml", include_str!("../calendars/cn-2027-provisional.toml")),
];

/// A calendar file as read.
#[derive(Clone, Debug)]
pub struct Calendar {
    pub info: CalendarInfo,
    /// Holiday blocks: (name, first, last).
    pub holidays: Vec<(String, NaiveDate, NaiveDate)>,
    /// Weekend days made working days (调休上班).
    pub workdays: Vec<NaiveDate>,
}

impl Calendar {
    /// The kind this calendar states for `date`, if it names that day.
    pub fn kind_of(&self, date: NaiveDate) -> Option<DayKind> {
        if self.holidays.iter().any(|(_, a, b)| (*a..=*b).contains(&date)) {
            Some(DayKind::Holiday)
        } else if self.workdays.contains(&date) {
            Some(DayKind::Working)
        } else {
            None
        }
    }

    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.iter().find(|(_, a, b)| (*a..=*b).contains(&date)).map(|(n, _, _)| n.as_str())
    }
}

const CALENDAR_KEYS: &[&str] = &["name", "years", "holidays", "workdays", "provisional"];

/// Reads one calendar file's text; problems go to `diags`.
pub fn read_calendar(src: SourceFile, diags: &mut Diagnostics) -> Option<Calendar> {
    let text = src.text.clone();
    let mut w = Walker::new(src, diags);
    let doc = w.parse(&text)?;
    let t = w.open(doc.get_ref(), doc.span(), "the calendar file", CALENDAR_KEYS);
    let before = w.diags.error_count();

    let name = t.get("name").and_then(|v| w.string(v, "`name` of the calendar")).map(|s| s.value);
    let years = match t.get("years") {
        Some(v) => w.array(v, "`years`", |w, i| w.uint(i, "a year in `years`")).unwrap_or_default(),
        None => Vec::new(),
    };
    let provisional = t.get("provisional").and_then(|v| w.bool(v, "`provisional`")).is_some_and(|b| b.value);
    let mut holidays = Vec::new();
    if let Some(v) = t.get("holidays") {
        let items = w.array(v, "`holidays`", |w, item| {
            let h = w.table(item, "a holiday in `holidays`", &["name", "from", "to"])?;
            let name = h.get("name").and_then(|v| w.string(v, "`name` of a holiday")).map(|s| s.value);
            let from = req(&mut *w, &h, "from").and_then(|v| w.date(v, "`from` of a holiday"));
            let to = req(&mut *w, &h, "to").and_then(|v| w.date(v, "`to` of a holiday"));
            let (from, to) = (from?, to?);
            if to.value < from.value {
                w.error(
                    "bad_range",
                    to.span.clone(),
                    format!("holiday ends ({}) before it starts ({})", to.value, from.value),
                    "before `from`",
                    "make `to` the last day of the holiday, on or after `from`",
                );
                return None;
            }
            Some((name.unwrap_or_else(|| "holiday".into()), from.value, to.value))
        });
        holidays = items.unwrap_or_default();
    }
    let workdays = match t.get("workdays") {
        Some(v) => w.array(v, "`workdays`", |w, i| w.date(i, "a day in `workdays`")).unwrap_or_default(),
        None => Vec::new(),
    };
    for d in &workdays {
        if !matches!(d.value.weekday(), Weekday::Sat | Weekday::Sun) {
            w.warning(
                "workday_not_weekend",
                d.span.clone(),
                format!("{} is a {} and a working day anyway", d.value, d.value.weekday()),
                "already a working day",
                "`workdays` lists weekend days made working days (调休上班); check the date",
            );
        }
    }
    if w.diags.error_count() > before {
        return None;
    }
    let source = w.src.name.clone();
    Some(Calendar {
        info: CalendarInfo {
            name: name.unwrap_or_else(|| source.clone()),
            source,
            years: years.iter().map(|y| y.value as i32).collect(),
            provisional,
        },
        holidays,
        workdays: workdays.into_iter().map(|d| d.value).collect(),
    })
}

fn req<'t, 'i>(
    w: &mut Walker,
    t: &crate::scenario::toml_walk::Table<'t, 'i>,
    key: &str,
) -> Option<&'t toml::Spanned<toml::de::DeValue<'i>>> {
    let v = t.get(key);
    if v.is_none() {
        w.error(
            "missing_key",
            t.place(),
            format!("{} is missing", t.key_what(key)),
            "here",
            format!("add `{key} = …` to {}", crate::scenario::read_toml::this(&t.what)),
        );
    }
    v
}

/// The built-in China calendars, read from the binary.
pub fn builtin_cn(diags: &mut Diagnostics) -> Vec<(Calendar, &'static str)> {
    BUILTIN_CN
        .iter()
        .filter_map(|(file, text)| {
            let src = SourceFile::new(format!("cn:calendars/{file}"), *text);
            read_calendar(src, diags).map(|c| (c, *text))
        })
        .collect()
}

/// The days from `start` to `end` with their kinds: weekends by default, then each
/// calendar in order (the last to name a day decides).
pub fn horizon(start: NaiveDate, end: NaiveDate, calendars: &[Calendar]) -> Vec<Day> {
    let mut days = Vec::new();
    let mut date = start;
    let mut month = 0;
    while date <= end {
        if let Some(prev) = days.last().map(|d: &Day| d.date) {
            if prev.month() != date.month() {
                month += 1;
            }
        }
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let mut kind = if weekend { DayKind::Weekend } else { DayKind::Working };
        for c in calendars {
            if let Some(k) = c.kind_of(date) {
                kind = k;
            }
        }
        days.push(Day { date, kind, makeup: weekend && kind == DayKind::Working, month });
        match date.succ_opt() {
            Some(next) => date = next,
            None => break,
        }
    }
    days
}

/// Years of the horizon that no calendar describes.
pub fn uncovered_years(days: &[Day], calendars: &[Calendar]) -> Vec<i32> {
    let mut years: Vec<i32> = days.iter().map(|d| d.date.year()).collect();
    years.dedup();
    years.retain(|y| !calendars.iter().any(|c| c.info.years.contains(y)));
    years
}

/// The longest run of consecutive working days in the horizon.
pub fn longest_working_run(days: &[Day]) -> usize {
    let mut best = 0;
    let mut run = 0;
    for d in days {
        run = if d.is_working() { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}
