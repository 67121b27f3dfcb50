//! The matcher: an in-memory index over the imported lists and the comparison of a name with it.
//!
//! Score: every name is reduced to tokens ([`normalize::tokens`]); each token has a weight, the
//! inverse of how many listed names contain it (`ln(1 + N / n)`), so "University" or "Technology"
//! count for little and "Harbin" or "Huawei" for much. Tokens of the query and of a listed name
//! are paired one to one (same token 1.0; close spelling, Jaro-Winkler >= 0.90 on tokens of four
//! letters or more, its similarity; same consonant skeleton 0.90), in any order. The score is the
//! weighted share of paired tokens on both sides, a paired query token weighing as the listed
//! token it is paired with: `sum(sim * 2 w(t)) / (2 sum w(paired t) + sum w(unpaired query
//! tokens) + sum w(unpaired listed tokens))`, from 0 to 1. A word in only one of
//! the names therefore lowers the score by its weight: "Harbin Medical University" is far from
//! "Harbin Engineering University". For people (entries listed as individuals), listed words the
//! query lacks weigh half: users leave out middle names and patronymics. A query that is the acronym of a listed name scores 0.85.
//! With `--country`, a listed party whose ISO country codes do not include it scores 10% less.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::normalize::{self, acronym, skeleton};
use super::{Entry, List, THRESHOLD};

/// Most names screened in one call.
pub const MAX_QUERIES: usize = 100;
/// Most possible matches reported per name.
pub const MAX_MATCHES: usize = 20;

#[derive(Debug)]
struct NameRef {
    list: u16,
    entry: u32,
    alias: u16,
    tokens: Vec<u32>,
    /// Listed words a user often leaves out (middle names, patronymics) weigh half for people.
    individual: bool,
}

/// The searchable index over imported lists.
#[derive(Debug, Default)]
pub struct Index {
    pub lists: Vec<List>,
    names: Vec<NameRef>,
    vocab: HashMap<String, u32>,
    words: Vec<String>,
    weight: Vec<f64>,
    postings: Vec<Vec<u32>>,
    by_first: HashMap<u8, Vec<u32>>,
    by_skeleton: HashMap<String, Vec<u32>>,
    acronyms: HashMap<String, Vec<u32>>,
    unknown_weight: f64,
}

/// One possible match of a screened name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// The name as screened.
    pub query: String,
    /// 0 to 1; a possible match from [`THRESHOLD`].
    pub score: f64,
    /// The listed party's primary name.
    pub name: String,
    /// The listed name (primary or alias) that matched.
    pub matched_alias: String,
    /// The list within the file ("Entity List (EL) - Bureau of Industry and Security").
    pub list: String,
    /// The imported list and its publication date.
    pub source: String,
    pub published: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub programmes: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<String>,
    pub reference: String,
    /// Why it matched, in plain words.
    pub why: Vec<String>,
}

/// The result of screening one name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub query: String,
    pub matches: Vec<Match>,
    /// Possible matches beyond [`MAX_MATCHES`] that were not listed.
    #[serde(skip_serializing_if = "is_zero")]
    pub more: usize,
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Clone, Copy, PartialEq)]
enum How {
    Same,
    Close,
    Skeleton,
}

impl Index {
    /// Builds the index; work and memory are linear in the number of listed names.
    pub fn new(lists: Vec<List>) -> Self {
        let mut ix = Index::default();
        for (li, list) in lists.iter().enumerate() {
            for (ei, entry) in list.entries.iter().enumerate() {
                let mut seen: HashSet<Vec<u32>> = HashSet::new();
                for (ai, name) in entry.names.iter().enumerate().take(usize::from(u16::MAX)) {
                    let toks = normalize::tokens(name);
                    if toks.is_empty() {
                        continue;
                    }
                    let ids: Vec<u32> = toks.iter().map(|t| ix.intern(t)).collect();
                    if !seen.insert(ids.clone()) {
                        continue;
                    }
                    let nid = ix.names.len() as u32;
                    let mut distinct = ids.clone();
                    distinct.sort_unstable();
                    distinct.dedup();
                    for &t in &distinct {
                        ix.postings[t as usize].push(nid);
                    }
                    if let Some(a) = acronym(&toks) {
                        ix.acronyms.entry(a).or_default().push(nid);
                    }
                    ix.names.push(NameRef {
                        list: li as u16,
                        entry: ei as u32,
                        alias: ai as u16,
                        tokens: ids,
                        individual: entry.kind == "individual",
                    });
                }
            }
        }
        let n = ix.names.len().max(1) as f64;
        ix.weight = ix
            .postings
            .iter()
            .map(|p| (1.0 + n / p.len().max(1) as f64).ln())
            .collect();
        ix.unknown_weight = (1.0 + n).ln();
        ix.lists = lists;
        ix
    }

    fn intern(&mut self, t: &str) -> u32 {
        if let Some(&id) = self.vocab.get(t) {
            return id;
        }
        let id = self.words.len() as u32;
        self.vocab.insert(t.to_string(), id);
        self.words.push(t.to_string());
        self.postings.push(Vec::new());
        if let Some(&b) = t.as_bytes().first() {
            self.by_first.entry(b).or_default().push(id);
        }
        let sk = skeleton(t);
        if sk.len() >= 3 {
            self.by_skeleton.entry(sk).or_default().push(id);
        }
        id
    }

    /// How many names (primary and aliases) are indexed.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The vocabulary tokens close to a query token, with their similarity.
    fn similar(&self, q: &str) -> Vec<(u32, f64, How)> {
        let mut out = Vec::new();
        if let Some(&id) = self.vocab.get(q) {
            out.push((id, 1.0, How::Same));
        }
        let qlen = q.chars().count();
        if qlen >= 4
            && let Some(bucket) = q.as_bytes().first().and_then(|b| self.by_first.get(b))
        {
            for &id in bucket {
                let w = &self.words[id as usize];
                if w.len().abs_diff(q.len()) > 3 || w == q || w.len() < 4 {
                    continue;
                }
                let s = strsim::jaro_winkler(q, w);
                if s >= 0.90 {
                    out.push((id, s, How::Close));
                }
            }
        }
        let sk = skeleton(q);
        if sk.len() >= 3
            && let Some(ids) = self.by_skeleton.get(&sk)
        {
            for &id in ids {
                if !out.iter().any(|(o, _, _)| *o == id) {
                    out.push((id, 0.90, How::Skeleton));
                }
            }
        }
        out
    }

    fn query_weight(&self, q: &str) -> f64 {
        self.vocab
            .get(q)
            .map_or(self.unknown_weight, |&id| self.weight[id as usize])
    }

    /// Screens one name. Work is bounded by the size of the index and [`normalize::MAX_TOKENS`].
    pub fn screen(&self, query: &str, country: Option<&str>) -> Outcome {
        let query = query.trim();
        let mut best: HashMap<(u16, u32), (f64, usize, Vec<String>)> = HashMap::new();
        let base = normalize::tokens(query);
        let arabic = normalize::has_arabic(query);
        let transliterated = !query.is_ascii();
        let mut variants = vec![base.clone()];
        // Names written as separate syllables ("Bei Jing") also try the joined spelling when it is
        // a listed word.
        let merged = self.merge_syllables(&base);
        if merged != base {
            variants.push(merged);
        }
        for q in &variants {
            self.score_variant(q, &mut best);
        }
        // Acronyms: a one-word query that abbreviates a listed name.
        if let [single] = base.as_slice()
            && single.len() >= 3
            && let Some(ids) = self.acronyms.get(single)
        {
            for &nid in ids {
                let n = &self.names[nid as usize];
                let e = best
                    .entry((n.list, n.entry))
                    .or_insert((0.0, 0, Vec::new()));
                if e.0 < 0.85 {
                    *e = (
                        0.85,
                        n.alias as usize,
                        vec![format!(
                            "\u{201c}{single}\u{201d} is the abbreviation of this listed name"
                        )],
                    );
                }
            }
        }
        let legal: Vec<String> = normalize::words(query)
            .into_iter()
            .filter(|w| normalize::LEGAL_FORMS.contains(&w.as_str()))
            .collect();
        let mut matches: Vec<Match> = Vec::new();
        for ((li, ei), (score, alias, mut why)) in best {
            let list = &self.lists[li as usize];
            let entry = &list.entries[ei as usize];
            let mut score = score;
            if let Some(cc) = country.map(str::trim).filter(|c| !c.is_empty()) {
                let codes: Vec<&String> = entry.countries.iter().filter(|c| c.len() == 2).collect();
                if codes.iter().any(|c| c.eq_ignore_ascii_case(cc)) {
                    why.push(format!("listed with country {}", cc.to_ascii_uppercase()));
                } else if !codes.is_empty() {
                    score *= 0.9;
                    why.push(format!(
                        "listed with country {}, not {}: score lowered by 10%",
                        codes
                            .iter()
                            .map(|c| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        cc.to_ascii_uppercase()
                    ));
                }
            }
            if score < THRESHOLD {
                continue;
            }
            if transliterated {
                why.push(if arabic {
                    "transliterated from Arabic script (compared on consonants where vowels are missing)".into()
                } else {
                    "transliterated to Latin letters".into()
                });
            }
            if !legal.is_empty() {
                why.push(format!("legal-form words ignored: {}", legal.join(", ")));
            }
            if alias > 0 {
                why.push("matched an alias of the listed party".into());
            }
            matches.push(match_of(query, score, list, entry, alias, why));
        }
        matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.reference.cmp(&b.reference))
        });
        let more = matches.len().saturating_sub(MAX_MATCHES);
        matches.truncate(MAX_MATCHES);
        Outcome {
            query: query.to_string(),
            matches,
            more,
        }
    }

    fn merge_syllables(&self, q: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        let mut i = 0;
        'outer: while i < q.len() {
            // Exact listed words first, then close ones ("haerbin" for "Harbin").
            for (n, exact) in [(3, true), (2, true), (3, false), (2, false)] {
                if i + n <= q.len() {
                    let joined: String = q[i..i + n].concat();
                    let known = if exact {
                        self.vocab.contains_key(&joined)
                    } else {
                        !self.similar(&joined).is_empty()
                    };
                    if known {
                        out.push(joined);
                        i += n;
                        continue 'outer;
                    }
                }
            }
            out.push(q[i].clone());
            i += 1;
        }
        out
    }

    fn score_variant(
        &self,
        q: &[String],
        best: &mut HashMap<(u16, u32), (f64, usize, Vec<String>)>,
    ) {
        if q.is_empty() || self.names.is_empty() {
            return;
        }
        // For each vocabulary token, its similarity to each query token.
        let mut sims: HashMap<u32, Vec<(usize, f64, How)>> = HashMap::new();
        for (qi, t) in q.iter().enumerate() {
            for (id, s, how) in self.similar(t) {
                sims.entry(id).or_default().push((qi, s, how));
            }
        }
        let qw: Vec<f64> = q.iter().map(|t| self.query_weight(t)).collect();
        let q_total: f64 = qw.iter().sum();
        let mut candidates: Vec<u32> = sims
            .keys()
            .flat_map(|id| self.postings[*id as usize].iter().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut pairs: Vec<(f64, usize, usize, How)> = Vec::new();
        for nid in candidates {
            let name = &self.names[nid as usize];
            pairs.clear();
            for (tj, t) in name.tokens.iter().enumerate() {
                if let Some(list) = sims.get(t) {
                    for &(qi, s, how) in list {
                        pairs.push((s, qi, tj, how));
                    }
                }
            }
            pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
            let mut used_q = 0u64;
            let mut used_t = 0u64;
            let mut matched = 0.0;
            let mut paired_q = 0.0;
            let mut notes: Vec<String> = Vec::new();
            let mut order: Vec<(usize, usize)> = Vec::new();
            for &(s, qi, tj, how) in &pairs {
                if used_q & (1 << qi) != 0 || used_t & (1 << tj) != 0 {
                    continue;
                }
                used_q |= 1 << qi;
                used_t |= 1 << tj;
                let tw = self.weight[name.tokens[tj] as usize];
                matched += s * 2.0 * tw;
                paired_q += qw[qi];
                order.push((qi, tj));
                let listed = &self.words[name.tokens[tj] as usize];
                match how {
                    How::Same => {}
                    How::Close => notes.push(format!(
                        "\u{201c}{}\u{201d} is spelt close to \u{201c}{listed}\u{201d}",
                        q[qi]
                    )),
                    How::Skeleton => notes.push(format!(
                        "\u{201c}{}\u{201d} has the consonants of \u{201c}{listed}\u{201d}",
                        q[qi]
                    )),
                }
            }
            // A paired query token counts with the weight of the listed token it is paired with
            // (a misspelt or transliterated word is unknown to the index, not rare).
            let t_total: f64 = name.tokens.iter().map(|t| self.weight[*t as usize]).sum();
            let paired_t: f64 = order
                .iter()
                .map(|&(_, tj)| self.weight[name.tokens[tj] as usize])
                .sum();
            let unpaired_t = (t_total - paired_t) * if name.individual { 0.5 } else { 1.0 };
            let score = matched / (q_total - paired_q + 2.0 * paired_t + unpaired_t);
            let key = (name.list, name.entry);
            if best.get(&key).is_some_and(|b| b.0 >= score) || score < THRESHOLD * 0.85 {
                continue;
            }
            let mut why = Vec::new();
            let same = order.len() - notes.len();
            if same > 0 {
                why.push(format!(
                    "{same} of {} words the same{}",
                    q.len().max(name.tokens.len()),
                    if same == q.len() && same == name.tokens.len() {
                        ""
                    } else {
                        " (the others differ or are missing)"
                    }
                ));
            }
            let mut by_q = order.clone();
            by_q.sort_unstable();
            if by_q.windows(2).any(|w| w[0].1 > w[1].1) {
                why.push("the words are in another order".into());
            }
            why.extend(notes);
            best.insert(key, (score, name.alias as usize, why));
        }
    }
}

fn match_of(
    query: &str,
    score: f64,
    list: &List,
    entry: &Entry,
    alias: usize,
    why: Vec<String>,
) -> Match {
    Match {
        query: query.to_string(),
        score: (score * 100.0).round() / 100.0,
        name: entry.names.first().cloned().unwrap_or_default(),
        matched_alias: entry.names.get(alias).cloned().unwrap_or_default(),
        list: entry.list.clone(),
        source: list.title.clone(),
        published: list.published.clone(),
        programmes: entry.programmes.clone(),
        kind: entry.kind.clone(),
        countries: entry.countries.clone(),
        addresses: entry.addresses.clone(),
        dates: entry.dates.clone(),
        reference: entry.reference.clone(),
        why,
    }
}

/// Splits a text answer into names: one per line or separated by `;`.
pub fn split_names(text: &str) -> Vec<String> {
    text.split([';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(MAX_QUERIES)
        .map(str::to_string)
        .collect()
}
