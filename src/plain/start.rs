//! The start of a plain run as the user sees it: the numbered start list and the project
//! questions. What is started, and how, is [`crate::app::start`], shared by every front-end.

use std::io::{self, BufRead, Write};

pub use crate::app::start::{Choices, Opened, Plan, open, plan, prepare};

use super::driver::Driver;

pub enum Chosen {
    Plan(Plan),
    Quit,
    EndOfInput,
}

/// Asks for the project's title and reference, each optional; a line that does not fit is
/// explained and asked again. The end of input skips (the questions then end the run).
pub fn ask_project<R: BufRead, W: Write>(
    driver: &mut Driver<R, W>,
) -> io::Result<Option<crate::project::Project>> {
    use crate::project::{Field, Project, check};
    driver.say("")?;
    driver.say(crate::app::run::PROJECT_WHY)?;
    let mut read = |field: Field, prompt: &str| -> io::Result<String> {
        loop {
            let Some(line) = driver.prompt(&format!("{prompt}, or press Enter to skip:"))? else {
                return Ok(String::new());
            };
            match check(field, &line) {
                Ok(text) => return Ok(text),
                Err(e) => driver.say(&format!(
                    "Not accepted: {e}. Type it again, or press Enter to skip."
                ))?,
            }
        }
    };
    let title = read(Field::Title, crate::app::run::PROJECT_TITLE_PROMPT)?;
    let reference = read(Field::Reference, crate::app::run::PROJECT_REFERENCE_PROMPT)?;
    Ok(Project { title, reference }.non_empty())
}

/// Shows the numbered start list and reads the choice.
pub fn choose<R: BufRead, W: Write>(
    driver: &mut Driver<R, W>,
    choices: &Choices,
) -> io::Result<Chosen> {
    let mut n = 0;
    if !choices.questionnaires.is_empty() {
        driver.say("Start a new check:")?;
        for (_, line) in &choices.questionnaires {
            n += 1;
            driver.say(&format!("  {n}. {line}"))?;
        }
    }
    if !choices.sessions.is_empty() {
        driver.say(if n == 0 {
            "Resume an unfinished session:"
        } else {
            "Or resume an unfinished session:"
        })?;
        for (_, line) in &choices.sessions {
            n += 1;
            driver.say(&format!("  {n}. {line}"))?;
        }
    }
    loop {
        let Some(line) = driver.prompt("Type a number, or q to quit:")? else {
            return Ok(Chosen::EndOfInput);
        };
        let line = line.trim();
        if matches!(line.to_lowercase().as_str(), "q" | "quit") {
            return Ok(Chosen::Quit);
        }
        match line.parse::<usize>() {
            Ok(k) if (1..=choices.questionnaires.len()).contains(&k) => {
                return Ok(Chosen::Plan(Plan::New(
                    choices.questionnaires[k - 1].0.clone(),
                )));
            }
            Ok(k) if k > choices.questionnaires.len() && k <= n => {
                let i = k - choices.questionnaires.len() - 1;
                return Ok(Chosen::Plan(Plan::Resume(choices.sessions[i].0.clone())));
            }
            _ => driver.say(&format!("Type a number from 1 to {n}, or q to quit."))?,
        }
    }
}
