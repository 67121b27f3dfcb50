//! The configuration: `config.toml` in the platform's config directory (or `--config FILE` /
//! `DUALCHECK_CONFIG`): the institution, its export-control contacts, extra questionnaire
//! directories, the wizard's theme and the default front-end.
//!
//! The settings themselves (a raw serde struct becoming a validated [`Config`], every problem
//! with `path:line:col`) are [`dualcheck_core::settings`]; here the file is found and read. A
//! missing file is not an error: the defaults apply. The command-line layer reads the configuration once per run
//! ([`load`]) and passes it down in [`crate::app::Runtime`]; nothing reads it behind that.

use std::path::Path;

use crate::diag::{Diagnostic, Sources};

/// The file name inside the config directory.
pub const FILE_NAME: &str = "config.toml";
/// The commented template written by `dualcheck config init`.
pub const TEMPLATE: &str = include_str!("config.template.toml");
/// Largest configuration file read, in bytes.
pub const MAX_CONFIG_BYTES: u64 = 256 * 1024;

pub use dualcheck_core::settings::{Config, THEMES, Theme, ThemeChoice, Ui, is_email_shaped};

/// Parses and validates the configuration registered as `file` in `sources` (see
/// [`dualcheck_core::settings::parse`]); relative questionnaire directories are resolved against
/// `base_dir` and looked for on disk.
pub fn parse(sources: &Sources, file: usize, base_dir: &Path) -> (Option<Config>, Vec<Diagnostic>) {
    dualcheck_core::settings::parse(sources, file, base_dir, &Path::is_dir)
}

mod file;
pub use file::{ConfigError, Location, Read, default_path, load, locate, read};

#[cfg(test)]
mod tests;
