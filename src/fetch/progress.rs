//! Live progress of `govlint fetch` on stderr: one line per collection in flight with the
//! items and pages read so far, ending with its status. Shown only at a terminal outside CI
//! (and not with `--no-progress`); otherwise [`Hidden`] does nothing. Progress lines name
//! collections and counts only: never a URL, a header or a token.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::snapshot::Status;

/// What the fetch loop reports as it goes.
pub trait Progress: Send + Sync {
    /// Reading `collection` has begun.
    fn started(&self, collection: &'static str);
    /// `items` more items of `collection` were read, making `pages` pages so far (a resumed
    /// collection reports what its checkpoint held as one such step).
    fn page(&self, collection: &'static str, items: usize, pages: u64);
    /// `collection` is done (children included) with `status`.
    fn finished(&self, collection: &'static str, status: Status);
    /// The fetch is over (done, failed or interrupted): stop drawing, leaving what is shown,
    /// so that what is printed next is not drawn over. Later reports are ignored.
    fn stop(&self) {}
}

/// Progress nobody sees: CI, a pipe or a file, or `--no-progress`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Hidden;

impl Progress for Hidden {
    fn started(&self, _: &'static str) {}
    fn page(&self, _: &'static str, _: usize, _: u64) {}
    fn finished(&self, _: &'static str, _: Status) {}
}

/// Whether to show progress: only at a terminal, outside CI, and unless turned off.
pub fn shown(stderr_terminal: bool, ci: bool, turned_off: bool) -> bool {
    stderr_terminal && !ci && !turned_off
}

/// The progress for this process's stderr; `turned_off` is `--no-progress` (or anything
/// else that writes its own lines to stderr while fetching, such as `--verbose`).
pub fn for_stderr(turned_off: bool) -> Arc<dyn Progress> {
    let ci = std::env::var_os("CI").is_some();
    if shown(std::io::stderr().is_terminal(), ci, turned_off) {
        Arc::new(Bars::new(ProgressDrawTarget::stderr()))
    } else {
        Arc::new(Hidden)
    }
}

struct Line {
    bar: ProgressBar,
    items: u64,
    pages: u64,
}

#[derive(Default)]
struct Lines {
    by_name: HashMap<&'static str, Line>,
    stopped: bool,
}

/// indicatif bars: a [`MultiProgress`] with a spinner per collection.
pub struct Bars {
    multi: MultiProgress,
    lines: Mutex<Lines>,
}

fn counts(items: u64, pages: u64) -> String {
    let s = |n: u64| if n == 1 { "" } else { "s" };
    format!("{items} item{} in {pages} page{}", s(items), s(pages))
}

impl Bars {
    pub fn new(target: ProgressDrawTarget) -> Bars {
        Bars {
            multi: MultiProgress::with_draw_target(target),
            lines: Mutex::new(Lines::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lines> {
        self.lines.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn with_line(&self, collection: &'static str, f: impl FnOnce(&mut Line)) {
        let mut lines = self.lock();
        if lines.stopped {
            return;
        }
        if let Some(line) = lines.by_name.get_mut(collection) {
            f(line);
        }
    }
}

impl Progress for Bars {
    fn started(&self, collection: &'static str) {
        let mut lines = self.lock();
        if lines.stopped {
            return;
        }
        let style = ProgressStyle::with_template("{spinner} {prefix:<34} {msg} {elapsed:>4}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bar = self.multi.add(ProgressBar::new_spinner());
        bar.set_style(style);
        bar.set_prefix(collection);
        bar.set_message(counts(0, 0));
        bar.enable_steady_tick(Duration::from_millis(120));
        if let Some(old) = lines.by_name.insert(
            collection,
            Line {
                bar,
                items: 0,
                pages: 0,
            },
        ) {
            old.bar.finish_and_clear();
        }
    }

    fn page(&self, collection: &'static str, items: usize, pages: u64) {
        self.with_line(collection, |line| {
            line.items += items as u64;
            line.pages = pages;
            line.bar.set_message(counts(line.items, line.pages));
        });
    }

    fn finished(&self, collection: &'static str, status: Status) {
        self.with_line(collection, |line| {
            line.bar.finish_with_message(format!(
                "{}: {}",
                counts(line.items, line.pages),
                status.as_str()
            ));
        });
    }

    fn stop(&self) {
        let mut lines = self.lock();
        lines.stopped = true;
        for line in lines.by_name.values() {
            if !line.bar.is_finished() {
                line.bar.abandon();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_at_a_terminal_outside_ci_unless_turned_off() {
        assert!(shown(true, false, false));
        assert!(!shown(false, false, false), "not a terminal");
        assert!(!shown(true, true, false), "CI");
        assert!(!shown(true, false, true), "--no-progress");
        assert!(!shown(false, true, true));
    }

    #[test]
    fn hidden_does_nothing() {
        let p: Arc<dyn Progress> = Arc::new(Hidden);
        p.started("users");
        p.page("users", 100, 1);
        p.page("unknown", 1, 1);
        p.finished("users", Status::Complete);
        p.finished("never-started", Status::Unavailable);
        p.stop();
    }

    #[test]
    fn bars_count_items_and_pages() {
        let bars = Bars::new(ProgressDrawTarget::hidden());
        bars.started("users");
        bars.page("users", 100, 1);
        bars.page("users", 1, 2);
        bars.page("not-started", 5, 1);
        {
            let lines = bars.lock();
            let l = &lines.by_name["users"];
            assert_eq!((l.items, l.pages), (101, 2));
            assert_eq!(l.bar.message(), "101 items in 2 pages");
        }
        bars.finished("users", Status::Partial);
        let lines = bars.lock();
        assert!(lines.by_name["users"].bar.is_finished());
        assert_eq!(
            lines.by_name["users"].bar.message(),
            "101 items in 2 pages: partial"
        );
    }

    #[test]
    fn stop_leaves_the_lines_and_ignores_later_reports() {
        let bars = Bars::new(ProgressDrawTarget::hidden());
        bars.started("users");
        bars.page("users", 3, 1);
        bars.stop();
        bars.page("users", 3, 2);
        bars.finished("users", Status::Complete);
        bars.started("groups");
        let lines = bars.lock();
        assert!(lines.by_name["users"].bar.is_finished());
        assert_eq!(lines.by_name["users"].bar.message(), "3 items in 1 page");
        assert!(!lines.by_name.contains_key("groups"));
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(counts(1, 1), "1 item in 1 page");
        assert_eq!(counts(0, 0), "0 items in 0 pages");
    }
}
