//! Charts with plotters: each is drawn once into SVG (text as text, always) and once
//! into PNG (text drawn with the located font; see `fonts`). Every chart draws its own
//! legend row, so legends look the same in both formats.

pub mod comp;
pub mod duty;
pub mod headline;
pub mod lending;
pub mod units;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{DrawingBackend, FontTransform};

use super::canvas::{estimate_em, Canvas};
use super::fonts::ChartFont;
use super::labels::{tr, Lang};
use crate::domain::{Day, DayKind};

/// The font families SVG text asks for; viewers pick the first they have.
pub const FAMILY: &str =
    "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Zen Hei, sans-serif";

/// How a chart is labelled.
#[derive(Clone, Copy, Debug)]
pub struct Ctx {
    pub lang: Lang,
    /// Names (true) or ids (PNG without a CJK font).
    pub names: bool,
    /// The calendar is provisional: say so in titles.
    pub provisional: bool,
}

impl Ctx {
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        tr(self.lang, key)
    }
    /// A name, or the id when names cannot be drawn.
    pub fn name<'a>(&self, id: &'a str, name: &'a str) -> &'a str {
        if self.names {
            name
        } else {
            id
        }
    }
    /// A chart title, flagged when the calendar is provisional.
    pub fn title(&self, key: &str, subject: &str) -> String {
        let mut t = self.t(key).to_string();
        if !subject.is_empty() {
            t = format!("{t} — {subject}");
        }
        if self.provisional {
            t = match self.lang {
                Lang::En => format!("{t} (provisional calendar)"),
                Lang::Zh => format!("{t}（日历为预估）"),
            };
        }
        t
    }
}

/// A plotters error, as text.
#[derive(Debug)]
pub struct DrawError(pub String);

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

pub type Drawn = Result<(), DrawError>;

/// A chart: its pixel size and how to draw it.
pub trait Figure {
    fn size(&self, ctx: &Ctx) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, ctx: &Ctx) -> Drawn;
}

/// The chart as SVG text.
pub fn svg<F: Figure>(f: &F, ctx: &Ctx) -> Result<String, DrawError> {
    let mut buf = String::new();
    {
        let backend = Canvas::new(SVGBackend::with_string(&mut buf, f.size(ctx)), None);
        let root = backend.into_drawing_area();
        root.fill(&WHITE)?;
        f.draw(&root, ctx)?;
        root.present()?;
    }
    Ok(buf)
}

/// The chart as PNG bytes, text drawn with `font` (None when there is no font at all).
pub fn png<F: Figure>(f: &F, ctx: &Ctx, font: &ChartFont) -> Result<Option<Vec<u8>>, DrawError> {
    let Some(face) = font.font.as_ref() else { return Ok(None) };
    let (w, h) = f.size(ctx);
    let mut buf = vec![255u8; w as usize * h as usize * 3];
    {
        let backend = Canvas::new(BitMapBackend::with_buffer(&mut buf, (w, h)), Some(face));
        let root = backend.into_drawing_area();
        f.draw(&root, ctx)?;
        root.present()?;
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Balanced);
        let mut writer = enc.write_header().map_err(|e| DrawError(e.to_string()))?;
        writer.write_image_data(&buf).map_err(|e| DrawError(e.to_string()))?;
        writer.finish().map_err(|e| DrawError(e.to_string()))?;
    }
    Ok(Some(out))
}

// ---------------------------------------------------------------------------------
// Shared pieces: fonts, colours, title, legend, text at absolute pixels.

pub fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&BLACK)
}

/// Pixel width of `text` at `size`, estimated (for layout before drawing).
pub fn text_width(text: &str, size: u32) -> u32 {
    (estimate_em(text) * size as f64 / 1.24).ceil() as u32
}

pub const HOLIDAY: RGBColor = RGBColor(0xfd, 0xd4, 0x9e);
pub const WEEKEND: RGBColor = RGBColor(0xe6, 0xe6, 0xe6);
pub const MAKEUP: RGBColor = RGBColor(0x9e, 0xca, 0xe1);
pub const SHORT: RGBColor = RGBColor(0xd7, 0x30, 0x1f);
pub const SHORT_DARK: RGBColor = RGBColor(0x99, 0x00, 0x0d);
pub const OK_BLUE: RGBColor = RGBColor(0x43, 0x74, 0xb3);
pub const GRID: RGBColor = RGBColor(0xbb, 0xbb, 0xbb);

/// A categorical palette (Tableau 10, then darker variants).
pub fn palette(i: usize) -> RGBColor {
    const P: [(u8, u8, u8); 12] = [
        (0x4e, 0x79, 0xa7),
        (0xf2, 0x8e, 0x2b),
        (0x59, 0xa1, 0x4f),
        (0xb0, 0x7a, 0xa1),
        (0x76, 0xb7, 0xb2),
        (0xed, 0xc9, 0x48),
        (0x9c, 0x75, 0x5f),
        (0xff, 0x9d, 0xa7),
        (0xe1, 0x57, 0x59),
        (0xba, 0xb0, 0xac),
        (0x2f, 0x4b, 0x7c),
        (0x3b, 0x6e, 0x35),
    ];
    let (r, g, b) = P[i % P.len()];
    if (i / P.len()) % 2 == 1 {
        RGBColor(r / 4 * 3, g / 4 * 3, b / 4 * 3)
    } else {
        RGBColor(r, g, b)
    }
}

/// The colour a day's column is shaded with (None for an ordinary working day).
pub fn day_shade(day: &Day) -> Option<RGBColor> {
    match day.kind {
        DayKind::Holiday => Some(HOLIDAY),
        DayKind::Weekend => Some(WEEKEND),
        DayKind::Working if day.makeup => Some(MAKEUP),
        DayKind::Working => None,
    }
}

/// Legend items for the day kinds present in `days`.
pub fn day_legend(days: &[Day], ctx: &Ctx) -> Vec<(RGBColor, String)> {
    let mut items = Vec::new();
    if days.iter().any(|d| d.kind == DayKind::Weekend) {
        items.push((WEEKEND, ctx.t("rest_day").to_string()));
    }
    if days.iter().any(|d| d.kind == DayKind::Holiday) {
        items.push((HOLIDAY, ctx.t("holiday").to_string()));
    }
    if days.iter().any(|d| d.makeup) {
        items.push((MAKEUP, ctx.t("makeup_day").to_string()));
    }
    items
}

/// The date label of day index `v` (empty between days).
pub fn date_label(days: &[Day], v: f64) -> String {
    let i = v.round();
    if (v - i).abs() > 0.01 || i < 0.0 || i as usize >= days.len() {
        return String::new();
    }
    days[i as usize].date.format("%m-%d").to_string()
}

/// Draws the title at the top of `area`; returns the area below it.
pub fn title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
) -> Result<DrawingArea<DB, Shift>, DrawError> {
    let (top, rest) = area.split_vertically(34);
    top.draw(&Text::new(text.to_string(), (10, 8), font(22)))?;
    Ok(rest)
}

/// Draws a legend row (wrapping) at the top of `area`: a swatch and a label per item.
/// Returns the area below it.
pub fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[(RGBColor, String)],
) -> Result<DrawingArea<DB, Shift>, DrawError> {
    let width = area.dim_in_pixel().0 as i32;
    let mut rows: Vec<Vec<(i32, &(RGBColor, String))>> = vec![Vec::new()];
    let mut x = 10;
    for item in items {
        let w = 18 + text_width(&item.1, 15) as i32 + 16;
        if x + w > width - 10 && x > 10 {
            rows.push(Vec::new());
            x = 10;
        }
        if let Some(row) = rows.last_mut() {
            row.push((x, item));
        }
        x += w;
    }
    let height = if items.is_empty() { 4 } else { rows.len() as u32 * 20 + 6 };
    let (top, rest) = area.split_vertically(height);
    for (r, row) in rows.iter().enumerate() {
        let y = 4 + r as i32 * 20;
        for (x, (color, label)) in row {
            top.draw(&Rectangle::new([(*x, y + 2), (*x + 13, y + 15)], color.filled()))?;
            top.draw(&Rectangle::new([(*x, y + 2), (*x + 13, y + 15)], BLACK.mix(0.4)))?;
            top.draw(&Text::new(label.clone(), (*x + 18, y + 9), font(15).pos(Pos::new(HPos::Left, VPos::Center))))?;
        }
    }
    Ok(rest)
}

/// Legend height for a given width (as `legend` would draw it).
pub fn legend_height(items: &[(RGBColor, String)], width: u32) -> u32 {
    let mut rows = 1;
    let mut x = 10i32;
    for item in items {
        let w = 18 + text_width(&item.1, 15) as i32 + 16;
        if x + w > width as i32 - 10 && x > 10 {
            rows += 1;
            x = 10;
        }
        x += w;
    }
    if items.is_empty() {
        4
    } else {
        rows * 20 + 6
    }
}

/// Text at absolute pixel `at` on the root area, anchored `h`/`v`, maybe rotated.
pub fn text_at<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    size: u32,
    h: HPos,
    v: VPos,
    rotate: bool,
) -> Drawn {
    let mut style = font(size).pos(Pos::new(h, v));
    if rotate {
        style = style.transform(FontTransform::Rotate90);
    }
    root.draw(&Text::new(text.to_string(), at, style))?;
    Ok(())
}

/// Columns of a panel grid for `n` panels.
pub fn grid_columns(n: usize) -> usize {
    if n > 12 {
        3
    } else if n > 4 {
        2
    } else {
        1
    }
}
