//! Text helpers for the views: sanitising, word wrapping with a hanging indent, and clipping.
//!
//! Views wrap text themselves (rather than leaving it to `Paragraph`) so they know on which row
//! each option starts: the mouse hit map and scrolling to keep the cursor visible depend on it.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::diag::sanitize;

/// Questionnaire or user text made safe to draw: no control characters, tabs as spaces.
pub fn clean(text: &str) -> String {
    sanitize(text).replace('\t', "    ")
}

/// Display width of a string in terminal cells.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Wraps `text` to `width` cells. Paragraphs (`\n`) are kept; words longer than a line are split.
/// Always returns at least one line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for para in clean(text).split('\n') {
        let mut line = String::new();
        let mut line_w = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let word_w = self::width(word);
            if line_w > 0 && line_w + 1 + word_w <= width {
                line.push(' ');
                line.push_str(word);
                line_w += 1 + word_w;
                continue;
            }
            if line_w > 0 {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
            }
            if word_w <= width {
                line.push_str(word);
                line_w = word_w;
                continue;
            }
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if line_w + cw > width && line_w > 0 {
                    lines.push(std::mem::take(&mut line));
                    line_w = 0;
                }
                line.push(c);
                line_w += cw;
            }
        }
        lines.push(line);
    }
    lines
}

/// Wraps `text` after a first-line prefix; continuation lines are indented by the prefix width.
pub fn wrap_hanging(prefix: &str, text: &str, width: usize) -> Vec<String> {
    let indent = self::width(prefix);
    let body = wrap(text, width.saturating_sub(indent).max(1));
    body.into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{prefix}{l}")
            } else {
                format!("{}{l}", " ".repeat(indent))
            }
        })
        .collect()
}

/// Cuts `text` to at most `width` cells, ending with `…` when cut.
pub fn clip(text: &str, width: usize) -> String {
    let text = clean(text).replace('\n', " ");
    if self::width(text.as_str()) <= width {
        return text;
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_keeps_paragraphs() {
        assert_eq!(
            wrap("one two three\nfour", 7),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap("", 5), vec![String::new()]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
    }

    #[test]
    fn hanging_indent_and_clip() {
        assert_eq!(
            wrap_hanging(" (•) ", "aa bb cc", 10),
            vec![" (•) aa bb", "     cc"]
        );
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }

    #[test]
    fn escapes_never_reach_the_screen() {
        assert!(!wrap("a\u{1b}[2Jb", 20)[0].contains('\u{1b}'));
        assert!(!clip("a\u{1b}]0;x\u{7}", 20).contains('\u{1b}'));
    }
}
