//! Report and chart labels in English and Chinese. The 值班表 workbook does not use
//! these: it is always in Chinese.

/// The language of reports and chart labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// (key, English, Chinese). Every label shown in a report or chart is here.
pub const TABLE: &[(&str, &str, &str)] = &[
    // Comparison rows: the headline first.
    ("shortfall", "Requirement shortfall (person-days)", "值班缺员（人·天）"),
    ("unit_shortfall", "Unit shortfall (person-days)", "单位在岗缺员（人·天）"),
    ("points_min", "Duty points per head: min", "人均值班积分：最少"),
    ("points_mean", "Duty points per head: mean", "人均值班积分：平均"),
    ("points_max", "Duty points per head: max", "人均值班积分：最多"),
    ("points_spread", "Duty points per head: spread (max - min)", "人均值班积分：极差（最多-最少）"),
    ("comp_owed", "Compensatory rest owed at the end (days)", "期末未休调休（天）"),
    ("lending_person_days", "Lending (person-days)", "借调（人·天）"),
    ("objective", "Objective (weighted sum)", "目标函数值（加权和）"),
    ("status", "Solver status", "求解状态"),
    ("bound", "Lower bound", "下界"),
    ("gap", "Gap", "最优间隙"),
    ("solve_seconds", "Solve time (s)", "求解用时（秒）"),
    ("unit_days_below_min", "Unit-days below minimum", "低于最低在岗的单位·天"),
    ("over", "Extra persons over counts", "超配人次"),
    ("comp_earned", "Compensatory rest earned (days)", "新增调休（天）"),
    ("comp_taken", "Compensatory rest taken (days)", "已休调休（天）"),
    ("recovery_days", "Recovery days after nights", "夜班后补休（天）"),
    ("points_stdev", "Duty points per head: standard deviation", "人均值班积分：标准差"),
    ("fairness_spread", "Fairness spread, summed over groupings", "各组合积分极差之和"),
    ("max_consecutive_work_days", "Longest run of work days", "最长连续工作天数"),
    ("preferences_unmet", "Preferences not met (days)", "未满足的意愿（天）"),
    ("groupings", "Groupings", "组合数"),
    ("shortfall_explained", "Shortfall entries explained", "缺员明细条数"),
    ("calendar_provisional", "Calendar provisional", "日历为预估"),
    // Table heads.
    ("metric", "Figure", "指标"),
    ("baseline", "baseline", "基准"),
    ("vs_baseline", "vs baseline", "对比基准"),
    ("yes", "yes", "是"),
    ("no", "no", "否"),
    // Charts.
    ("chart_units", "Unit coverage: people present minus the minimum", "单位在岗：在岗人数减最低要求"),
    ("chart_requirements", "Requirement coverage per day: need vs have", "每日值班需求与到岗"),
    ("chart_points", "Duty points per person, by unit", "每人值班积分（按单位）"),
    ("chart_comp", "Compensatory rest owed, over the horizon", "调休余额变化"),
    ("chart_lending", "Lending: person-days from unit to unit", "借调流向：人·天（借出→借入）"),
    ("points_range", "Duty points per head: mean (bar), fewest to most (line)", "人均值班积分：平均（柱）、最少至最多（线）"),
    ("chart_headline", "Headline figures side by side", "主要指标对比"),
    ("provisional", "provisional calendar", "日历为预估"),
    ("date", "date", "日期"),
    ("unit", "unit", "单位"),
    ("person", "person", "人员"),
    ("people", "people", "人数"),
    ("days", "days", "天"),
    ("points", "points", "积分"),
    ("points_carry_in", "carried in", "往期积分"),
    ("points_horizon", "this plan", "本期积分"),
    ("need", "need", "需求"),
    ("have", "have", "到岗"),
    ("short", "short", "缺员"),
    ("at_minimum", "at the minimum", "刚好达标"),
    ("above_minimum", "above the minimum", "高于最低要求"),
    ("rest_day", "rest day", "休息日"),
    ("holiday", "holiday", "法定节假日"),
    ("makeup_day", "make-up working day", "调休上班日"),
    ("comp_balance", "days owed", "未休调休（天）"),
    ("from_unit", "lent from", "借出单位"),
    ("to_unit", "lent to", "借入单位"),
    ("no_lending", "no lending in this plan", "本方案无借调"),
    ("scenario", "scenario", "方案"),
    // Report.
    ("report_title", "Rota report", "排班报告"),
    ("comparison_title", "Comparison of scenarios", "方案对比"),
    ("summary", "Summary", "概要"),
    ("totals", "Totals", "合计"),
    ("by_grouping", "By grouping", "各组合"),
    ("grouping", "grouping", "组合"),
    ("charts", "Charts", "图表"),
    ("shortfalls", "Shortfalls, and why", "缺员及原因"),
    ("no_shortfall", "No shortfall: every unit at its minimum, every requirement filled.", "无缺员：各单位均达最低在岗要求，各项值班均已排满。"),
    ("calendar", "Calendar used", "所用日历"),
    ("calendar_row", "calendar", "日历"),
    ("calendar_provisional_note", "The calendar is provisional: the official holiday arrangement is not yet published. Check the dates when it is.", "日历为预估：官方放假安排尚未发布，发布后请核对日期。"),
    ("holidays", "Holidays", "法定节假日"),
    ("makeup_days", "Make-up working days", "调休上班日"),
    ("lending_table", "Lending proposal: person-days from unit to unit", "借调方案：人·天（借出→借入）"),
    ("notes", "Notes", "说明"),
    ("files", "Files", "文件"),
    ("scenario_file", "Scenario file", "方案文件"),
    ("input_sha256", "Input SHA-256", "输入文件 SHA-256"),
    ("kind", "kind", "类别"),
    ("id", "id", "编号"),
    ("name", "name", "名称"),
    ("why", "why", "原因"),
    ("requirement", "requirement", "值班需求"),
    ("per_scenario", "Each scenario", "各方案"),
    ("open_report", "full report", "完整报告"),
    ("not_solved", "not solved", "未求解"),
    ("font_note", "The PNG charts show ids instead of names: no font with Chinese characters was found. Install fonts-noto-cjk or fonts-wqy-zenhei (or set ROTA_FONT to a .ttf/.otf/.ttc file) and run `rota plot` again. The SVG charts and this page show the names.", "PNG 图表以编号代替名称：未找到含中文字形的字体。请安装 fonts-noto-cjk 或 fonts-wqy-zenhei（或将 ROTA_FONT 设为字体文件路径）后再运行 `rota plot`。SVG 图表和本页显示名称。"),
    ("no_font_note", "No font was found at all: PNG charts were not written. Install a font (fonts-noto-cjk) or set ROTA_FONT; the SVG charts are complete.", "未找到任何字体，未生成 PNG 图表。请安装字体（fonts-noto-cjk）或设置 ROTA_FONT；SVG 图表完整。"),
];

/// The label for `key` in `lang` (the key itself when it is not in the table).
pub fn tr(lang: Lang, key: &str) -> &str {
    match TABLE.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, zh)) => match lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
        None => key,
    }
}

/// Weekday names, Monday first.
pub fn weekday(lang: Lang, day: chrono::Weekday) -> &'static str {
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const ZH: [&str; 7] = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"];
    let i = day.num_days_from_monday() as usize;
    match lang {
        Lang::En => EN[i],
        Lang::Zh => ZH[i],
    }
}
