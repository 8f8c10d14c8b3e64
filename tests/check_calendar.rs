//! The built-in "cn" calendars against the State Council arrangements as published
//! (the table of issue 2, written out here independently of calendars/*.toml), and the
//! provisional 2027 estimate.

mod check_support;

use chrono::{Datelike, NaiveDate, Weekday};
use rota::calendar::{self, Calendar};
use rota::diag::Diagnostics;
use rota::domain::{Day, DayKind};

/// One published year: holiday blocks (name, first, last) and make-up working days.
struct Published {
    year: i32,
    blocks: &'static [(&'static str, &'static str, &'static str)],
    makeup: &'static [&'static str],
}

const CN_2025: Published = Published {
    year: 2025,
    blocks: &[
        ("元旦", "01-01", "01-01"),
        ("春节", "01-28", "02-04"),
        ("清明节", "04-04", "04-06"),
        ("劳动节", "05-01", "05-05"),
        ("端午节", "05-31", "06-02"),
        ("国庆节·中秋节", "10-01", "10-08"),
    ],
    makeup: &["01-26", "02-08", "04-27", "09-28", "10-11"],
};

const CN_2026: Published = Published {
    year: 2026,
    blocks: &[
        ("元旦", "01-01", "01-03"),
        ("春节", "02-15", "02-23"),
        ("清明节", "04-04", "04-06"),
        ("劳动节", "05-01", "05-05"),
        ("端午节", "06-19", "06-21"),
        ("中秋节", "09-25", "09-27"),
        ("国庆节", "10-01", "10-07"),
    ],
    makeup: &["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
};

fn date(year: i32, md: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&format!("{year}-{md}"), "%Y-%m-%d").expect("a date")
}

fn builtin() -> Vec<Calendar> {
    let mut diags = Diagnostics::default();
    let cals: Vec<Calendar> = calendar::builtin_cn(&mut diags).into_iter().map(|(c, _)| c).collect();
    assert!(diags.problems.iter().all(|p| !p.is_error()), "{:?}", diags.problems);
    assert!(diags.problems.is_empty(), "the built-in files give no warning: {:?}", diags.problems);
    cals
}

fn whole_year(year: i32) -> Vec<Day> {
    calendar::horizon(date(year, "01-01"), date(year, "12-31"), &builtin())
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Every day of the year has the kind the published arrangement gives it.
fn assert_year_matches(p: &Published) {
    let days = whole_year(p.year);
    assert_eq!(days.len(), 365);
    let in_block = |d: NaiveDate| p.blocks.iter().any(|(_, a, b)| (date(p.year, a)..=date(p.year, b)).contains(&d));
    let makeup: Vec<NaiveDate> = p.makeup.iter().map(|md| date(p.year, md)).collect();
    for day in &days {
        let d = day.date;
        let (kind, is_makeup) = if in_block(d) {
            (DayKind::Holiday, false)
        } else if makeup.contains(&d) {
            (DayKind::Working, true)
        } else if is_weekend(d) {
            (DayKind::Weekend, false)
        } else {
            (DayKind::Working, false)
        };
        assert_eq!((day.kind, day.makeup), (kind, is_makeup), "{d} ({})", d.weekday());
    }
}

#[test]
fn every_day_of_2025_is_as_published() {
    assert_year_matches(&CN_2025);
}

#[test]
fn every_day_of_2026_is_as_published() {
    assert_year_matches(&CN_2026);
}

#[test]
fn every_make_up_day_is_a_weekend_day_made_a_working_day() {
    for p in [&CN_2025, &CN_2026] {
        let days = whole_year(p.year);
        for md in p.makeup {
            let d = date(p.year, md);
            assert!(is_weekend(d), "{d} is a weekend day by the calendar");
            let day = days.iter().find(|x| x.date == d).expect("in the year");
            assert_eq!(day.kind, DayKind::Working, "{d}");
            assert!(day.makeup, "{d} is marked make-up");
        }
        let marked = days.iter().filter(|d| d.makeup).count();
        assert_eq!(marked, p.makeup.len(), "{}: no other day is a make-up day", p.year);
    }
}

#[test]
fn weekend_days_inside_holiday_blocks_are_holidays() {
    for p in [&CN_2025, &CN_2026] {
        let days = whole_year(p.year);
        let mut weekend_days_in_blocks = 0;
        for (name, a, b) in p.blocks {
            let (a, b) = (date(p.year, a), date(p.year, b));
            for day in days.iter().filter(|d| (a..=b).contains(&d.date)) {
                assert_eq!(day.kind, DayKind::Holiday, "{} in {name}", day.date);
                weekend_days_in_blocks += usize::from(is_weekend(day.date));
            }
        }
        assert!(weekend_days_in_blocks >= 8, "{}: the blocks span weekends ({weekend_days_in_blocks})", p.year);
    }
}

#[test]
fn the_holiday_counts_are_those_of_the_notices() {
    let count = |year: i32| whole_year(year).iter().filter(|d| d.kind == DayKind::Holiday).count();
    assert_eq!(count(2025), 1 + 8 + 3 + 5 + 3 + 8);
    assert_eq!(count(2026), 3 + 9 + 3 + 5 + 3 + 3 + 7);
}

#[test]
fn the_holiday_blocks_carry_their_names() {
    let cals = builtin();
    for p in [&CN_2025, &CN_2026] {
        let cal = cals.iter().find(|c| c.info.years == vec![p.year]).expect("a calendar for the year");
        for (name, a, b) in p.blocks {
            assert_eq!(cal.holiday_name(date(p.year, a)), Some(*name));
            assert_eq!(cal.holiday_name(date(p.year, b)), Some(*name));
        }
    }
}

#[test]
fn the_published_years_are_not_provisional_and_2027_is() {
    let cals = builtin();
    let years: Vec<(Vec<i32>, bool)> = cals.iter().map(|c| (c.info.years.clone(), c.info.provisional)).collect();
    assert_eq!(years, vec![(vec![2025], false), (vec![2026], false), (vec![2027], true)]);
    let c2027 = &cals[2];
    assert_eq!(c2027.info.source, "cn:calendars/cn-2027-provisional.toml");
    assert!(c2027.info.name.contains("PROVISIONAL"), "{}", c2027.info.name);
}

#[test]
fn the_2027_estimate_holds_spring_festival_and_a_make_up_day_on_weekends_only() {
    let days = whole_year(2027);
    let kind = |md: &str| days.iter().find(|d| d.date == date(2027, md)).map(|d| d.kind).expect("in 2027");
    assert_eq!(kind("02-06"), DayKind::Holiday, "初一, the first day of Spring Festival");
    assert_eq!(kind("02-05"), DayKind::Holiday, "除夕");
    assert_eq!(kind("10-01"), DayKind::Holiday, "National Day");
    for d in days.iter().filter(|d| d.makeup) {
        assert!(is_weekend(d.date), "{} is a make-up day on a weekday", d.date);
    }
    assert!(calendar::longest_working_run(&days) <= 7, "the estimate keeps working runs short");
}

#[test]
fn only_weekends_rest_without_a_calendar() {
    let days = calendar::horizon(date(2025, "01-27"), date(2025, "02-09"), &[]);
    for d in &days {
        let expected = if is_weekend(d.date) { DayKind::Weekend } else { DayKind::Working };
        assert_eq!(d.kind, expected, "{}", d.date);
        assert!(!d.makeup);
    }
    assert_eq!(calendar::uncovered_years(&days, &[]), vec![2025]);
}

#[test]
fn the_longest_working_run_counts_make_up_days() {
    // 2026-02-09 (Mon) .. 2026-02-14 (Sat, make-up): six in a row.
    let days = calendar::horizon(date(2026, "02-02"), date(2026, "02-15"), &builtin());
    assert_eq!(calendar::longest_working_run(&days), 6);
}

#[test]
fn months_are_numbered_within_the_horizon() {
    let days = calendar::horizon(date(2025, "12-30"), date(2026, "01-02"), &builtin());
    let months: Vec<usize> = days.iter().map(|d| d.month).collect();
    assert_eq!(months, vec![0, 0, 1, 1]);
}

#[test]
fn check_counts_the_days_of_a_quarter_by_kind() {
    // 2025 Q1: 90 days; holidays 01-01 and 01-28..02-04 (9); make-up 01-26 and 02-08.
    let text = check_support::base_with(&[
        ("start = \"2025-03-03\"", "start = \"2025-01-01\""),
        ("end = \"2025-03-16\"", "end = \"2025-03-31\""),
    ]);
    let c = check_support::check(&text);
    c.assert_clean();
    assert!(
        c.stdout
            .contains("horizon    2025-01-01 .. 2025-03-31: 90 days = 59 working (2 make-up), 22 weekend, 9 holiday"),
        "{}",
        c.stdout
    );
}
