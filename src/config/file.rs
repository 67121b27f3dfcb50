//! Finding, reading and activating the configuration file: the only part of the configuration
//! that touches the disk (besides checking that questionnaire directories exist).

use std::path::{Path, PathBuf};

use super::{Config, FILE_NAME, MAX_CONFIG_BYTES, parse};
use crate::diag::{Diagnostic, Sources};

/// Where the configuration is looked for, and why there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Given with `--config` or `DUALCHECK_CONFIG`: then a missing file is an error.
    pub explicit: bool,
}

/// The platform's default: `config.toml` in the dualcheck config directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "dualcheck", "dualcheck")
        .map(|d| d.config_dir().join(FILE_NAME))
}

/// Resolves the location: an explicit path, `DUALCHECK_CONFIG`, or the platform default.
pub fn locate(explicit: Option<&Path>) -> Option<Location> {
    let env = std::env::var_os("DUALCHECK_CONFIG").filter(|p| !p.is_empty());
    match explicit
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or(env.map(PathBuf::from))
    {
        Some(path) => Some(Location {
            path,
            explicit: true,
        }),
        None => default_path().map(|path| Location {
            path,
            explicit: false,
        }),
    }
}

/// Why the configuration could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// `--config FILE` or `DUALCHECK_CONFIG` names a file that does not exist.
    Missing(PathBuf),
    Unreadable(PathBuf, String),
    /// Errors in the file; render them with the sources.
    Invalid {
        sources: Sources,
        diagnostics: Vec<Diagnostic>,
    },
}

/// A configuration read from disk, with its warnings.
#[derive(Debug, Default)]
pub struct Read {
    pub config: Config,
    pub sources: Sources,
    /// Warnings only (errors make [`read`] fail).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a configuration file. `Ok(None)` when a non-explicit location holds no file.
pub fn read(location: &Location) -> Result<Option<Read>, ConfigError> {
    let path = &location.path;
    let text = match crate::files::read_text(path, MAX_CONFIG_BYTES) {
        Ok(t) => t,
        Err(crate::files::InputError::NotFound) => {
            return if location.explicit {
                Err(ConfigError::Missing(path.clone()))
            } else {
                Ok(None)
            };
        }
        Err(e) => return Err(ConfigError::Unreadable(path.clone(), e.to_string())),
    };
    let mut sources = Sources::default();
    let file = sources.add(path.display().to_string(), text);
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (config, diagnostics) = parse(&sources, file, base);
    match config {
        Some(mut config) => {
            config.path = Some(path.clone());
            Ok(Some(Read {
                config,
                sources,
                diagnostics,
            }))
        }
        None => Err(ConfigError::Invalid {
            sources,
            diagnostics,
        }),
    }
}

/// The configuration of a run: the file at `explicit` (from `--config` or `DUALCHECK_CONFIG`) or
/// at the default location; the defaults when there is none. Read once by the command line and
/// passed down in [`crate::app::Runtime`].
pub fn load(explicit: Option<&Path>) -> Result<Read, ConfigError> {
    match locate(explicit) {
        Some(l) => Ok(read(&l)?.unwrap_or_default()),
        None => Ok(Read::default()),
    }
}
