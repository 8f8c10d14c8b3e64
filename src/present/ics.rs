//! One iCalendar file (RFC 5545) per person, OUTDIR/calendars/<staff id>.ics: their
//! shifts (with clock times where the shift has them, all-day otherwise), recovery
//! days after nights, compensatory rest days, leave, and office days lent to another
//! unit. Times are floating local times (the scenario names no time zone: a phone shows
//! them at the clock time written). DTSTAMP is the horizon's first day, so the files
//! are the same for the same rota; a UID names person, day and kind, so importing an
//! updated rota replaces the events of the old one.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;

use super::labels::Lang;
use super::{create_dir, write, Plan};
use crate::domain::Status;
use crate::report::evaluate::is_recovery;

/// TEXT value escaping (RFC 5545 3.3.11).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line folded at 75 octets (never inside a UTF-8 character), CRLF-ended.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    let mut limit = 75;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 0;
            limit = 74;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// A file name for a staff id: letters, digits, `.`, `_`, `-` kept, others `_`.
pub fn file_stem(id: &str) -> String {
    let mut stem: String = id.chars().map(|c| if c.is_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    if stem.is_empty() || stem.starts_with('.') {
        stem.insert(0, '_');
    }
    stem
}

struct Event {
    date: NaiveDate,
    kind: &'static str,
    /// (start, end) as iCalendar values with their parameter prefix.
    start: String,
    end: String,
    summary: String,
    description: String,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn all_day(first: NaiveDate, last: NaiveDate) -> (String, String) {
    let end = last.succ_opt().unwrap_or(last);
    (format!(";VALUE=DATE:{}", ymd(first)), format!(";VALUE=DATE:{}", ymd(end)))
}

fn words(lang: Lang, en: &str, zh: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Zh => zh.to_string(),
    }
}

fn events(plan: &Plan, p: usize, lang: Lang) -> Vec<Event> {
    let s = plan.s;
    let person = &s.staff[p];
    let mut out = Vec::new();
    let mut leave_run: Option<(NaiveDate, NaiveDate)> = None;
    for (d, day) in s.days.iter().enumerate() {
        let c = plan.rota.cells[p][d];
        if c.status == Status::Leave {
            leave_run = Some(match leave_run {
                Some((a, _)) => (a, day.date),
                None => (day.date, day.date),
            });
        }
        if c.status != Status::Leave || d + 1 == s.days.len() {
            if let Some((a, z)) = leave_run.take() {
                let (start, end) = all_day(a, z);
                let summary = words(lang, "Leave", "请假");
                out.push(Event { date: a, kind: "leave", start, end, summary, description: String::new() });
            }
        }
        if let Some(r) = c.requirement {
            let req = &s.requirements[r];
            let shift = &s.shifts[req.shift];
            let (start, end) = match shift.clock {
                Some((a, b)) => {
                    let end_day = if b <= a { day.date.succ_opt().unwrap_or(day.date) } else { day.date };
                    let t = |m: u32| format!("T{:02}{:02}00", m / 60, m % 60);
                    (format!(":{}{}", ymd(day.date), t(a)), format!(":{}{}", ymd(end_day), t(b)))
                }
                None => all_day(day.date, day.date),
            };
            let summary =
                if shift.name == req.name { shift.name.clone() } else { format!("{}（{}）", shift.name, req.name) };
            let description = match lang {
                Lang::En => format!("{}: {} ({}), {} duty point(s)", s.name, req.name, req.id, req.points),
                Lang::Zh => format!("{}：{}（{}），值班积分 {}", s.name, req.name, req.id, req.points),
            };
            out.push(Event { date: day.date, kind: "shift", start, end, summary, description });
        }
        let (kind, summary) = match c.status {
            Status::Rest if is_recovery(s, plan.rota, p, d) => {
                ("recovery", words(lang, "Recovery day after night duty", "夜班后补休"))
            }
            Status::Rest => ("comp", words(lang, "Compensatory rest day (调休)", "调休")),
            Status::Office if c.at_unit.is_some_and(|u| u != person.unit) => {
                let unit = c.at_unit.map(|u| s.units[u].name.clone()).unwrap_or_default();
                (
                    "lent",
                    match lang {
                        Lang::En => format!("Office at {unit} (lent)"),
                        Lang::Zh => format!("借调至{unit}上班"),
                    },
                )
            }
            _ => continue,
        };
        let (start, end) = all_day(day.date, day.date);
        out.push(Event { date: day.date, kind, start, end, summary, description: s.name.clone() });
    }
    out.sort_by(|a, b| (a.date, a.kind).cmp(&(b.date, b.kind)));
    out
}

/// The calendar of person p.
pub fn calendar(plan: &Plan, p: usize, lang: Lang) -> String {
    let s = plan.s;
    let person = &s.staff[p];
    let stamp = format!("{}T000000Z", ymd(s.start()));
    let mut out = String::new();
    let mut line = |l: String| out.push_str(&fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//rota//duty rota//EN".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(&format!("{} — {}", person.name, s.name))));
    for ev in events(plan, p, lang) {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&format!("{}-{}-{}@rota", ymd(ev.date), ev.kind, person.id))));
        line(format!("DTSTAMP:{stamp}"));
        line(format!("DTSTART{}", ev.start));
        line(format!("DTEND{}", ev.end));
        line(format!("SUMMARY:{}", escape(&ev.summary)));
        if !ev.description.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&ev.description)));
        }
        line(format!("CATEGORIES:{}", ev.kind.to_uppercase()));
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

/// Writes every person's calendar into `dir`, and removes .ics files left there by an
/// earlier solve of other staff.
pub fn write_all(plan: &Plan, dir: &Path, lang: Lang) -> Result<(), String> {
    create_dir(dir)?;
    let mut written = BTreeSet::new();
    for p in 0..plan.s.staff.len() {
        let stem = file_stem(&plan.s.staff[p].id);
        let mut name = format!("{stem}.ics");
        let mut n = 2;
        while written.contains(&name) {
            name = format!("{stem}-{n}.ics");
            n += 1;
        }
        write(&dir.join(&name), calendar(plan, p, lang).as_bytes())?;
        written.insert(name);
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".ics") && !written.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}
