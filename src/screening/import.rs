//! Parsers of the published list formats. Pure: bytes in, entries or an error naming the place.
//!
//! - US Consolidated Screening List (trade.gov), CSV: a header row `_id,source,entity_number,type,
//!   programs,name,title,addresses,...,alt_names,citizenships,...`; multi-valued fields
//!   (`alt_names`, `programs`, `addresses`, `citizenships`, `nationalities`) are separated by `;`.
//! - The same list as JSON: `{"results": [{"name", "alt_names": [...], "addresses": [{"address",
//!   "city", "state", "postal_code", "country"}], ...}], "sources_used": [{"source",
//!   "source_last_updated", ...}]}`.
//! - EU consolidated financial sanctions, XML (`<export xmlns="http://eu.europa.ec/fpi/fsd/export"
//!   generationDate=...>` with `sanctionEntity` elements holding `regulation`, `subjectType`,
//!   `nameAlias wholeName=...`, `citizenship`, `address`).
//! - UK Sanctions List (FCDO), CSV: a first line `Report Date: DD-Mon-YYYY`, then a header row
//!   `Last Updated,Unique ID,OFSI Group ID,...,Name 6,Name 1,...,Name type,...`; one row per name,
//!   grouped by `Unique ID`.
//! - The former OFSI consolidated list, CSV: `Last Updated,DD/MM/YYYY`, then `Name 6,Name 1,...,
//!   Group Type,Alias Type,...,Regime,Listed On,...,Group ID`; one row per name, grouped by
//!   `Group ID`.

use std::collections::BTreeMap;

use super::{Entry, Format};

/// Most entries in one file (the largest published list has about 20,000).
pub const MAX_ENTRIES: usize = 500_000;
/// Most names of one entry that are kept.
pub const MAX_NAMES_PER_ENTRY: usize = 500;
/// Longest value that is kept of a field (longer values are cut).
pub const MAX_FIELD_CHARS: usize = 1_000;

/// What a file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    /// YYYY-MM-DD, when the file says.
    pub published: Option<String>,
    pub entries: Vec<Entry>,
}

/// A parse failure: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// "line 12", "line 3, column 7", "byte 1024".
    pub place: String,
    pub message: String,
}

impl ParseError {
    fn new(place: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            place: place.into(),
            message: message.into(),
        }
    }
}

fn cut(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > MAX_FIELD_CHARS {
        s.chars().take(MAX_FIELD_CHARS).collect()
    } else {
        s.to_string()
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    let s = cut(s);
    if !s.is_empty() && !v.contains(&s) {
        v.push(s);
    }
}

fn split_multi(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Detects the format of a file from its first bytes and parses it.
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .ok_or_else(|| ParseError::new("byte 0", "the file is empty"))?;
    match bytes[start] {
        b'<' => parse_eu_xml(bytes),
        b'{' | b'[' => parse_csl_json(bytes),
        _ => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                ParseError::new(
                    format!("line {}", line_of(bytes, e.valid_up_to())),
                    "the file is not UTF-8 text",
                )
            })?;
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches('\u{feff}');
            if first.starts_with("_id,")
                || (first.contains("alt_names") && first.contains("source"))
            {
                parse_csl_csv(text)
            } else if first.starts_with("Report Date") {
                parse_uk_csv(text, Format::UkCsv)
            } else if first.starts_with("Last Updated") && !first.contains("Unique ID") {
                parse_uk_csv(text, Format::OfsiCsv)
            } else if first.contains("Unique ID") && first.contains("Name 6") {
                parse_uk_csv(text, Format::UkCsv)
            } else {
                Err(ParseError::new(
                    "line 1",
                    "not a list format dualcheck reads (US Consolidated Screening List CSV or JSON, \
                     EU consolidated financial sanctions XML, UK Sanctions List CSV)",
                ))
            }
        }
    }
}

fn line_of(bytes: &[u8], offset: usize) -> usize {
    bytecount_newlines(&bytes[..offset.min(bytes.len())]) + 1
}

fn bytecount_newlines(bytes: &[u8]) -> usize {
    bytes.split(|&b| b == b'\n').count() - 1
}

fn csv_error(e: &csv::Error, line_offset: u64) -> ParseError {
    let place = e.position().map_or_else(
        || "the end of the file".to_string(),
        |p| format!("line {}", p.line() + line_offset),
    );
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "a row with {len} fields where the header has {expected_len} (a truncated or damaged file?)"
        ),
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8".into(),
        _ => e.to_string(),
    };
    ParseError::new(place, message)
}

/// A CSV reader over text, with named columns.
struct Table<'a> {
    reader: csv::Reader<&'a [u8]>,
    columns: BTreeMap<String, usize>,
    line_offset: u64,
}

impl<'a> Table<'a> {
    fn new(text: &'a str, line_offset: u64, required: &[&str]) -> Result<Self, ParseError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| csv_error(&e, line_offset))?
            .clone();
        let columns: BTreeMap<String, usize> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().trim_start_matches('\u{feff}').to_string(), i))
            .collect();
        for r in required {
            if !columns.contains_key(*r) {
                return Err(ParseError::new(
                    format!("line {}", 1 + line_offset),
                    format!("the header has no `{r}` column"),
                ));
            }
        }
        Ok(Self {
            reader,
            columns,
            line_offset,
        })
    }

    fn rows(
        &mut self,
        mut each: impl FnMut(&Row<'_>, u64) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        let mut record = csv::StringRecord::new();
        let mut n = 0usize;
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {}
                Err(e) => return Err(csv_error(&e, self.line_offset)),
            }
            n += 1;
            if n > MAX_ENTRIES * 4 {
                return Err(ParseError::new(
                    "the whole file",
                    format!("more than {} rows", MAX_ENTRIES * 4),
                ));
            }
            let line = record.position().map_or(0, csv::Position::line) + self.line_offset;
            let row = Row {
                columns: &self.columns,
                record: &record,
            };
            each(&row, line)?;
        }
    }
}

/// One CSV row, read by column name.
struct Row<'r> {
    columns: &'r BTreeMap<String, usize>,
    record: &'r csv::StringRecord,
}

impl<'r> Row<'r> {
    fn get(&self, name: &str) -> &'r str {
        self.columns
            .get(name)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
            .trim()
    }
}

fn csl_kind(t: &str) -> String {
    match t.trim().to_ascii_lowercase().as_str() {
        "" => String::new(),
        "individual" => "individual".into(),
        "entity" => "entity".into(),
        "vessel" => "vessel".into(),
        "aircraft" => "aircraft".into(),
        other => other.chars().take(40).collect(),
    }
}

/// The country at the end of a CSL address ("..., Beijing, CN").
fn address_country(a: &str) -> Option<String> {
    let last = a.rsplit(',').next()?.trim();
    (last.len() == 2 && last.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| last.to_ascii_uppercase())
}

pub fn parse_csl_csv(text: &str) -> Result<Parsed, ParseError> {
    let mut table = Table::new(text, 0, &["name", "source"])?;
    let mut entries = Vec::new();
    table.rows(|row: &Row<'_>, line| {
        let get = |n: &str| row.get(n);
        let name = get("name");
        if name.is_empty() {
            return Err(ParseError::new(
                format!("line {line}"),
                "an entry without a name",
            ));
        }
        let mut e = Entry {
            names: vec![cut(name)],
            kind: csl_kind(get("type")),
            countries: Vec::new(),
            addresses: Vec::new(),
            list: cut(get("source")),
            programmes: Vec::new(),
            dates: Vec::new(),
            reference: String::new(),
        };
        for a in split_multi(get("alt_names")) {
            if e.names.len() < MAX_NAMES_PER_ENTRY {
                push_unique(&mut e.names, a);
            }
        }
        for a in split_multi(get("addresses")) {
            push_unique(&mut e.addresses, a);
            if let Some(c) = address_country(a) {
                push_unique(&mut e.countries, &c);
            }
        }
        for c in split_multi(get("citizenships")).chain(split_multi(get("nationalities"))) {
            push_unique(&mut e.countries, c);
        }
        for p in split_multi(get("programs")) {
            push_unique(&mut e.programmes, p);
        }
        csl_dates(&mut e, get("start_date"), get("end_date"));
        e.reference = csl_reference(get("_id"), get("entity_number"), line);
        entries.push(e);
        if entries.len() > MAX_ENTRIES {
            return Err(ParseError::new(
                format!("line {line}"),
                format!("more than {MAX_ENTRIES} entries"),
            ));
        }
        Ok(())
    })?;
    Ok(Parsed {
        format: Format::CslCsv,
        published: None,
        entries,
    })
}

fn csl_dates(e: &mut Entry, start: &str, end: &str) {
    if !start.is_empty() {
        e.dates.push(format!("listed {}", cut(start)));
    }
    if !end.is_empty() {
        e.dates.push(format!("until {}", cut(end)));
    }
}

fn csl_reference(id: &str, entity_number: &str, line: u64) -> String {
    if !id.is_empty() {
        format!("csl:{}", cut(id))
    } else if !entity_number.is_empty() {
        format!("csl-entity-number:{}", cut(entity_number))
    } else {
        format!("csl-line:{line}")
    }
}

fn json_strings(v: Option<&serde_json::Value>) -> Vec<String> {
    match v {
        Some(serde_json::Value::String(s)) => split_multi(s).map(cut).collect(),
        Some(serde_json::Value::Array(a)) => a
            .iter()
            .filter_map(|x| match x {
                serde_json::Value::String(s) => Some(cut(s)),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect(),
        Some(serde_json::Value::Number(n)) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

fn json_str(v: &serde_json::Value, key: &str) -> String {
    json_strings(v.get(key)).join("; ")
}

pub fn parse_csl_json(bytes: &[u8]) -> Result<Parsed, ParseError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        ParseError::new(
            format!("line {}, column {}", e.line(), e.column()),
            if e.is_eof() {
                "the file ends too early (truncated?)".to_string()
            } else {
                e.to_string()
            },
        )
    })?;
    let results = match &value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("results") {
            Some(serde_json::Value::Array(a)) => a,
            _ => return Err(ParseError::new("the top level", "no `results` array")),
        },
        _ => return Err(ParseError::new("the top level", "not an object")),
    };
    if results.len() > MAX_ENTRIES {
        return Err(ParseError::new(
            "`results`",
            format!("more than {MAX_ENTRIES} entries"),
        ));
    }
    let mut entries = Vec::with_capacity(results.len());
    for (i, r) in results.iter().enumerate() {
        let place = || format!("results[{i}]");
        if !r.is_object() {
            return Err(ParseError::new(place(), "an entry that is not an object"));
        }
        let name = json_str(r, "name");
        if name.is_empty() {
            return Err(ParseError::new(place(), "an entry without a name"));
        }
        let mut e = Entry {
            names: vec![name],
            kind: csl_kind(&json_str(r, "type")),
            countries: Vec::new(),
            addresses: Vec::new(),
            list: json_str(r, "source"),
            programmes: json_strings(r.get("programs")),
            dates: Vec::new(),
            reference: String::new(),
        };
        for a in json_strings(r.get("alt_names")) {
            if e.names.len() < MAX_NAMES_PER_ENTRY {
                push_unique(&mut e.names, &a);
            }
        }
        if let Some(serde_json::Value::Array(addrs)) = r.get("addresses") {
            for a in addrs.iter().take(MAX_NAMES_PER_ENTRY) {
                let parts: Vec<String> = ["address", "city", "state", "postal_code", "country"]
                    .iter()
                    .map(|k| json_str(a, k))
                    .filter(|s| !s.is_empty())
                    .collect();
                push_unique(&mut e.addresses, &parts.join(", "));
                let c = json_str(a, "country");
                if !c.is_empty() {
                    push_unique(&mut e.countries, &c.to_ascii_uppercase());
                }
            }
        }
        for c in json_strings(r.get("citizenships"))
            .into_iter()
            .chain(json_strings(r.get("nationalities")))
        {
            push_unique(&mut e.countries, &c);
        }
        csl_dates(&mut e, &json_str(r, "start_date"), &json_str(r, "end_date"));
        let id = if r.get("id").is_some() {
            json_str(r, "id")
        } else {
            json_str(r, "_id")
        };
        e.reference = csl_reference(&id, &json_str(r, "entity_number"), i as u64);
        entries.push(e);
    }
    let published = value
        .get("sources_used")
        .and_then(serde_json::Value::as_array)
        .and_then(|s| {
            s.iter()
                .filter_map(|x| {
                    x.get("source_last_updated")
                        .and_then(serde_json::Value::as_str)
                })
                .filter_map(iso_date)
                .max()
        });
    Ok(Parsed {
        format: Format::CslJson,
        published,
        entries,
    })
}

/// The date part of an ISO date or time stamp.
fn iso_date(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    let b = d.as_bytes();
    (b[4] == b'-' && b[7] == b'-' && d.chars().filter(char::is_ascii_digit).count() == 8)
        .then(|| d.to_string())
}

/// `03/06/2026` (day first) or `13-Feb-2026` to YYYY-MM-DD.
pub fn uk_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = iso_date(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', ' ']).filter(|p| !p.is_empty()).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let day: u32 = d.parse().ok()?;
    let month: u32 = m.parse().ok().or_else(|| {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let m = m.to_ascii_lowercase();
        MONTHS
            .iter()
            .position(|x| m.starts_with(x))
            .map(|i| i as u32 + 1)
    })?;
    let year: u32 = y.parse().ok()?;
    ((1..=31).contains(&day) && (1..=12).contains(&month) && (1900..=2999).contains(&year))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

pub fn parse_uk_csv(text: &str, format: Format) -> Result<Parsed, ParseError> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first = first.trim().trim_start_matches('\u{feff}');
    let (published, body, offset) = if first.starts_with("Report Date")
        || (first.starts_with("Last Updated,") && format == Format::OfsiCsv)
    {
        let date = first
            .split_once([':', ','])
            .map(|(_, d)| d.trim().trim_matches(',').trim())
            .and_then(uk_date);
        (date, rest, 1)
    } else {
        (None, text, 0)
    };
    let (id_col, type_col, regime_col, listed_col, alias_col, country_col) = match format {
        Format::OfsiCsv => (
            "Group ID",
            "Group Type",
            "Regime",
            "Listed On",
            "Alias Type",
            "Country",
        ),
        _ => (
            "Unique ID",
            "Designation Type",
            "Regime Name",
            "Date Designated",
            "Name type",
            "Address Country",
        ),
    };
    let mut table = Table::new(body, offset, &["Name 6", id_col])?;
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut entries: Vec<Entry> = Vec::new();
    let list = format.title();
    table.rows(|row: &Row<'_>, line| {
        let get = |n: &str| row.get(n);
        let id = get(id_col);
        if id.is_empty() {
            return Err(ParseError::new(
                format!("line {line}"),
                format!("a row without a `{id_col}`"),
            ));
        }
        let name: Vec<&str> = ["Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"]
            .iter()
            .map(|c| get(c))
            .filter(|s| !s.is_empty())
            .collect();
        let name = name.join(" ");
        let non_latin = get(if format == Format::OfsiCsv {
            "Name Non-Latin Script"
        } else {
            "Name non-latin script"
        });
        let i = if let Some(&i) = by_id.get(id) {
            i
        } else {
            {
                if entries.len() >= MAX_ENTRIES {
                    return Err(ParseError::new(
                        format!("line {line}"),
                        format!("more than {MAX_ENTRIES} entries"),
                    ));
                }
                by_id.insert(id.to_string(), entries.len());
                entries.push(Entry {
                    names: Vec::new(),
                    kind: match get(type_col).to_ascii_lowercase().as_str() {
                        "individual" => "individual".into(),
                        "entity" => "entity".into(),
                        "ship" => "vessel".into(),
                        other => other.chars().take(40).collect(),
                    },
                    countries: Vec::new(),
                    addresses: Vec::new(),
                    list: list.to_string(),
                    programmes: Vec::new(),
                    dates: Vec::new(),
                    reference: format!("uk:{}", cut(id)),
                });
                entries.len() - 1
            }
        };
        let e = &mut entries[i];
        if e.names.len() < MAX_NAMES_PER_ENTRY {
            let primary = get(alias_col).to_ascii_lowercase().starts_with("primary");
            if primary && !name.is_empty() && !e.names.contains(&name) {
                e.names.insert(0, cut(&name));
            } else if !name.is_empty() {
                push_unique(&mut e.names, &name);
            }
            push_unique(&mut e.names, non_latin);
        }
        push_unique(&mut e.programmes, get(regime_col));
        let country = get(country_col);
        push_unique(&mut e.countries, country);
        for c in get(if format == Format::OfsiCsv {
            "Nationality"
        } else {
            "Nationality(/ies)"
        })
        .split('|')
        {
            push_unique(&mut e.countries, c);
        }
        let address: Vec<&str> = (1..=6)
            .map(|k| {
                if format == Format::OfsiCsv {
                    get([
                        "Address 1",
                        "Address 2",
                        "Address 3",
                        "Address 4",
                        "Address 5",
                        "Address 6",
                    ][k - 1])
                } else {
                    get([
                        "Address Line 1",
                        "Address Line 2",
                        "Address Line 3",
                        "Address Line 4",
                        "Address Line 5",
                        "Address Line 6",
                    ][k - 1])
                }
            })
            .chain([
                get(if format == Format::OfsiCsv {
                    "Post/Zip Code"
                } else {
                    "Address Postal Code"
                }),
                country,
            ])
            .filter(|s| !s.is_empty())
            .collect();
        if !address.is_empty() {
            push_unique(&mut e.addresses, &address.join(", "));
        }
        let listed = get(listed_col);
        if !listed.is_empty() {
            let d = uk_date(listed).unwrap_or_else(|| cut(listed));
            push_unique(&mut e.dates, &format!("listed {d}"));
        }
        Ok(())
    })?;
    entries.retain(|e| !e.names.is_empty());
    Ok(Parsed {
        format,
        published,
        entries,
    })
}

/// The EU XML namespace as published.
pub const EU_NAMESPACE: &str = "http://eu.europa.ec/fpi/fsd/export";

pub fn parse_eu_xml(bytes: &[u8]) -> Result<Parsed, ParseError> {
    use quick_xml::events::{BytesStart, Event};
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut depth: usize = 0;
    let mut open: Vec<String> = Vec::new();
    let mut published = None;
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut seen_root = false;
    let place = |reader: &quick_xml::Reader<&[u8]>| {
        format!(
            "line {}",
            line_of(
                bytes,
                usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
            )
        )
    };
    let attrs = |e: &BytesStart<'_>| -> Result<BTreeMap<String, String>, String> {
        let mut out = BTreeMap::new();
        for a in e.attributes() {
            let a = a.map_err(|e| e.to_string())?;
            let key = a.key.local_name().into_inner().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?
                .into_owned();
            out.insert(key, value);
        }
        Ok(out)
    };
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| ParseError::new(place(&reader), format!("malformed XML: {e}")))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                let name = open.pop().unwrap_or_default();
                if name == "sanctionEntity"
                    && let Some(e) = current.take()
                    && !e.names.is_empty()
                {
                    if entries.len() >= MAX_ENTRIES {
                        return Err(ParseError::new(
                            place(&reader),
                            format!("more than {MAX_ENTRIES} entries"),
                        ));
                    }
                    entries.push(e);
                }
                buf.clear();
                continue;
            }
            Event::Eof => break,
            _ => (None, false),
        };
        if let Some(e) = start {
            let local = e.local_name().into_inner().to_string();
            let a = attrs(&e).map_err(|m| {
                ParseError::new(place(&reader), format!("malformed XML attribute: {m}"))
            })?;
            if !seen_root {
                seen_root = true;
                if local != "export" {
                    return Err(ParseError::new(
                        place(&reader),
                        format!(
                            "the root element is <{local}>, not the <export> of the EU consolidated financial sanctions list"
                        ),
                    ));
                }
                if let Some(ns) = a.get("xmlns")
                    && ns != EU_NAMESPACE
                {
                    return Err(ParseError::new(
                        place(&reader),
                        format!("unknown namespace {ns}, expected {EU_NAMESPACE}"),
                    ));
                }
                published = a.get("generationDate").and_then(|d| iso_date(d));
            }
            match local.as_str() {
                "sanctionEntity" => {
                    let mut entry = Entry {
                        names: Vec::new(),
                        kind: String::new(),
                        countries: Vec::new(),
                        addresses: Vec::new(),
                        list: "EU consolidated financial sanctions".into(),
                        programmes: Vec::new(),
                        dates: Vec::new(),
                        reference: match (
                            a.get("euReferenceNumber").filter(|s| !s.is_empty()),
                            a.get("logicalId"),
                        ) {
                            (Some(r), _) => format!("eu:{}", cut(r)),
                            (None, Some(l)) => format!("eu-logical-id:{}", cut(l)),
                            (None, None) => format!("eu-{}", place(&reader)),
                        },
                    };
                    if let Some(d) = a.get("designationDate").filter(|s| !s.is_empty()) {
                        entry.dates.push(format!("listed {}", cut(d)));
                    }
                    current = Some(entry);
                }
                "regulation" => {
                    if let Some(c) = current.as_mut() {
                        if let Some(p) = a.get("programme") {
                            push_unique(&mut c.programmes, p);
                        }
                        if let Some(d) = a.get("publicationDate").filter(|s| !s.is_empty()) {
                            let label = format!("regulation of {}", cut(d));
                            if c.dates.len() < 50 {
                                push_unique(&mut c.dates, &label);
                            }
                        }
                    }
                }
                "subjectType" => {
                    if let Some(c) = current.as_mut() {
                        c.kind = match a.get("code").map(|s| s.to_ascii_lowercase()).as_deref() {
                            Some("person") => "individual".into(),
                            Some("enterprise" | "entity") => "entity".into(),
                            Some(other) => other.chars().take(40).collect(),
                            None => String::new(),
                        };
                    }
                }
                "nameAlias" => {
                    if let Some(c) = current.as_mut()
                        && c.names.len() < MAX_NAMES_PER_ENTRY
                        && let Some(n) = a.get("wholeName")
                    {
                        push_unique(&mut c.names, n);
                    }
                }
                "citizenship" => {
                    if let Some(c) = current.as_mut()
                        && let Some(cc) = a
                            .get("countryIso2Code")
                            .filter(|s| !s.is_empty() && s.as_str() != "00")
                    {
                        push_unique(&mut c.countries, cc);
                    }
                }
                "address" => {
                    if let Some(c) = current.as_mut() {
                        let parts: Vec<String> = [
                            "street",
                            "poBox",
                            "city",
                            "zipCode",
                            "region",
                            "place",
                            "countryDescription",
                        ]
                        .iter()
                        .filter_map(|k| a.get(*k))
                        .map(|s| cut(s))
                        .filter(|s| !s.is_empty())
                        .collect();
                        if !parts.is_empty() && c.addresses.len() < MAX_NAMES_PER_ENTRY {
                            push_unique(&mut c.addresses, &parts.join(", "));
                        }
                        if let Some(cc) = a
                            .get("countryIso2Code")
                            .filter(|s| !s.is_empty() && s.as_str() != "00")
                        {
                            push_unique(&mut c.countries, cc);
                        }
                    }
                }
                _ => {}
            }
            if !empty {
                depth += 1;
                if depth > 64 {
                    return Err(ParseError::new(
                        place(&reader),
                        "elements nested more than 64 deep",
                    ));
                }
                open.push(local);
            }
        }
        buf.clear();
    }
    if !seen_root {
        return Err(ParseError::new("the whole file", "no XML element"));
    }
    if let Some(name) = open.last() {
        return Err(ParseError::new(
            "the end of the file",
            format!("the file ends inside <{name}> (truncated?)"),
        ));
    }
    Ok(Parsed {
        format: Format::EuXml,
        published,
        entries,
    })
}
