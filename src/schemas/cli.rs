//! `govlint schema`: print one schema, or write them all (how schemas/ is kept current).

use std::path::PathBuf;

use clap::Args;

use super::{file_name, text, NAMES};
use crate::output::emit;

pub const AFTER_HELP: &str = "\
Examples:
  govlint schema input > input.schema.json
  govlint schema --write schemas       # every schema, as schemas/NAME.schema.json

Exit codes: 0 printed or written, 2 cannot write.";

#[derive(Args)]
pub struct SchemaArgs {
    /// Which schema: input, snapshot, findings or config.
    #[arg(value_parser = NAMES, required_unless_present = "write")]
    name: Option<String>,
    /// Write every schema into DIR as NAME.schema.json (atomically).
    #[arg(long, value_name = "DIR", conflicts_with = "name")]
    write: Option<PathBuf>,
}

pub fn run(a: SchemaArgs) -> Result<u8, miette::Report> {
    if let Some(dir) = &a.write {
        std::fs::create_dir_all(dir).map_err(|e| {
            miette::Report::new(crate::diag::plain(format!(
                "cannot create {}: {e}",
                dir.display()
            )))
        })?;
        for name in NAMES {
            let path = dir.join(file_name(name));
            emit(Some(&path), &text(name).unwrap_or_default())?;
            eprintln!("{}", path.display());
        }
        return Ok(crate::exit::CLEAN);
    }
    let name = a.name.unwrap_or_default();
    emit(None, &text(&name).unwrap_or_default())?;
    Ok(crate::exit::CLEAN)
}
