//! `dualcheck config init|check|path|show`: the configuration file, written, checked and shown.

use crate::diag::DiagnosticKind;
use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Subcommand;

use super::Global;
use crate::app::Failure;
use crate::config::{self, ConfigError, Location};
use crate::diag::sanitize;
use crate::exit;

use super::print as out;

/// `dualcheck config ...`
#[derive(Debug, Clone, Subcommand)]
pub enum ConfigCommand {
    /// Write a configuration file (owner-only permissions): asks a few questions in a terminal,
    /// else writes the commented template
    Init {
        /// Overwrite an existing file
        #[arg(long)]
        force: bool,
        /// Ask nothing: write the commented template
        #[arg(long)]
        defaults: bool,
    },
    /// Validate a configuration file and the questionnaire directories it names
    Check {
        /// The file to check; default: the one dualcheck uses
        file: Option<PathBuf>,
    },
    /// Print where the configuration file is looked for
    Path,
}

/// Reads the configuration for a command, as a failure people can act on.
pub fn config_failure(e: ConfigError) -> Failure {
    match e {
        ConfigError::Missing(p) => Failure::usage(format!(
            "the configuration file {} does not exist (from --config or DUALCHECK_CONFIG)\n\
             Create it with `dualcheck --config FILE config init`.",
            p.display()
        )),
        ConfigError::Unreadable(p, why) => Failure::usage(format!(
            "cannot read the configuration file {}: {why}",
            p.display()
        )),
        ConfigError::Invalid {
            sources,
            diagnostics,
        } => Failure::problems(format!(
            "{}The configuration has errors; fix them (check with `dualcheck config check`).",
            sources.render_all(&diagnostics)
        )),
    }
}

fn location(global: &Global) -> Result<Location, Failure> {
    config::locate(global.config.as_deref()).ok_or_else(|| {
        Failure::usage("no configuration directory could be determined; use --config FILE")
    })
}

pub fn config_command(global: &Global, command: &ConfigCommand) -> Result<u8, Failure> {
    match command {
        ConfigCommand::Path => {
            let l = location(global)?;
            out(&format!("{}\n", l.path.display()))
        }
        ConfigCommand::Init { force, defaults } => {
            use std::io::IsTerminal as _;
            let l = location(global)?;
            // Never replace a symbolic link or a special file (`/dev/null`), even with --force.
            if let Ok(m) = std::fs::symlink_metadata(&l.path)
                && !m.is_file()
            {
                return Err(Failure::usage(format!(
                    "{} is {}; dualcheck writes the configuration only to a regular file \
                     and left it untouched",
                    crate::diag::sanitize(&l.path.display().to_string()),
                    crate::files::special_kind(m.file_type()).unwrap_or("a directory")
                )));
            }
            if l.path.exists() && !force {
                return Err(Failure::usage(format!(
                    "{} already exists; use --force to overwrite it",
                    l.path.display()
                )));
            }
            let interactive =
                !defaults && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            let text = if interactive {
                let base = l.path.parent().unwrap_or(std::path::Path::new("."));
                match crate::inline::setup::ask(global.color.enabled(true), base) {
                    Ok(Some(text)) => text,
                    Ok(None) => return out("Nothing was written.\n"),
                    Err(e) => {
                        return Err(Failure::io(e.to_string()));
                    }
                }
            } else {
                config::TEMPLATE.to_string()
            };
            if let Some(dir) = l.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::session::create_private_dir(dir)
                    .map_err(|e| Failure::io(format!("cannot create {}: {e}", dir.display())))?;
            }
            crate::session::write_private_atomic(&l.path, text.as_bytes())
                .map_err(|e| Failure::io(format!("cannot write {}: {e}", l.path.display())))?;
            out(&format!(
                "wrote {}\nEdit it, then check it with `dualcheck config check`.\n",
                l.path.display()
            ))
        }
        ConfigCommand::Check { file } => {
            let l = match file {
                Some(f) => Location {
                    path: f.clone(),
                    explicit: true,
                },
                None => location(global)?,
            };
            check(&l)
        }
    }
}

fn check(l: &Location) -> Result<u8, Failure> {
    let read = match config::read(l) {
        Ok(Some(r)) => r,
        Ok(None) => {
            return out(&format!(
                "no configuration file at {}: the defaults apply\n",
                l.path.display()
            ));
        }
        Err(ConfigError::Missing(p)) => {
            return Err(Failure::usage(format!("no such file: {}", p.display())));
        }
        Err(ConfigError::Invalid {
            sources,
            diagnostics,
        }) => {
            eprint!("{}", sources.render_all(&diagnostics));
            return Ok(exit::PROBLEMS);
        }
        Err(e) => return Err(config_failure(e)),
    };
    let c = &read.config;
    let mut report = format!("ok: {}\n", l.path.display());
    let show = |s: &str| {
        if s.is_empty() {
            "(not set)".to_string()
        } else {
            sanitize(s)
        }
    };
    let _ = writeln!(report, "  institution: {}", show(&c.institution));
    let primary = c
        .contacts
        .first()
        .map(|p| {
            format!(
                " (primary: {})",
                sanitize(&crate::report::markdown::contact_line(p))
            )
        })
        .unwrap_or_default();
    let _ = writeln!(report, "  contacts: {}{primary}", c.contacts.len());
    let _ = writeln!(
        report,
        "  theme: {}",
        match c.theme {
            config::Theme::Default => "default",
            config::Theme::HighContrast => "high-contrast",
        }
    );
    let _ = writeln!(
        report,
        "  front-end: {}",
        c.ui.map_or("(not set)", crate::app::run::Ui::name)
    );
    // The institution's packs, validated like the shipped ones.
    let mut catalog = crate::questionnaire::catalog::Catalog::embedded();
    for dir in &c.extra_questionnaire_dirs {
        catalog.add_dir(dir);
    }
    let mut diags = read.diagnostics.clone();
    let mut pack_diags = std::mem::take(&mut catalog.problems);
    for e in catalog.entries.iter().filter(|e| !e.is_embedded()) {
        let Some(loaded) = catalog.load(&e.id) else {
            continue;
        };
        let status = if loaded.has_errors() {
            "has errors"
        } else {
            "ok"
        };
        let _ = writeln!(
            report,
            "  questionnaire: {} {} ({status}) from {}",
            sanitize(&e.id),
            sanitize(&e.version),
            sanitize(&e.origin)
        );
        pack_diags.extend(loaded.diagnostics);
    }
    if c.contacts.is_empty() {
        diags.push(crate::diag::Diagnostic::warning(
            DiagnosticKind::NoContact,
            "no [[contact]] is configured: reports will tell people to ask who handles export control",
        ));
    }
    if !diags.is_empty() {
        eprint!("{}", read.sources.render_all(&diags));
    }
    let errors = pack_diags.iter().any(crate::diag::Diagnostic::is_error);
    if !pack_diags.is_empty() {
        eprint!("{}", catalog.sources.render_all(&pack_diags));
    }
    out(&report)?;
    Ok(if errors {
        exit::PROBLEMS
    } else {
        exit::SUCCESS
    })
}
