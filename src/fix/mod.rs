//! `govlint fix`: plan a lint's remediations, render the plan for review, and apply it to the
//! live tenant checked step by step (precondition read, guard rails, write, verification read),
//! journalled so a killed run resumes without repeating a step.

pub mod apply;
pub mod cli;
pub mod connect;
pub mod guard;
pub mod journal;
pub mod perms;
pub mod plan;
pub mod show;
