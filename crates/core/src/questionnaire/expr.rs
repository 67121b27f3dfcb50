//! The condition language used by `show_if`, `next.if` and `rule.when`.
//!
//! Parsing produces names with spans ([`Parsed`]); resolution against a questionnaire turns them into
//! question and option indexes ([`Expr`]) and reports every unknown name or type mismatch. Evaluation
//! is pure and total: an unanswered, "not sure" or off-path question makes a comparison false.

use std::ops::Range;

use super::model::{Answer, OptionIx, QuestionIx};

/// Longest expression accepted, in bytes.
pub const MAX_EXPR_LEN: usize = 1_000;
/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 32;

/// A parse error with its byte span inside the expression text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Range<usize>,
}

/// A name with the span where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Range<usize>,
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(Name),
    Num(f64, Range<usize>),
}

/// Numeric comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
            CmpOp::Eq => (a - b).abs() < f64::EPSILON,
            CmpOp::Ne => (a - b).abs() >= f64::EPSILON,
        }
    }
}

/// A parsed, unresolved expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    And(Vec<Parsed>),
    Or(Vec<Parsed>),
    Not(Box<Parsed>),
    Answered(Name),
    NotSure(Name),
    Compare(Name, CmpOp, Literal),
    In(Name, Vec<Name>),
    Has(Name, Name),
    HasAny(Name, Vec<Name>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op(CmpOp),
}

fn lex(src: &str) -> Result<Vec<(Tok, Range<usize>)>, ParseError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' | b')' | b'[' | b']' | b',' => {
                i += 1;
                let tok = match c {
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    b'[' => Tok::LBracket,
                    b']' => Tok::RBracket,
                    _ => Tok::Comma,
                };
                out.push((tok, start..i));
            }
            b'=' | b'!' | b'<' | b'>' => {
                let two = bytes.get(i + 1) == Some(&b'=');
                let op = match (c, two) {
                    (b'=', true) => CmpOp::Eq,
                    (b'!', true) => CmpOp::Ne,
                    (b'<', true) => CmpOp::Le,
                    (b'>', true) => CmpOp::Ge,
                    (b'<', false) => CmpOp::Lt,
                    (b'>', false) => CmpOp::Gt,
                    _ => {
                        return Err(ParseError {
                            message: format!(
                                "unexpected `{}`; comparisons use `==` and `!=`, negation uses `not`",
                                c as char
                            ),
                            span: start..start + 1,
                        });
                    }
                };
                i += if two { 2 } else { 1 };
                out.push((Tok::Op(op), start..i));
            }
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    i += 1;
                }
                if i >= bytes.len() {
                    return Err(ParseError {
                        message: "unterminated string".into(),
                        span: start..bytes.len(),
                    });
                }
                out.push((Tok::Str(src[start + 1..i].to_string()), start..i + 1));
                i += 1;
            }
            b'0'..=b'9' | b'-' | b'.' => {
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
                    i += 1;
                }
                let text = &src[start..i];
                let n: f64 = text.parse().map_err(|_| ParseError {
                    message: format!("`{text}` is not a number"),
                    span: start..i,
                })?;
                out.push((Tok::Num(n), start..i));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'-')
                {
                    i += 1;
                }
                out.push((Tok::Ident(src[start..i].to_string()), start..i));
            }
            _ => {
                let ch = src[start..].chars().next().unwrap_or('?');
                return Err(ParseError {
                    message: format!("unexpected character `{}`", ch.escape_debug()),
                    span: start..start + ch.len_utf8(),
                });
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    end: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn span(&self) -> Range<usize> {
        self.toks
            .get(self.pos)
            .map_or(self.end..self.end, |t| t.1.clone())
    }

    fn err<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            message: message.into(),
            span: self.span(),
        })
    }

    fn next(&mut self) -> Option<(Tok, Range<usize>)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn is_keyword(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(s)) if s == kw)
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<Range<usize>, ParseError> {
        if self.peek() == Some(tok) {
            Ok(self.next().map(|t| t.1).unwrap_or_default())
        } else {
            self.err(format!("expected {what}"))
        }
    }

    fn or(&mut self) -> Result<Parsed, ParseError> {
        let mut items = vec![self.and()?];
        while self.is_keyword("or") {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Parsed::Or(vec![]))
        } else {
            Parsed::Or(items)
        })
    }

    fn and(&mut self) -> Result<Parsed, ParseError> {
        let mut items = vec![self.unary()?];
        while self.is_keyword("and") {
            self.pos += 1;
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap_or(Parsed::And(vec![]))
        } else {
            Parsed::And(items)
        })
    }

    fn unary(&mut self) -> Result<Parsed, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(format!("expression nested deeper than {MAX_DEPTH} levels"));
        }
        let result = if self.is_keyword("not") {
            self.pos += 1;
            Ok(Parsed::Not(Box::new(self.unary()?)))
        } else {
            self.primary()
        };
        self.depth -= 1;
        result
    }

    fn name(&mut self, what: &str) -> Result<Name, ParseError> {
        if let Some((Tok::Ident(text), span)) = self.next() {
            Ok(Name { text, span })
        } else {
            self.pos -= 1;
            self.err(format!("expected {what}"))
        }
    }

    fn string(&mut self) -> Result<Name, ParseError> {
        if let Some((Tok::Str(text), span)) = self.next() {
            Ok(Name { text, span })
        } else {
            self.pos -= 1;
            self.err("expected a quoted option id, e.g. \"yes\"")
        }
    }

    fn list(&mut self) -> Result<Vec<Name>, ParseError> {
        self.expect(&Tok::LBracket, "`[` to start a list")?;
        let mut items = vec![self.string()?];
        while self.peek() == Some(&Tok::Comma) {
            self.pos += 1;
            if self.peek() == Some(&Tok::RBracket) {
                break;
            }
            items.push(self.string()?);
        }
        self.expect(&Tok::RBracket, "`]` to close the list")?;
        Ok(items)
    }

    fn primary(&mut self) -> Result<Parsed, ParseError> {
        if self.peek() == Some(&Tok::LParen) {
            self.pos += 1;
            let inner = self.or()?;
            self.expect(&Tok::RParen, "`)`")?;
            return Ok(inner);
        }
        let name = self.name("a question id, `not`, `answered(...)` or `not_sure(...)`")?;
        if (name.text == "answered" || name.text == "not_sure") && self.peek() == Some(&Tok::LParen)
        {
            self.pos += 1;
            let q = self.name("a question id")?;
            self.expect(&Tok::RParen, "`)`")?;
            return Ok(if name.text == "answered" {
                Parsed::Answered(q)
            } else {
                Parsed::NotSure(q)
            });
        }
        match self.next() {
            Some((Tok::Op(op), _)) => {
                let lit = match self.next() {
                    Some((Tok::Str(text), span)) => Literal::Str(Name { text, span }),
                    Some((Tok::Num(n), span)) => Literal::Num(n, span),
                    _ => {
                        self.pos -= 1;
                        return self.err("expected a quoted option id or a number");
                    }
                };
                Ok(Parsed::Compare(name, op, lit))
            }
            Some((Tok::Ident(kw), _)) if kw == "in" => Ok(Parsed::In(name, self.list()?)),
            Some((Tok::Ident(kw), _)) if kw == "has" => Ok(Parsed::Has(name, self.string()?)),
            Some((Tok::Ident(kw), _)) if kw == "has_any" => Ok(Parsed::HasAny(name, self.list()?)),
            _ => {
                self.pos -= 1;
                self.err(format!(
                    "expected an operator after `{}`: ==, !=, <, <=, >, >=, in, has or has_any",
                    name.text
                ))
            }
        }
    }
}

/// Parses an expression.
pub fn parse(src: &str) -> Result<Parsed, ParseError> {
    if src.len() > MAX_EXPR_LEN {
        return Err(ParseError {
            message: format!("expression longer than {MAX_EXPR_LEN} characters"),
            span: 0..src.len(),
        });
    }
    let toks = lex(src)?;
    if toks.is_empty() {
        return Err(ParseError {
            message: "empty expression".into(),
            span: 0..src.len(),
        });
    }
    let mut p = Parser {
        toks,
        pos: 0,
        end: src.len(),
        depth: 0,
    };
    let expr = p.or()?;
    if p.pos < p.toks.len() {
        return p.err("unexpected text after the expression; join conditions with `and` or `or`");
    }
    Ok(expr)
}

/// A resolved expression over question indexes and option indexes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Answered(QuestionIx),
    NotSure(QuestionIx),
    /// A single-choice or yes/no answer is one of these options (`==` and `in`).
    OneOf(QuestionIx, Vec<OptionIx>),
    /// A single-choice or yes/no answer is answered and none of these options (`!=`).
    NoneOf(QuestionIx, Vec<OptionIx>),
    /// A multiple-choice answer contains any of these options.
    HasAny(QuestionIx, Vec<OptionIx>),
    Number(QuestionIx, CmpOp, f64),
}

impl Expr {
    /// Evaluates against an answer lookup; the lookup returns `None` for unanswered and off-path
    /// questions.
    pub fn eval<'a>(&self, get: &impl Fn(QuestionIx) -> Option<&'a Answer>) -> bool {
        match self {
            Expr::And(items) => items.iter().all(|e| e.eval(get)),
            Expr::Or(items) => items.iter().any(|e| e.eval(get)),
            Expr::Not(e) => !e.eval(get),
            Expr::Answered(q) => get(*q).is_some(),
            Expr::NotSure(q) => matches!(get(*q), Some(Answer::NotSure)),
            Expr::OneOf(q, opts) => matches!(get(*q), Some(Answer::Choice(o)) if opts.contains(o)),
            Expr::NoneOf(q, opts) => {
                matches!(get(*q), Some(Answer::Choice(o)) if !opts.contains(o))
            }
            Expr::HasAny(q, opts) => {
                matches!(get(*q), Some(Answer::Choices(set)) if set.iter().any(|o| opts.contains(o)))
            }
            Expr::Number(q, op, n) => {
                matches!(get(*q), Some(Answer::Number(v)) if op.holds(*v, *n))
            }
        }
    }

    /// Every question the expression names, in order of first mention.
    pub fn questions(&self) -> Vec<QuestionIx> {
        let mut out = Vec::new();
        self.collect_questions(&mut out);
        out
    }

    fn collect_questions(&self, out: &mut Vec<QuestionIx>) {
        match self {
            Expr::And(items) | Expr::Or(items) => {
                items.iter().for_each(|e| e.collect_questions(out));
            }
            Expr::Not(e) => e.collect_questions(out),
            Expr::Answered(q)
            | Expr::NotSure(q)
            | Expr::OneOf(q, _)
            | Expr::NoneOf(q, _)
            | Expr::HasAny(q, _)
            | Expr::Number(q, _, _) => {
                if !out.contains(q) {
                    out.push(*q);
                }
            }
        }
    }

    /// Questions that must all be answered on the path for the expression to be true.
    pub fn required_questions(&self) -> Vec<QuestionIx> {
        match self {
            Expr::And(items) => {
                let mut out: Vec<QuestionIx> = Vec::new();
                for q in items.iter().flat_map(Expr::required_questions) {
                    if !out.contains(&q) {
                        out.push(q);
                    }
                }
                out
            }
            Expr::Or(items) => {
                let mut sets = items.iter().map(Expr::required_questions);
                let first = sets.next().unwrap_or_default();
                let rest: Vec<Vec<QuestionIx>> = sets.collect();
                first
                    .into_iter()
                    .filter(|q| rest.iter().all(|s| s.contains(q)))
                    .collect()
            }
            Expr::Not(_) => Vec::new(),
            Expr::Answered(q)
            | Expr::NotSure(q)
            | Expr::OneOf(q, _)
            | Expr::NoneOf(q, _)
            | Expr::HasAny(q, _)
            | Expr::Number(q, _, _) => vec![*q],
        }
    }

    /// Questions whose answers made the expression true, for "because you answered ...".
    ///
    /// Only questions that were answered are named; negated parts are not.
    pub fn triggered_by<'a>(
        &self,
        get: &impl Fn(QuestionIx) -> Option<&'a Answer>,
    ) -> Vec<QuestionIx> {
        let mut out = Vec::new();
        self.collect_triggers(get, &mut out);
        out
    }

    fn collect_triggers<'a>(
        &self,
        get: &impl Fn(QuestionIx) -> Option<&'a Answer>,
        out: &mut Vec<QuestionIx>,
    ) {
        match self {
            Expr::And(items) => items.iter().for_each(|e| e.collect_triggers(get, out)),
            Expr::Or(items) => {
                for e in items.iter().filter(|e| e.eval(get)) {
                    e.collect_triggers(get, out);
                }
            }
            Expr::Not(_) => {}
            _ => {
                for q in self.questions() {
                    if get(q).is_some() && self.eval(get) && !out.contains(&q) {
                        out.push(q);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precedence_and_over_or() {
        let p = parse(r#"a == "x" or b has "y" and not answered(c)"#).unwrap();
        let Parsed::Or(items) = p else {
            panic!("expected or")
        };
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[1], Parsed::And(v) if v.len() == 2));
    }

    #[test]
    fn parses_lists_numbers_and_functions() {
        assert!(matches!(parse(r#"a in ["x", "y"]"#).unwrap(), Parsed::In(_, v) if v.len() == 2));
        assert!(
            matches!(parse("n >= 4.5").unwrap(), Parsed::Compare(_, CmpOp::Ge, Literal::Num(n, _)) if (n - 4.5).abs() < 1e-9)
        );
        assert!(matches!(parse("not_sure(q)").unwrap(), Parsed::NotSure(n) if n.text == "q"));
        assert!(
            matches!(parse(r"t has_any ['a','b',]").unwrap(), Parsed::HasAny(_, v) if v.len() == 2)
        );
    }

    #[test]
    fn reports_errors_with_spans() {
        let e = parse(r#"a = "x""#).unwrap_err();
        assert_eq!(e.span, 2..3);
        let e = parse(r#"a == "x" b"#).unwrap_err();
        assert_eq!(e.span, 9..10);
        let e = parse(r#"a == "x"#).unwrap_err();
        assert!(e.message.contains("unterminated"));
        let e = parse("(a == 1").unwrap_err();
        assert!(e.message.contains("`)`"));
        assert!(parse("").is_err());
        assert!(parse("a ==").is_err());
        assert!(parse("a €").is_err());
    }

    #[test]
    fn rejects_deep_nesting_and_long_input() {
        let deep = format!("{}a == 1{}", "(".repeat(100), ")".repeat(100));
        assert!(parse(&deep).is_err());
        let nots = format!("{}a == 1", "not ".repeat(100));
        assert!(parse(&nots).unwrap_err().message.contains("nested"));
        let long = vec!["a == 1"; 300].join(" or ");
        assert!(parse(&long).unwrap_err().message.contains("longer"));
    }

    #[test]
    fn comparisons_are_false_on_missing_answers() {
        let answers = [
            Some(Answer::Choice(OptionIx(1))),
            None,
            Some(Answer::NotSure),
        ];
        let get = |q: QuestionIx| answers.get(q.get()).and_then(Option::as_ref);
        assert!(Expr::OneOf(QuestionIx(0), vec![OptionIx(1)]).eval(&get));
        assert!(!Expr::NoneOf(QuestionIx(1), vec![OptionIx(0)]).eval(&get));
        assert!(!Expr::NoneOf(QuestionIx(2), vec![OptionIx(0)]).eval(&get));
        assert!(Expr::NotSure(QuestionIx(2)).eval(&get));
        assert!(!Expr::Answered(QuestionIx(1)).eval(&get));
        assert!(Expr::Not(Box::new(Expr::OneOf(QuestionIx(1), vec![OptionIx(0)]))).eval(&get));
    }

    #[test]
    fn required_questions_of_or_is_the_intersection() {
        let e = Expr::Or(vec![
            Expr::And(vec![
                Expr::Answered(QuestionIx(0)),
                Expr::Answered(QuestionIx(1)),
            ]),
            Expr::Answered(QuestionIx(1)),
        ]);
        assert_eq!(e.required_questions(), vec![QuestionIx(1)]);
    }
}
