//! Walks a parsed TOML document by hand, so that every problem in it is collected with
//! its place (serde's derive stops at the first one). Each getter takes the key it reads
//! off the table, checks its type, and reports what is wrong and how to fix it.

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diag::{shorten, Diagnostics, Problem, SourceFile};

/// A value read from a file, with the byte range it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

impl<T> Sp<T> {
    pub fn new(value: T, span: Range<usize>) -> Self {
        Sp { value, span }
    }
}

/// Longest string value accepted anywhere: names and ids are short in real life, and a
/// huge one is surely a mistake.
pub const MAX_STRING_CHARS: usize = 200;

/// Where readers report to: the file being read and the list of problems.
pub struct Walker<'d> {
    pub src: SourceFile,
    pub diags: &'d mut Diagnostics,
}

impl<'d> Walker<'d> {
    pub fn new(src: SourceFile, diags: &'d mut Diagnostics) -> Self {
        Walker { src, diags }
    }

    pub fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
        label: &str,
        help: impl Into<String>,
    ) {
        let problem = Problem::error(code, self.src.name.clone(), message).at(&self.src, span, label).help(help);
        self.diags.push(problem);
    }

    pub fn warning(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        message: impl Into<String>,
        label: &str,
        help: impl Into<String>,
    ) {
        let problem = Problem::warning(code, self.src.name.clone(), message).at(&self.src, span, label).help(help);
        self.diags.push(problem);
    }

    /// Parses the whole text, reporting every syntax error the parser recovers from.
    /// Returns None when the document is unusable.
    pub fn parse<'i>(&mut self, text: &'i str) -> Option<Spanned<DeTable<'i>>> {
        let (doc, errors) = DeTable::parse_recoverable(text);
        let had_errors = !errors.is_empty();
        // After a mistake the parser often stumbles on the rest of its line: one per line.
        let mut lines_told = BTreeSet::new();
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            if !lines_told.insert(self.src.line_col(span.start).0) {
                continue;
            }
            let message = e.message().trim().to_string();
            self.error(
                "toml_syntax",
                span,
                format!("TOML syntax: {message}"),
                "here",
                "fix the TOML syntax at the marked place (quotes, brackets, `key = value`)",
            );
        }
        if had_errors {
            None
        } else {
            Some(doc)
        }
    }

    /// Opens `value` as a table named `what` (e.g. `[[unit]]`), reporting keys not in `allowed`.
    pub fn table<'t, 'i>(
        &mut self,
        value: &'t Spanned<DeValue<'i>>,
        what: &str,
        allowed: &[&str],
    ) -> Option<Table<'t, 'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(self.open(t, value.span(), what, allowed)),
            other => {
                self.wrong_type(value.span(), what, "a table", other);
                None
            }
        }
    }

    pub fn open<'t, 'i>(
        &mut self,
        t: &'t DeTable<'i>,
        span: Range<usize>,
        what: &str,
        allowed: &[&str],
    ) -> Table<'t, 'i> {
        for (key, _) in t.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let help = match closest(name, allowed) {
                    Some(near) => format!("did you mean `{near}`? The keys of {what} are: {}", allowed.join(", ")),
                    None => format!("the keys of {what} are: {}", allowed.join(", ")),
                };
                self.error(
                    "unknown_key",
                    key.span(),
                    format!("unknown key `{}` in {what}", shorten(name)),
                    "not a key here",
                    help,
                );
            }
        }
        Table { table: t, span, what: what.to_string() }
    }

    pub fn wrong_type(&mut self, span: Range<usize>, what: &str, expected: &str, found: &DeValue<'_>) {
        let found = type_name(found);
        self.error(
            "wrong_type",
            span,
            format!("{what} must be {expected}, found {found}"),
            &format!("{found} here"),
            format!("write {what} as {expected}"),
        );
    }

    // ----- typed values -----

    pub fn string(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<String>> {
        match v.get_ref() {
            DeValue::String(s) => {
                if s.chars().count() > MAX_STRING_CHARS {
                    self.error(
                        "too_long",
                        v.span(),
                        format!(
                            "{what} is {} characters long; at most {MAX_STRING_CHARS} are accepted",
                            s.chars().count()
                        ),
                        "too long",
                        "shorten it",
                    );
                    return None;
                }
                Some(Sp::new(s.to_string(), v.span()))
            }
            other => {
                self.wrong_type(v.span(), what, "a string", other);
                None
            }
        }
    }

    /// An id: a non-empty string without spaces or control characters.
    pub fn id(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<String>> {
        let s = self.string(v, what)?;
        if s.value.is_empty() || s.value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.error(
                "bad_id",
                s.span.clone(),
                format!("{what} `{}` is not a usable id", s.value),
                "bad id",
                "ids are non-empty and have no spaces, e.g. `zzb` or `night`",
            );
            return None;
        }
        Some(s)
    }

    pub fn bool(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<bool>> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Sp::new(*b, v.span())),
            other => {
                self.wrong_type(v.span(), what, "true or false", other);
                None
            }
        }
    }

    /// A non-negative integer (`2`, not `2.0`).
    pub fn uint(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<u32>> {
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) if n < 0 => {
                    self.error(
                        "negative",
                        v.span(),
                        format!("{what} is {n}; it cannot be negative"),
                        "negative",
                        "use 0 or more",
                    );
                    None
                }
                Ok(n) if n > 1_000_000 => {
                    self.error(
                        "too_large",
                        v.span(),
                        format!("{what} is {n}, far beyond any real value"),
                        "too large",
                        "use a value of at most 1000000",
                    );
                    None
                }
                Ok(n) => Some(Sp::new(n as u32, v.span())),
                Err(_) => {
                    self.error(
                        "too_large",
                        v.span(),
                        format!("{what} is {}, far beyond any real value", shorten(i.as_str())),
                        "too large",
                        "use a value of at most 1000000",
                    );
                    None
                }
            },
            DeValue::Float(f) => {
                let text = f.as_str();
                self.error(
                    "not_integer",
                    v.span(),
                    format!("{what} takes a whole number, found {text}"),
                    "not a whole number",
                    "write it without a decimal point or exponent, e.g. `2`, not `2.0`",
                );
                None
            }
            other => {
                self.wrong_type(v.span(), what, "a whole number", other);
                None
            }
        }
    }

    /// A non-negative, finite number (integer or decimal).
    pub fn number(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<f64>> {
        let n = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            other => {
                self.wrong_type(v.span(), what, "a number", other);
                return None;
            }
        };
        match n {
            Some(n) if !n.is_finite() || n > 1e9 => {
                self.error(
                    "too_large",
                    v.span(),
                    format!("{what} must be a finite number of sensible size"),
                    "not usable",
                    "use an ordinary number such as 1 or 2.5",
                );
                None
            }
            Some(n) if n < 0.0 => {
                self.error(
                    "negative",
                    v.span(),
                    format!("{what} is {n}; it cannot be negative"),
                    "negative",
                    "use 0 or more",
                );
                None
            }
            Some(n) => Some(Sp::new(n, v.span())),
            None => {
                self.error(
                    "wrong_type",
                    v.span(),
                    format!("{what} is not a usable number"),
                    "here",
                    "use an ordinary number such as 1 or 2.5",
                );
                None
            }
        }
    }

    /// A date: a `"YYYY-MM-DD"` string or a native TOML date.
    pub fn date(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<NaiveDate>> {
        match v.get_ref() {
            DeValue::String(s) => match parse_date(s) {
                Some(d) => Some(Sp::new(d, v.span())),
                None => {
                    self.error(
                        "bad_date",
                        v.span(),
                        format!("{what} `{}` is not a date", shorten(s)),
                        "not a date",
                        "write dates as YYYY-MM-DD, e.g. 2027-01-04",
                    );
                    None
                }
            },
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => match NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32) {
                    Some(date) => Some(Sp::new(date, v.span())),
                    None => {
                        self.error(
                            "bad_date",
                            v.span(),
                            format!("{what} is not a real date"),
                            "not a date",
                            "write dates as YYYY-MM-DD, e.g. 2027-01-04",
                        );
                        None
                    }
                },
                _ => {
                    self.error(
                        "bad_date",
                        v.span(),
                        format!("{what} must be a date without a time"),
                        "has a time",
                        "write the date alone, YYYY-MM-DD",
                    );
                    None
                }
            },
            other => {
                self.wrong_type(v.span(), what, "a date (YYYY-MM-DD)", other);
                None
            }
        }
    }

    /// A clock time `"HH:MM"`, as minutes after midnight.
    pub fn time(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<u32>> {
        let s = self.string(v, what)?;
        match parse_hhmm(&s.value) {
            Some(m) => Some(Sp::new(m, s.span)),
            None => {
                self.error(
                    "bad_time",
                    s.span,
                    format!("{what} `{}` is not a time", s.value),
                    "not HH:MM",
                    "write times as HH:MM from 00:00 to 23:59, e.g. 17:30",
                );
                None
            }
        }
    }

    /// An array of values, each handed to `item`.
    pub fn array<'t, 'i, T>(
        &mut self,
        v: &'t Spanned<DeValue<'i>>,
        what: &str,
        mut item: impl FnMut(&mut Self, &'t Spanned<DeValue<'i>>) -> Option<T>,
    ) -> Option<Vec<T>> {
        match v.get_ref() {
            DeValue::Array(items) => Some(items.iter().filter_map(|i| item(self, i)).collect()),
            other => {
                self.wrong_type(v.span(), what, "an array [ … ]", other);
                None
            }
        }
    }

    pub fn strings(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Vec<Sp<String>>> {
        self.array(v, what, |w, i| w.string(i, &format!("an item of {what}")))
    }

    /// A date or a range `"YYYY-MM-DD..YYYY-MM-DD"`, both ends included.
    pub fn date_or_range(&mut self, v: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<(NaiveDate, NaiveDate)>> {
        if let DeValue::String(s) = v.get_ref() {
            if s.contains("..") {
                return match parse_range(s) {
                    Ok(r) => Some(Sp::new(r, v.span())),
                    Err(why) => {
                        self.error(
                            "bad_range",
                            v.span(),
                            format!("{what} `{}`: {why}", shorten(s)),
                            "bad range",
                            "write a range as \"YYYY-MM-DD..YYYY-MM-DD\" with the first day not after the last",
                        );
                        None
                    }
                };
            }
        }
        let d = self.date(v, what)?;
        Some(Sp::new((d.value, d.value), d.span))
    }
}

/// A table being read: keys are taken one by one.
pub struct Table<'t, 'i> {
    pub table: &'t DeTable<'i>,
    pub span: Range<usize>,
    pub what: String,
}

impl<'t, 'i> Table<'t, 'i> {
    pub fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    /// The span of the table's header or, for an inline table, the table itself.
    pub fn place(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn key_what(&self, key: &str) -> String {
        format!("`{key}` in {}", self.what)
    }

    pub fn keys(&self) -> BTreeSet<String> {
        self.table.iter().map(|(k, _)| k.get_ref().to_string()).collect()
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date/time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The allowed key (or id) nearest to a mistyped one, if any is near: at most a third
/// of its letters wrong (at least one may be), and not a wholly different word; or the
/// same word in other case.
pub fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    if key.len() > 64 {
        return None; // nothing near, and too long to compare cheaply
    }
    if let Some(same) = allowed.iter().find(|a| a.to_lowercase() == key.to_lowercase()) {
        return Some(same); // differs in case only
    }
    let typed = key.chars().count();
    allowed
        .iter()
        .map(|a| (edit_distance(key, a), *a))
        .filter(|(d, a)| *d <= 1.max((a.chars().count() + 1) / 3) && *d < typed)
        .min()
        .map(|(_, a)| a)
}

/// Edits (insert, delete, replace, swap two neighbours) turning `a` into `b`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: distance between a[..i] and b[..j]; three rows are enough.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let replace = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            row[j] = replace.min(prev[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

/// `YYYY-MM-DD`, strictly.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let digits_and_dashes =
        s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if s.len() != 10 || !digits_and_dashes {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// `"YYYY-MM-DD..YYYY-MM-DD"`, both ends included, first not after last.
pub fn parse_range(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let (a, b) = s.split_once("..").ok_or("not a range")?;
    let from = parse_date(a).ok_or_else(|| format!("`{}` is not a date", shorten(a.trim())))?;
    let to = parse_date(b).ok_or_else(|| format!("`{}` is not a date", shorten(b.trim())))?;
    if to < from {
        return Err(format!("it ends ({to}) before it starts ({from})"));
    }
    Ok((from, to))
}

/// `HH:MM` (00:00–23:59) as minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.split_once(':')?;
    let two_digits = |t: &str| t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(h) || !two_digits(m) {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_ranges_and_times_parse_strictly() {
        assert_eq!(parse_date("2027-02-06"), NaiveDate::from_ymd_opt(2027, 2, 6));
        assert_eq!(parse_date("2027-2-6"), None);
        assert_eq!(parse_date("2027-02-30"), None);
        assert!(parse_range("2027-02-06..2027-02-01").unwrap_err().contains("before"));
        assert_eq!(parse_hhmm("17:30"), Some(1050));
        assert_eq!(parse_hhmm("24:00"), None);
        assert_eq!(parse_hhmm("7:30"), None);
        assert_eq!(parse_hhmm("+1:30"), None);
        assert_eq!(parse_date("+027-01-01"), None);
        assert_eq!(parse_date("2027-01-0１"), None);
    }

    #[test]
    fn a_near_key_is_suggested() {
        assert_eq!(closest("nmae", &["id", "name", "unit"]), Some("name"));
        assert_eq!(closest("zzzzzz", &["id", "name"]), None);
        assert_eq!(closest("wieght", &["date", "shift", "weight"]), Some("weight"));
        assert_eq!(closest("nigth", &["night", "day"]), Some("night"));
        assert_eq!(closest("Night", &["night", "day"]), Some("night"));
        assert_eq!(closest("h", &["g", "a"]), None);
        assert_eq!(closest("zz", &["a"]), None);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
