//! Report formats: each renders a finished [`LintResult`] and nothing else.

pub mod human;
pub mod json;

use crate::finding::LintResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by severity and area, with each fix; colour on a terminal.
    Human,
    /// The machine contract (design.md section 4).
    Json,
}

/// Renders `result`; `color` only matters for human output.
pub fn render(format: Format, result: &LintResult, color: bool) -> String {
    match format {
        Format::Human => human::render(result, color),
        Format::Json => json::render(result),
    }
}
