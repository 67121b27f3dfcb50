//! The contract of the materiality analysis: an unknown called immaterial never hides a more
//! serious hint. Checked exhaustively on small generated packs and by substitution on both shipped
//! packs, plus the behaviour users see (what is at stake, what is not needed).

use dualcheck::answers::Answer;
use dualcheck::assess::{UnknownReason, assess};
use dualcheck::diag::Sources;
use dualcheck::engine::walk;
use dualcheck::materiality::{analyse, rules_tier};
use dualcheck::questionnaire::catalog::Catalog;
use dualcheck::questionnaire::{Kind, OptionIx, Questionnaire, load};
use dualcheck::taxonomy::{FindingCode, Tier};
use proptest::prelude::*;

/// A small deterministic generator, so a failing case is reproducible from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const KINDS: [&str; 4] = ["single", "yes_no", "multiple", "number"];
const TIERS: [&str; 5] = [
    "no-indicator",
    "due-diligence",
    "check-needed",
    "licence-likely",
    "stop",
];

fn option_ids(kind: &str) -> &'static [&'static str] {
    match kind {
        "yes_no" => &["yes", "no"],
        "number" => &[],
        _ => &["a", "b", "c"],
    }
}

/// One random atom over question `j` (of kind `kinds[j]`).
fn atom(rng: &mut Rng, j: usize, kinds: &[&str]) -> String {
    let opts = option_ids(kinds[j]);
    match (kinds[j], rng.below(5)) {
        (_, 0) => format!("not_sure(q{j})"),
        (_, 1) => format!("answered(q{j})"),
        ("number", _) => format!(
            "q{j} {} {}",
            [">=", "<", "==", "!="][rng.below(4)],
            rng.below(11)
        ),
        ("multiple", 2) => format!("q{j} has \"{}\"", opts[rng.below(3)]),
        ("multiple", _) => format!(
            "q{j} has_any [\"{}\", \"{}\"]",
            opts[rng.below(3)],
            opts[rng.below(3)]
        ),
        (_, 2) => format!("q{j} != \"{}\"", opts[rng.below(opts.len())]),
        (_, 3) => format!(
            "q{j} in [\"{}\", \"{}\"]",
            opts[rng.below(opts.len())],
            opts[rng.below(opts.len())]
        ),
        _ => format!("q{j} == \"{}\"", opts[rng.below(opts.len())]),
    }
}

fn condition(rng: &mut Rng, among: usize, kinds: &[&str], depth: usize) -> String {
    if depth == 0 || rng.chance(40) {
        let j = rng.below(among);
        let a = atom(rng, j, kinds);
        return if rng.chance(20) {
            format!("not ({a})")
        } else {
            a
        };
    }
    let op = if rng.chance(50) { "and" } else { "or" };
    format!(
        "({} {op} {})",
        condition(rng, among, kinds, depth - 1),
        condition(rng, among, kinds, depth - 1)
    )
}

/// A random valid pack: 3 to 4 questions of mixed kinds, show-if conditions and forward jumps on
/// earlier answers, a US jurisdiction table, and rules of every tier.
fn generate(seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let n = 3 + rng.below(2);
    let kinds: Vec<&str> = (0..n).map(|_| KINDS[rng.below(4)]).collect();
    let mut o = String::from(
        "[questionnaire]\nid = \"gen\"\ntitle = \"Generated\"\ndescription = \"Generated.\"\nversion = \"1\"\n\
         legal_data_as_of = 2025-11-15\n\n[[reference]]\nid = \"ref\"\ntitle = \"R\"\nissuer = \"I\"\ndate = \"2025\"\n\n\
         [[section]]\nid = \"s\"\ntitle = \"S\"\n",
    );
    for (i, kind) in kinds.iter().enumerate() {
        o.push_str(&format!(
            "\n[[question]]\nid = \"q{i}\"\nsection = \"s\"\ntext = \"Q{i}?\"\nkind = \"{kind}\"\nnot_sure = true\n"
        ));
        match *kind {
            "single" | "multiple" => o.push_str(
                "options = [{ id = \"a\", label = \"A\" }, { id = \"b\", label = \"B\" }, { id = \"c\", label = \"C\" }]\n",
            ),
            "number" => o.push_str("min = 0\nmax = 10\n"),
            _ => {}
        }
        if i > 0 && rng.chance(40) {
            o.push_str(&format!(
                "show_if = '{}'\n",
                condition(&mut rng, i, &kinds, 1)
            ));
        }
        if i + 2 < n && rng.chance(40) {
            o.push_str(&format!(
                "next = [{{ if = '{}', goto = \"q{}\" }}, {{ goto = \"q{}\" }}]\n",
                condition(&mut rng, i + 1, &kinds, 1),
                i + 2,
                i + 1
            ));
        }
    }
    o.push_str(&format!(
        "\n[[jurisdiction]]\nid = \"us\"\napplies = '{}'\n",
        condition(&mut rng, n, &kinds, 1)
    ));
    for r in 0..6 {
        let jurisdiction = if rng.chance(30) { "us" } else { "any" };
        o.push_str(&format!(
            "\n[[rule]]\nid = \"r{r}\"\nwhen = '{}'\nfinding = \"listed-dual-use\"\ntier = \"{}\"\njurisdiction = \"{jurisdiction}\"\n\
             title = \"R{r}\"\nrationale = \"Because.\"\nguidance = [\"Ask.\"]\nreferences = [\"ref\"]\n",
            condition(&mut rng, n, &kinds, 2),
            TIERS[rng.below(5)]
        ));
    }
    o
}

fn load_text(text: String) -> Option<Questionnaire> {
    let mut sources = Sources::default();
    let f = sources.add("gen.toml".to_string(), text);
    load::load(&sources, &[f], "test").questionnaire
}

/// Every answer a question can take, and no answer.
fn domain(q: &Questionnaire, i: usize) -> Vec<Option<Answer>> {
    let question = &q.questions[i];
    let mut out = vec![None];
    if question.not_sure {
        out.push(Some(Answer::NotSure));
    }
    match question.kind {
        Kind::Single | Kind::YesNo => {
            out.extend((0..question.options.len()).map(|o| Some(Answer::Choice(OptionIx(o)))));
        }
        Kind::Multiple => {
            let k = question.options.len();
            for mask in 0..(1u32 << k) {
                out.push(Some(Answer::Choices(
                    (0..k)
                        .filter(|b| mask & (1 << b) != 0)
                        .map(OptionIx)
                        .collect(),
                )));
            }
        }
        Kind::Number => {
            for v in [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 4.5] {
                out.push(Some(Answer::Number(v)));
            }
        }
        Kind::Text => out.push(Some(Answer::Text("x".into()))),
        Kind::Info => {}
    }
    out
}

fn random_answer(rng: &mut Rng, q: &Questionnaire, i: usize) -> Option<Answer> {
    let d = domain(q, i);
    d[rng.below(d.len())].clone()
}

/// Checks every combination of answers to the immaterial unknowns and to every question off the
/// path (which an answer could open). Returns the number of combinations checked.
fn check_exhaustively(q: &Questionnaire, answers: &[Option<Answer>]) -> usize {
    let m = analyse(q, answers);
    let hint = m.hint();
    let on_path = walk(q, answers).on_path;
    let mut free: Vec<usize> = m
        .unknowns
        .iter()
        .filter(|(_, s)| s.is_none())
        .map(|(i, _)| i.get())
        .collect();
    free.extend((0..q.questions.len()).filter(|&i| !on_path[i]));
    let domains: Vec<Vec<Option<Answer>>> = free.iter().map(|&i| domain(q, i)).collect();
    let mut index = vec![0usize; free.len()];
    let mut checked = 0;
    loop {
        let mut trial = answers.to_vec();
        for (k, &i) in free.iter().enumerate() {
            trial[i].clone_from(&domains[k][index[k]]);
        }
        let t = rules_tier(q, &trial);
        assert!(
            t <= hint,
            "hidden hint {t:?} above reported {hint:?}: answers {trial:?}, analysis {m:?}"
        );
        checked += 1;
        // Next combination.
        let mut k = 0;
        loop {
            if k == free.len() {
                return checked;
            }
            index[k] += 1;
            if index[k] < domains[k].len() {
                break;
            }
            index[k] = 0;
            k += 1;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 320, .. ProptestConfig::default() })]

    /// On small generated packs, every combination of answers to the unknowns called immaterial
    /// (and to the questions they could open) gives a hint no more serious than the one reported.
    #[test]
    fn immaterial_unknowns_never_hide_a_more_serious_hint(seed in any::<u64>(), answer_seed in any::<u64>()) {
        let Some(q) = load_text(generate(seed)) else {
            // Rare: a generated condition the validator rejects (e.g. a rule that can never fire
            // is only a warning, but an empty `in` list is not generated). Skip.
            return Ok(());
        };
        let mut rng = Rng(answer_seed | 1);
        let answers: Vec<Option<Answer>> = (0..q.questions.len()).map(|i| random_answer(&mut rng, &q, i)).collect();
        let checked = check_exhaustively(&q, &answers);
        prop_assert!(checked >= 1);
        // The reported example of a material unknown is real.
        let m = analyse(&q, &answers);
        for (i, stake) in &m.unknowns {
            if let Some(s) = stake && let Some(example) = &s.example {
                let mut trial = answers.clone();
                trial[*i] = Some(example.clone());
                for (o, a) in &s.then {
                    trial[*o] = Some(a.clone());
                }
                prop_assert_eq!(rules_tier(&q, &trial), s.could_become);
                prop_assert!(s.could_become > m.base);
            }
        }
    }
}

fn shipped(id: &str) -> Questionnaire {
    Catalog::embedded()
        .load(id)
        .and_then(|l| l.questionnaire)
        .expect("shipped pack loads")
}

/// Candidate answers for a question of a shipped pack: every option, every single option ticked,
/// all ticked, random subsets, and numbers around every threshold.
fn shipped_candidates(rng: &mut Rng, q: &Questionnaire, i: usize) -> Vec<Option<Answer>> {
    let question = &q.questions[i];
    let mut out = Vec::new();
    if question.not_sure {
        out.push(Some(Answer::NotSure));
    }
    match question.kind {
        Kind::Single | Kind::YesNo => {
            out.extend((0..question.options.len()).map(|o| Some(Answer::Choice(OptionIx(o)))));
        }
        Kind::Multiple => {
            let k = question.options.len();
            out.extend((0..k).map(|o| Some(Answer::Choices(vec![OptionIx(o)]))));
            out.push(Some(Answer::Choices((0..k).map(OptionIx).collect())));
            for _ in 0..12 {
                out.push(Some(Answer::Choices(
                    (0..k).filter(|_| rng.chance(35)).map(OptionIx).collect(),
                )));
            }
        }
        Kind::Number => {
            let step = ((question.max - question.min) / 20.0).max(0.5);
            let mut v = question.min;
            while v <= question.max {
                out.push(Some(Answer::Number(v)));
                v += step;
            }
            out.push(Some(Answer::Number(question.max)));
        }
        Kind::Text => out.push(Some(Answer::Text("Example Ltd".into()))),
        Kind::Info => {}
    }
    out
}

fn random_shipped_answers(rng: &mut Rng, q: &Questionnaire) -> Vec<Option<Answer>> {
    (0..q.questions.len())
        .map(|i| {
            if rng.chance(15) {
                return None;
            }
            let c = shipped_candidates(rng, q, i);
            if c.is_empty() {
                None
            } else if q.questions[i].not_sure && rng.chance(20) {
                Some(Answer::NotSure)
            } else {
                c[rng.below(c.len())].clone()
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    /// On both shipped packs with random answers: every substitution of an immaterial unknown
    /// (with the questions it opens answered at random) gives a hint no more serious than the one
    /// reported.
    #[test]
    fn shipped_packs_immaterial_substitutions_are_harmless(seed in any::<u64>()) {
        for id in ["research-self-check", "workshop-quick-scan"] {
            let q = shipped(id);
            let mut rng = Rng(seed | 1);
            let answers = random_shipped_answers(&mut rng, &q);
            let m = analyse(&q, &answers);
            let hint = m.hint();
            let on_path = walk(&q, &answers).on_path;
            for (u, stake) in &m.unknowns {
                if stake.is_some() {
                    continue;
                }
                for c in shipped_candidates(&mut rng, &q, u.get()) {
                    let mut trial = answers.clone();
                    trial[*u] = c;
                    prop_assert!(rules_tier(&q, &trial) <= hint, "{id}: {} raised the hint", q.questions[*u].id);
                    // Answer the questions this opens at random, a few times.
                    for _ in 0..3 {
                        let opened = walk(&q, &trial).on_path;
                        let mut filled = trial.clone();
                        for i in 0..q.questions.len() {
                            if opened[i] && !on_path[i] {
                                let c = shipped_candidates(&mut rng, &q, i);
                                if !c.is_empty() {
                                    filled[i] = c[rng.below(c.len())].clone();
                                }
                            }
                        }
                        prop_assert!(rules_tier(&q, &filled) <= hint, "{id}: {} with opened questions raised the hint", q.questions[*u].id);
                    }
                }
            }
        }
    }
}

fn pack(questions: &str, rules: &str) -> Questionnaire {
    let text = format!(
        "[questionnaire]\nid = \"t\"\ntitle = \"T\"\ndescription = \"T.\"\nversion = \"1\"\nlegal_data_as_of = 2025-11-15\n\n\
         [[reference]]\nid = \"ref\"\ntitle = \"R\"\nissuer = \"I\"\ndate = \"2025\"\n\n[[section]]\nid = \"s\"\ntitle = \"S\"\n{questions}{rules}"
    );
    let mut sources = Sources::default();
    let f = sources.add("t.toml".to_string(), text);
    let loaded = load::load(&sources, &[f], "test");
    loaded
        .questionnaire
        .unwrap_or_else(|| panic!("{}", sources.render_all(&loaded.diagnostics)))
}

const TWO_QUESTIONS: &str = "\n[[question]]\nid = \"dest\"\nsection = \"s\"\nkind = \"single\"\ntext = \"Where does it go?\"\nnot_sure = true\n\
    options = [{ id = \"ally\", label = \"An allied country\" }, { id = \"ru\", label = \"Russia\" }]\n\
    \n[[question]]\nid = \"colour\"\nsection = \"s\"\nkind = \"single\"\ntext = \"Which colour is the logo?\"\nnot_sure = true\n\
    options = [{ id = \"red\", label = \"Red\" }, { id = \"blue\", label = \"Blue\" }]\n";

const STOP_FOR_RUSSIA: &str = "\n[[rule]]\nid = \"russia\"\nwhen = 'dest == \"ru\"'\nfinding = \"sanctions\"\ntier = \"stop\"\njurisdiction = \"any\"\n\
    title = \"Russia sanctions prohibit this\"\nrationale = \"Because.\"\nguidance = [\"Stop.\"]\nreferences = [\"ref\"]\n";

#[test]
fn an_unknown_that_cannot_change_the_hint_raises_nothing() {
    let q = pack(TWO_QUESTIONS, STOP_FOR_RUSSIA);
    let answers = vec![Some(Answer::Choice(OptionIx(0))), Some(Answer::NotSure)];
    let r = assess(&q, &answers, "2026-12-01T00:00:00Z");
    assert_eq!(r.verdict, Tier::NoIndicator);
    assert!(!r.has_finding(FindingCode::InformationMissing));
    assert_eq!(r.unknowns.len(), 1);
    assert!(!r.unknowns[0].material);
    assert_eq!(r.unknowns[0].reason, UnknownReason::NotSure);
    assert!(r.at_a_glance.decisive_question.is_none());
}

#[test]
fn an_unknown_that_could_change_the_hint_names_the_stake() {
    let q = pack(TWO_QUESTIONS, STOP_FOR_RUSSIA);
    let answers = vec![Some(Answer::NotSure), Some(Answer::Choice(OptionIx(1)))];
    let r = assess(&q, &answers, "2026-12-01T00:00:00Z");
    assert_eq!(r.verdict, Tier::CheckNeeded);
    let f = r
        .findings
        .iter()
        .find(|f| f.code == FindingCode::InformationMissing)
        .expect("information-missing finding");
    assert_eq!(f.tier, Tier::CheckNeeded);
    assert_eq!(f.triggered_by[0].question, "dest");
    let u = &r.unknowns[0];
    assert!(u.material);
    assert_eq!(u.could_become, Some(Tier::Stop));
    let example = u.example.as_ref().expect("an example");
    assert_eq!(example.answer.as_deref(), Some("Russia"));
    assert_eq!(example.rule, "russia");
    assert!(example.text.contains("STOP"), "{}", example.text);
    let d = r.at_a_glance.decisive_question.as_ref().expect("decisive");
    assert_eq!(d.question, "dest");
    assert_eq!(d.could_become, Tier::Stop);
}

#[test]
fn an_unknown_whose_worst_case_is_due_diligence_does_not_cry_check() {
    let rule = "\n[[rule]]\nid = \"dd\"\nwhen = 'dest == \"ru\"'\nfinding = \"human-rights-due-diligence\"\ntier = \"due-diligence\"\njurisdiction = \"any\"\n\
        title = \"Due diligence\"\nrationale = \"Because.\"\nguidance = [\"Look.\"]\nreferences = [\"ref\"]\n";
    let q = pack(TWO_QUESTIONS, rule);
    let r = assess(
        &q,
        &[Some(Answer::NotSure), Some(Answer::Choice(OptionIx(0)))],
        "2026-12-01T00:00:00Z",
    );
    assert_eq!(r.verdict, Tier::DueDiligence);
    assert!(r.unknowns[0].material);
}

#[test]
fn unknowns_harmless_alone_but_not_together_are_material() {
    let rule = "\n[[rule]]\nid = \"both\"\nwhen = 'dest == \"ru\" and colour == \"red\"'\nfinding = \"sanctions\"\ntier = \"stop\"\njurisdiction = \"any\"\n\
        title = \"Both\"\nrationale = \"Because.\"\nguidance = [\"Stop.\"]\nreferences = [\"ref\"]\n";
    let q = pack(TWO_QUESTIONS, rule);
    // Each alone: dest unknown with colour blue cannot fire; but both unknown can.
    let r = assess(
        &q,
        &[Some(Answer::NotSure), Some(Answer::NotSure)],
        "2026-12-01T00:00:00Z",
    );
    assert_eq!(r.verdict, Tier::CheckNeeded);
    assert!(r.unknowns.iter().any(|u| u.material));
    check_exhaustively(&q, &[Some(Answer::NotSure), Some(Answer::NotSure)]);
}

#[test]
fn a_jurisdiction_that_an_unknown_could_bring_in_makes_it_material() {
    let questions = "\n[[question]]\nid = \"us_content\"\nsection = \"s\"\nkind = \"yes_no\"\ntext = \"US content?\"\nnot_sure = true\n";
    let rules = "\n[[jurisdiction]]\nid = \"us\"\napplies = 'us_content == \"yes\"'\n\
        \n[[rule]]\nid = \"us-rule\"\nwhen = 'answered(us_content)'\nfinding = \"us-jurisdiction\"\ntier = \"licence-likely\"\njurisdiction = \"us\"\n\
        title = \"US rule\"\nrationale = \"Because.\"\nguidance = [\"Ask.\"]\nreferences = [\"ref\"]\n";
    let q = pack(questions, rules);
    let r = assess(&q, &[Some(Answer::NotSure)], "2026-12-01T00:00:00Z");
    // The US rule does not speak while US content is unknown, but the unknown is material.
    assert!(!r.findings.iter().any(|f| f.rule == "us-rule"));
    assert_eq!(r.unknowns[0].could_become, Some(Tier::LicenceLikely));
    assert_eq!(r.verdict, Tier::CheckNeeded);
    let yes = assess(
        &q,
        &[Some(Answer::Choice(OptionIx(0)))],
        "2026-12-01T00:00:00Z",
    );
    assert_eq!(yes.verdict, Tier::LicenceLikely);
}

#[test]
fn the_analysis_of_the_research_pack_is_linear_in_its_unknowns() {
    // Bounded by counting: the analysis walks the pack twice per unknown and tries at most
    // EXAMPLE_BUDGET concrete answers per material unknown.
    let q = shipped("research-self-check");
    let answers: Vec<Option<Answer>> = q
        .questions
        .iter()
        .map(|x| x.not_sure.then_some(Answer::NotSure))
        .collect();
    let m = analyse(&q, &answers);
    assert!(!m.unknowns.is_empty());
    assert!(m.unknowns.len() <= q.questions.len());
}

#[test]
fn most_generated_packs_load() {
    let loaded = (1..=200u64)
        .filter(|s| load_text(generate(s.wrapping_mul(0x9E37_79B9_7F4A_7C15))).is_some())
        .count();
    assert!(loaded >= 150, "only {loaded} of 200 generated packs load");
}

/// A case found by the property test above: the example given for a material unknown must be
/// one whose hint really is the one announced.
#[test]
fn regression_example_matches_announced_hint() {
    let (seed, answer_seed) = (3_547_464_097_453_551_444_u64, 4_761_896_571_259_505_542_u64);
    let text = generate(seed);
    let q = load_text(text.clone()).expect("generated pack loads");
    let mut rng = Rng(answer_seed | 1);
    let answers: Vec<Option<Answer>> = (0..q.questions.len())
        .map(|i| random_answer(&mut rng, &q, i))
        .collect();
    check_exhaustively(&q, &answers);
    let m = analyse(&q, &answers);
    for (i, stake) in &m.unknowns {
        if let Some(s) = stake
            && let Some(example) = &s.example
        {
            let mut trial = answers.clone();
            trial[*i] = Some(example.clone());
            for (o, a) in &s.then {
                trial[*o] = Some(a.clone());
            }
            assert_eq!(
                rules_tier(&q, &trial),
                s.could_become,
                "{text}\nanswers {answers:?}\nunknown {}, stake {s:?}",
                i.get()
            );
        }
    }
}
