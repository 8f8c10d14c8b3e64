//! Input diagnostics: every problem found in a scenario, its calendars and staff files,
//! each with the file, the place in it, the key, what is wrong and how to fix it.
//!
//! Readers never stop at the first problem: they push into a [`Diagnostics`] list and
//! go on, so a planner sees everything at once.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

/// One loaded input file, shared by every diagnostic that points into it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<String>,
    /// Byte offset of the start of every line, built on first use.
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { name: name.into(), text: Arc::new(text.into()), line_starts: Arc::default() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let breaks = self.text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1);
            std::iter::once(0).chain(breaks).collect()
        })
    }

    /// 0-based line and the byte offset where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, starts.get(line).copied().unwrap_or(0))
    }

    /// 1-based line and column of a byte offset (columns count characters).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(&self.text, offset);
        let (line, start) = self.line_of(offset);
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem in the input, or a warning about it.
#[derive(Clone, Debug)]
pub struct Problem {
    pub severity: Severity,
    /// Stable short code, listed in docs/errors.md (`unknown_key`, `dangling_reference`, …).
    pub code: &'static str,
    pub message: String,
    /// The file the problem is in (its display name).
    pub file: String,
    source: Option<SourceFile>,
    span: Option<(usize, usize)>,
    label: Option<String>,
    pub help: Option<String>,
    /// For the note that closes a cut list: how many problems it stands for.
    stands_for: usize,
}

/// `text` cut to its first 40 characters, for quoting a value in a message.
pub fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()).into(),
        None => text.into(),
    }
}

/// Longest message kept whole; a longer one (a value quoted in full) is cut.
const LONGEST_MESSAGE: usize = 400;

fn capped(message: String) -> String {
    match message.char_indices().nth(LONGEST_MESSAGE) {
        Some((cut, _)) => format!("{} … (message cut)", &message[..cut]),
        None => message,
    }
}

impl Problem {
    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            code,
            message: capped(message.into()),
            file: file.into(),
            source: None,
            span: None,
            label: None,
            help: None,
            stands_for: 1,
        }
    }

    pub fn warning(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { severity: Severity::Warning, ..Problem::error(code, file, message) }
    }

    /// Points the problem at `span` (byte range) in `source`.
    pub fn at(mut self, source: &SourceFile, span: std::ops::Range<usize>, label: impl Into<String>) -> Self {
        self.file = source.name.clone();
        self.source = Some(source.clone());
        self.span = Some((span.start, span.end.max(span.start)));
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(capped(help.into()));
        self
    }

    /// The same problem at the same place (a parser may report one mistake many times).
    fn same_as(&self, other: &Problem) -> bool {
        self.code == other.code && self.span == other.span && self.file == other.file && self.message == other.message
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many errors a list of problems holds, those past the limit included.
    pub fn count_errors(problems: &[Problem]) -> usize {
        problems.iter().filter(|p| p.is_error()).map(|p| p.stands_for).sum()
    }

    /// `file:line:col` where there is a place, else the file alone.
    pub fn location(&self) -> String {
        match (&self.source, self.span) {
            (Some(src), Some((start, _))) => {
                let (line, col) = src.line_col(start);
                format!("{}:{}:{}", self.file, line, col)
            }
            _ => self.file.clone(),
        }
    }

    /// The source as drawn: a mark at the very end of a file without a final line break
    /// is drawn only when there is one, so one is added (offsets do not change).
    fn drawable(&self, src: &SourceFile) -> SourceFile {
        let at_end = self.span.is_some_and(|(start, _)| start >= src.text.len());
        if at_end && !src.text.is_empty() && !src.text.ends_with('\n') {
            SourceFile::new(src.name.clone(), format!("{}\n", src.text))
        } else {
            src.clone()
        }
    }

    /// The problem drawn for a person: the message, the source line marked, the help.
    pub fn render(&self, color: bool) -> String {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
        let mut out = String::new();
        let view = ProblemView { problem: self, excerpt: self.source.as_ref().map(|s| Excerpt(self.drawable(s))) };
        if handler.render_report(&mut out, &view).is_err() {
            out = format!("{}: {}\n", self.location(), self.message);
        }
        // miette prints the place only when it shows a snippet: say the file always.
        if self.source.is_none() {
            out = format!("{}\n  in {}\n", out.trim_end(), self.file);
        }
        out
    }
}

impl fmt::Display for Problem {
    /// One line: `error[code] file:line:col: message (help)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}[{}] {}: {}", self.code, self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// miette's view of a [`Problem`]: the problem and the file it points into.
struct ProblemView<'a> {
    problem: &'a Problem,
    excerpt: Option<Excerpt>,
}

impl fmt::Debug for ProblemView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.problem, f)
    }
}

impl fmt::Display for ProblemView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.message)
    }
}

impl std::error::Error for ProblemView<'_> {}

impl Diagnostic for ProblemView<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("rota::{}", self.problem.code)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.problem.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.problem.help.as_ref().map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.excerpt.as_ref().map(|n| n as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, end) = self.problem.span?;
        let text = &self.excerpt.as_ref()?.0.text;
        let marked = marked_part(text, start..end);
        let span = SourceSpan::new(marked.start.into(), marked.end - marked.start);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(self.problem.label.clone(), span))))
    }
}

/// Most bytes of a line shown on each side of the marked place; longer lines are cut.
const SHOWN_AROUND: usize = 60;
/// Most bytes of the marked place that are underlined.
const SHOWN_MARK: usize = 80;
/// Context lines longer than this are left out of the snippet.
const LONGEST_CONTEXT_LINE: usize = 2 * SHOWN_AROUND + SHOWN_MARK;

/// The part of `span` that is underlined: within the text, on its first line, and not
/// longer than [`SHOWN_MARK`] (a 2 MB string is marked by its start).
fn marked_part(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_boundary(text, span.start);
    let line_end = text[start..].find('\n').map_or(text.len(), |p| start + p);
    let end = span.end.min(line_end).min(start + SHOWN_MARK).max(start);
    start..ceil_boundary(text, end)
}

/// The largest char boundary at or before `at` (and within the text).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest char boundary at or after `at` (and within the text).
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A source file as miette sees it: snippets of at most a few short lines, long lines
/// cut around the marked place, lines and columns counted as [`SourceFile::line_col`]
/// does (columns in characters), so the header `[file:line:col]` matches the one-line form.
struct Excerpt(SourceFile);

impl Excerpt {
    /// Start and end (before its line break) of the line holding `offset`.
    fn line_bounds(&self, offset: usize) -> (usize, usize) {
        let text = &self.0.text;
        let (_, start) = self.0.line_of(offset);
        let end = text[offset..].find('\n').map_or(text.len(), |p| offset + p);
        (start, end)
    }

    /// Start of the snippet: up to `lines` short lines above `start`'s line; a long line
    /// is cut to [`SHOWN_AROUND`] bytes before `start`.
    fn snippet_start(&self, start: usize, lines: usize) -> usize {
        let (line_start, line_end) = self.line_bounds(start);
        if line_end - line_start > LONGEST_CONTEXT_LINE {
            return floor_boundary(&self.0.text, start.saturating_sub(SHOWN_AROUND).max(line_start));
        }
        let mut from = line_start;
        for _ in 0..lines {
            if from == 0 {
                break;
            }
            let (above, _) = self.line_bounds(from - 1);
            if from - above > LONGEST_CONTEXT_LINE {
                break;
            }
            from = above;
        }
        from
    }

    /// End of the snippet, after its last line break: up to `lines` short lines below
    /// `end`'s line; a long line is cut to [`SHOWN_AROUND`] bytes after `end`.
    fn snippet_end(&self, end: usize, lines: usize) -> usize {
        let text = &self.0.text;
        let (line_start, line_end) = self.line_bounds(end);
        if line_end - line_start > LONGEST_CONTEXT_LINE {
            let cut = end + SHOWN_AROUND;
            return if cut < line_end { ceil_boundary(text, cut) } else { (line_end + 1).min(text.len()) };
        }
        let mut to = (line_end + 1).min(text.len());
        for _ in 0..lines {
            if to == text.len() {
                break;
            }
            let (_, below_end) = self.line_bounds(to);
            if below_end - to > LONGEST_CONTEXT_LINE {
                break;
            }
            to = (below_end + 1).min(text.len());
        }
        to
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        lines_before: usize,
        lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.0.text.as_str();
        let start = floor_boundary(text, span.offset());
        let end = ceil_boundary(text, span.offset() + span.len()).max(start);
        // With no context (the header's question "where is it?") the snippet is the span.
        let from = if lines_before == 0 { start } else { self.snippet_start(start, lines_before) };
        let to = if lines_after == 0 { end } else { self.snippet_end(end, lines_after) };
        let (line, line_start) = self.0.line_of(from);
        let column = text[line_start..from].chars().count();
        let line_count = text[from..to].matches('\n').count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.0.name.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            line,
            column,
            line_count,
        )))
    }
}

/// Most errors, and most warnings, kept from one scenario: past these a planner has
/// enough to work on, and a broken 16 MiB file must not print a million screens.
pub const MAX_KEPT: usize = 100;

/// Every problem found so far, in the order found (repeats dropped, at most
/// [`MAX_KEPT`] errors and [`MAX_KEPT`] warnings).
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub problems: Vec<Problem>,
    /// Errors and warnings found past the limit, not kept.
    omitted: [usize; 2],
}

impl Diagnostics {
    /// No more problems of this severity are kept (they are only counted).
    pub fn is_full(&self, severity: Severity) -> bool {
        self.problems.iter().filter(|p| p.severity == severity).count() >= MAX_KEPT
    }

    pub fn push(&mut self, problem: Problem) {
        if self.is_full(problem.severity) {
            self.omitted[problem.severity as usize] += 1;
        } else if !self.problems.iter().any(|p| p.same_as(&problem)) {
            self.problems.push(problem);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// Errors found so far, those past the limit included.
    pub fn error_count(&self) -> usize {
        self.errors().count() + self.omitted[Severity::Error as usize]
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    /// The problems kept, errors first, each kind in file order (files in the order they
    /// were read, places in each file from top to bottom), followed by a note for each
    /// kind that was cut short.
    pub fn into_problems(mut self, file: &str) -> Vec<Problem> {
        let mut files: Vec<&str> = Vec::new();
        for p in &self.problems {
            if !files.contains(&p.file.as_str()) {
                files.push(&p.file);
            }
        }
        let file_rank: Vec<usize> =
            self.problems.iter().map(|p| files.iter().position(|f| *f == p.file).unwrap_or(0)).collect();
        let mut order: Vec<usize> = (0..self.problems.len()).collect();
        order.sort_by_key(|&i| {
            let p = &self.problems[i];
            (p.severity, file_rank[i], p.span.map_or(0, |(start, _)| start))
        });
        let mut problems: Vec<Option<Problem>> = self.problems.into_iter().map(Some).collect();
        self.problems = order.into_iter().filter_map(|i| problems[i].take()).collect();
        let [errors, warnings] = self.omitted;
        if errors > 0 {
            let note = Problem::error(
                "too_many_problems",
                file,
                format!("{errors} more error(s) were found and are not shown"),
            );
            self.problems.push(Problem { stands_for: errors, ..note.help("fix the errors shown and check again") });
        }
        if warnings > 0 {
            let note = Problem::warning(
                "too_many_problems",
                file,
                format!("{warnings} more warning(s) were found and are not shown"),
            );
            self.problems.push(Problem { stands_for: warnings, ..note });
        }
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_lines_count_line_feeds() {
        let src = SourceFile::new("f", "a = 1\r\nname = \"张三\" x\n");
        let x = src.text.find(" x").unwrap() + 1;
        assert_eq!(src.line_col(x), (2, 13));
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(10_000), (3, 1), "past the end: the end");
        assert_eq!(src.line_col(x - 2), (2, 11), "inside a character: its start");
    }

    #[test]
    fn a_long_value_is_marked_by_its_start() {
        let text = format!("name = \"{}\"\nx = 1\n", "y".repeat(10_000));
        assert_eq!(marked_part(&text, 7..10_009), 7..7 + SHOWN_MARK);
        assert_eq!(marked_part("[a]\nb = 1\n", 0..9), 0..3, "a table is marked by its header line");
    }

    #[test]
    fn a_long_line_is_cut_around_the_mark_in_the_snippet() {
        let text = format!("a = 1\nb = \"{}\" oops\nc = 2\n", "y".repeat(100_000));
        let at = text.find("oops").unwrap();
        let excerpt = Excerpt(SourceFile::new("f", text.clone()));
        let contents = excerpt.read_span(&SourceSpan::new(at.into(), 4), 1, 1).unwrap();
        let shown = std::str::from_utf8(contents.data()).unwrap();
        assert!(shown.len() <= 2 * SHOWN_AROUND + 4 + 1, "{} bytes", shown.len());
        assert!(shown.contains("oops"));
        assert_eq!(contents.line(), 1, "0-based line of the snippet");
        let header = excerpt.read_span(&SourceSpan::new(at.into(), 4), 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (1, at - "a = 1\n".len()));
    }

    #[test]
    fn the_same_problem_is_kept_once_and_the_rest_are_counted() {
        let src = SourceFile::new("f", "x");
        let mut d = Diagnostics::default();
        for _ in 0..3 {
            d.push(Problem::error("c", "f", "same").at(&src, 0..1, "here"));
        }
        assert_eq!(d.problems.len(), 1);
        for i in 0..MAX_KEPT + 5 {
            d.push(Problem::error("c", "f", format!("number {i}")));
        }
        assert_eq!(d.error_count(), MAX_KEPT + 6, "100 kept, 6 counted");
        let problems = d.into_problems("f");
        assert_eq!(problems.len(), MAX_KEPT + 1);
        assert_eq!(problems[MAX_KEPT].to_string(), "error[too_many_problems] f: 6 more error(s) were found and are not shown (help: fix the errors shown and check again)");
    }

    #[test]
    fn a_quoted_value_is_shortened_and_a_message_capped() {
        assert_eq!(shorten("short"), "short");
        assert_eq!(shorten(&"名".repeat(50)), format!("{}… (50 characters)", "名".repeat(40)));
        let p = Problem::error("c", "f", "m".repeat(1000));
        assert!(p.message.ends_with(" … (message cut)") && p.message.chars().count() < 420);
    }
}
