//! The font for PNG charts. SVG charts carry their text as text (the viewer's fonts
//! draw it); a PNG needs a font file to draw Chinese names. Searched, in order:
//! `ROTA_FONT` (a .ttf/.otf/.ttc file; `none` for no font), well-known files of CJK
//! fonts (Debian/Ubuntu fonts-noto-cjk, fonts-wqy-zenhei, fonts-wqy-microhei,
//! fonts-arphic-*, fonts-droid-fallback; macOS; Windows), fontconfig (`fc-list
//! :lang=zh`), then a Latin font (DejaVu, Liberation, Arial). With a Latin font only,
//! PNG charts show ids instead of names and English labels; with no font at all, no
//! PNG is drawn. Either way the report says so.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ab_glyph::{Font, FontVec};

/// What a PNG chart can draw.
pub struct ChartFont {
    pub font: Option<FontVec>,
    /// The font has Chinese characters: names can be drawn.
    pub cjk: bool,
    pub source: Option<PathBuf>,
}

impl ChartFont {
    pub fn none() -> ChartFont {
        ChartFont { font: None, cjk: false, source: None }
    }
}

const CJK_FILES: &[(&str, u32)] = &[
    // (path, face index in a collection: Noto CJK's 2 is Simplified Chinese)
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf", 0),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Medium.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simhei.ttf", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
];

const LATIN_FILES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "C:\\Windows\\Fonts\\arial.ttf",
];

/// The font found once per process (saying on stderr when PNG charts fall back).
pub fn chart_font() -> &'static ChartFont {
    static FONT: OnceLock<ChartFont> = OnceLock::new();
    FONT.get_or_init(|| {
        let font = locate();
        match (&font.font, font.cjk) {
            (None, _) => eprintln!(
                "note: no font found: PNG charts are not drawn (SVG charts are); install fonts-noto-cjk or set ROTA_FONT"
            ),
            (Some(_), false) => eprintln!(
                "note: no font with Chinese characters found: PNG charts show ids instead of names; install fonts-noto-cjk or fonts-wqy-zenhei, or set ROTA_FONT"
            ),
            _ => {}
        }
        font
    })
}

/// Searches for a font (see the module comment).
pub fn locate() -> ChartFont {
    if let Some(v) = std::env::var_os("ROTA_FONT") {
        if v == "none" || v.is_empty() {
            return ChartFont::none();
        }
        let path = PathBuf::from(v);
        if let Some(f) = load(&path, face_index(&path)) {
            return f;
        }
        eprintln!("warning: ROTA_FONT={} is not a font file rota can read; looking elsewhere", path.display());
    }
    for (path, index) in CJK_FILES {
        if let Some(f) = load(Path::new(path), *index).filter(|f| f.cjk) {
            return f;
        }
    }
    for path in fontconfig(&[":lang=zh", "file"]) {
        if let Some(f) = load(&path, face_index(&path)).filter(|f| f.cjk) {
            return f;
        }
    }
    for path in LATIN_FILES.iter().map(PathBuf::from).chain(fontconfig_match("sans-serif")) {
        if let Some(f) = load(&path, 0) {
            return f;
        }
    }
    ChartFont::none()
}

/// The face to use in a collection: Simplified Chinese in Noto/Source Han CJK
/// collections (face 2), the first face otherwise.
pub fn face_index(path: &Path) -> u32 {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let cjk_collection = (name.contains("notosanscjk") || name.contains("notoserifcjk") || name.contains("sourcehan"))
        && name.ends_with(".ttc");
    if cjk_collection {
        2
    } else {
        0
    }
}

/// Reads a font file (face `index` of a collection, or the first face).
pub fn load(path: &Path, index: u32) -> Option<ChartFont> {
    let bytes = std::fs::read(path).ok()?;
    let font = FontVec::try_from_vec_and_index(bytes.clone(), index).or_else(|_| FontVec::try_from_vec(bytes)).ok()?;
    if font.glyph_id('A').0 == 0 {
        return None;
    }
    let cjk = ['值', '班', '组', '单', '区'].iter().all(|&c| font.glyph_id(c).0 != 0);
    Some(ChartFont { font: Some(font), cjk, source: Some(path.to_path_buf()) })
}

/// The file fontconfig picks for a pattern (none when `fc-match` is not there).
fn fontconfig_match(pattern: &str) -> Option<PathBuf> {
    let out = std::process::Command::new("fc-match").args(["--format=%{file}", pattern]).output().ok()?;
    let file = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!file.is_empty()).then(|| PathBuf::from(file))
}

/// Font files fontconfig lists (none when `fc-list` is not there).
fn fontconfig(args: &[&str]) -> Vec<PathBuf> {
    let Ok(out) = std::process::Command::new("fc-list").args(args).output() else { return Vec::new() };
    let mut files: Vec<PathBuf> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().trim_end_matches(':').trim())
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect();
    // Prefer regular sans faces, in a stable order.
    files.sort_by_key(|p| {
        let name = p.to_string_lossy().to_lowercase();
        let rank = if name.contains("sans") && name.contains("regular") {
            0
        } else if name.contains("regular") || name.contains("zenhei") || name.contains("microhei") {
            1
        } else if name.contains("bold") || name.contains("italic") || name.contains("light") {
            3
        } else {
            2
        };
        (rank, name)
    });
    files
}
