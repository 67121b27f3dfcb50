//! The top of the program: every clap type, arguments and configuration merged once into a
//! [`Runtime`], the command run, and every outcome mapped to an exit code.
//!
//! The commands are in the submodules (`commands`: validate, assess, list; `config`, `sessions`,
//! `summary`, `examples`, `lists`); the wizards are the front-ends `tui`, `plain` and `inline`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod commands;
mod config;
mod examples;
mod lists;
mod sessions;
mod summary;

pub use commands::read_answers;
use commands::{assess_file, list, validate};

use crate::app::{Failure, Runtime};
use crate::exit;
use crate::questionnaire::catalog::Catalog;
use crate::report::Format;

/// The default questionnaire of the wizard and of `assess` when the answers file names none.
pub const DEFAULT_QUESTIONNAIRE: &str = "research-self-check";

#[derive(Debug, Parser)]
#[command(
    name = "dualcheck",
    version,
    about = "Offline export-control and dual-use self-check for research, start-ups and technology transfer",
    long_about = "dualcheck walks you through questions about your technology, funding, partners and \
                  destinations and ends with an export-control hint and guidance to take to your \
                  export-control officer. It never uses the network."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The wizard's options, also accepted without the `run` command.
    #[command(flatten)]
    pub run: RunArgs,
    /// Where sessions are saved (default: the platform's data directory)
    #[arg(long, global = true, env = "DUALCHECK_DATA_DIR", value_name = "DIR", value_parser = PathOrEmpty)]
    pub data_dir: Option<PathBuf>,
    /// Configuration file (default: config.toml in the platform's config directory)
    #[arg(long, global = true, env = "DUALCHECK_CONFIG", value_name = "FILE", value_parser = PathOrEmpty)]
    pub config: Option<PathBuf>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The global options, accepted but hidden in the help of the commands that only print a script
/// or a page (a set `DUALCHECK_DATA_DIR` or `--config` changes nothing there). An argument of the
/// same name in a subcommand takes the place of the global one.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PrintOnly {
    #[arg(long, hide = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[arg(long, hide = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// `--color`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour output going to a stream that is (or is not) a terminal, honouring
    /// `NO_COLOR` and `CLICOLOR_FORCE`.
    pub fn enabled(self, is_terminal: bool) -> bool {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    false
                } else if set("CLICOLOR_FORCE") {
                    true
                } else {
                    is_terminal && std::env::var("TERM").map_or(true, |t| t != "dumb")
                }
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the wizard (the default command)
    Run(RunArgs),
    /// Check questionnaire packs and report every problem with its position
    Validate {
        /// Pack directories or files; default: every shipped questionnaire
        paths: Vec<PathBuf>,
        /// Fail on warnings too
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Assess an answers file without interaction and write a report
    Assess {
        /// The answers file (TOML)
        #[arg(long, value_name = "FILE")]
        answers: PathBuf,
        /// Questionnaire id or pack path; default: the one the answers file names
        #[arg(long, short, value_name = "ID|PATH")]
        questionnaire: Option<String>,
        /// The report format
        #[arg(long, short, value_enum, default_value_t = FormatArg::Markdown)]
        format: FormatArg,
        /// Write the report here instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Fail (exit 1) when questions on the path are unanswered, instead of reporting them
        #[arg(long)]
        strict: bool,
        /// The project's title, shown at the top of the report (replaces `project` in the answers file)
        #[arg(long, value_name = "TITLE", value_parser = project_title)]
        project: Option<String>,
        /// The project's reference, e.g. a file or case number (replaces `reference` in the answers file)
        #[arg(long, value_name = "REF", value_parser = project_reference)]
        reference: Option<String>,
    },
    /// List the available questionnaires
    List,
    /// Print the branching structure of a questionnaire (for authors)
    Graph {
        /// Questionnaire id or pack path
        #[arg(long, short, value_name = "ID|PATH", default_value = DEFAULT_QUESTIONNAIRE)]
        questionnaire: String,
        /// Graphviz DOT or Mermaid
        #[arg(long, short, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Print the logic of a questionnaire in plain language (Markdown), for reviewers
    Explain {
        /// Questionnaire id or pack path
        #[arg(long, short, value_name = "ID|PATH", default_value = DEFAULT_QUESTIONNAIRE)]
        questionnaire: String,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        #[command(flatten)]
        unused: PrintOnly,
    },
    /// Print the manual page (roff) to standard output
    Man {
        #[command(flatten)]
        unused: PrintOnly,
    },
    /// The configuration: institution, export-control contacts, extra questionnaires
    Config {
        #[command(subcommand)]
        command: config::ConfigCommand,
    },
    /// Saved sessions: list, show, export a report, delete
    Sessions {
        #[command(subcommand)]
        command: Option<sessions::SessionsCommand>,
    },
    /// Anonymous counts over many JSON reports, for offices and workshops
    Summary(summary::SummaryArgs),
    /// The example personas shipped with dualcheck
    Examples {
        #[command(subcommand)]
        command: Option<examples::ExamplesCommand>,
    },
    /// Restricted-party lists for screening: import the downloaded files, status, remove
    Lists {
        #[command(subcommand)]
        command: lists::ListsCommand,
    },
    /// Screen names against the imported restricted-party lists (exit 1 on a possible match)
    Screen {
        /// The names of partners, customers or end users
        #[arg(required = true)]
        names: Vec<String>,
        /// The party's country (ISO 3166 two-letter code): a listed party of another country scores lower
        #[arg(long, value_name = "CC")]
        country: Option<String>,
        #[arg(long, short, value_enum, default_value_t = lists::ScreenFormat::Text)]
        format: lists::ScreenFormat,
    },
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct RunArgs {
    /// Questionnaire id or pack path
    #[arg(long, short, value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
    /// Plain line prompts for screen readers, dumb terminals and slow links (also `DUALCHECK_PLAIN=1`)
    #[arg(long, alias = "accessible")]
    pub plain: bool,
    /// Inline prompts that stay in the scrollback, for editor terminals and panes (also `DUALCHECK_UI=inline`)
    #[arg(long, conflicts_with = "plain")]
    pub inline: bool,
    /// The front-end: full-screen, inline or plain (default: the `ui` setting, else full-screen)
    #[arg(long, env = "DUALCHECK_UI", value_name = "UI", value_parser = ui_value())]
    pub ui: Option<crate::app::run::Ui>,
    /// Resume a saved session by id (see `dualcheck sessions list`)
    #[arg(long, value_name = "SESSION")]
    pub resume: Option<String>,
    /// Open the wizard pre-filled with an example (see `dualcheck examples`)
    #[arg(long, value_name = "ID")]
    pub example: Option<String>,
    /// Colour theme of the full-screen wizard (default: the configuration's `theme`, else default)
    #[arg(long, env = "DUALCHECK_THEME", value_parser = theme_value())]
    pub theme: Option<crate::app::run::ThemeChoice>,
    /// The project's title, shown at the top of the report; the wizard then does not ask for it
    #[arg(long, value_name = "TITLE", value_parser = project_title)]
    pub project: Option<String>,
    /// The project's reference, e.g. a file or case number; the wizard then does not ask for it
    #[arg(long, value_name = "REF", value_parser = project_reference)]
    pub reference: Option<String>,
}

impl RunArgs {
    /// The project given with `--project` and `--reference`; `None` when neither was given.
    pub fn project(&self) -> Option<crate::project::Project> {
        (self.project.is_some() || self.reference.is_some()).then(|| crate::project::Project {
            title: self.project.clone().unwrap_or_default(),
            reference: self.reference.clone().unwrap_or_default(),
        })
    }
}

/// `--project`: one line of at most 120 characters.
/// `--ui`: the front-end names of the settings, as command-line values.
fn ui_value() -> impl clap::builder::TypedValueParser<Value = crate::app::run::Ui> {
    use clap::builder::{PossibleValue, TypedValueParser as _};
    clap::builder::PossibleValuesParser::new([
        PossibleValue::new("full-screen").help("The full-screen wizard"),
        PossibleValue::new("inline").help("Inline prompts that stay in the scrollback"),
        PossibleValue::new("plain")
            .help("Plain line prompts for screen readers, dumb terminals and slow links"),
    ])
    .map(|name| crate::app::run::Ui::from_name(&name).unwrap_or_default())
}

/// `--theme`: the theme names of the settings, as command-line values.
fn theme_value() -> impl clap::builder::TypedValueParser<Value = crate::app::run::ThemeChoice> {
    use clap::builder::{PossibleValue, TypedValueParser as _};
    clap::builder::PossibleValuesParser::new([
        PossibleValue::new("default"),
        PossibleValue::new("high-contrast")
            .help("Bright text on black, bold highlights: for low vision and bright rooms"),
    ])
    .map(|name| crate::app::run::ThemeChoice::from_name(&name).unwrap_or_default())
}

fn project_title(text: &str) -> Result<String, String> {
    crate::project::check(crate::project::Field::Title, text)
}

/// `--reference`: one line of at most 120 characters.
fn project_reference(text: &str) -> Result<String, String> {
    crate::project::check(crate::project::Field::Reference, text)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

/// `--format` of a report: the report formats of the core, as command-line values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Json,
    Markdown,
    Text,
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Text => Format::Text,
            FormatArg::Html => Format::Html,
        }
    }
}

/// The clap command, with the long version that names the shipped questionnaires.
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let mut long = String::from(env!("CARGO_PKG_VERSION"));
    for e in &Catalog::embedded().entries {
        long.push_str(&format!(
            "\n{}: version {}, legal data as of {}",
            e.id, e.version, e.legal_data_as_of
        ));
    }
    Cli::command().long_version(long).after_help(format!(
        "Run `dualcheck` with no command to start the wizard.\n\nExit codes:\n{}",
        exit::table_text()
    ))
}

/// The rendered manual page, tidied: subcommands are named as commands (there are no separate
/// `dualcheck-run(1)` pages), and the exit codes are a roff list instead of indented text.
fn man_page(roff: &str) -> String {
    let mut out = String::new();
    let mut in_codes = false;
    for line in roff.lines() {
        if let Some(name) = line
            .strip_prefix("dualcheck\\-")
            .and_then(|l| l.strip_suffix("(1)"))
        {
            out.push_str(&format!("\\fBdualcheck {name}\\fR\n"));
            continue;
        }
        if line == "Exit codes:" {
            in_codes = true;
            out.push_str(".SH \"EXIT STATUS\"\n");
            continue;
        }
        if in_codes {
            let trimmed = line.trim_start();
            if let Some((code, text)) = trimmed.split_once("  ")
                && code.chars().all(|c| c.is_ascii_digit())
                && !code.is_empty()
            {
                out.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", text.trim()));
                continue;
            }
            in_codes = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

pub fn main() -> ExitCode {
    use clap::FromArgMatches as _;
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let colour = {
        use std::io::IsTerminal as _;
        cli.color.enabled(std::io::stderr().is_terminal())
    };
    match run(cli, colour) {
        Ok(code) => exit::code(code),
        Err(f) => {
            let text = f.render();
            if !text.is_empty() {
                // Everything in a failure message is sanitised here too, whatever file or
                // argument it quotes; only the program's own colour codes survive, and only when
                // colour is on.
                let text = if colour {
                    crate::diag::sanitize_keep_colour(&text)
                } else {
                    crate::diag::sanitize(&text)
                };
                eprintln!("{text}");
            }
            exit::code(f.code())
        }
    }
}

/// Runs a parsed command line; `stderr_color` says whether diagnostics are coloured.
pub fn run(cli: Cli, stderr_color: bool) -> Result<u8, Failure> {
    let global = Global {
        data_dir: cli.data_dir.clone(),
        config: cli.config.clone(),
        color: cli.color,
    };
    let r = &cli.run;
    if cli.command.is_some()
        && (r.plain
            || r.inline
            || r.questionnaire.is_some()
            || r.resume.is_some()
            || r.example.is_some()
            || r.project.is_some()
            || r.reference.is_some())
    {
        return Err(Failure::usage(
            "the wizard's options go without a command or after `run`, e.g. dualcheck run --plain",
        ));
    }
    // Every command but `config` runs with the configuration; `config` checks and repairs it.
    let settings = if matches!(cli.command, Some(Command::Config { .. })) {
        crate::config::Config::default()
    } else {
        crate::config::load(global.config.as_deref())
            .map_err(config::config_failure)?
            .config
    };
    let rt = Runtime::new(
        settings,
        crate::session::data_dir(global.data_dir.as_deref()),
        stderr_color,
    );
    let rt = &rt;
    match cli.command.unwrap_or(Command::Run(cli.run)) {
        Command::Run(args) => run_wizard(rt, &global, &args),
        Command::Validate {
            paths,
            deny_warnings,
        } => validate(rt, &paths, deny_warnings),
        Command::Assess {
            answers,
            questionnaire,
            format,
            output,
            strict,
            project,
            reference,
        } => assess_file(
            rt,
            &answers,
            questionnaire.as_deref(),
            format.into(),
            output.as_deref(),
            strict,
            (project.as_deref(), reference.as_deref()),
        ),
        Command::List => list(rt),
        Command::Graph {
            questionnaire,
            format,
        } => {
            let q = rt.load_questionnaire(&questionnaire)?;
            print(&match format {
                GraphFormat::Dot => crate::explain::dot(&q),
                GraphFormat::Mermaid => crate::explain::mermaid(&q),
            })
        }
        Command::Explain { questionnaire } => print(&crate::explain::explain(
            &rt.load_questionnaire(&questionnaire)?,
        )),
        Command::Completions { shell, .. } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut command(), "dualcheck", &mut buf);
            print(&String::from_utf8_lossy(&buf))
        }
        Command::Man { .. } => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(command())
                .render(&mut buf)
                .map_err(|e| Failure::io(e.to_string()))?;
            print(&man_page(&String::from_utf8_lossy(&buf)))
        }
        Command::Config { command } => config::config_command(&global, &command),
        Command::Sessions { command } => {
            sessions::run(rt, &command.unwrap_or(sessions::SessionsCommand::List))
        }
        Command::Summary(args) => summary::summary_command(&args),
        Command::Examples { command } => examples::examples_command(command.as_ref()),
        Command::Lists { command } => lists::lists_command(rt.data_dir.as_deref(), &command),
        Command::Screen {
            names,
            country,
            format,
        } => lists::screen_command(rt.data_dir.as_deref(), &names, country.as_deref(), format),
    }
}

fn print(text: &str) -> Result<u8, Failure> {
    let mut out = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth reporting.
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    Ok(exit::SUCCESS)
}

/// Options every command can use.
#[derive(Debug, Clone)]
pub struct Global {
    pub data_dir: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub color: ColorChoice,
}

/// A path that may be empty: an exported but empty `DUALCHECK_DATA_DIR=` or `DUALCHECK_CONFIG=`
/// counts as not set (the resolvers skip empty paths) instead of failing every command.
#[derive(Debug, Clone, Copy)]
pub struct PathOrEmpty;

impl clap::builder::TypedValueParser for PathOrEmpty {
    type Value = PathBuf;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<PathBuf, clap::Error> {
        Ok(PathBuf::from(value))
    }
}

/// Whether the plain front-end was asked for: `--plain`, `DUALCHECK_PLAIN=1` or `TERM=dumb`.
pub fn wants_plain(args: &RunArgs) -> bool {
    args.plain
        || std::env::var("DUALCHECK_PLAIN").is_ok_and(|v| !v.is_empty() && v != "0")
        || std::env::var("TERM").is_ok_and(|t| t == "dumb")
}

/// The front-end of a run: `--plain` or `DUALCHECK_PLAIN`, then `--inline`, then `--ui` or
/// `DUALCHECK_UI`, then `TERM=dumb` (plain), then the `ui` setting of the configuration, else the
/// full-screen wizard.
pub fn front_end(args: &RunArgs, configured: Option<crate::app::run::Ui>) -> crate::app::run::Ui {
    let plain_env = std::env::var("DUALCHECK_PLAIN").is_ok_and(|v| !v.is_empty() && v != "0");
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    choose_front_end(args, configured, plain_env, dumb)
}

fn choose_front_end(
    args: &RunArgs,
    configured: Option<crate::app::run::Ui>,
    plain_env: bool,
    dumb: bool,
) -> crate::app::run::Ui {
    use crate::app::run::Ui;
    if args.plain || plain_env {
        Ui::Plain
    } else if args.inline {
        Ui::Inline
    } else if let Some(ui) = args.ui {
        ui
    } else if dumb {
        Ui::Plain
    } else {
        configured.unwrap_or_default()
    }
}

impl RunArgs {
    /// The theme: `--theme` or `DUALCHECK_THEME`, else the configuration's `theme`.
    fn theme(&self, config: &crate::config::Config) -> crate::app::run::ThemeChoice {
        self.theme.unwrap_or(config.theme)
    }
}

fn run_wizard(rt: &Runtime, global: &Global, args: &RunArgs) -> Result<u8, Failure> {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Failure::usage(
            "the wizard needs a terminal, and standard input or output is not one.\n\
             To assess without interaction, use: dualcheck assess --answers FILE",
        ));
    }
    let options = crate::app::run::WizardOptions {
        questionnaire: args.questionnaire.clone(),
        resume: args.resume.clone(),
        example: args.example.clone(),
        runtime: std::sync::Arc::new(rt.clone()),
        project: args.project(),
        color: global.color.enabled(true),
        theme: args.theme(&rt.config),
        file_ops: None,
    };
    match front_end(args, rt.config.ui) {
        crate::app::run::Ui::Plain => crate::plain::run(&options),
        crate::app::run::Ui::Inline => crate::inline::run(&options),
        crate::app::run::Ui::FullScreen => crate::tui::run(options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::run::Ui;

    #[test]
    fn the_command_line_offers_exactly_the_settings_names() {
        let names = |arg: &str| -> Vec<String> {
            command()
                .find_subcommand("run")
                .and_then(|run| run.get_arguments().find(|a| a.get_id() == arg).cloned())
                .expect("argument")
                .get_possible_values()
                .iter()
                .map(|v| v.get_name().to_string())
                .collect()
        };
        assert_eq!(names("ui"), Ui::NAMES);
        assert_eq!(names("theme"), crate::config::THEMES);
    }

    #[test]
    fn the_configured_theme_applies_unless_the_command_line_or_environment_chooses() {
        use crate::app::run::ThemeChoice;
        let high = crate::config::Config {
            theme: crate::config::Theme::HighContrast,
            ..crate::config::Config::default()
        };
        let none = RunArgs::default();
        assert_eq!(none.theme(&high), ThemeChoice::HighContrast);
        assert_eq!(
            none.theme(&crate::config::Config::default()),
            ThemeChoice::Default
        );
        let chosen = RunArgs {
            theme: Some(ThemeChoice::Default),
            ..RunArgs::default()
        };
        assert_eq!(chosen.theme(&high), ThemeChoice::Default);
    }

    #[test]
    fn options_then_variables_then_the_configuration_choose_the_front_end() {
        let args = |plain: bool, inline: bool, ui: Option<Ui>| RunArgs {
            plain,
            inline,
            ui,
            ..RunArgs::default()
        };
        let none = args(false, false, None);
        assert_eq!(choose_front_end(&none, None, false, false), Ui::FullScreen);
        assert_eq!(
            choose_front_end(&none, Some(Ui::Inline), false, false),
            Ui::Inline
        );
        // TERM=dumb wins over the configuration, not over an explicit choice.
        assert_eq!(
            choose_front_end(&none, Some(Ui::Inline), false, true),
            Ui::Plain
        );
        let inline = args(false, true, None);
        assert_eq!(choose_front_end(&inline, None, false, true), Ui::Inline);
        let ui = args(false, false, Some(Ui::Inline));
        assert_eq!(
            choose_front_end(&ui, Some(Ui::FullScreen), false, true),
            Ui::Inline
        );
        // --plain and DUALCHECK_PLAIN win over everything.
        assert_eq!(
            choose_front_end(&args(true, false, Some(Ui::Inline)), None, false, false),
            Ui::Plain
        );
        assert_eq!(
            choose_front_end(&inline, Some(Ui::Inline), true, false),
            Ui::Plain
        );
    }

    #[test]
    fn the_inline_options_parse() {
        let cli = Cli::try_parse_from(["dualcheck", "run", "--inline"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Run(RunArgs { inline: true, .. }))
        ));
        let cli = Cli::try_parse_from(["dualcheck", "run", "--ui", "plain"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Run(RunArgs {
                ui: Some(Ui::Plain),
                ..
            }))
        ));
        assert!(Cli::try_parse_from(["dualcheck", "run", "--inline", "--plain"]).is_err());
        assert!(Cli::try_parse_from(["dualcheck", "run", "--ui", "fancy"]).is_err());
    }
}
