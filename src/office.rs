//! The commands for offices and workshops: `config`, `sessions`, `summary` and `examples`.
//!
//! Like `cli`, this is the shell: it reads and writes files and prints. The work itself is done by
//! [`crate::config`], [`crate::session`], [`crate::summary`], [`crate::examples`] and the report
//! writers.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use crate::cli::{Failure, Global};
use crate::config::{self, ConfigError, Location};
use crate::diag::sanitize;
use crate::exit;
use crate::report::Format;

mod sessions;
pub use sessions::run as sessions_command;

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

/// `dualcheck sessions ...`
#[derive(Debug, Clone, Subcommand)]
pub enum SessionsCommand {
    /// List saved sessions, most recent first (the default)
    List,
    /// Print the answers and the progress of a session
    Show { id: String },
    /// Assess a session and write its report
    Export {
        id: String,
        #[arg(long, short, value_enum, default_value_t = Format::Markdown)]
        format: Format,
        /// Write the report here instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Delete a saved session
    Delete { id: String },
}

/// `dualcheck examples ...`
#[derive(Debug, Clone, Subcommand)]
pub enum ExamplesCommand {
    /// List the example personas (the default)
    List,
    /// Print an example as an answers file (TOML), without the expected outcome
    Show {
        id: String,
        /// Include the expected outcome (`[expect]`): the answer key for a workshop
        #[arg(long)]
        answers: bool,
    },
}

/// Output formats of `dualcheck summary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Markdown,
    Json,
    Csv,
    /// A self-contained page with charts, for a projector or a printout
    Html,
}

impl SummaryArgs {
    /// `--format`, else what the output file's name says, else Markdown.
    pub fn format(&self) -> SummaryFormat {
        self.format.unwrap_or_else(|| {
            let ext = self
                .output
                .as_deref()
                .and_then(|p| p.extension())
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            match ext.as_deref() {
                Some("html" | "htm") => SummaryFormat::Html,
                Some("json") => SummaryFormat::Json,
                Some("csv") => SummaryFormat::Csv,
                _ => SummaryFormat::Markdown,
            }
        })
    }
}

/// `dualcheck summary`.
#[derive(Debug, Clone, clap::Args)]
pub struct SummaryArgs {
    /// JSON reports, or directories holding them (`*.json` directly inside)
    #[arg(required = true, value_name = "REPORT.json|DIR")]
    pub paths: Vec<PathBuf>,
    /// The summary format [default: from the `--output` file's extension (.html, .json, .csv,
    /// .md), else markdown]
    #[arg(long, short, value_enum)]
    pub format: Option<SummaryFormat>,
    /// Write the summary here instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With `--format html`: chart how the answers to this question split (option ids only)
    #[arg(long, value_name = "ID")]
    pub question: Option<String>,
    /// With `--format html` or `markdown`: a title for the summary, e.g. the workshop's name
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Count every file, even two exports of one session (reports of the same questionnaire
    /// with the same answers, counted once by default); e.g. when everyone ran the same example
    #[arg(long)]
    pub keep_duplicates: bool,
}

fn out(text: &str) -> Result<u8, Failure> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    Ok(exit::SUCCESS)
}

/// Reads the configuration for a command, as a failure people can act on.
pub fn config_failure(e: ConfigError) -> Failure {
    match e {
        ConfigError::Missing(p) => Failure::usage(format!(
            "error: the configuration file {} does not exist (from --config or DUALCHECK_CONFIG)\n\
             Create it with `dualcheck --config FILE config init`.",
            p.display()
        )),
        ConfigError::Unreadable(p, why) => Failure::usage(format!(
            "error: cannot read the configuration file {}: {why}",
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
        Failure::usage("error: no configuration directory could be determined; use --config FILE")
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
                    "error: {} is {}; dualcheck writes the configuration only to a regular file \
                     and left it untouched",
                    crate::diag::sanitize(&l.path.display().to_string()),
                    crate::files::special_kind(m.file_type()).unwrap_or("a directory")
                )));
            }
            if l.path.exists() && !force {
                return Err(Failure::usage(format!(
                    "error: {} already exists; use --force to overwrite it",
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
                        return Err(Failure {
                            code: exit::IO,
                            message: format!("error: {e}"),
                        });
                    }
                }
            } else {
                config::TEMPLATE.to_string()
            };
            if let Some(dir) = l.path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::session::create_private_dir(dir).map_err(|e| Failure {
                    code: exit::IO,
                    message: format!("error: cannot create {}: {e}", dir.display()),
                })?;
            }
            crate::session::write_private_atomic(&l.path, text.as_bytes()).map_err(|e| {
                Failure {
                    code: exit::IO,
                    message: format!("error: cannot write {}: {e}", l.path.display()),
                }
            })?;
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
            return Err(Failure::usage(format!(
                "error: no such file: {}",
                p.display()
            )));
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
        "  default jurisdiction: {}",
        show(c.default_jurisdiction.as_deref().unwrap_or(""))
    );
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
        c.ui.map_or("(not set)", crate::wizard::Ui::name)
    );
    // The institution's packs, validated like the shipped ones.
    let mut catalog = crate::questionnaire::catalog::Catalog::embedded();
    for dir in &c.extra_questionnaire_dirs {
        catalog.add_dir(dir);
    }
    let mut diags = read.diagnostics.clone();
    let mut pack_diags = std::mem::take(&mut catalog.problems);
    for e in catalog.entries.iter().filter(|e| e.origin != "embedded") {
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
            "no-contact",
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

pub fn summary_command(args: &SummaryArgs) -> Result<u8, Failure> {
    if let Some(q) = &args.question {
        if args.format() != SummaryFormat::Html {
            return Err(Failure::usage(
                "error: --question is only used by --format html",
            ));
        }
        if !config::is_id(q) {
            return Err(Failure::usage(format!(
                "error: `{}` is not a question id (1-64 lower-case letters, digits, `_` or `-`)",
                sanitize(q)
            )));
        }
    }
    if let Some(title) = &args.title {
        if !matches!(args.format(), SummaryFormat::Html | SummaryFormat::Markdown) {
            return Err(Failure::usage(
                "error: --title is only used by --format html and --format markdown",
            ));
        }
        if title.chars().count() > 200 {
            return Err(Failure::usage(
                "error: --title is longer than 200 characters",
            ));
        }
    }
    // Nothing that exists to read is a usage error (exit 2), not an empty summary; a missing
    // path among others is skipped with a warning.
    if args.paths.iter().all(|p| !p.exists()) {
        let names: Vec<String> = args
            .paths
            .iter()
            .map(|p| sanitize(&p.display().to_string()))
            .collect();
        return Err(Failure::usage(format!(
            "error: {} {}",
            names.join(", "),
            if names.len() == 1 {
                "does not exist"
            } else {
                "do not exist"
            }
        )));
    }
    let summary = crate::summary::Summary::for_question(args.question.as_deref())
        .keep_duplicates(args.keep_duplicates)
        .titled(
            args.title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty()),
        )
        .read_paths(&args.paths);
    for s in &summary.skipped {
        eprintln!(
            "warning: skipped {}: {}",
            sanitize(&s.file),
            sanitize(&s.reason)
        );
    }
    if summary.duplicates > 0 {
        eprintln!(
            "note: {} of a session already counted (same questionnaire, same answers): \
             counted once, by the latest; --keep-duplicates counts every file",
            crate::report::count(
                summary.duplicates,
                "report was a repeated export",
                "reports were repeated exports"
            )
        );
    }
    let text = match args.format() {
        SummaryFormat::Markdown => summary.to_markdown(),
        SummaryFormat::Json => summary.to_json(),
        SummaryFormat::Csv => summary.to_csv(),
        SummaryFormat::Html => summary.to_html(),
    };
    match &args.output {
        Some(path) => crate::cli::write_report(path, text.as_bytes())
            .map(|()| exit::SUCCESS)
            .map_err(|e| Failure {
                code: exit::IO,
                message: format!(
                    "error: cannot write {}: {e}",
                    sanitize(&path.display().to_string()),
                ),
            }),
        None => out(&text),
    }
}

/// An example's text without its `[expect]` table, so that showing it does not spoil the exercise.
fn without_expect(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            skipping = trimmed.starts_with("[expect]");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub fn examples_command(command: Option<&ExamplesCommand>) -> Result<u8, Failure> {
    match command {
        None | Some(ExamplesCommand::List) => {
            let list = crate::examples::list();
            if list.is_empty() {
                return out("No examples are shipped in this build.\n");
            }
            let mut o = String::new();
            // One block per example: ids are long, so no columns to run into each other.
            for e in list {
                if let Some(p) = &e.problem {
                    let _ = writeln!(o, "{}  (invalid: {})\n", sanitize(&e.id), sanitize(p));
                } else {
                    let _ = writeln!(
                        o,
                        "{}  ({})\n    {}",
                        sanitize(&e.id),
                        sanitize(&e.questionnaire),
                        sanitize(&e.title)
                    );
                    if !e.description.is_empty() {
                        let _ = writeln!(o, "    {}", sanitize(&e.description));
                    }
                    o.push('\n');
                }
            }
            o.push_str("Try one with `dualcheck run --example ID`, or print it with `dualcheck examples show ID`.\n");
            out(&o)
        }
        Some(ExamplesCommand::Show { id, answers }) => match crate::examples::load(id) {
            Ok(e) if *answers => out(&sanitize(e.text)),
            Ok(e) => out(&sanitize(&without_expect(e.text))),
            Err(e) => Err(Failure::usage(format!("error: {e}"))),
        },
    }
}
