//! `dualcheck examples list|show`: the workshop personas shipped with the program.

use std::fmt::Write as _;

use clap::Subcommand;

use crate::app::Failure;
use crate::diag::sanitize;

use super::print as out;

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
            Err(e) => Err(Failure::usage(e.to_string())),
        },
    }
}
