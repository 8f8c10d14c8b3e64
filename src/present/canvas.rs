//! A drawing backend around plotters' SVG and bitmap backends that owns text: widths
//! are estimated the same way on every machine for SVG (the viewer draws the text), and
//! text is drawn with the located font for PNG (no global font registry, no system
//! font lookup inside plotters). Every other primitive goes straight to the inner
//! backend, so SVG keeps its native rectangles, lines and text elements.

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontTransform,
};

/// Plotters' font size is 1.24 × the pixel height (as its SVG backend writes it).
const SIZE_TO_PX: f64 = 1.0 / 1.24;

pub struct Canvas<'f, B> {
    pub inner: B,
    /// The font PNG text is drawn with; None for SVG.
    pub font: Option<&'f FontVec>,
}

impl<'f, B> Canvas<'f, B> {
    pub fn new(inner: B, font: Option<&'f FontVec>) -> Self {
        Canvas { inner, font }
    }
}

/// Width of `text` in em, estimated without a font: CJK and full-width characters
/// one em, Latin letters and digits a little over half.
pub fn estimate_em(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            ' ' => 0.3,
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.3,
            'm' | 'w' | 'M' | 'W' => 0.85,
            'A'..='Z' => 0.66,
            '0'..='9' | 'a'..='z' => 0.56,
            c if (c as u32) < 0x2E80 => 0.6,
            _ => 1.0,
        })
        .sum()
}

fn font_size_px(size: f64) -> f32 {
    (size * SIZE_TO_PX) as f32
}

/// Width and height of `text` drawn with `font` at plotters size `size`.
fn measure(font: &FontVec, size: f64, text: &str) -> (f32, f32, f32) {
    let scaled = font.as_scaled(PxScale::from(font_size_px(size)));
    let mut width = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    (width, scaled.ascent(), scaled.descent())
}

impl<B: DrawingBackend> DrawingBackend for Canvas<'_, B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        match self.font {
            Some(font) => {
                let (w, ascent, descent) = measure(font, style.size(), text);
                Ok((w.ceil() as u32, (ascent - descent).ceil() as u32))
            }
            None => {
                let em = style.size() * SIZE_TO_PX;
                Ok(((estimate_em(text) * em).ceil() as u32, em.ceil() as u32))
            }
        }
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let Some(font) = self.font else { return self.inner.draw_text(text, style, pos) };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let px = font_size_px(style.size());
        let (width, ascent, descent) = measure(font, style.size(), text);
        let height = ascent - descent;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let scaled = font.as_scaled(PxScale::from(px));
        let (w, h) = self.inner.get_size();
        let mut x = 0.0f32;
        let mut prev = None;
        let mut pixels: Vec<(i32, i32, f32)> = Vec::new();
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                x += scaled.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(PxScale::from(px), ab_glyph::point(x + dx, ascent + dy));
            if let Some(outlined) = font.outline_glyph(glyph) {
                let bounds = outlined.px_bounds();
                outlined.draw(|gx, gy, coverage| {
                    if coverage > 0.0 {
                        let lx = bounds.min.x as i32 + gx as i32;
                        let ly = bounds.min.y as i32 + gy as i32;
                        pixels.push((lx, ly, coverage));
                    }
                });
            }
            x += scaled.h_advance(id);
        }
        for (lx, ly, coverage) in pixels {
            let (tx, ty) = match transform {
                FontTransform::None => (lx, ly),
                FontTransform::Rotate90 => (-ly, lx),
                FontTransform::Rotate180 => (-lx, -ly),
                FontTransform::Rotate270 => (ly, -lx),
            };
            let (px, py) = (pos.0 + tx, pos.1 + ty);
            if px >= 0 && py >= 0 && (px as u32) < w && (py as u32) < h {
                let c = BackendColor { alpha: color.alpha * coverage.min(1.0) as f64, rgb: color.rgb };
                self.inner.draw_pixel((px, py), c)?;
            }
        }
        Ok(())
    }
}
