//! 值班表.xlsx, always in Chinese: one 值班表 sheet per grouping and month in the
//! official layout (日期, 星期, 带班领导 and unit, 值班人员 and unit, 班次, 时间, 备注;
//! holidays, rest days and make-up working days shaded), the full rota (排班总表, one
//! row per person, one column per day) and the lead units' lending proposal (借调安排).
//!
//! A shift counts as 带班领导 when its requirement asks for the role `leader`, or its
//! shift's id is `leader`, or the requirement's or shift's name contains 带班.

use chrono::Datelike;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::labels::{weekday, Lang};
use super::Plan;
use crate::domain::{DayKind, Scenario, Status};
use crate::report::evaluate::is_recovery;

pub const FILE_NAME: &str = "值班表.xlsx";

const HOLIDAY_FILL: u32 = 0xFCE4D6;
const REST_FILL: u32 = 0xEDEDED;
const MAKEUP_FILL: u32 = 0xDDEBF7;

type X<T> = Result<T, String>;

fn e(err: rust_xlsxwriter::XlsxError) -> String {
    format!("值班表.xlsx: {err}")
}

/// Is requirement r the leader on duty (带班领导)?
pub fn is_leader(s: &Scenario, r: usize) -> bool {
    let req = &s.requirements[r];
    let shift = &s.shifts[req.shift];
    req.roles.contains("leader") || shift.id == "leader" || req.name.contains("带班") || shift.name.contains("带班")
}

/// Cell formats, one set per day kind.
struct Formats {
    title: Format,
    head: Format,
    /// [plain, rest day, holiday, make-up day] × [text, date]
    body: [Format; 4],
    date: [Format; 4],
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(11)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let fills = [None, Some(REST_FILL), Some(HOLIDAY_FILL), Some(MAKEUP_FILL)];
        let body = fills.map(|f| match f {
            Some(c) => base.clone().set_background_color(Color::RGB(c)).set_text_wrap(),
            None => base.clone().set_text_wrap(),
        });
        let date = body.clone().map(|f| f.set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center));
        Formats {
            title: Format::new().set_font_name("黑体").set_font_size(16).set_bold().set_align(FormatAlign::Center),
            head: base.clone().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xD9D9D9)),
            body,
            date,
        }
    }
}

fn kind_index(s: &Scenario, d: usize) -> usize {
    let day = &s.days[d];
    match day.kind {
        DayKind::Holiday => 2,
        DayKind::Weekend => 1,
        DayKind::Working if day.makeup => 3,
        DayKind::Working => 0,
    }
}

fn excel_date(date: chrono::NaiveDate) -> X<ExcelDateTime> {
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8).map_err(e)
}

/// A sheet name Excel accepts (≤ 31 characters, none of []:*?/\), unique among `taken`.
pub fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let clean = clean.trim_matches('\'').to_string();
    let mut n = 1;
    loop {
        let suffix = if n == 1 { String::new() } else { format!("({n})") };
        let keep = 31 - suffix.chars().count();
        let name: String = clean.chars().take(keep).collect::<String>() + &suffix;
        if !name.is_empty() && !taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            taken.push(name.clone());
            return name;
        }
        n += 1;
    }
}

/// The 星期 cell: the weekday, and the holiday or make-up day in brackets.
fn weekday_cell(plan: &Plan, d: usize) -> String {
    let day = &plan.s.days[d];
    let w = weekday(Lang::Zh, day.weekday());
    match day.kind {
        DayKind::Holiday => match plan.holidays.get(&day.date) {
            Some(name) => format!("{w}（{name}）"),
            None => format!("{w}（节假日）"),
        },
        DayKind::Working if day.makeup => format!("{w}（调休上班）"),
        _ => w.to_string(),
    }
}

fn shift_time(s: &Scenario, shift: usize) -> String {
    match s.shifts[shift].clock {
        Some((a, b)) => {
            let next = if b <= a { "次日" } else { "" };
            format!("{:02}:{:02}-{next}{:02}:{:02}", a / 60, a % 60, b / 60, b % 60)
        }
        None => format!("{}分钟", s.shifts[shift].minutes),
    }
}

/// The whole workbook, as bytes.
pub fn workbook(plan: &Plan) -> X<Vec<u8>> {
    let s = plan.s;
    let mut wb = Workbook::new();
    let start = excel_date(s.start())?;
    wb.set_properties(&DocProperties::new().set_title(format!("{} 值班表", s.name)).set_creation_datetime(&start));
    let f = Formats::new();
    let mut taken = Vec::new();
    let months: Vec<(i32, u32)> = {
        let mut m: Vec<(i32, u32)> = s.days.iter().map(|d| (d.date.year(), d.date.month())).collect();
        m.dedup();
        m
    };
    let two_years = months.first().map(|m| m.0) != months.last().map(|m| m.0);
    for (g, grouping) in s.groupings.iter().enumerate() {
        if !s.requirements.iter().any(|r| s.owner_grouping(r.owner) == g) {
            continue;
        }
        for &(year, month) in &months {
            let label = if two_years {
                format!("{}{}年{}月", grouping.name, year % 100, month)
            } else {
                format!("{}{}月", grouping.name, month)
            };
            let name = sheet_name(&label, &mut taken);
            let ws = wb.add_worksheet();
            ws.set_name(&name).map_err(e)?;
            duty_sheet(plan, ws, &f, g, year, month)?;
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name("排班总表", &mut taken)).map_err(e)?;
    rota_sheet(plan, ws, &f)?;
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name("借调安排", &mut taken)).map_err(e)?;
    lending_sheet(plan, ws, &f)?;
    wb.save_to_buffer().map_err(e)
}

pub const DUTY_HEAD: [&str; 9] =
    ["日期", "星期", "带班领导", "带班领导单位", "值班人员", "值班人员单位", "班次", "值班时间", "备注"];

fn duty_sheet(plan: &Plan, ws: &mut Worksheet, f: &Formats, g: usize, year: i32, month: u32) -> X<()> {
    let s = plan.s;
    let grouping = &s.groupings[g];
    let provisional = if s.any_provisional() { "（日历为预估，以正式通知为准）" } else { "" };
    let title = format!("{}{}年{}月值班表{provisional}", grouping.name, year, month);
    ws.merge_range(0, 0, 0, DUTY_HEAD.len() as u16 - 1, &title, &f.title).map_err(e)?;
    ws.set_row_height(0, 28).map_err(e)?;
    for (c, h) in DUTY_HEAD.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &f.head).map_err(e)?;
    }
    for (c, w) in [12.0, 16.0, 10.0, 16.0, 10.0, 16.0, 16.0, 16.0, 14.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(e)?;
    }
    ws.set_freeze_panes(2, 0).map_err(e)?;
    ws.set_repeat_rows(0, 1).map_err(e)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    let reqs: Vec<usize> =
        (0..s.requirements.len()).filter(|&r| s.owner_grouping(s.requirements[r].owner) == g).collect();
    let mut row: u32 = 2;
    for (d, day) in s.days.iter().enumerate().filter(|(_, day)| day.date.year() == year && day.date.month() == month) {
        let k = kind_index(s, d);
        let holders = |leader: bool| -> Vec<(usize, usize)> {
            let mut v: Vec<(usize, usize)> = (0..s.staff.len())
                .filter_map(|p| plan.rota.cells[p][d].requirement.map(|r| (p, r)))
                .filter(|(_, r)| reqs.contains(r) && is_leader(s, *r) == leader)
                .collect();
            v.sort_by_key(|&(p, r)| (r, p));
            v
        };
        let leaders = holders(true);
        let duties = holders(false);
        let lines = duties.len().max(1) as u32;
        let leader_names = leaders.iter().map(|&(p, _)| s.staff[p].name.clone()).collect::<Vec<_>>().join("、");
        let leader_units =
            leaders.iter().map(|&(p, _)| s.units[s.staff[p].unit].name.clone()).collect::<Vec<_>>().join("、");
        let note = match day.kind {
            DayKind::Holiday => plan.holidays.get(&day.date).cloned().unwrap_or_else(|| "节假日".into()),
            DayKind::Weekend => "休息日".into(),
            DayKind::Working if day.makeup => "调休上班".into(),
            DayKind::Working => String::new(),
        };
        let last = row + lines - 1;
        let shared =
            [(0u16, String::new()), (1, weekday_cell(plan, d)), (2, leader_names), (3, leader_units), (8, note)];
        for (col, text) in shared {
            let fmt = if col == 0 { &f.date[k] } else { &f.body[k] };
            if lines > 1 {
                ws.merge_range(row, col, last, col, &text, fmt).map_err(e)?;
            } else {
                ws.write_string_with_format(row, col, &text, fmt).map_err(e)?;
            }
        }
        ws.write_date_with_format(row, 0, excel_date(day.date)?, &f.date[k]).map_err(e)?;
        for i in 0..lines {
            let (name, unit, shift, time) = match duties.get(i as usize) {
                Some(&(p, r)) => {
                    let sh = s.requirements[r].shift;
                    (
                        s.staff[p].name.clone(),
                        s.units[s.staff[p].unit].name.clone(),
                        s.shifts[sh].name.clone(),
                        shift_time(s, sh),
                    )
                }
                None => Default::default(),
            };
            for (col, text) in [(4u16, name), (5, unit), (6, shift), (7, time)] {
                ws.write_string_with_format(row + i, col, &text, &f.body[k]).map_err(e)?;
            }
        }
        row = last + 1;
    }
    Ok(())
}

/// A person's day in the full rota, in a few characters.
pub fn rota_code(s: &Scenario, rota: &crate::domain::Rota, p: usize, d: usize) -> String {
    let c = rota.cells[p][d];
    let shift = c.requirement.map(|r| s.shifts[s.requirements[r].shift].name.clone());
    let base = match c.status {
        Status::Leave => "假".to_string(),
        Status::Office => match c.at_unit {
            Some(u) if u != s.staff[p].unit => format!("借{}", s.units[u].name),
            _ => "班".to_string(),
        },
        Status::Shift => return shift.unwrap_or_default(),
        Status::Rest if is_recovery(s, rota, p, d) => "夜休".to_string(),
        Status::Rest => "调休".to_string(),
        Status::Off => String::new(),
    };
    match shift {
        Some(sh) if base.is_empty() => sh,
        Some(sh) => format!("{base}+{sh}"),
        None => base,
    }
}

fn rota_sheet(plan: &Plan, ws: &mut Worksheet, f: &Formats) -> X<()> {
    let s = plan.s;
    let cols = 3 + s.days.len() as u16;
    ws.merge_range(0, 0, 0, cols - 1, &format!("{} 排班总表", s.name), &f.title).map_err(e)?;
    for (c, h) in ["单位", "姓名", "工号"].iter().enumerate() {
        ws.merge_range(1, c as u16, 2, c as u16, h, &f.head).map_err(e)?;
    }
    for (d, day) in s.days.iter().enumerate() {
        let k = kind_index(s, d);
        let head = if k == 0 { f.head.clone() } else { f.body[k].clone().set_bold().set_align(FormatAlign::Center) };
        ws.write_string_with_format(1, 3 + d as u16, day.date.format("%m-%d").to_string(), &head).map_err(e)?;
        let w = weekday(Lang::Zh, day.weekday()).trim_start_matches("星期").to_string();
        ws.write_string_with_format(2, 3 + d as u16, w, &head).map_err(e)?;
        ws.set_column_width(3 + d as u16, 7).map_err(e)?;
    }
    ws.set_column_width(0, 16).map_err(e)?;
    ws.set_column_width(1, 10).map_err(e)?;
    ws.set_column_width(2, 10).map_err(e)?;
    ws.set_freeze_panes(3, 3).map_err(e)?;
    let order: Vec<usize> = s.groupings.iter().flat_map(|g| g.units.iter().copied()).collect();
    let mut people: Vec<usize> = (0..s.staff.len()).collect();
    people.sort_by_key(|&p| (order.iter().position(|&u| u == s.staff[p].unit), s.staff[p].id.clone()));
    for (i, &p) in people.iter().enumerate() {
        let row = 3 + i as u32;
        ws.write_string_with_format(row, 0, &s.units[s.staff[p].unit].name, &f.body[0]).map_err(e)?;
        ws.write_string_with_format(row, 1, &s.staff[p].name, &f.body[0]).map_err(e)?;
        ws.write_string_with_format(row, 2, &s.staff[p].id, &f.body[0]).map_err(e)?;
        for d in 0..s.days.len() {
            let k = kind_index(s, d);
            ws.write_string_with_format(row, 3 + d as u16, rota_code(s, plan.rota, p, d), &f.body[k]).map_err(e)?;
        }
    }
    let row = 4 + people.len() as u32;
    let legend = "说明：班＝在本单位上班；借X＝借调到X单位上班；假＝请假；调休＝调休（补休）；夜休＝夜班后休息；班次名称＝当日值班；空白＝休息日不上班。";
    ws.merge_range(row, 0, row, cols.min(30) - 1, legend, &f.body[0]).map_err(e)?;
    Ok(())
}

pub const LENDING_HEAD: [&str; 5] = ["日期", "人员", "借出单位", "借入单位", "工号"];

fn lending_sheet(plan: &Plan, ws: &mut Worksheet, f: &Formats) -> X<()> {
    let s = plan.s;
    ws.merge_range(
        0,
        0,
        0,
        LENDING_HEAD.len() as u16 - 1,
        &format!("{} 借调安排（牵头单位提议，报召集区领导审定）", s.name),
        &f.title,
    )
    .map_err(e)?;
    for (c, h) in LENDING_HEAD.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &f.head).map_err(e)?;
    }
    for (c, w) in [12.0, 12.0, 18.0, 18.0, 12.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(e)?;
    }
    ws.set_freeze_panes(2, 0).map_err(e)?;
    let mut row = 2u32;
    for (d, day) in s.days.iter().enumerate() {
        let k = kind_index(s, d);
        for (p, person) in s.staff.iter().enumerate() {
            let c = plan.rota.cells[p][d];
            let Some(to) = c.at_unit.filter(|&u| c.status == Status::Office && u != person.unit) else { continue };
            ws.write_date_with_format(row, 0, excel_date(day.date)?, &f.date[k]).map_err(e)?;
            ws.write_string_with_format(row, 1, &person.name, &f.body[k]).map_err(e)?;
            ws.write_string_with_format(row, 2, &s.units[person.unit].name, &f.body[k]).map_err(e)?;
            ws.write_string_with_format(row, 3, &s.units[to].name, &f.body[k]).map_err(e)?;
            ws.write_string_with_format(row, 4, &person.id, &f.body[k]).map_err(e)?;
            row += 1;
        }
    }
    if row == 2 {
        ws.merge_range(2, 0, 2, LENDING_HEAD.len() as u16 - 1, "本方案无借调", &f.body[0]).map_err(e)?;
    }
    Ok(())
}
