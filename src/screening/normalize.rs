//! Name normalisation for screening: one function from a name as typed or published to the
//! tokens that are compared.
//!
//! Steps, in order: transliteration of every script to Latin (Cyrillic, Greek, Arabic, Chinese and
//! others, with `deunicode`, which also strips diacritics), lower case, punctuation to spaces
//! (apostrophes and dots inside abbreviations join), `&` to `and`, runs of single letters joined
//! (`I.B.M.` -> `ibm`), legal-form words dropped (`Ltd`, `OOO`, `GmbH`, `Co.`, "Joint Stock
//! Company"...), common abbreviations written out (`Univ.` -> `university`), and joining
//! words (`of`, `and`, `the`...) dropped. Words such as `University`, `Institute` or a city stay:
//! they are part of the name, and the weights of the matcher make common words count for little.

/// Legal-form and company-type words, after normalisation. They say nothing about who a party is.
pub const LEGAL_FORMS: &[&str] = &[
    "ab",
    "ag",
    "as",
    "asa",
    "bhd",
    "bv",
    "cjsc",
    "co",
    "company",
    "corp",
    "corporation",
    "cv",
    "eood",
    "fze",
    "fzco",
    "fzc",
    "fzllc",
    "gmbh",
    "inc",
    "incorporated",
    "jsc",
    "kft",
    "kg",
    "kk",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "oao",
    "ojsc",
    "ooo",
    "oy",
    "oyj",
    "pao",
    "pjsc",
    "plc",
    "pte",
    "pty",
    "pvt",
    "sa",
    "sae",
    "sal",
    "sarl",
    "sas",
    "sdn",
    "spa",
    "sp",
    "srl",
    "sro",
    "tov",
    "zao",
    "ao",
    "doo",
    "ead",
    "llc",
    "mchj",
    "ptsc",
    "tnhh",
    "zrt",
    "ug",
];

/// Legal forms of several words, dropped as a whole (after transliteration).
pub const LEGAL_PHRASES: &[&[&str]] = &[
    &["public", "joint", "stock", "company"],
    &["open", "joint", "stock", "company"],
    &["closed", "joint", "stock", "company"],
    &["joint", "stock", "company"],
    &["limited", "liability", "company"],
    &["obshchestvo", "s", "ogranichennoi", "otvetstvennostiu"],
    &["aktsionernoe", "obshchestvo"],
    &["societe", "anonyme"],
];

/// Common abbreviations, written out before comparison.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("univ", "university"),
    ("uni", "university"),
    ("inst", "institute"),
    ("tech", "technology"),
    ("technol", "technology"),
    ("intl", "international"),
    ("natl", "national"),
    ("acad", "academy"),
    ("sci", "science"),
    ("ctr", "center"),
    ("centre", "center"),
    ("lab", "laboratory"),
    ("labs", "laboratory"),
    ("dept", "department"),
    ("mfg", "manufacturing"),
    ("eng", "engineering"),
    ("assn", "association"),
    ("st", "saint"),
];

/// Joining words that are dropped when names are compared.
pub const STOP_WORDS: &[&str] = &[
    "a", "al", "an", "and", "at", "d", "de", "del", "der", "des", "di", "du", "el", "et", "for",
    "in", "la", "le", "of", "on", "the", "und", "van", "von",
];

/// Most characters of a name that are looked at; the rest is ignored (bounds the work).
pub const MAX_NAME_CHARS: usize = 400;
/// Most tokens of a name that are compared.
pub const MAX_TOKENS: usize = 24;

/// Whether a name contains Arabic script (whose transliteration has no vowels).
pub fn has_arabic(name: &str) -> bool {
    name.chars()
        .any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'))
}

/// The name transliterated to lower-case ASCII words, with punctuation removed; legal forms and
/// joining words are still there.
pub fn words(name: &str) -> Vec<String> {
    let name: String = name.chars().take(MAX_NAME_CHARS).collect();
    // The Arabic article "al-" is written joined to the word; transliterated it would start the
    // word with "l" ("التكريتي" -> "ltkryty"). It is dropped, as the Latin "al" is.
    let name: String = name
        .split_whitespace()
        .map(|w| match w.strip_prefix("\u{0627}\u{0644}") {
            Some(rest) if rest.chars().count() >= 2 => rest,
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let ascii = deunicode::deunicode_with_tofu(&name, " ");
    let mut cleaned = String::with_capacity(ascii.len());
    let bytes: Vec<char> = ascii.chars().collect();
    for &c in &bytes {
        match c {
            'a'..='z' | '0'..='9' => cleaned.push(c),
            'A'..='Z' => cleaned.push(c.to_ascii_lowercase()),
            // O'Brien, Al-Qa'ida: the apostrophe joins.
            '\'' | '`' => {}
            '&' => cleaned.push_str(" and "),
            // A dot between letters (I.B.M., Co.Ltd) separates; runs of single letters join below.
            _ => cleaned.push(' '),
        }
    }
    let raw: Vec<&str> = cleaned.split_whitespace().collect();
    // Join runs of single letters: "i b m" -> "ibm".
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    for w in raw {
        if w.len() == 1 && w.chars().all(|c| c.is_ascii_alphabetic()) {
            run.push_str(w);
        } else {
            if !run.is_empty() {
                out.push(std::mem::take(&mut run));
            }
            out.push(w.to_string());
        }
        if out.len() >= MAX_TOKENS {
            break;
        }
    }
    if !run.is_empty() && out.len() < MAX_TOKENS {
        out.push(run);
    }
    out
}

/// The tokens that are compared: [`words`] without legal forms and joining words. A name made only
/// of such words keeps them (so "Co." alone is still a name).
pub fn tokens(name: &str) -> Vec<String> {
    let mut w = words(name);
    for phrase in LEGAL_PHRASES {
        let n = phrase.len();
        let mut i = 0;
        while i + n <= w.len() {
            if w[i..i + n].iter().zip(phrase.iter()).all(|(a, b)| a == b) {
                w.drain(i..i + n);
            } else {
                i += 1;
            }
        }
    }
    for t in &mut w {
        if let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| a == t) {
            *t = (*full).to_string();
        }
    }
    let kept: Vec<String> = w
        .iter()
        .filter(|t| !LEGAL_FORMS.contains(&t.as_str()) && !STOP_WORDS.contains(&t.as_str()))
        .cloned()
        .collect();
    if kept.is_empty() { w } else { kept }
}

/// The consonant skeleton of a token: vowels removed, doubled letters collapsed. Unvocalised
/// Arabic script transliterates to skeletons ("محمد" -> "mhmd"), so "Muhammad" is compared on it.
pub fn skeleton(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let mut last = '\0';
    for c in token.chars() {
        if matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w') {
            continue;
        }
        if c != last {
            out.push(c);
        }
        last = c;
    }
    out
}

/// The acronym of a name's tokens, when it has at least three: "Beijing University of
/// Aeronautics and Astronautics" -> "buaa".
pub fn acronym(tokens: &[String]) -> Option<String> {
    (tokens.len() >= 3).then(|| tokens.iter().filter_map(|t| t.chars().next()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_diacritics_and_legal_forms_go() {
        assert_eq!(tokens("Société Générale S.A."), ["societe", "generale"]);
        assert_eq!(tokens("ACME Co., Ltd."), ["acme"]);
        assert_eq!(tokens("I.B.M. GmbH"), ["ibm"]);
        assert_eq!(tokens("O'Brien & Sons"), ["obrien", "sons"]);
        assert_eq!(
            tokens("Beijing University of Aeronautics and Astronautics"),
            ["beijing", "university", "aeronautics", "astronautics"]
        );
    }

    #[test]
    fn other_scripts_are_transliterated() {
        assert_eq!(tokens("ООО Ромашка"), ["romashka"]);
        assert_eq!(tokens("Αθήνα"), ["athena"]);
        assert!(has_arabic("محمد"));
        assert_eq!(skeleton(&tokens("محمد")[0]), skeleton("muhammad"));
        assert_eq!(tokens("北京"), ["bei", "jing"]);
    }

    #[test]
    fn work_is_bounded() {
        let long = "word ".repeat(10_000);
        assert_eq!(tokens(&long).len(), MAX_TOKENS);
    }
}
