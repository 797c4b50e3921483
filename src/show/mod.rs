//! `govlint show`: the questions identity teams ask before an audit, answered from a snapshot
//! deterministically and offline, and the audit report that hands the
//! answers over together with the lint's findings.
//!
//! Each question family has a small module that turns the snapshot into a [`View`] (fields,
//! tables, counts); [`render`] prints a view as a table, JSON or CSV, and [`audit`] as HTML or
//! Markdown. Every question builds the id → object indexes it needs once ([`index::Ctx`]), so
//! answers stay linear in the size of the snapshot.

pub mod assignments;
pub mod audit;
pub mod catalogs;
pub mod cli;
pub mod decisions;
pub mod fields;
pub mod groups;
pub mod index;
pub mod membership;
pub mod orgs;
pub mod packages;
pub mod render;
pub mod reviews;
pub mod risk;
pub mod roles;
pub mod signins;
pub mod suggest;
#[cfg(test)]
mod testdata;
pub mod user;
pub mod users;
pub mod view;
pub mod workloads;

pub use index::{Ctx, Miss};
pub use render::{render, ShowFormat};
pub use roles::Which;
pub use view::{Cell, Ref, Table, View};

use crate::snapshot::Snapshot;

/// A question `govlint show` answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    PendingReviews {
        top: Option<usize>,
    },
    Review {
        name: String,
    },
    ReviewsOf {
        reviewer: String,
    },
    Decisions {
        review: String,
        overrides: bool,
    },
    Overrides,
    Catalogs,
    Catalog {
        name: String,
    },
    Packages {
        name_contains: Option<String>,
    },
    Package {
        name: String,
    },
    Assignments {
        user: String,
    },
    ConnectedOrg {
        name: String,
    },
    RolesOf {
        user: String,
        which: Which,
        all: bool,
    },
    Role {
        name: String,
        which: Which,
        all: bool,
    },
    User {
        name: String,
    },
    Users(users::Filter),
    Group {
        name: String,
        /// Answer whether this user (or group) is a member, instead of the group's details.
        member: Option<String>,
    },
    Groups {
        name_starts_with: Option<String>,
    },
    SignIns(signins::Filter),
    RiskyUsers {
        level: Option<String>,
    },
    Agents,
    App {
        name: String,
    },
}

/// Answers `q` from `snapshot` at `now` (the snapshot's `fetchedAt` unless overridden).
pub fn answer(snapshot: &Snapshot, now: jiff::Timestamp, q: &Question) -> Result<View, Miss> {
    let ctx = Ctx::new(snapshot, now);
    match q {
        Question::PendingReviews { top } => Ok(reviews::pending(&ctx, *top)),
        Question::Review { name } => reviews::review(&ctx, name),
        Question::ReviewsOf { reviewer } => reviews::by_reviewer(&ctx, reviewer),
        Question::Decisions { review, overrides } => decisions::of_review(&ctx, review, *overrides),
        Question::Overrides => Ok(decisions::overrides(&ctx)),
        Question::Catalogs => Ok(catalogs::list(&ctx)),
        Question::Catalog { name } => catalogs::one(&ctx, name),
        Question::Packages { name_contains } => Ok(packages::list(&ctx, name_contains.as_deref())),
        Question::Package { name } => packages::one(&ctx, name),
        Question::Assignments { user } => assignments::of_user(&ctx, user),
        Question::ConnectedOrg { name } => orgs::one(&ctx, name),
        Question::RolesOf { user, which, all } => roles::of_user(&ctx, user, *which, *all),
        Question::Role { name, which, all } => roles::holders(&ctx, name, *which, *all),
        Question::User { name } => user::dossier(&ctx, name),
        Question::Users(f) => Ok(users::list(&ctx, f)),
        Question::Group { name, member: None } => groups::one(&ctx, name),
        Question::Group {
            name,
            member: Some(m),
        } => groups::is_member(&ctx, name, m),
        Question::Groups { name_starts_with } => {
            Ok(groups::list(&ctx, name_starts_with.as_deref()))
        }
        Question::SignIns(f) => signins::list(&ctx, f),
        Question::RiskyUsers { level } => Ok(risk::list(&ctx, level.as_deref())),
        Question::Agents => Ok(workloads::agents(&ctx)),
        Question::App { name } => workloads::app(&ctx, name),
    }
}
