//! report.html: one self-contained page (styles and SVG charts inline, no script, no
//! external URL) per solve and per comparison. It opens from a USB stick.

use std::fmt::Write;

use super::compare::{self, Column};
use super::labels::{tr, Lang};
use super::{ChartFile, Plan, PngText};
use crate::domain::DayKind;

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;margin:2em auto;max-width:1400px;padding:0 1em;color:#222}\
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}\
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.head td{font-weight:bold}\
.warn{background:#fff3cd;border:1px solid #e0b000;padding:.6em 1em;margin:1em 0}\
.short{color:#b30000;font-weight:bold}figure{margin:1em 0}figcaption{font-weight:bold;margin:.3em 0}\
svg{max-width:100%;height:auto}";

/// Text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG document ready to sit inside HTML: no XML declaration, no namespace URL.
pub fn inline_svg(svg: &str) -> String {
    let body = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    };
    body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1).replacen("<svg", "<svg role=\"img\"", 1)
}

fn page(title: &str, lang: Lang, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        escape(title)
    )
}

fn font_note(out: &mut String, png: PngText, lang: Lang) {
    match png {
        PngText::Names => {}
        PngText::Ids => {
            let _ = writeln!(out, "<p class=\"warn\">{}</p>", escape(tr(lang, "font_note")));
        }
        PngText::None => {
            let _ = writeln!(out, "<p class=\"warn\">{}</p>", escape(tr(lang, "no_font_note")));
        }
    }
}

fn provisional_note(out: &mut String, lang: Lang) {
    let _ = writeln!(out, "<p class=\"warn\">{}</p>", escape(tr(lang, "calendar_provisional_note")));
}

/// The comparison table as HTML (headline rows in bold).
fn comparison_table(out: &mut String, cols: &[Column], lang: Lang) {
    let cells = compare::text_cells(cols, lang);
    let rows = compare::rows(cols);
    out.push_str("<table>\n<tr>");
    for (j, h) in cells[0].iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", if j > 0 { " class=\"n\"" } else { "" }, escape(h));
    }
    out.push_str("</tr>\n");
    for (r, line) in cells.iter().skip(1).enumerate() {
        let _ = write!(out, "<tr{}>", if rows[r].headline { " class=\"head\"" } else { "" });
        for (j, c) in line.iter().enumerate() {
            let _ = write!(out, "<td{}>{}</td>", if j > 0 { " class=\"n\"" } else { "" }, escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

fn table_head(out: &mut String, heads: &[&str], numeric_from: usize) {
    out.push_str("<table>\n<tr>");
    for (j, h) in heads.iter().enumerate() {
        let _ = write!(out, "<th{}>{}</th>", if j >= numeric_from { " class=\"n\"" } else { "" }, escape(h));
    }
    out.push_str("</tr>\n");
}

fn table_row(out: &mut String, cells: &[String], numeric_from: usize) {
    out.push_str("<tr>");
    for (j, c) in cells.iter().enumerate() {
        let _ = write!(out, "<td{}>{}</td>", if j >= numeric_from { " class=\"n\"" } else { "" }, escape(c));
    }
    out.push_str("</tr>\n");
}

/// The page of one solve.
pub fn report(plan: &Plan, charts: &[ChartFile], lang: Lang, png: PngText) -> String {
    let (s, sum) = (plan.s, plan.sum);
    let t = |k: &'static str| tr(lang, k);
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}: {}</h1>", escape(t("report_title")), escape(&s.name));
    if sum.calendar_provisional || s.any_provisional() {
        provisional_note(&mut b, lang);
    }
    // Summary.
    let _ = writeln!(b, "<h2>{}</h2>", escape(t("summary")));
    table_head(&mut b, &[t("metric"), ""], 1);
    let facts = [
        (t("scenario"), s.name.clone()),
        (t("scenario_file"), sum.scenario_file.clone()),
        (t("status"), sum.status.clone()),
        (t("objective"), compare::show("objective", sum.objective)),
        (t("bound"), compare::show("bound", sum.bound)),
        (t("gap"), compare::show("gap", sum.gap)),
        (t("solve_seconds"), compare::show("solve_seconds", sum.solve_seconds)),
        (t("input_sha256"), sum.input_sha256.clone()),
    ];
    for (k, v) in facts {
        table_row(&mut b, &[k.to_string(), v], 1);
    }
    b.push_str("</table>\n");
    let _ = writeln!(b, "<h2>{}</h2>", escape(t("totals")));
    let col = Column { stem: t("scenario").to_string(), sum: sum.clone() };
    table_head(&mut b, &[t("metric"), ""], 1);
    for row in compare::rows(std::slice::from_ref(&col)) {
        table_row(&mut b, &[t(row.key).to_string(), compare::cell(&row, 0, lang)], 1);
    }
    b.push_str("</table>\n");
    groupings_table(&mut b, plan, lang);
    lending_table(&mut b, plan, lang);
    // Charts.
    let _ = writeln!(b, "<h2>{}</h2>", escape(t("charts")));
    font_note(&mut b, png, lang);
    for c in charts {
        let _ = writeln!(b, "<figure id=\"chart-{}\">\n{}\n</figure>", c.stem, inline_svg(&c.svg));
    }
    shortfalls(&mut b, plan, lang);
    calendar(&mut b, plan, lang);
    if !sum.notes.is_empty() {
        let _ = writeln!(b, "<h2>{}</h2>\n<ul>", escape(t("notes")));
        for n in &sum.notes {
            let _ = writeln!(b, "<li>{}</li>", escape(n));
        }
        b.push_str("</ul>\n");
    }
    files(&mut b, charts, png, lang);
    page(&format!("{} — {}", t("report_title"), s.name), lang, &b)
}

fn groupings_table(b: &mut String, plan: &Plan, lang: Lang) {
    let t = |k: &'static str| tr(lang, k);
    let _ = writeln!(b, "<h2>{}</h2>", escape(t("by_grouping")));
    let heads = [
        t("grouping"),
        t("name"),
        t("status"),
        t("gap"),
        t("shortfall"),
        t("unit_shortfall"),
        t("lending_person_days"),
        t("points_min"),
        t("points_mean"),
        t("points_max"),
        t("fairness_spread"),
        t("comp_owed"),
        t("solve_seconds"),
    ];
    table_head(b, &heads, 3);
    for g in &plan.sum.groupings {
        let cells = vec![
            g.id.clone(),
            g.name.clone(),
            g.status.clone(),
            compare::show("gap", g.gap),
            compare::show("", g.shortfall),
            compare::show("", g.unit_shortfall),
            compare::show("", g.lending_person_days),
            compare::show("", g.duty_points.min),
            compare::show("", g.duty_points.mean),
            compare::show("", g.duty_points.max),
            compare::show("", g.points_spread),
            compare::show("", g.comp_owed),
            compare::show("solve_seconds", g.solve_seconds),
        ];
        table_row(b, &cells, 3);
    }
    b.push_str("</table>\n");
}

fn lending_table(b: &mut String, plan: &Plan, lang: Lang) {
    let s = plan.s;
    if !s.office {
        return;
    }
    let t = |k: &'static str| tr(lang, k);
    let flows = super::charts::lending::flows(s, plan.rota);
    let _ = writeln!(b, "<h2>{}</h2>", escape(t("lending_table")));
    if flows.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", escape(t("no_lending")));
        return;
    }
    table_head(b, &[t("from_unit"), t("to_unit"), t("days")], 2);
    for ((a, c), n) in flows {
        table_row(b, &[s.units[a].name.clone(), s.units[c].name.clone(), n.to_string()], 2);
    }
    b.push_str("</table>\n");
}

fn shortfalls(b: &mut String, plan: &Plan, lang: Lang) {
    let (s, sum) = (plan.s, plan.sum);
    let t = |k: &'static str| tr(lang, k);
    let _ = writeln!(b, "<h2>{}</h2>", escape(t("shortfalls")));
    if sum.shortfalls.is_empty() {
        let _ = writeln!(b, "<p>{}</p>", escape(t("no_shortfall")));
        return;
    }
    let many = sum.shortfalls.len() > 50;
    if many {
        let _ = writeln!(b, "<details><summary>{} × {}</summary>", sum.shortfalls.len(), escape(t("shortfalls")));
    }
    table_head(b, &[t("date"), t("kind"), t("name"), t("need"), t("have"), t("short"), t("why")], 3);
    for sf in &sum.shortfalls {
        let name = match sf.kind.as_str() {
            "unit" => s.units.iter().find(|u| u.id == sf.id).map(|u| u.name.clone()),
            _ => s.requirements.iter().find(|r| r.id == sf.id).map(|r| r.name.clone()),
        }
        .unwrap_or_else(|| sf.id.clone());
        let kind = if sf.kind == "unit" { t("unit") } else { t("requirement") };
        let cells = [
            sf.date.clone(),
            kind.to_string(),
            format!("{name} ({})", sf.id),
            sf.need.to_string(),
            sf.have.to_string(),
            (sf.need.saturating_sub(sf.have)).to_string(),
        ];
        b.push_str("<tr>");
        for (j, c) in cells.iter().enumerate() {
            let class = if j == 5 {
                " class=\"n short\""
            } else if j >= 3 {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(b, "<td{class}>{}</td>", escape(c));
        }
        let _ = writeln!(b, "<td>{}</td></tr>", escape(&sf.why));
    }
    b.push_str("</table>\n");
    if many {
        b.push_str("</details>\n");
    }
}

fn calendar(b: &mut String, plan: &Plan, lang: Lang) {
    let s = plan.s;
    let t = |k: &'static str| tr(lang, k);
    let _ = writeln!(b, "<h2>{}</h2>\n<ul>", escape(t("calendar")));
    for c in &s.calendars {
        let flag = if c.provisional {
            format!(" — <span class=\"short\">{}</span>", escape(t("provisional")))
        } else {
            String::new()
        };
        let _ = writeln!(b, "<li>{} <small>({})</small>{flag}</li>", escape(&c.name), escape(&c.source));
    }
    b.push_str("</ul>\n");
    // Holiday blocks: runs of holiday days.
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    for (d, day) in s.days.iter().enumerate() {
        if day.kind == DayKind::Holiday {
            match blocks.last_mut() {
                Some((_, end)) if *end + 1 == d => *end = d,
                _ => blocks.push((d, d)),
            }
        }
    }
    let _ = writeln!(b, "<h3>{}</h3>", escape(t("holidays")));
    if blocks.is_empty() {
        b.push_str("<p>—</p>\n");
    } else {
        b.push_str("<ul>\n");
        for (a, z) in blocks {
            let name = plan.holidays.get(&s.days[a].date).cloned().unwrap_or_default();
            let _ = writeln!(
                b,
                "<li>{} – {} {} ({} {})</li>",
                s.days[a].date,
                s.days[z].date,
                escape(&name),
                z - a + 1,
                escape(t("days"))
            );
        }
        b.push_str("</ul>\n");
    }
    let makeup: Vec<String> = s
        .days
        .iter()
        .filter(|d| d.makeup)
        .map(|d| format!("{} {}", d.date, super::labels::weekday(lang, d.weekday())))
        .collect();
    let _ = writeln!(b, "<h3>{}</h3>", escape(t("makeup_days")));
    let _ = writeln!(b, "<p>{}</p>", if makeup.is_empty() { "—".to_string() } else { escape(&makeup.join(", ")) });
}

fn files(b: &mut String, charts: &[ChartFile], png: PngText, lang: Lang) {
    let _ = writeln!(b, "<h2>{}</h2>\n<ul>", escape(tr(lang, "files")));
    let mut names: Vec<String> =
        ["rota.csv", "coverage.csv", "lending.csv", "summary.json", super::xlsx::FILE_NAME, "calendars/"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    for c in charts {
        names.push(format!("charts/{}.svg", c.stem));
        if png != PngText::None {
            names.push(format!("charts/{}.png", c.stem));
        }
    }
    for n in names {
        let _ = writeln!(b, "<li><a href=\"{0}\">{0}</a></li>", escape(&n));
    }
    b.push_str("</ul>\n");
}

/// The page of a comparison: the table, the headline chart, and each scenario's unit
/// and requirement coverage (`scenario_svgs`: per scenario, (chart stem, SVG)) with a
/// link to its own page.
pub fn comparison(
    cols: &[Column],
    headline_svg: &str,
    scenario_svgs: &[Vec<(String, String)>],
    lang: Lang,
    png: PngText,
) -> String {
    let t = |k: &'static str| tr(lang, k);
    let mut b = String::new();
    let _ = writeln!(b, "<h1>{}</h1>\n<ul>", escape(t("comparison_title")));
    for (i, c) in cols.iter().enumerate() {
        let base = if i == 0 { format!(" ({})", t("baseline")) } else { String::new() };
        let _ = writeln!(
            b,
            "<li><b>{}</b> <code>{}</code>{}: {} — <a href=\"{}/report.html\">{}</a></li>",
            super::charts::headline::letter(i),
            escape(&c.stem),
            escape(&base),
            escape(&c.sum.scenario),
            escape(&c.stem),
            escape(t("open_report"))
        );
    }
    b.push_str("</ul>\n");
    if cols.iter().any(|c| c.sum.calendar_provisional) {
        provisional_note(&mut b, lang);
    }
    comparison_table(&mut b, cols, lang);
    let _ = writeln!(b, "<figure id=\"chart-headline\">\n{}\n</figure>", inline_svg(headline_svg));
    font_note(&mut b, png, lang);
    let _ = writeln!(b, "<h2>{}</h2>", escape(t("per_scenario")));
    for (c, svgs) in cols.iter().zip(scenario_svgs) {
        let _ = writeln!(
            b,
            "<h3>{} <small>(<a href=\"{}/report.html\">{}</a>)</small></h3>",
            escape(&c.sum.scenario),
            escape(&c.stem),
            escape(t("open_report"))
        );
        let n = c.sum.shortfalls.len();
        let _ = writeln!(b, "<p>{}: {n}</p>", escape(t("shortfall_explained")));
        for (chart, svg) in svgs {
            let _ = writeln!(
                b,
                "<figure id=\"chart-{}-{}\">\n{}\n</figure>",
                escape(chart),
                escape(&c.stem),
                inline_svg(svg)
            );
        }
    }
    page(t("comparison_title"), lang, &b)
}
