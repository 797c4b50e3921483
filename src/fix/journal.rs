//! The apply journal: each step's outcome, written atomically after every change, so an apply
//! that is killed resumes where it stopped and never sends a step's write twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum State {
    /// The write is about to be sent (or was, and the run died before it was checked).
    Started,
    /// Sent and verified (or found already in the expected state).
    Applied,
    /// The live object no longer matched the precondition: skipped, never retried.
    Drifted,
    /// The write or its verification failed: tried again on the next run.
    Failed,
    /// A guard rail refused it: checked again on the next run.
    Refused,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub state: State,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Journal {
    pub schema: String,
    /// SHA-256 of the plan file it journals.
    pub plan: String,
    pub steps: BTreeMap<String, Entry>,
    #[serde(skip)]
    path: PathBuf,
}

const SCHEMA: &str = "govlint.fix-journal/v1";

pub fn digest(bytes: &[u8]) -> String {
    let h = Sha256::digest(bytes);
    h.iter().map(|b| format!("{b:02x}")).collect()
}

/// `plan.json` → `plan.json.journal`.
pub fn path_for(plan: &Path) -> PathBuf {
    let mut p = plan.as_os_str().to_owned();
    p.push(".journal");
    PathBuf::from(p)
}

impl Journal {
    /// The journal at `path` for the plan whose digest is `plan`, or a fresh one.
    pub fn open(path: PathBuf, plan: &str) -> Result<Journal, String> {
        crate::atomic::remove_stale(&path);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let mut j: Journal = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("{}: not a fix journal: {e}", path.display()))?;
                if j.schema != SCHEMA {
                    return Err(format!("{}: not a fix journal", path.display()));
                }
                if j.plan != plan {
                    return Err(format!(
                        "{} journals another plan (the plan file changed since that apply); move it away to apply this plan afresh",
                        path.display()
                    ));
                }
                j.path = path;
                Ok(j)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Journal {
                schema: SCHEMA.into(),
                plan: plan.into(),
                steps: BTreeMap::new(),
                path,
            }),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    pub fn state(&self, step: &str) -> Option<State> {
        self.steps.get(step).map(|e| e.state)
    }

    /// Records a step's state and writes the journal before anything else happens.
    pub fn record(&mut self, step: &str, state: State, detail: &str) -> Result<(), String> {
        self.steps.insert(
            step.to_string(),
            Entry {
                state,
                detail: detail.to_string(),
            },
        );
        let mut text = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        text.push(b'\n');
        crate::atomic::write(&self.path, &text)
            .map_err(|e| format!("cannot write the journal {}: {e}", self.path.display()))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_reopens_with_its_states_and_refuses_another_plan() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("plan.json.journal");
        let mut j = Journal::open(p.clone(), "abc").expect("fresh");
        j.record("f/1", State::Started, "").expect("write");
        j.record("f/1", State::Applied, "").expect("write");
        j.record("f/2", State::Started, "").expect("write");
        let j = Journal::open(p.clone(), "abc").expect("reopen");
        assert_eq!(j.state("f/1"), Some(State::Applied));
        assert_eq!(j.state("f/2"), Some(State::Started));
        assert_eq!(j.state("f/3"), None);
        let e = Journal::open(p, "other").expect_err("another plan");
        assert!(e.contains("another plan"), "{e}");
    }
}
