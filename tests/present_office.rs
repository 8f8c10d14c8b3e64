//! The office formats of a solved tiny scenario: the 值班表 workbook re-read (sheet
//! names, headers, cells), the per-person calendars parsed (RFC 5545 line structure,
//! components, required properties, times), and the Excel CSV files (byte-order mark,
//! names next to ids, formula injection).

mod present_support;

use calamine::{open_workbook, Data, Reader, Xlsx};
use present_support::{read, solved};
use rota::present::excel_csv;

fn workbook() -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(solved().join("值班表.xlsx")).expect("值班表.xlsx opens")
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Excel's serial number of a date.
fn serial(date: &str) -> f64 {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("base");
    (d - base).num_days() as f64
}

#[test]
fn workbook_has_a_duty_sheet_per_grouping_and_month_then_the_rota_and_lending() {
    let wb = workbook();
    assert_eq!(wb.sheet_names(), ["组织部组合2月", "排班总表", "借调安排"]);
}

#[test]
fn duty_sheet_has_the_official_layout() {
    let mut wb = workbook();
    let r = wb.worksheet_range("组织部组合2月").expect("sheet");
    assert!(text(&r, 0, 0).starts_with("组织部组合2027年2月值班表"), "title: {}", text(&r, 0, 0));
    assert!(text(&r, 0, 0).contains("日历为预估"), "provisional said");
    let head: Vec<String> = (0..9).map(|c| text(&r, 1, c)).collect();
    assert_eq!(
        head,
        ["日期", "星期", "带班领导", "带班领导单位", "值班人员", "值班人员单位", "班次", "值班时间", "备注"]
    );
    // The first day, 2027-02-03 (a Wednesday), as a real date.
    match r.get_value((2, 0)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), serial("2027-02-03")),
        other => panic!("a date in A3, not {other:?}"),
    }
    assert_eq!(text(&r, 2, 1), "星期三");
    // Every row of the sheet: the holiday and the make-up day are named.
    let rows: Vec<Vec<String>> = (2..r.height() as u32).map(|row| (0..9).map(|c| text(&r, row, c)).collect()).collect();
    assert!(rows.iter().any(|x| x[1] == "星期五（春节）" && x[8] == "春节"), "holiday named");
    assert!(rows.iter().any(|x| x[1] == "星期日（调休上班）"), "make-up day marked");
    // A leader on duty on each holiday; the night duty with its clock times.
    let holiday_leaders = rows.iter().filter(|x| x[8] == "春节" && !x[2].is_empty()).count();
    assert!(holiday_leaders >= 5, "a 带班领导 on each of the five holidays");
    assert!(rows
        .iter()
        .any(|x| x[6] == "夜间值班" && x[7] == "17:30-次日08:30" && !x[4].is_empty() && !x[5].is_empty()));
    assert!(rows.iter().any(|x| x[6] == "创城督查" && x[7] == "480分钟"));
}

#[test]
fn rota_sheet_has_a_row_per_person_and_a_column_per_day() {
    let mut wb = workbook();
    let r = wb.worksheet_range("排班总表").expect("sheet");
    assert_eq!([text(&r, 1, 0), text(&r, 1, 1), text(&r, 1, 2)], ["单位", "姓名", "工号"]);
    assert_eq!(text(&r, 1, 3), "02-03");
    assert_eq!(text(&r, 2, 3), "三");
    let ids: Vec<String> = (3..9).map(|row| text(&r, row, 2)).collect();
    assert_eq!(ids, ["bb01", "bb02", "zzb01", "zzb02", "zzb03", "zzb04"], "units by id, then staff by id");
    // zzb03 (row 7) is on leave on 2027-02-11 and 02-12 (columns 3 + 8, 3 + 9).
    assert_eq!(text(&r, 7, 11), "假");
    assert_eq!(text(&r, 7, 12), "假");
    // A formula-like name stays a text cell.
    assert_eq!(text(&r, 6, 1), "=1+2");
}

#[test]
fn lending_sheet_is_the_lending_proposal() {
    let mut wb = workbook();
    let r = wb.worksheet_range("借调安排").expect("sheet");
    assert_eq!((0..4).map(|c| text(&r, 1, c)).collect::<Vec<_>>(), ["日期", "人员", "借出单位", "借入单位"]);
    let csv = read(&solved().join("lending.csv"));
    let lent: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!lent.is_empty());
    for (i, line) in lent.iter().enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let row = 2 + i as u32;
        match r.get_value((row, 0)) {
            Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), serial(f[0])),
            other => panic!("a date, not {other:?}"),
        }
        assert_eq!(text(&r, row, 4), f[1], "staff id");
        let unit = |id: &str| if id == "zzb" { "区委组织部" } else { "区委编办" };
        assert_eq!(text(&r, row, 2), unit(f[2]));
        assert_eq!(text(&r, row, 3), unit(f[3]));
    }
}

#[test]
fn workbook_is_the_same_bytes_every_time() {
    let again = tempfile::tempdir().expect("tmp");
    for f in ["rota.csv", "coverage.csv", "lending.csv", "summary.json"] {
        std::fs::copy(solved().join(f), again.path().join(f)).expect("copy");
    }
    present_support::rota()
        .args(["plot"])
        .arg(again.path())
        .args(["--scenario", "tests/fixtures/present/tiny.toml"])
        .assert()
        .success();
    assert_eq!(std::fs::read(solved().join("值班表.xlsx")).ok(), std::fs::read(again.path().join("值班表.xlsx")).ok());
}

// ---------------------------------------------------------------------------------

/// Unfolds an iCalendar text after checking its line structure; returns the lines.
fn ics_lines(text: &str) -> Vec<String> {
    assert!(text.ends_with("\r\n"));
    let raw: Vec<&str> = text.split("\r\n").collect();
    let mut lines: Vec<String> = Vec::new();
    for l in &raw[..raw.len() - 1] {
        assert!(!l.contains('\n') && !l.contains('\r'), "bare LF or CR");
        assert!(l.len() <= 75, "a line over 75 octets: {l}");
        match l.strip_prefix(' ') {
            Some(rest) => lines.last_mut().expect("a continuation follows a line").push_str(rest),
            None => lines.push(l.to_string()),
        }
    }
    lines
}

fn calendars() -> Vec<(String, Vec<String>)> {
    let dir = solved().join("calendars");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("calendars/").flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .iter()
        .map(|p| (p.file_name().unwrap_or_default().to_string_lossy().into_owned(), ics_lines(&read(p))))
        .collect()
}

#[test]
fn one_calendar_per_person() {
    let names: Vec<String> = calendars().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["bb01.ics", "bb02.ics", "zzb01.ics", "zzb02.ics", "zzb03.ics", "zzb04.ics"]);
}

#[test]
fn calendars_are_valid_icalendar() {
    for (name, lines) in calendars() {
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"), "{name}");
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"), "{name}");
        assert!(lines.iter().any(|l| l == "VERSION:2.0") && lines.iter().any(|l| l.starts_with("PRODID:")));
        let mut depth: Vec<&str> = Vec::new();
        let mut event: Vec<&str> = Vec::new();
        let mut uids = std::collections::BTreeSet::new();
        for l in &lines {
            assert!(l.contains(':'), "{name}: not a content line: {l}");
            if let Some(c) = l.strip_prefix("BEGIN:") {
                depth.push(c);
                event.clear();
            } else if let Some(c) = l.strip_prefix("END:") {
                assert_eq!(depth.pop(), Some(c), "{name}: END:{c} closes something else");
                if c == "VEVENT" {
                    for prop in ["UID:", "DTSTAMP:", "DTSTART", "DTEND", "SUMMARY:"] {
                        assert!(event.iter().any(|p| p.starts_with(prop)), "{name}: an event without {prop}");
                    }
                    let uid = event.iter().find(|p| p.starts_with("UID:")).map(|s| s.to_string());
                    assert!(uids.insert(uid), "{name}: UIDs repeat");
                }
            } else {
                event.push(l);
            }
        }
        assert!(depth.is_empty(), "{name}: unclosed {depth:?}");
        assert!(lines.iter().filter(|l| l.starts_with("DTSTAMP:")).all(|l| l == "DTSTAMP:20270203T000000Z"));
    }
}

#[test]
fn calendars_hold_shifts_with_times_rests_and_leave() {
    let all = calendars();
    let joined: Vec<String> = all.iter().flat_map(|(_, l)| l.clone()).collect();
    // A night shift: 17:30 to 08:30 the next day, as floating local times.
    let starts: Vec<usize> =
        (0..joined.len()).filter(|&i| joined[i].starts_with("DTSTART:") && joined[i].ends_with("T173000")).collect();
    assert!(!starts.is_empty(), "night shifts");
    for i in starts {
        let day: u32 = joined[i][14..16].parse().expect("day");
        assert_eq!(joined[i + 1], format!("DTEND:202702{:02}T083000", day + 1));
    }
    // The campaign shift has no clock times: an all-day event.
    assert!(joined.iter().any(|l| l == "DTSTART;VALUE=DATE:20270210"));
    assert!(joined.iter().any(|l| l.starts_with("CATEGORIES:RECOVERY")), "recovery days");
    // zzb03's leave, 02-11 and 02-12, is one all-day event (DTEND exclusive).
    let (_, zzb03) = all.iter().find(|(n, _)| n == "zzb03.ics").expect("zzb03");
    let at = zzb03.iter().position(|l| l == "SUMMARY:Leave").expect("leave event");
    let block = &zzb03[..at];
    assert!(block.iter().rev().any(|l| l == "DTSTART;VALUE=DATE:20270211"));
    assert!(block.iter().rev().any(|l| l == "DTEND;VALUE=DATE:20270213"));
}

#[test]
fn long_lines_fold_between_characters() {
    let folded = rota::present::ics::fold(&format!("SUMMARY:{}", "值班".repeat(40)));
    for l in folded.trim_end_matches("\r\n").split("\r\n") {
        assert!(l.len() <= 75, "{} octets", l.len());
    }
    assert_eq!(folded.replace("\r\n ", ""), format!("SUMMARY:{}\r\n", "值班".repeat(40)));
    assert_eq!(rota::present::ics::escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
}

// ---------------------------------------------------------------------------------

#[test]
fn excel_csv_has_a_bom_crlf_and_names_next_to_ids() {
    for f in ["rota.csv", "coverage.csv", "lending.csv", "shortfalls.csv"] {
        let bytes = std::fs::read(solved().join("excel").join(f)).expect("excel csv");
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{f}: byte-order mark");
        let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
        assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'), "{f}: CRLF");
    }
    let rota = read(&solved().join("excel/rota.csv"));
    assert!(rota.contains("zzb01,陈远航,zzb,区委组织部,"), "{}", rota.lines().nth(1).unwrap_or(""));
}

#[test]
fn formula_injection_is_defused_in_every_text_cell() {
    let rota = read(&solved().join("excel/rota.csv"));
    assert!(rota.contains(",zzb02,'=1+2,"), "= escaped");
    assert!(rota.contains(",zzb03,'@SUM(A1),"), "@ escaped");
    assert!(rota.contains(",bb01,'-3+1 吴秀萍,"), "- escaped");
    assert!(rota.contains(",bb02,'+郑思涵,"), "+ escaped");
    for line in rota.lines() {
        for cell in line.split(',') {
            assert!(!cell.starts_with(['=', '+', '@']), "unescaped cell {cell}");
        }
    }
    // Numbers stay numbers; text that only looks like one gets its apostrophe.
    let out =
        excel_csv::to_excel(&[vec!["-2".into(), "3.5".into(), "-2+3".into(), "\tx".into(), "@x".into(), "a".into()]]);
    assert_eq!(String::from_utf8_lossy(&out[3..]), "-2,3.5,'-2+3,'\tx,'@x,a\r\n");
    // The contract's own rota.csv carries ids only and is left as it is.
    assert!(!read(&solved().join("rota.csv")).contains('\''));
}
