//! The comparison table: every summary total, one column per scenario, and a
//! difference column against the first (the baseline) for every other one. The
//! headline rows come first. Writers return text or bytes; the caller puts them where
//! they go (terminal, comparison.csv, comparison.md, report.html).

use super::labels::{tr, Lang};
use super::read::SummaryView;

/// One scenario of a comparison.
#[derive(Clone, Debug)]
pub struct Column {
    /// The scenario file's stem (its folder under DIR).
    pub stem: String,
    pub sum: SummaryView,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Num(f64),
    Text(String),
}

pub struct Row {
    pub key: &'static str,
    pub values: Vec<Value>,
    /// One of the headline rows (shown first, in bold in Markdown and HTML).
    pub headline: bool,
}

/// The rows, headline first.
pub fn rows(cols: &[Column]) -> Vec<Row> {
    type Get = fn(&SummaryView) -> Value;
    let table: [(&'static str, bool, Get); 25] = [
        ("shortfall", true, |s| Value::Num(s.totals.shortfall)),
        ("unit_shortfall", true, |s| Value::Num(s.totals.unit_shortfall)),
        ("points_min", true, |s| Value::Num(s.totals.duty_points.min)),
        ("points_mean", true, |s| Value::Num(s.totals.duty_points.mean)),
        ("points_max", true, |s| Value::Num(s.totals.duty_points.max)),
        ("points_spread", true, |s| Value::Num(s.totals.duty_points.max - s.totals.duty_points.min)),
        ("comp_owed", true, |s| Value::Num(s.totals.comp_owed)),
        ("lending_person_days", true, |s| Value::Num(s.totals.lending_person_days)),
        ("objective", true, |s| Value::Num(s.objective)),
        ("status", false, |s| Value::Text(s.status.clone())),
        ("bound", false, |s| Value::Num(s.bound)),
        ("gap", false, |s| Value::Num(s.gap)),
        ("solve_seconds", false, |s| Value::Num(s.solve_seconds)),
        ("unit_days_below_min", false, |s| Value::Num(s.totals.unit_days_below_min)),
        ("over", false, |s| Value::Num(s.totals.over)),
        ("comp_earned", false, |s| Value::Num(s.totals.comp_earned)),
        ("comp_taken", false, |s| Value::Num(s.totals.comp_taken)),
        ("recovery_days", false, |s| Value::Num(s.totals.recovery_days)),
        ("points_stdev", false, |s| Value::Num(s.totals.duty_points.stdev)),
        ("fairness_spread", false, |s| Value::Num(s.groupings.iter().map(|g| g.points_spread).sum())),
        ("max_consecutive_work_days", false, |s| Value::Num(s.totals.max_consecutive_work_days)),
        ("preferences_unmet", false, |s| Value::Num(s.totals.preferences_unmet)),
        ("groupings", false, |s| Value::Num(s.groupings.len() as f64)),
        ("shortfall_explained", false, |s| Value::Num(s.shortfalls.len() as f64)),
        ("calendar_provisional", false, |s| Value::Text(if s.calendar_provisional { "yes" } else { "no" }.into())),
    ];
    table
        .iter()
        .map(|(key, headline, get)| Row {
            key,
            values: cols.iter().map(|c| get(&c.sum)).collect(),
            headline: *headline,
        })
        .collect()
}

/// Rounded to six decimals, no negative zero.
fn tidy(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// A number for people: whole numbers plain, others with two decimals; the gap in %.
pub fn show(key: &str, v: f64) -> String {
    let v = tidy(v);
    match key {
        "gap" => format!("{:.2}%", v * 100.0),
        "solve_seconds" => format!("{v:.1}"),
        _ if (v - v.round()).abs() < 1e-9 => format!("{}", v.round() as i64),
        _ => format!("{v:.2}"),
    }
}

/// A difference for people: signed, "0" for none.
pub fn show_diff(key: &str, d: f64) -> String {
    let d = tidy(d);
    if d == 0.0 {
        return "0".into();
    }
    let body = show(key, d.abs());
    if d > 0.0 {
        format!("+{body}")
    } else {
        format!("-{body}")
    }
}

/// Value i of the row as text (yes/no translated).
pub fn cell(row: &Row, i: usize, lang: Lang) -> String {
    match &row.values[i] {
        Value::Num(v) => show(row.key, *v),
        Value::Text(t) if row.key == "calendar_provisional" => tr(lang, t).to_string(),
        Value::Text(t) => t.clone(),
    }
}

/// The difference of value i against the baseline, when both are numbers.
pub fn diff(row: &Row, i: usize) -> Option<f64> {
    match (&row.values[0], &row.values[i]) {
        (Value::Num(a), Value::Num(b)) => Some(b - a),
        _ => None,
    }
}

/// The header: the metric, each scenario, a difference per scenario after the first.
pub fn header(cols: &[Column], lang: Lang) -> Vec<String> {
    let mut h = vec![tr(lang, "metric").to_string()];
    for (i, c) in cols.iter().enumerate() {
        if i == 0 {
            h.push(format!("{} ({})", c.stem, tr(lang, "baseline")));
        } else {
            h.push(c.stem.clone());
        }
    }
    for c in cols.iter().skip(1) {
        h.push(format!("{} {}", c.stem, tr(lang, "vs_baseline")));
    }
    h
}

/// The table as rows of text cells (header first), as people read it.
pub fn text_cells(cols: &[Column], lang: Lang) -> Vec<Vec<String>> {
    let mut out = vec![header(cols, lang)];
    for row in rows(cols) {
        let mut line = vec![tr(lang, row.key).to_string()];
        line.extend((0..cols.len()).map(|i| cell(&row, i, lang)));
        line.extend((1..cols.len()).map(|i| diff(&row, i).map(|d| show_diff(row.key, d)).unwrap_or_default()));
        out.push(line);
    }
    out
}

/// Display width: CJK and full-width characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

fn pad(s: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(width(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// The table for the terminal: aligned columns, the scenarios' names listed first.
pub fn terminal(cols: &[Column], lang: Lang) -> String {
    let cells = text_cells(cols, lang);
    let n = cells[0].len();
    let widths: Vec<usize> = (0..n).map(|j| cells.iter().map(|r| width(&r[j])).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for c in cols {
        out.push_str(&format!("{}: {}\n", c.stem, c.sum.scenario));
    }
    for (i, r) in cells.iter().enumerate() {
        let line: Vec<String> = r.iter().enumerate().map(|(j, s)| pad(s, widths[j], j > 0)).collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
            out.push('\n');
        }
    }
    out
}

/// The rows of comparison.csv (header first): `key,metric,<stem>…,<stem> - <baseline>…`;
/// numbers as numbers.
pub fn csv_rows(cols: &[Column], lang: Lang) -> Vec<Vec<String>> {
    let mut head = vec!["key".to_string(), "metric".to_string()];
    head.extend(cols.iter().map(|c| c.stem.clone()));
    head.extend(cols.iter().skip(1).map(|c| format!("{} - {}", c.stem, cols[0].stem)));
    let mut out = vec![head];
    for row in rows(cols) {
        let mut line = vec![row.key.to_string(), tr(lang, row.key).to_string()];
        line.extend(row.values.iter().map(|v| match v {
            Value::Num(x) => format!("{}", tidy(*x)),
            Value::Text(t) => t.clone(),
        }));
        line.extend((1..cols.len()).map(|i| diff(&row, i).map(|d| format!("{}", tidy(d))).unwrap_or_default()));
        out.push(line);
    }
    out
}

/// comparison.csv (UTF-8, LF, as the contract's files).
pub fn csv(cols: &[Column], lang: Lang) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    for line in csv_rows(cols, lang) {
        let _ = w.write_record(&line);
    }
    w.into_inner().unwrap_or_default()
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|")
}

/// comparison.md: the scenarios, then the table (headline rows in bold).
pub fn markdown(cols: &[Column], lang: Lang) -> String {
    let mut out = format!("# {}\n\n", tr(lang, "comparison_title"));
    for (i, c) in cols.iter().enumerate() {
        let base = if i == 0 { format!(" ({})", tr(lang, "baseline")) } else { String::new() };
        out.push_str(&format!("- `{}`{base}: {}\n", c.stem, md_escape(&c.sum.scenario)));
    }
    out.push('\n');
    let cells = text_cells(cols, lang);
    let all = rows(cols);
    let n = cells[0].len();
    out.push_str(&format!("| {} |\n", cells[0].iter().map(|s| md_escape(s)).collect::<Vec<_>>().join(" | ")));
    out.push_str(&format!("|---|{}\n", "---:|".repeat(n - 1)));
    for (r, line) in cells.iter().skip(1).enumerate() {
        let bold = all[r].headline;
        let shown: Vec<String> = line
            .iter()
            .map(|s| if bold && !s.is_empty() { format!("**{}**", md_escape(s)) } else { md_escape(s) })
            .collect();
        out.push_str(&format!("| {} |\n", shown.join(" | ")));
    }
    out
}
