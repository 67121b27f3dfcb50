//! What a typed line means at a question: an answer, a command (help, back, quit) or a mistake to
//! explain. Pure: no I/O, so every rule is tested here.
//!
//! Commands are whole lines: `?` (or `help`), `<` (or `b`, `back`), `q` (or `quit`). An empty line
//! keeps the current answer of a question answered before.

use crate::answers::{Answer, AnswerError};
use crate::questionnaire::{Kind, OptionIx, Question};

/// What the user asked for at a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A checked answer.
    Answer(Answer),
    /// Keep the current answer (or, for an information note, go on).
    Keep,
    Help,
    Back,
    Quit,
}

/// Words accepted for "Not sure", besides its number.
const NOT_SURE_WORDS: [&str; 6] = [
    "not sure",
    "not_sure",
    "notsure",
    "unsure",
    "don't know",
    "dont know",
];

/// Parses a command word; `None` when the line is not one.
pub fn command(line: &str) -> Option<Command> {
    match line.trim().to_lowercase().as_str() {
        "?" | "help" => Some(Command::Help),
        "<" | "b" | "back" => Some(Command::Back),
        "q" | "quit" => Some(Command::Quit),
        _ => None,
    }
}

/// The number typed for "Not sure" at a choice question, when it is offered.
pub fn not_sure_number(q: &Question) -> Option<usize> {
    (q.kind.is_choice() && q.not_sure).then_some(q.options.len() + 1)
}

/// Whether the choice list needs its own "0 for none of these" hint: not when the questionnaire
/// already offers a "None of these" option.
pub fn offers_zero_for_none(q: &Question) -> bool {
    q.kind == Kind::Multiple
        && !q
            .options
            .iter()
            .any(|o| o.id == "none" || o.label.trim_start().to_lowercase().starts_with("none"))
}

/// Reads a line typed at question `q`. `answered` tells whether the question has an answer that
/// an empty line keeps. The error is a sentence to show before asking again.
pub fn parse(q: &Question, line: &str, answered: bool) -> Result<Command, String> {
    let text = line.trim();
    if let Some(c) = command(text) {
        return Ok(c);
    }
    if text.is_empty() {
        return if answered || q.kind == Kind::Info || !q.required {
            Ok(Command::Keep)
        } else {
            Err(match q.kind {
                Kind::Text => "Please type an answer.".into(),
                Kind::Number => "Please type a number.".into(),
                _ => "Please type the number of your answer.".into(),
            })
        };
    }
    let lower = text.to_lowercase();
    if q.not_sure && NOT_SURE_WORDS.contains(&lower.as_str()) {
        return Ok(Command::Answer(Answer::NotSure));
    }
    let answer = match q.kind {
        Kind::Info => return Err("Press Enter to continue.".into()),
        Kind::Single | Kind::YesNo => single(q, text),
        Kind::Multiple => multiple(q, text),
        Kind::Number => number(q, text),
        Kind::Text => Answer::parse_for(q, text).map_err(|e| sentence(&e)),
    }?;
    Ok(Command::Answer(answer))
}

fn range_hint(q: &Question) -> String {
    let max = not_sure_number(q).unwrap_or(q.options.len());
    format!("Type a number from 1 to {max}.")
}

/// An option by number, id or label (case-insensitive), or `y`/`n` at a yes/no question.
fn option_of(q: &Question, token: &str) -> Result<Option<OptionIx>, String> {
    let lower = token.trim().to_lowercase();
    if let Ok(n) = lower.parse::<usize>() {
        return match n {
            n if (1..=q.options.len()).contains(&n) => Ok(Some(OptionIx(n - 1))),
            n if Some(n) == not_sure_number(q) => Ok(None),
            _ => Err(format!("{n} is not one of the numbers. {}", range_hint(q))),
        };
    }
    if q.kind == Kind::YesNo {
        match lower.as_str() {
            "y" => return Ok(Some(OptionIx(0))),
            "n" => return Ok(Some(OptionIx(1))),
            _ => {}
        }
    }
    if q.not_sure && NOT_SURE_WORDS.contains(&lower.as_str()) {
        return Ok(None);
    }
    q.options
        .iter()
        .position(|o| o.id.to_lowercase() == lower || o.label.trim().to_lowercase() == lower)
        .map(|o| Some(OptionIx(o)))
        .ok_or_else(|| {
            format!(
                "{} {}",
                sentence(&AnswerError::UnknownOption(crate::diag::sanitize(token))),
                range_hint(q)
            )
        })
}

fn single(q: &Question, text: &str) -> Result<Answer, String> {
    let answer = match option_of(q, text)? {
        Some(o) => Answer::Choice(o),
        None => Answer::NotSure,
    };
    answer.checked(q).map_err(|e| sentence(&e))
}

fn multiple(q: &Question, text: &str) -> Result<Answer, String> {
    let lower = text.to_lowercase();
    if lower == "0" || (lower == "none" && q.option_index("none").is_none()) {
        return Ok(Answer::Choices(Vec::new()));
    }
    let mut tokens: Vec<&str> = Vec::new();
    for piece in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if piece
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
        {
            tokens.extend(piece.split_whitespace());
        } else {
            tokens.push(piece);
        }
    }
    let mut chosen = Vec::new();
    let mut not_sure = false;
    for t in &tokens {
        if t.trim() == "0" {
            return Err("0 means none of these; it cannot be combined with other numbers.".into());
        }
        match option_of(q, t)? {
            Some(o) => chosen.push(o),
            None => not_sure = true,
        }
    }
    if not_sure && !chosen.is_empty() {
        return Err("“Not sure” cannot be combined with other answers.".into());
    }
    let answer = if not_sure {
        Answer::NotSure
    } else {
        Answer::Choices(chosen)
    };
    answer.checked(q).map_err(|e| sentence(&e))
}

fn number(q: &Question, text: &str) -> Result<Answer, String> {
    let mut text = text.trim();
    if let Some(unit) = &q.unit {
        let cut = text.len().saturating_sub(unit.len());
        if let (Some(head), Some(tail)) = (text.get(..cut), text.get(cut..))
            && !head.is_empty()
            && tail.to_lowercase() == unit.to_lowercase()
        {
            text = head.trim_end();
        }
    }
    Answer::parse_for(q, text).map_err(|e| sentence(&e))
}

/// An answer error as a sentence: capital letter, full stop.
pub fn sentence(e: &AnswerError) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: Kind, options: &[&str], not_sure: bool) -> Question {
        Question {
            unit: Some("minutes".into()),
            ..crate::testing::question(kind, options, not_sure)
        }
    }

    #[test]
    fn single_choice_by_number_id_label_and_not_sure() {
        let q = question(Kind::Single, &["a", "b"], true);
        assert_eq!(
            parse(&q, "2", false),
            Ok(Command::Answer(Answer::Choice(OptionIx(1))))
        );
        assert_eq!(
            parse(&q, " A ", false),
            Ok(Command::Answer(Answer::Choice(OptionIx(0))))
        );
        assert_eq!(
            parse(&q, "label b", false),
            Ok(Command::Answer(Answer::Choice(OptionIx(1))))
        );
        assert_eq!(parse(&q, "3", false), Ok(Command::Answer(Answer::NotSure)));
        assert_eq!(
            parse(&q, "not sure", false),
            Ok(Command::Answer(Answer::NotSure))
        );
        let e = parse(&q, "4", false).unwrap_err();
        assert_eq!(e, "4 is not one of the numbers. Type a number from 1 to 3.");
        let e = parse(&q, "zebra", false).unwrap_err();
        assert!(e.starts_with("`zebra` is not an option here."), "{e}");
    }

    #[test]
    fn not_sure_is_refused_where_not_offered() {
        let q = question(Kind::Single, &["a", "b"], false);
        assert!(parse(&q, "3", false).is_err());
        assert!(parse(&q, "not sure", false).is_err());
    }

    #[test]
    fn commands_and_empty_lines() {
        let q = question(Kind::Single, &["a"], false);
        assert_eq!(parse(&q, "?", false), Ok(Command::Help));
        assert_eq!(parse(&q, "<", false), Ok(Command::Back));
        assert_eq!(parse(&q, "b", false), Ok(Command::Back));
        assert_eq!(parse(&q, "Q", false), Ok(Command::Quit));
        assert_eq!(parse(&q, "", true), Ok(Command::Keep));
        assert!(parse(&q, "   ", false).is_err());
    }

    #[test]
    fn yes_no_accepts_y_and_n() {
        let mut q = question(Kind::YesNo, &["yes", "no"], false);
        q.options[0].label = "Yes".into();
        assert_eq!(
            parse(&q, "y", false),
            Ok(Command::Answer(Answer::Choice(OptionIx(0))))
        );
        assert_eq!(
            parse(&q, "No", false),
            Ok(Command::Answer(Answer::Choice(OptionIx(1))))
        );
    }

    #[test]
    fn multiple_choice_by_commas_spaces_zero_and_none() {
        let q = question(Kind::Multiple, &["a", "b", "c"], true);
        assert_eq!(
            parse(&q, "3, 1", false),
            Ok(Command::Answer(Answer::Choices(vec![
                OptionIx(0),
                OptionIx(2)
            ])))
        );
        assert_eq!(
            parse(&q, "1 2", false),
            Ok(Command::Answer(Answer::Choices(vec![
                OptionIx(0),
                OptionIx(1)
            ])))
        );
        assert_eq!(
            parse(&q, "0", false),
            Ok(Command::Answer(Answer::Choices(vec![])))
        );
        assert_eq!(
            parse(&q, "none", false),
            Ok(Command::Answer(Answer::Choices(vec![])))
        );
        assert_eq!(parse(&q, "4", false), Ok(Command::Answer(Answer::NotSure)));
        assert!(parse(&q, "1,4", false).is_err());
        assert!(parse(&q, "0,1", false).is_err());
        assert!(parse(&q, "1,9", false).is_err());
    }

    #[test]
    fn none_option_of_the_questionnaire_wins_over_the_shortcut() {
        let q = question(Kind::Multiple, &["a", "none"], false);
        assert!(!offers_zero_for_none(&q));
        assert_eq!(
            parse(&q, "none", false),
            Ok(Command::Answer(Answer::Choices(vec![OptionIx(1)])))
        );
    }

    #[test]
    fn numbers_show_the_range_and_accept_the_unit() {
        let q = question(Kind::Number, &[], false);
        assert_eq!(
            parse(&q, "90 minutes", false),
            Ok(Command::Answer(Answer::Number(90.0)))
        );
        assert_eq!(
            parse(&q, "2,5", false),
            Ok(Command::Answer(Answer::Number(2.5)))
        );
        assert_eq!(
            parse(&q, "101", false).unwrap_err(),
            "Enter a number between 0 and 100."
        );
        assert_eq!(parse(&q, "lots", false).unwrap_err(), "Enter a number.");
        assert_eq!(parse(&q, "", false).unwrap_err(), "Please type a number.");
    }

    #[test]
    fn text_is_checked() {
        let q = question(Kind::Text, &[], false);
        assert_eq!(
            parse(&q, "Germany", false),
            Ok(Command::Answer(Answer::Text("Germany".into())))
        );
        assert_eq!(
            parse(&q, "far too long for this", false).unwrap_err(),
            "At most 10 characters."
        );
    }

    #[test]
    fn hostile_tokens_are_sanitised_in_errors() {
        let q = question(Kind::Single, &["a"], false);
        let e = parse(&q, "\u{1b}[2J", false).unwrap_err();
        assert!(!e.contains('\u{1b}'));
    }
}
