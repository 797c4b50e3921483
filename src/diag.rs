//! Diagnostics that point into a file: the shared shape of every "bad input" error.

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use thiserror::Error;

/// An error located in a file, rendered by miette with the offending line underlined.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(govlint::bad_input))]
pub struct Located {
    pub message: String,
    #[source_code]
    pub src: Snippet,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// The part of a file shown under an error, numbered with the file's own line numbers (a plain
/// string source would number the snippet from 1).
#[derive(Debug)]
pub struct Snippet {
    pub name: String,
    pub text: String,
    /// Zero-based line of the file where `text` starts.
    pub first_line: usize,
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// The longest stretch of one line shown around an error. Minified snapshots are one line of
/// hundreds of megabytes; printing it whole would bury the message.
const WINDOW: usize = 240;

/// Builds a [`Located`] error for 1-based `line`/`column` in `text`. Only the neighbourhood of
/// the position is kept as source, so a huge or single-line file stays readable; the message
/// always carries `file:line:column`.
pub fn located(
    file: &str,
    text: &str,
    line: usize,
    column: usize,
    message: impl Into<String>,
    label: impl Into<String>,
    help: Option<String>,
) -> Box<Located> {
    let message = format!("{file}:{line}:{column}: {}", message.into());
    let offset = offset_of(text, line, column);
    // Take a few whole lines around the error, but cut any line to a window around the column.
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let from = floor_char(text, offset.saturating_sub(WINDOW / 2).max(line_start));
    let to = ceil_char(text, (offset + WINDOW / 2).min(line_end));
    let (before, after) = if from == line_start && to == line_end {
        context_lines(text, line_start, line_end, 2)
    } else {
        (from, to)
    };
    let mut snippet = String::new();
    if before > 0 && from != line_start {
        snippet.push('…');
    }
    let prefix_len = snippet.len();
    snippet.push_str(&text[before..after]);
    if after < text.len() && to != line_end {
        snippet.push('…');
    }
    let at = prefix_len + (offset - before);
    let width = if at < snippet.len() { 1 } else { 0 };
    Box::new(Located {
        message,
        src: Snippet {
            name: file.to_string(),
            text: snippet,
            first_line: text[..before].bytes().filter(|b| *b == b'\n').count(),
        },
        span: SourceSpan::new(at.into(), width),
        label: label.into(),
        help,
    })
}

fn context_lines(text: &str, line_start: usize, line_end: usize, n: usize) -> (usize, usize) {
    let mut start = line_start;
    for _ in 0..n {
        if start == 0 {
            break;
        }
        start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    let mut end = line_end;
    for _ in 0..n {
        if end >= text.len() {
            break;
        }
        end = text[end + 1..]
            .find('\n')
            .map_or(text.len(), |i| end + 1 + i);
    }
    (start, end)
}

/// Byte offset of a 1-based line and column (serde_json counts columns in bytes).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0usize;
    if line > 1 {
        let mut seen = 1;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
        if seen < line {
            return text.len();
        }
    }
    floor_char(text, (start + column.saturating_sub(1)).min(text.len()))
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Any bad-input error: located in a file or not.
#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Located(#[from] Box<Located>),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Plain(#[from] Plain),
}

/// An error with no location worth showing: a missing file, a failed write.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(govlint::error))]
pub struct Plain {
    pub message: String,
    #[help]
    pub help: Option<String>,
}

pub fn plain(message: impl Into<String>) -> Plain {
    Plain {
        message: message.into(),
        help: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_counts_lines_and_columns_from_one() {
        let text = "ab\ncde\nf";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 4);
        assert_eq!(offset_of(text, 3, 1), 7);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }

    #[test]
    fn snippets_keep_the_file_line_numbers() {
        let text: String = (1..=20).map(|i| format!("line {i}\n")).collect();
        let err = located("f.txt", &text, 15, 3, "bad", "here", None);
        assert_eq!(
            err.src.first_line, 12,
            "two lines of context before line 15"
        );
        let line = err.src.read_span(&err.span, 0, 0).expect("span").line();
        assert_eq!(line, 14, "zero-based line of the error");
        let rendered = format!("{:?}", miette::Report::new(*err));
        // The gutter glyph depends on the terminal's Unicode support; the number must not.
        let numbered = regex::Regex::new(r"(?m)^\s*15 \S line 15$").expect("regex");
        assert!(numbered.is_match(&rendered), "{rendered}");
    }

    #[test]
    fn long_lines_are_windowed_around_the_column() {
        let text = format!("{}X{}", "a".repeat(10_000), "b".repeat(10_000));
        let err = located("f.json", &text, 1, 10_001, "bad", "here", None);
        assert!(err.src.text.len() < WINDOW + 10);
        assert!(err.message.starts_with("f.json:1:10001: bad"));
        let at = err.span.offset();
        assert_eq!(&err.src.text[at..at + 1], "X");
    }
}
