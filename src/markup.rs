//! Text put into the markup the reports are written in: Markdown (the lint report, job
//! summaries, `diff`, `fix --show`, the audit report) and HTML/XML (the audit page, its
//! charts, JUnit). One escaper per language, so every report renders a name the same way.

/// Escapes text so Markdown renders it literally: emphasis, links, headings, table pipes and
/// code spans by a backslash; `<`, `>` and `&` as entities, so no HTML passes through and an
/// entity in the data shows as written. Line breaks stay; other control characters become
/// spaces.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push('\n'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// [`markdown`] on one line: line breaks become spaces (headings, list items).
pub fn markdown_line(s: &str) -> String {
    markdown(s).replace('\n', " ")
}

/// Text for a Markdown table cell: escaped, its lines kept apart by `<br>`.
pub fn markdown_cell(s: &str) -> String {
    markdown(s).replace('\n', "<br>")
}

/// An inline code span that survives backticks in `s`; on one line.
pub fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let longest = longest_run(&s, '`');
    let ticks = "`".repeat(longest + 1);
    if longest > 0 || s.starts_with(' ') || s.ends_with(' ') {
        format!("{ticks} {s} {ticks}")
    } else {
        format!("{ticks}{s}{ticks}")
    }
}

/// A fenced code block whose fence is longer than any backtick run in `content`.
pub fn fence(lang: &str, content: &str) -> String {
    let ticks = "`".repeat(longest_run(content, '`').max(2) + 1);
    let body = content.trim_end_matches('\n');
    format!("{ticks}{lang}\n{body}\n{ticks}\n")
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// Escapes text for HTML and XML content and attribute values (either quote).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_syntax_and_html_keeps_lines() {
        assert_eq!(
            markdown("a|b *c* <b>&amp;\r\nx\u{7}y"),
            "a\\|b \\*c\\* &lt;b&gt;&amp;amp;\nx y"
        );
        assert_eq!(
            markdown_line("<b>|x|</b>\nz"),
            "&lt;b&gt;\\|x\\|&lt;/b&gt; z"
        );
        assert_eq!(markdown_cell("a\nb|c"), "a<br>b\\|c");
    }

    #[test]
    fn code_spans_and_fences_outlast_backticks() {
        assert_eq!(code("abc"), "`abc`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a\nb"), "`a b`");
        assert_eq!(fence("json", "x\n"), "```json\nx\n```\n");
        assert_eq!(fence("", "````"), "`````\n````\n`````\n");
    }

    #[test]
    fn xml_escapes_markup_and_both_quotes() {
        assert_eq!(
            xml("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
