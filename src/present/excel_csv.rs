//! `--excel`: CSV files that Excel and WPS open correctly with Chinese text — a UTF-8
//! byte-order mark, CRLF line ends, names next to ids — and safe from formula
//! injection: every text cell starting with = + - @ (or tab, CR) gets a leading
//! apostrophe (`report::files::safe`). Plain numbers are left as numbers.

use super::labels::{tr, Lang};
use super::Plan;
use crate::domain::Status;
use crate::report::files::{coverage, safe};

/// Is `s` a plain decimal number (`-12`, `3.5`)? Only those are left unescaped.
pub fn is_number(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let mut parts = body.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.map_or(true, |f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Rows (header first) as Excel CSV bytes.
pub fn to_excel(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| if is_number(c) { c.clone() } else { safe(c) }).collect();
        let _ = w.write_record(&cells);
    }
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(w.into_inner().unwrap_or_default());
    out
}

fn head(lang: Lang, en: &[&str], zh: &[&str]) -> Vec<String> {
    match lang {
        Lang::En => en.iter().map(|s| s.to_string()).collect(),
        Lang::Zh => zh.iter().map(|s| s.to_string()).collect(),
    }
}

/// The files of OUTDIR/excel: rota, coverage, lending and shortfalls, with names.
pub fn files(plan: &Plan, lang: Lang) -> Vec<(&'static str, Vec<u8>)> {
    let s = plan.s;
    let rota = plan.rota;
    let unit_name = |u: usize| s.units[u].name.clone();

    let mut r = vec![head(
        lang,
        &[
            "date",
            "weekday",
            "staff",
            "name",
            "unit",
            "unit_name",
            "status",
            "at_unit",
            "at_unit_name",
            "shift",
            "shift_name",
            "requirement",
            "requirement_name",
        ],
        &[
            "日期",
            "星期",
            "工号",
            "姓名",
            "单位编号",
            "单位",
            "状态",
            "上班单位编号",
            "上班单位",
            "班次编号",
            "班次",
            "值班需求编号",
            "值班需求",
        ],
    )];
    for (d, day) in s.days.iter().enumerate() {
        for (p, person) in s.staff.iter().enumerate() {
            let c = rota.cells[p][d];
            let at = if c.status == Status::Office { c.at_unit } else { None };
            let req = c.requirement.map(|q| &s.requirements[q]);
            r.push(vec![
                day.date.to_string(),
                super::labels::weekday(lang, day.weekday()).to_string(),
                person.id.clone(),
                person.name.clone(),
                s.units[person.unit].id.clone(),
                unit_name(person.unit),
                c.status.as_str().to_string(),
                at.map(|u| s.units[u].id.clone()).unwrap_or_default(),
                at.map(unit_name).unwrap_or_default(),
                req.map(|q| s.shifts[q.shift].id.clone()).unwrap_or_default(),
                req.map(|q| s.shifts[q.shift].name.clone()).unwrap_or_default(),
                req.map(|q| q.id.clone()).unwrap_or_default(),
                req.map(|q| q.name.clone()).unwrap_or_default(),
            ]);
        }
    }

    let name_of = |kind: &str, id: &str| -> String {
        if kind == "unit" {
            s.units.iter().find(|u| u.id == id).map(|u| u.name.clone())
        } else {
            s.requirements.iter().find(|q| q.id == id).map(|q| q.name.clone())
        }
        .unwrap_or_default()
    };
    let mut c = vec![head(
        lang,
        &["date", "kind", "id", "name", "need", "have", "short"],
        &["日期", "类别", "编号", "名称", "需求", "到岗", "缺员"],
    )];
    for row in coverage(s, rota) {
        c.push(vec![
            s.days[row.day].date.to_string(),
            tr(lang, if row.kind == "unit" { "unit" } else { "requirement" }).to_string(),
            row.id.clone(),
            name_of(row.kind, &row.id),
            row.need.to_string(),
            row.have.to_string(),
            row.need.saturating_sub(row.have).to_string(),
        ]);
    }

    let mut l = vec![head(
        lang,
        &["date", "staff", "name", "from_unit", "from_unit_name", "to_unit", "to_unit_name"],
        &["日期", "工号", "人员", "借出单位编号", "借出单位", "借入单位编号", "借入单位"],
    )];
    for (d, day) in s.days.iter().enumerate() {
        for (p, person) in s.staff.iter().enumerate() {
            let cell = rota.cells[p][d];
            if let (Status::Office, Some(u)) = (cell.status, cell.at_unit) {
                if u != person.unit {
                    l.push(vec![
                        day.date.to_string(),
                        person.id.clone(),
                        person.name.clone(),
                        s.units[person.unit].id.clone(),
                        unit_name(person.unit),
                        s.units[u].id.clone(),
                        unit_name(u),
                    ]);
                }
            }
        }
    }

    let mut sf = vec![head(
        lang,
        &["date", "kind", "id", "name", "need", "have", "why"],
        &["日期", "类别", "编号", "名称", "需求", "到岗", "原因"],
    )];
    for x in &plan.sum.shortfalls {
        sf.push(vec![
            x.date.clone(),
            tr(lang, if x.kind == "unit" { "unit" } else { "requirement" }).to_string(),
            x.id.clone(),
            name_of(&x.kind, &x.id),
            x.need.to_string(),
            x.have.to_string(),
            x.why.clone(),
        ]);
    }
    vec![
        ("rota.csv", to_excel(&r)),
        ("coverage.csv", to_excel(&c)),
        ("lending.csv", to_excel(&l)),
        ("shortfalls.csv", to_excel(&sf)),
    ]
}
