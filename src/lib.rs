//! govlint: policy-as-code linter and CI gate for Microsoft Entra ID identity governance.
//!
//! The flow runs one way: `snapshot` (what was fetched) → `engine` (Rego rules over it) →
//! `report` (formats of a finished [`finding::LintResult`]). Nothing downstream reaches back.

pub mod atomic;
pub mod cli;
pub mod config;
pub mod coverage;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod evalcmd;
pub mod exit;
pub mod explain;
pub mod fetch;
pub mod finding;
pub mod fix;
pub mod gate;
pub mod generate;
pub mod inputcheck;
pub mod lintrun;
pub mod markup;
pub mod output;
pub mod permissions;
pub mod pim;
pub mod policy;
pub mod regoast;
pub mod regotest;
pub mod regotest_junit;
pub mod remediation;
pub mod report;
pub mod ruledoc;
pub mod schemas;
pub mod show;
pub mod snapshot;
pub mod time;
pub mod timing;
pub mod version;
