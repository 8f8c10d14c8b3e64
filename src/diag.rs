//! Input diagnostics: every problem found in a scenario, its calendars and staff files,
//! each with the file, the place in it, the key, what is wrong and how to fix it.
//!
//! Readers never stop at the first problem: they push into a [`Diagnostics`] list and
//! go on, so a planner sees everything at once.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

/// One loaded input file, shared by every diagnostic that points into it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<String>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile { name: name.into(), text: Arc::new(text.into()) }
    }

    /// 1-based line and column of a byte offset (columns count characters).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        (line, col)
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
}

impl Problem {
    pub fn error(code: &'static str, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: file.into(),
            source: None,
            span: None,
            label: None,
            help: None,
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
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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

    /// The problem drawn for a person: the message, the source line marked, the help.
    pub fn render(&self, color: bool) -> String {
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
        let mut out = String::new();
        let view = ProblemView {
            problem: self,
            named: self.source.as_ref().map(|s| NamedSource::new(&s.name, s.text.clone())),
        };
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

/// miette's view of a [`Problem`]: the problem and its file under its name.
struct ProblemView<'a> {
    problem: &'a Problem,
    named: Option<NamedSource<Arc<String>>>,
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
        self.named.as_ref().map(|n| n as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, end) = self.problem.span?;
        let span = SourceSpan::new(start.into(), end - start);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(self.problem.label.clone(), span))))
    }
}

/// Every problem found so far, in the order found.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub problems: Vec<Problem>,
}

impl Diagnostics {
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }
}
