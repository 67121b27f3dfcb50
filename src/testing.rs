//! Generated questionnaires for benchmarks and scale tests. Not part of the product's behaviour.

use std::fmt::Write as _;

/// A valid questionnaire with `n` questions and about `n` rules, as TOML: sections of 20
/// questions, a mix of kinds, `show_if` conditions on earlier answers, forward jumps, and rules
/// that combine two questions of the same section.
pub fn generate_questionnaire(n: usize) -> String {
    let n = n.max(2);
    let mut o = String::with_capacity(n * 400);
    o.push_str(
        "[questionnaire]\nid = \"generated\"\ntitle = \"Generated\"\ndescription = \"Generated for benchmarks.\"\n\
         version = \"1\"\nlegal_data_as_of = 2025-11-15\n\n[[reference]]\nid = \"ref\"\ntitle = \"R\"\nissuer = \"I\"\ndate = \"2025\"\nurl = \"https://example.org/ref\"\n\n\
         [[term]]\nid = \"term\"\nterm = \"term\"\ndefinition = \"A term.\"\n",
    );
    for s in 0..n.div_ceil(20) {
        let _ = write!(o, "\n[[section]]\nid = \"s{s}\"\ntitle = \"Section {s}\"\n");
    }
    for i in 0..n {
        let s = i / 20;
        let _ = write!(
            o,
            "\n[[question]]\nid = \"q{i}\"\nsection = \"s{s}\"\ntext = \"Question {i}?\"\nhelp = \"Why {i}.\"\nterms = [\"term\"]\n"
        );
        match i % 4 {
            0 => o.push_str("kind = \"single\"\noptions = [{ id = \"a\", label = \"A\" }, { id = \"b\", label = \"B\" }, { id = \"c\", label = \"C\" }]\nnot_sure = true\n"),
            1 => o.push_str("kind = \"multiple\"\noptions = [{ id = \"x\", label = \"X\" }, { id = \"y\", label = \"Y\" }]\n"),
            2 => o.push_str("kind = \"yes_no\"\nnot_sure = true\n"),
            _ => o.push_str("kind = \"number\"\nmin = 0\nmax = 100\n"),
        }
        // Questions 2 and 3 of every block of four depend on the block's first answer.
        if i % 4 == 2 && i >= 2 {
            let _ = writeln!(o, "show_if = 'q{} in [\"a\", \"b\"]'", i - 2);
        }
        // Every 20th question may jump forward over the next one.
        if i % 20 == 0 && i + 2 < n {
            let _ = writeln!(
                o,
                "next = [{{ if = 'q{i} == \"c\"', goto = \"q{}\" }}, {{ goto = \"q{}\" }}]",
                i + 2,
                i + 1
            );
        }
    }
    for i in (0..n).step_by(4) {
        if i + 3 < n {
            let _ = write!(
                o,
                "\n[[rule]]\nid = \"r{i}\"\nwhen = 'q{i} == \"a\" and (q{} has \"x\" or q{} >= 50)'\nfinding = \"listed-dual-use\"\ntier = \"check-needed\"\njurisdiction = \"any\"\n\
                 title = \"Rule {i}\"\nrationale = \"Because.\"\nguidance = [\"Ask.\"]\nreferences = [\"ref Art. 1\"]\n",
                i + 1,
                i + 3
            );
            let _ = write!(
                o,
                "\n[[rule]]\nid = \"r{i}b\"\nwhen = 'q{} == \"yes\" or not_sure(q{i})'\nfinding = \"human-rights-due-diligence\"\ntier = \"due-diligence\"\njurisdiction = \"any\"\n\
                 title = \"Rule {i}b\"\nrationale = \"Because.\"\nguidance = [\"Ask.\"]\nreferences = [\"ref Art. 1\"]\n",
                i + 2
            );
        }
    }
    o
}

/// The same questionnaire split into files of at most `per_file` questions or rules (a pack), so that no
/// file exceeds the size limit.
pub fn generate_pack(n: usize, per_file: usize) -> Vec<String> {
    let text = generate_questionnaire(n);
    let mut files = Vec::new();
    let mut current = String::new();
    let mut count = 0;
    for block in text.split_inclusive("\n\n") {
        if block.starts_with("[[question]]") || block.starts_with("[[rule]]") {
            count += 1;
            if count > per_file && !current.is_empty() {
                files.push(std::mem::take(&mut current));
                count = 1;
            }
        }
        current.push_str(block);
    }
    files.push(current);
    files
}

/// An answers file for [`generate_questionnaire`]: every question answered.
pub fn generate_answers(n: usize) -> String {
    let mut o = String::from("questionnaire = \"generated\"\n\n[answers]\n");
    for i in 0..n.max(2) {
        let v = match i % 4 {
            0 => "\"a\"".to_string(),
            1 => "[\"x\"]".to_string(),
            2 => "\"yes\"".to_string(),
            _ => format!("{}", i % 100),
        };
        let _ = writeln!(o, "q{i} = {v}");
    }
    o
}

/// One step of a save, for [`FaultyFs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveStep {
    /// Writing the bytes into the temporary file.
    Write,
    /// `fsync` of the temporary file.
    Sync,
    /// Putting the temporary file in place (rename, or link for a new session).
    Rename,
}

/// File operations that fail one step of the saves numbered `from..to` (1-based, counting calls
/// of that step), as a full disk or a failing device would: for the injected-I/O-error tests.
#[derive(Debug)]
pub struct FaultyFs {
    pub step: SaveStep,
    pub from: usize,
    pub to: usize,
    calls: std::sync::atomic::AtomicUsize,
    failed: std::sync::atomic::AtomicUsize,
}

impl FaultyFs {
    pub fn new(step: SaveStep, from: usize, to: usize) -> Self {
        Self {
            step,
            from,
            to,
            calls: std::sync::atomic::AtomicUsize::new(0),
            failed: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// How many calls of the step were made.
    pub fn calls(&self) -> usize {
        self.calls.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// How many calls were made to fail.
    pub fn failures(&self) -> usize {
        self.failed.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn check(&self, step: SaveStep) -> std::io::Result<()> {
        if step != self.step {
            return Ok(());
        }
        let n = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        if (self.from..self.to).contains(&n) {
            self.failed
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                format!("injected failure of {step:?} number {n}: no space left on device"),
            ));
        }
        Ok(())
    }
}

impl crate::session::FileOps for FaultyFs {
    fn write(&self, file: &mut std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
        self.check(SaveStep::Write)?;
        std::io::Write::write_all(file, bytes)
    }
    fn sync(&self, file: &std::fs::File) -> std::io::Result<()> {
        self.check(SaveStep::Sync)?;
        file.sync_all()
    }
    fn rename(&self, from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
        self.check(SaveStep::Rename)?;
        std::fs::rename(from, to)
    }
    fn link(&self, from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
        self.check(SaveStep::Rename)?;
        std::fs::hard_link(from, to)
    }
}

/// A question for unit tests of the front-ends: `options` become option ids (labels
/// "Label <id>"), range 0 to 100, required, text answers at most 10 characters.
pub fn question(
    kind: crate::questionnaire::Kind,
    options: &[&str],
    not_sure: bool,
) -> crate::questionnaire::Question {
    crate::questionnaire::Question {
        id: "q".into(),
        section: crate::questionnaire::SectionIx(0),
        kind,
        text: "Q?".into(),
        help: None,
        examples: Vec::new(),
        options: options
            .iter()
            .map(|o| crate::questionnaire::model::AnswerOption {
                id: (*o).into(),
                label: format!("Label {o}"),
                help: None,
                exclusive: false,
            })
            .collect(),
        not_sure,
        required: true,
        terms: Vec::new(),
        show_if: None,
        next: Vec::new(),
        min: 0.0,
        max: 100.0,
        integer: false,
        unit: None,
        max_length: 10,
        uncertainty_tier: None,
    }
}
