//! What the rows of an inline menu are and what a choice among them means: an answer for the
//! engine, a command (help, back, skip) or a sentence that says what to fix. Pure: no terminal, so
//! every rule is tested here.
//!
//! The rules are the engine's: "Not sure" is an answer of its own and combines with nothing, an
//! empty multiple-choice answer means "None of these", and every answer goes through
//! [`Answer::checked`] (ranges, lengths, options) before the engine sees it.

use crate::answers::Answer;
use crate::app::input::{self, Command};
use crate::diag::sanitize;
use crate::questionnaire::{Kind, OptionIx, Question};

/// Option lists longer than this are asked with a filter as you type (`FuzzySelect`).
pub const FUZZY_FROM: usize = 11;

/// One row of a choice menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// An option of the question, by index.
    Option(OptionIx),
    NotSure,
    /// "None of these", for a multiple-choice question that has no such option of its own.
    NoneOfThese,
    /// Leave an optional question unanswered.
    Skip,
    /// "Why we ask": the help text, examples and glossary terms.
    Help,
    Back,
}

/// What a choice at a question means.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A checked answer to give to the engine.
    Answer(Answer),
    /// Go on without an answer (an optional question, an information note).
    Skip,
    /// Keep the answer given before.
    Keep,
    Help,
    Back,
    /// Save and end the run for now (`q` typed in a field, as in plain mode).
    Quit,
    /// Nothing to give the engine: show this sentence and ask again.
    Retry(String),
}

/// The label of a row.
pub fn label(q: &Question, row: Row) -> String {
    match row {
        Row::Option(i) => q
            .options
            .get(i.get())
            .map_or_else(String::new, |o| sanitize(&o.label)),
        Row::NotSure => "Not sure".into(),
        Row::NoneOfThese => "None of these".into(),
        Row::Skip => "Skip this question (it is optional)".into(),
        Row::Help => "Why we ask (help and terms)".into(),
        Row::Back => "Back to the previous question".into(),
    }
}

/// Whether an option of the questionnaire itself means "none of the others" (id `none` or
/// `nothing`): it goes alone.
fn is_own_none(q: &Question, i: OptionIx) -> bool {
    q.options
        .get(i.get())
        .is_some_and(|o| o.id == "none" || o.id == "nothing")
}

/// Whether the menu needs a "None of these" row of its own: not when the questionnaire offers one
/// (an option `none` or `nothing`, or a label starting with "None" or "Nothing").
fn needs_none_row(q: &Question) -> bool {
    q.kind == Kind::Multiple
        && !(0..q.options.len()).any(|i| {
            let label = q.options[i].label.trim_start().to_lowercase();
            is_own_none(q, OptionIx(i)) || label.starts_with("none") || label.starts_with("nothing")
        })
}

/// The rows of a single-choice or yes/no question: the options, "Not sure" where offered, "Skip"
/// when optional, "Why we ask", and "Back" unless this is the first question.
pub fn single_rows(q: &Question, can_go_back: bool) -> Vec<Row> {
    let mut rows: Vec<Row> = (0..q.options.len())
        .map(|o| Row::Option(OptionIx(o)))
        .collect();
    if q.not_sure {
        rows.push(Row::NotSure);
    }
    if !q.required {
        rows.push(Row::Skip);
    }
    rows.push(Row::Help);
    if can_go_back {
        rows.push(Row::Back);
    }
    rows
}

/// The rows of a multiple-choice question: the options, "None of these" when the questionnaire
/// has no such option, "Not sure" where offered, "Skip" when optional, "Why we ask" and "Back".
pub fn multi_rows(q: &Question, can_go_back: bool) -> Vec<Row> {
    let mut rows: Vec<Row> = (0..q.options.len())
        .map(|o| Row::Option(OptionIx(o)))
        .collect();
    if needs_none_row(q) {
        rows.push(Row::NoneOfThese);
    }
    if q.not_sure {
        rows.push(Row::NotSure);
    }
    if !q.required {
        rows.push(Row::Skip);
    }
    rows.push(Row::Help);
    if can_go_back {
        rows.push(Row::Back);
    }
    rows
}

/// The row under the cursor when a single-choice menu opens: the saved answer, else none (a fresh
/// question has nothing selected).
pub fn single_default(rows: &[Row], saved: Option<&Answer>) -> Option<usize> {
    let want = match saved? {
        Answer::Choice(o) => Row::Option(*o),
        Answer::NotSure => Row::NotSure,
        _ => return None,
    };
    rows.iter().position(|&r| r == want)
}

/// What choosing `row` of a single-choice menu means.
pub fn single_action(q: &Question, row: Row) -> Action {
    let answer = match row {
        Row::Option(o) => Answer::Choice(o),
        Row::NotSure => Answer::NotSure,
        Row::NoneOfThese => Answer::Choices(Vec::new()),
        Row::Skip => return Action::Skip,
        Row::Help => return Action::Help,
        Row::Back => return Action::Back,
    };
    match answer.checked(q) {
        Ok(a) => Action::Answer(a),
        Err(e) => Action::Retry(input::sentence(&e)),
    }
}

/// The ticks a multiple-choice menu opens with: the saved answer, else nothing.
pub fn multi_defaults(rows: &[Row], saved: Option<&Answer>) -> Vec<bool> {
    rows.iter()
        .map(|row| match (saved, row) {
            (Some(Answer::Choices(v)), Row::Option(o)) => v.contains(o),
            (Some(Answer::Choices(v)), Row::NoneOfThese) => v.is_empty(),
            (Some(Answer::NotSure), Row::NotSure) => true,
            _ => false,
        })
        .collect()
}

/// What the ticks of a multiple-choice menu mean (`ticked` holds row indexes). "Why we ask" and
/// "Back" win over everything else ticked; "Not sure", "None of these" and "Skip" go alone.
pub fn multi_action(q: &Question, rows: &[Row], ticked: &[usize]) -> Action {
    let ticked: Vec<Row> = ticked
        .iter()
        .filter_map(|&i| rows.get(i).copied())
        .collect();
    if ticked.contains(&Row::Help) {
        return Action::Help;
    }
    if ticked.contains(&Row::Back) {
        return Action::Back;
    }
    let options: Vec<OptionIx> = ticked
        .iter()
        .filter_map(|r| match r {
            Row::Option(o) => Some(*o),
            _ => None,
        })
        .collect();
    let alone =
        |what: &str| Action::Retry(format!("“{what}” cannot be combined with other answers."));
    if ticked.contains(&Row::NotSure) {
        return if ticked.len() == 1 {
            Action::Answer(Answer::NotSure)
        } else {
            alone("Not sure")
        };
    }
    if ticked.contains(&Row::Skip) {
        return if ticked.len() == 1 {
            Action::Skip
        } else {
            alone("Skip this question")
        };
    }
    if ticked.contains(&Row::NoneOfThese) {
        return if ticked.len() == 1 {
            Action::Answer(Answer::Choices(Vec::new()))
        } else {
            alone("None of these")
        };
    }
    if let Some(&own) = options.iter().find(|&&o| is_own_none(q, o))
        && options.len() > 1
    {
        return alone(&label(q, Row::Option(own)));
    }
    if options.is_empty() {
        let mut text =
            String::from("Nothing is ticked: move to an answer and press Space to tick it");
        if rows.contains(&Row::NoneOfThese) {
            text.push_str(", or tick “None of these”");
        }
        text.push('.');
        return Action::Retry(text);
    }
    match Answer::Choices(options).checked(q) {
        Ok(a) => Action::Answer(a),
        Err(e) => Action::Retry(input::sentence(&e)),
    }
}

/// The text a number or text field shows for a saved answer.
pub fn field_text(q: &Question, saved: Option<&Answer>) -> Option<String> {
    match saved? {
        Answer::Text(t) => Some(sanitize(t)),
        Answer::NotSure => Some("not sure".into()),
        a @ Answer::Number(_) => Some(a.to_toml(q).to_string()),
        _ => None,
    }
}

/// What a line typed into a number or text field means. `answered` tells whether an empty line
/// keeps an answer given before. The same words as plain mode: `?` help, `<` back, `q` save and
/// quit, "not sure" where offered; numbers may carry their unit and a decimal comma.
pub fn typed(q: &Question, text: &str, answered: bool) -> Action {
    match input::parse(q, text, answered) {
        Ok(Command::Answer(a)) => Action::Answer(a),
        Ok(Command::Keep) if answered => Action::Keep,
        Ok(Command::Keep) => Action::Skip,
        Ok(Command::Help) => Action::Help,
        Ok(Command::Back) => Action::Back,
        Ok(Command::Quit) => Action::Quit,
        Err(message) => Action::Retry(message),
    }
}

/// The line under a number or text question: what to type and the keys.
pub fn field_hint(q: &Question) -> String {
    let what = match q.kind {
        Kind::Number => {
            let unit = q
                .unit
                .as_ref()
                .map(|u| format!(" ({})", sanitize(u)))
                .unwrap_or_default();
            let range = q.number_range();
            format!("A{}{unit}", &range[1..])
        }
        _ => format!("At most {} characters", q.max_length),
    };
    let not_sure = if q.not_sure {
        ", or type \"not sure\""
    } else {
        ""
    };
    let optional = if q.required {
        ""
    } else {
        " Enter alone skips it."
    };
    format!("{what}{not_sure}. Esc goes back, ? shows why we ask.{optional}")
}

/// Words wrapped to `width` columns (at least 20), one line each.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr as _;
    let width = width.max(20);
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.width() + 1 + word.width() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Words wrapped so that the first line fits in `first` columns (what is left of a line that
/// already holds something) and the others in `width` columns after a two-space indent; joined
/// with line breaks.
pub fn wrap_after(text: &str, first: usize, width: usize) -> String {
    use unicode_width::UnicodeWidthStr as _;
    let mut out = String::new();
    let mut room = first;
    let mut line_width = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if line_width > 0 && line_width + 1 + w > room {
            out.push_str("\n  ");
            room = width.saturating_sub(2).max(20);
            line_width = 0;
        } else if line_width > 0 {
            out.push(' ');
            line_width += 1;
        }
        out.push_str(word);
        line_width += w;
    }
    out
}

/// [`wrap`], with a list item ("- ", "1. ") hanging under its first word: the lines after the
/// first start with spaces.
pub fn wrap_hanging(text: &str, width: usize) -> Vec<String> {
    let hang = text
        .find(' ')
        .filter(|&n| n <= 4 && (text.starts_with('-') || text[..n].ends_with('.')))
        .map_or(0, |n| n + 1);
    let mut lines = wrap(text, width.saturating_sub(hang));
    for line in lines.iter_mut().skip(1) {
        line.insert_str(0, &" ".repeat(hang));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: Kind, options: &[&str], not_sure: bool) -> Question {
        Question {
            min: 1.0,
            max: 9.0,
            ..crate::testing::question(kind, options, not_sure)
        }
    }

    #[test]
    fn a_fresh_single_choice_has_nothing_selected_and_a_saved_one_is_selected() {
        let q = question(Kind::Single, &["a", "b"], true);
        let rows = single_rows(&q, true);
        assert_eq!(
            rows,
            [
                Row::Option(OptionIx(0)),
                Row::Option(OptionIx(1)),
                Row::NotSure,
                Row::Help,
                Row::Back
            ]
        );
        assert_eq!(single_default(&rows, None), None);
        assert_eq!(
            single_default(&rows, Some(&Answer::Choice(OptionIx(1)))),
            Some(1)
        );
        assert_eq!(single_default(&rows, Some(&Answer::NotSure)), Some(2));
        // The first question has no "Back"; an optional one can be skipped.
        let mut q = question(Kind::YesNo, &["yes", "no"], false);
        q.required = false;
        assert_eq!(
            single_rows(&q, false),
            [
                Row::Option(OptionIx(0)),
                Row::Option(OptionIx(1)),
                Row::Skip,
                Row::Help
            ]
        );
    }

    #[test]
    fn single_choice_rows_become_answers_or_commands() {
        let q = question(Kind::Single, &["a", "b"], true);
        assert_eq!(
            single_action(&q, Row::Option(OptionIx(1))),
            Action::Answer(Answer::Choice(OptionIx(1)))
        );
        assert_eq!(
            single_action(&q, Row::NotSure),
            Action::Answer(Answer::NotSure)
        );
        assert_eq!(single_action(&q, Row::Help), Action::Help);
        assert_eq!(single_action(&q, Row::Back), Action::Back);
        assert_eq!(single_action(&q, Row::Skip), Action::Skip);
        // The engine's check still applies: no "Not sure" where it is not offered.
        let q = question(Kind::Single, &["a"], false);
        assert!(matches!(single_action(&q, Row::NotSure), Action::Retry(_)));
    }

    #[test]
    fn multiple_choice_offers_none_of_these_only_when_the_questionnaire_does_not() {
        let q = question(Kind::Multiple, &["a", "b"], true);
        assert_eq!(
            multi_rows(&q, true),
            [
                Row::Option(OptionIx(0)),
                Row::Option(OptionIx(1)),
                Row::NoneOfThese,
                Row::NotSure,
                Row::Help,
                Row::Back
            ]
        );
        let q = question(Kind::Multiple, &["a", "none"], false);
        assert_eq!(
            multi_rows(&q, false),
            [
                Row::Option(OptionIx(0)),
                Row::Option(OptionIx(1)),
                Row::Help
            ]
        );
        let mut q = question(Kind::Multiple, &["a", "b"], false);
        q.options[1].label = "Nothing, for now".into();
        assert_eq!(
            multi_rows(&q, false),
            [
                Row::Option(OptionIx(0)),
                Row::Option(OptionIx(1)),
                Row::Help
            ]
        );
    }

    #[test]
    fn multiple_choice_ticks_follow_the_engine_rules() {
        let q = question(Kind::Multiple, &["a", "b", "c"], true);
        let rows = multi_rows(&q, true);
        // rows: a b c none-of-these not-sure help back
        assert_eq!(
            multi_action(&q, &rows, &[2, 0]),
            Action::Answer(Answer::Choices(vec![OptionIx(0), OptionIx(2)]))
        );
        assert_eq!(
            multi_action(&q, &rows, &[3]),
            Action::Answer(Answer::Choices(vec![]))
        );
        assert_eq!(
            multi_action(&q, &rows, &[4]),
            Action::Answer(Answer::NotSure)
        );
        assert_eq!(
            multi_action(&q, &rows, &[0, 4]),
            Action::Retry("“Not sure” cannot be combined with other answers.".into())
        );
        assert_eq!(
            multi_action(&q, &rows, &[1, 3]),
            Action::Retry("“None of these” cannot be combined with other answers.".into())
        );
        assert_eq!(
            multi_action(&q, &rows, &[]),
            Action::Retry(
                "Nothing is ticked: move to an answer and press Space to tick it, or tick \
                 “None of these”."
                    .into()
            )
        );
        // "Why we ask" and "Back" win, whatever else is ticked.
        assert_eq!(multi_action(&q, &rows, &[0, 5]), Action::Help);
        assert_eq!(multi_action(&q, &rows, &[0, 4, 6]), Action::Back);
    }

    #[test]
    fn the_questionnaires_own_none_option_goes_alone() {
        let q = question(Kind::Multiple, &["a", "none"], false);
        let rows = multi_rows(&q, false);
        assert_eq!(
            multi_action(&q, &rows, &[1]),
            Action::Answer(Answer::Choices(vec![OptionIx(1)]))
        );
        assert_eq!(
            multi_action(&q, &rows, &[0, 1]),
            Action::Retry("“Label none” cannot be combined with other answers.".into())
        );
    }

    #[test]
    fn saved_multiple_answers_are_ticked_again() {
        let q = question(Kind::Multiple, &["a", "b"], true);
        let rows = multi_rows(&q, true);
        assert_eq!(
            multi_defaults(&rows, Some(&Answer::Choices(vec![OptionIx(1)]))),
            [false, true, false, false, false, false]
        );
        assert_eq!(
            multi_defaults(&rows, Some(&Answer::Choices(vec![]))),
            [false, false, true, false, false, false]
        );
        assert_eq!(
            multi_defaults(&rows, Some(&Answer::NotSure)),
            [false, false, false, true, false, false]
        );
        assert_eq!(multi_defaults(&rows, None), [false; 6]);
    }

    #[test]
    fn numbers_are_checked_against_the_range_of_the_question() {
        let mut q = question(Kind::Number, &[], true);
        q.unit = Some("minutes".into());
        assert_eq!(typed(&q, "4", false), Action::Answer(Answer::Number(4.0)));
        assert_eq!(
            typed(&q, "7 minutes", false),
            Action::Answer(Answer::Number(7.0))
        );
        assert_eq!(typed(&q, "2,5", false), Action::Answer(Answer::Number(2.5)));
        assert_eq!(
            typed(&q, "10", false),
            Action::Retry("Enter a number between 1 and 9.".into())
        );
        assert_eq!(
            typed(&q, "0", false),
            Action::Retry("Enter a number between 1 and 9.".into())
        );
        assert_eq!(
            typed(&q, "many", false),
            Action::Retry("Enter a number.".into())
        );
        assert_eq!(
            typed(&q, "not sure", false),
            Action::Answer(Answer::NotSure)
        );
        assert_eq!(
            typed(&q, "", false),
            Action::Retry("Please type a number.".into())
        );
        assert_eq!(typed(&q, "", true), Action::Keep);
        assert_eq!(typed(&q, "?", false), Action::Help);
        assert_eq!(typed(&q, "<", false), Action::Back);
        assert_eq!(
            field_hint(&q),
            "A number from 1 to 9 (minutes), or type \"not sure\". Esc goes back, ? shows why we ask."
        );
    }

    #[test]
    fn text_is_checked_and_optional_fields_can_be_skipped() {
        let mut q = question(Kind::Text, &[], false);
        assert_eq!(
            typed(&q, "  Germany ", false),
            Action::Answer(Answer::Text("Germany".into()))
        );
        assert_eq!(
            typed(&q, "far too long for this", false),
            Action::Retry("At most 10 characters.".into())
        );
        assert_eq!(
            typed(&q, "not sure", false),
            Action::Answer(Answer::Text("not sure".into()))
        );
        q.required = false;
        assert_eq!(typed(&q, "", false), Action::Skip);
        assert_eq!(
            field_hint(&q),
            "At most 10 characters. Esc goes back, ? shows why we ask. Enter alone skips it."
        );
    }

    #[test]
    fn saved_field_answers_are_shown_as_typed() {
        let q = question(Kind::Number, &[], true);
        assert_eq!(
            field_text(&q, Some(&Answer::Number(4.0))).as_deref(),
            Some("4")
        );
        assert_eq!(
            field_text(&q, Some(&Answer::NotSure)).as_deref(),
            Some("not sure")
        );
        assert_eq!(field_text(&q, None), None);
    }

    #[test]
    fn labels_are_sanitised_and_text_wraps_at_words() {
        let mut q = question(Kind::Single, &["a"], true);
        q.options[0].label = "Evil \u{1b}[2J label".into();
        assert!(!label(&q, Row::Option(OptionIx(0))).contains('\u{1b}'));
        assert_eq!(
            wrap("one two three four five six seven eight nine ten", 20),
            ["one two three four", "five six seven eight", "nine ten"]
        );
        assert_eq!(
            wrap_after("one two three four five six", 9, 24),
            "one two\n  three four five six"
        );
        assert_eq!(
            wrap_hanging("- one two three four five six seven", 24),
            ["- one two three four", "  five six seven"]
        );
        assert_eq!(
            wrap_hanging("12. one two three four five six seven", 24),
            ["12. one two three", "    four five six seven"]
        );
    }
}
