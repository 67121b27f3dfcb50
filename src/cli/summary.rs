//! `dualcheck summary`: the answers of many reports counted, as text, JSON, CSV or an HTML page.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::app::Failure;
use crate::diag::sanitize;
use crate::exit;
use crate::summary::ReadReports as _;

use super::print as out;

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

pub fn summary_command(args: &SummaryArgs) -> Result<u8, Failure> {
    if let Some(q) = &args.question {
        if args.format() != SummaryFormat::Html {
            return Err(Failure::usage("--question is only used by --format html"));
        }
        if !crate::questionnaire::model::is_id(q) {
            return Err(Failure::usage(format!(
                "`{}` is not a question id (1-64 lower-case letters, digits, `_` or `-`)",
                sanitize(q)
            )));
        }
    }
    if let Some(title) = &args.title {
        if !matches!(args.format(), SummaryFormat::Html | SummaryFormat::Markdown) {
            return Err(Failure::usage(
                "--title is only used by --format html and --format markdown",
            ));
        }
        if title.chars().count() > 200 {
            return Err(Failure::usage("--title is longer than 200 characters"));
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
            "{} {}",
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
        Some(path) => crate::app::write_report(path, text.as_bytes())
            .map(|()| exit::SUCCESS)
            .map_err(|e| {
                Failure::io(format!(
                    "cannot write {}: {e}",
                    sanitize(&path.display().to_string()),
                ))
            }),
        None => out(&text),
    }
}
