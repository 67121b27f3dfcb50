//! Reading one pack file: TOML syntax (recovering where the parser can) and each table
//! deserialised on its own, so every problem of a file is reported in one run.

use crate::diag::DiagnosticKind;
use toml::Spanned;

use super::context::{Ctx, MAX_FILE_BYTES, unknown};
use super::raw::RawFile;
use crate::diag::{Diagnostic, did_you_mean};

pub(super) fn parse_file(ctx: &mut Ctx, file: usize) -> Option<RawFile> {
    let text = &ctx.sources.files[file].text;
    if text.len() > MAX_FILE_BYTES {
        ctx.diags.push(Diagnostic::error(
            DiagnosticKind::TooLarge,
            format!(
                "{} is larger than {} MiB",
                ctx.sources.files[file].name,
                MAX_FILE_BYTES >> 20
            ),
        ));
        return None;
    }
    // Syntax errors are recovered from where the parser can, and each table is read on its own,
    // so one run reports every problem of the file, not only the first.
    let (root, syntax) = toml::de::DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        for e in &syntax {
            report_toml_error(ctx, file, e);
        }
        return None;
    }
    let mut raw = RawFile::default();
    let mut ok = true;
    // Each table is moved into its deserialiser, not copied.
    for (key, value) in root.into_inner() {
        let name: &str = key.get_ref();
        collect_conditions(ctx, file, name, &value);
        match name {
            "questionnaire" => raw.questionnaire = read_item(ctx, file, value, &mut ok),
            "section" => raw.section = read_items(ctx, file, value, &mut ok),
            "question" => raw.question = read_items(ctx, file, value, &mut ok),
            "rule" => raw.rule = read_items(ctx, file, value, &mut ok),
            "reference" => raw.reference = read_items(ctx, file, value, &mut ok),
            "term" => raw.term = read_items(ctx, file, value, &mut ok),
            "jurisdiction" => raw.jurisdiction = read_items(ctx, file, value, &mut ok),
            "authority" => raw.authority = read_items(ctx, file, value, &mut ok),
            "guidance" => raw.guidance = read_items(ctx, file, value, &mut ok),
            other => {
                ok = false;
                unknown(
                    ctx,
                    DiagnosticKind::UnknownField,
                    file,
                    key.span(),
                    format!("unknown table `{other}`"),
                    other,
                    TOP_LEVEL,
                );
                if let Some(d) = ctx.diags.last_mut()
                    && d.help.is_none()
                {
                    d.help = Some(format!("a pack file holds {}", TOP_LEVEL.join(", ")));
                }
            }
        }
    }
    ok.then_some(raw)
}

/// Records the conditions of the items of one top-level table, as written, whether or not the
/// items deserialise: `show_if` and `[[question.next]] if`, a rule's `when`, a jurisdiction's
/// `applies`, an authority's `when`.
fn collect_conditions(
    ctx: &mut Ctx,
    file: usize,
    table: &str,
    value: &Spanned<toml::de::DeValue<'_>>,
) {
    use toml::de::DeValue;
    let keys: &[&str] = match table {
        "question" => &["show_if"],
        "rule" | "authority" => &["when"],
        "jurisdiction" => &["applies"],
        _ => return,
    };
    let DeValue::Array(items) = value.get_ref() else {
        return;
    };
    let mut push = |v: &Spanned<DeValue<'_>>| {
        if let DeValue::String(s) = v.get_ref() {
            ctx.conditions
                .push((file, Spanned::new(v.span(), s.to_string())));
        }
    };
    for item in items {
        let DeValue::Table(t) = item.get_ref() else {
            continue;
        };
        for (k, v) in t {
            let k: &str = k.get_ref();
            if keys.contains(&k) {
                push(v);
            } else if table == "question"
                && k == "next"
                && let DeValue::Array(routes) = v.get_ref()
            {
                for route in routes {
                    if let DeValue::Table(r) = route.get_ref() {
                        for (rk, rv) in r {
                            let rk: &str = rk.get_ref();
                            if rk == "if" {
                                push(rv);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The tables a pack file may hold.
const TOP_LEVEL: [&str; 9] = [
    "questionnaire",
    "section",
    "question",
    "rule",
    "reference",
    "term",
    "jurisdiction",
    "authority",
    "guidance",
];

/// Deserialises one value, reporting a failure with its position.
fn read_item<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx,
    file: usize,
    value: Spanned<toml::de::DeValue<'_>>,
    ok: &mut bool,
) -> Option<T> {
    let span = value.span();
    match T::deserialize(toml::de::ValueDeserializer::from(value)) {
        Ok(v) => Some(v),
        Err(e) => {
            *ok = false;
            if e.span().is_none() {
                let mut d = Diagnostic::error(DiagnosticKind::Toml, e.message().trim().to_string());
                d.location = Some(crate::diag::Location { file, span });
                ctx.diags.push(d);
            } else {
                report_toml_error(ctx, file, &e);
            }
            None
        }
    }
}

/// Deserialises every element of an array of tables, each on its own.
fn read_items<T: serde::de::DeserializeOwned>(
    ctx: &mut Ctx,
    file: usize,
    value: Spanned<toml::de::DeValue<'_>>,
    ok: &mut bool,
) -> Vec<T> {
    let span = value.span();
    let toml::de::DeValue::Array(items) = value.into_inner() else {
        *ok = false;
        ctx.error(
            DiagnosticKind::Toml,
            file,
            span,
            "expected an array of tables, written [[name]]".into(),
        );
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|item| read_item(ctx, file, item, ok))
        .collect()
}

fn report_toml_error(ctx: &mut Ctx, file: usize, e: &toml::de::Error) {
    let span = e.span().unwrap_or(0..0);
    let message = e.message().trim().to_string();
    let help = suggest_field(&message);
    let kind = if message.starts_with("unknown field") {
        DiagnosticKind::UnknownField
    } else if message.starts_with("missing field") {
        DiagnosticKind::MissingField
    } else if message.starts_with("unknown variant") {
        DiagnosticKind::UnknownValue
    } else {
        DiagnosticKind::Toml
    };
    ctx.error(kind, file, span, message).help = help;
}

/// "unknown field `tittle`, expected one of `id`, `title`" -> "did you mean `title`?"
fn suggest_field(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(word, candidates).map(|s| format!("did you mean `{s}`?"))
}
