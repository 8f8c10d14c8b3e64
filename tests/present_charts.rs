//! The charts: each SVG of a solved tiny scenario parsed as XML and checked for its
//! parts — axes (lines and tick labels), the legend, Chinese names as text, the day
//! kinds marked — plus the unit heatmap's red shortfalls and the id fallback.

mod present_support;

use present_support::{read, solved, tiny};
use rota::domain::{Cell, Rota};
use rota::present::charts::{self, Ctx};
use rota::present::Lang;

struct Svg {
    texts: Vec<String>,
    fills: Vec<String>,
    lines: usize,
}

fn parse(svg: &str) -> Svg {
    let doc = roxmltree::Document::parse(svg).expect("SVG is XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect();
    let fills = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .filter_map(|n| n.attribute("fill"))
        .map(|f| f.to_uppercase())
        .collect();
    let lines = doc.descendants().filter(|n| n.has_tag_name("line") || n.has_tag_name("polyline")).count();
    Svg { texts, fills, lines }
}

fn chart(name: &str) -> Svg {
    parse(&read(&solved().join("charts").join(format!("{name}.svg"))))
}

fn has(svg: &Svg, text: &str) -> bool {
    svg.texts.iter().any(|t| t.contains(text))
}

const HOLIDAY: &str = "#FDD49E";
const MAKEUP: &str = "#9ECAE1";
const SHORT: &str = "#D7301F";

#[test]
fn every_chart_is_written_as_svg() {
    for name in ["units", "requirements", "points", "comp", "lending"] {
        assert!(solved().join("charts").join(format!("{name}.svg")).is_file(), "{name}.svg");
    }
}

#[test]
fn unit_heatmap_has_axes_legend_names_and_day_kinds() {
    let svg = chart("units");
    assert!(svg.lines >= 2, "axis lines");
    assert!(has(&svg, "02-05") && has(&svg, "date"), "date axis: {:?}", svg.texts);
    for legend in ["short", "at the minimum", "above the minimum", "holiday", "make-up working day", "rest day"] {
        assert!(svg.texts.iter().any(|t| t == legend), "legend {legend}: {:?}", svg.texts);
    }
    assert!(has(&svg, "区委组织部") && has(&svg, "区委编办") && has(&svg, "组织部组合"));
    assert!(has(&svg, "(provisional calendar)"), "provisional in the title");
    assert!(svg.fills.iter().any(|f| f == HOLIDAY) && svg.fills.iter().any(|f| f == MAKEUP), "{:?}", svg.fills);
}

#[test]
fn requirement_chart_shows_need_have_and_the_shortfall() {
    let svg = chart("requirements");
    assert!(svg.lines >= 2);
    for legend in ["have", "short", "need", "holiday"] {
        assert!(svg.texts.iter().any(|t| t == legend), "legend {legend}");
    }
    assert!(has(&svg, "组织部组合") && has(&svg, "people"));
    // The finance post nobody can fill (2027-02-15) is a red bar.
    assert!(svg.fills.iter().any(|f| f == SHORT));
}

#[test]
fn points_chart_names_every_pool_member_by_unit() {
    let svg = chart("points");
    for name in ["陈远航", "林静怡", "=1+2", "+郑思涵"] {
        assert!(has(&svg, name), "{name}: {:?}", svg.texts);
    }
    assert!(svg.texts.iter().any(|t| t == "区委组织部") && svg.texts.iter().any(|t| t == "区委编办"), "unit legend");
    assert!(svg.texts.iter().any(|t| t == "carried in"), "carry-in legend");
    assert!(has(&svg, "points"));
}

#[test]
fn comp_chart_has_a_line_per_grouping_and_a_date_axis() {
    let svg = chart("comp");
    assert!(svg.texts.iter().any(|t| t == "组织部组合"), "legend");
    assert!(has(&svg, "days owed") && has(&svg, "date") && has(&svg, "02-1"));
    assert!(svg.fills.iter().any(|f| f == HOLIDAY));
}

#[test]
fn lending_chart_shows_the_flow_between_named_units() {
    let svg = chart("lending");
    assert!(has(&svg, "lent from") && has(&svg, "lent to"));
    assert!(has(&svg, "区委组织部") && has(&svg, "区委编办"));
    let lending = read(&solved().join("lending.csv"));
    let days = lending.lines().count() - 1;
    assert!(days > 0, "tiny lends");
    assert!(svg.texts.iter().any(|t| t == &days.to_string()), "{days} person-days written in the matrix");
}

#[test]
fn shortfalls_are_red_cells_with_the_number_missing() {
    let s = tiny();
    // Nobody anywhere: every unit is short on every working day.
    let rota = Rota { cells: vec![vec![Cell::OFF; s.days.len()]; s.staff.len()] };
    let figure = charts::units::UnitsChart::new(&s, &rota);
    let ctx = Ctx { lang: Lang::En, names: true, provisional: false };
    let svg = parse(&charts::svg(&figure, &ctx).expect("drawn"));
    let working = s.days.iter().filter(|d| d.is_working()).count();
    let red = svg.fills.iter().filter(|f| *f == SHORT || *f == "#99000D").count();
    assert_eq!(red, 2 * working + 1, "one red cell per unit and working day, and the legend swatch");
    assert!(svg.texts.iter().any(|t| t == "-2"), "bb misses 2");
    assert!(svg.texts.iter().any(|t| t == "-1"), "zzb misses 1");
    assert!(!has(&svg, "provisional"));
}

#[test]
fn labels_follow_the_language() {
    let s = tiny();
    let rota = Rota { cells: vec![vec![Cell::OFF; s.days.len()]; s.staff.len()] };
    let figure = charts::units::UnitsChart::new(&s, &rota);
    let zh = parse(&charts::svg(&figure, &Ctx { lang: Lang::Zh, names: true, provisional: true }).expect("drawn"));
    assert!(has(&zh, "日期") && has(&zh, "缺员") && has(&zh, "法定节假日") && has(&zh, "日历为预估"), "{:?}", zh.texts);
}

#[test]
fn without_a_cjk_font_charts_show_ids() {
    let s = tiny();
    let rota = Rota { cells: vec![vec![Cell::OFF; s.days.len()]; s.staff.len()] };
    let figure = charts::units::UnitsChart::new(&s, &rota);
    let ids = parse(&charts::svg(&figure, &Ctx { lang: Lang::En, names: false, provisional: true }).expect("drawn"));
    assert!(ids.texts.iter().any(|t| t == "zzb") && ids.texts.iter().any(|t| t == "g1"));
    assert!(ids.texts.iter().all(|t| t.is_ascii()), "no Chinese left: {:?}", ids.texts);
}

#[test]
fn no_font_means_no_png_and_a_note() {
    // The test binary runs with ROTA_FONT=none.
    assert!(!solved().join("charts/units.png").exists());
    let page = read(&solved().join("report.html"));
    assert!(page.contains("No font was found at all"), "the report says why there is no PNG");
    let png = charts::png(
        &charts::units::UnitsChart::new(&tiny(), &Rota { cells: vec![] }),
        &Ctx { lang: Lang::En, names: false, provisional: false },
        &rota::present::fonts::ChartFont::none(),
    );
    assert!(matches!(png, Ok(None)));
}

#[test]
fn png_with_whatever_font_this_machine_has() {
    // Not every machine has a font; where one is found, the PNG is a real PNG.
    let font = rota::present::fonts::locate();
    let Some(_) = font.font else { return };
    let s = tiny();
    let rota = Rota { cells: vec![vec![Cell::OFF; s.days.len()]; s.staff.len()] };
    let figure = charts::units::UnitsChart::new(&s, &rota);
    let ctx = Ctx { lang: Lang::En, names: font.cjk, provisional: true };
    let png = charts::png(&figure, &ctx, &font).expect("drawn").expect("a PNG");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let again = charts::png(&figure, &ctx, &font).expect("drawn").expect("a PNG");
    assert_eq!(png, again, "deterministic");
}
