//! The `.stagemap.ron` format: round trips, golden files of each version, and bad files.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

mod support;

use std::path::Path;

use proptest::prelude::*;
use stagemap::format::{self, LoadError};
use stagemap::layout::LayerPreset;
use stagemap::model::{
    Action, ActionId, ActionStatus, AgendaStep, Ballot, Card, CardId, Connector, ConnectorId,
    Criterion, CriterionId, Decisions, Direction, Document, EmotionScale, Focus, IdBlock, Kano,
    Lane, LaneId, LaneKind, MapMeta, Matrix, Participant, ParticipantId, Persona, PersonaId,
    Placement, Presentation, RoundId, Score, Screening, Servqual, Stage, StageId, StageSpan, Step,
    StepId, View, ViewId, Vote, VotingRound,
};

#[test]
fn save_then_load_gives_the_same_document() {
    let mix = std::cell::RefCell::new(support::CaseMix::default());
    support::runner(160)
        .run(&support::edited_map(40), |doc| {
            mix.borrow_mut().count(&doc);
            let text = format::to_string(&doc);
            let loaded = format::parse(&text, Path::new("random.stagemap.ron")).unwrap();
            prop_assert_eq!(&loaded, &doc);
            // Saving again writes the same bytes: files diff cleanly.
            prop_assert_eq!(format::to_string(&loaded), text);
            Ok(())
        })
        .unwrap();
    mix.into_inner().report_and_check("save and load");
}

/// The document `tests/golden/v1/every-field.stagemap.ron` holds: every field set.
fn every_field() -> Document {
    let card = |id: u64, step: u64, lane: u64, title: &str| {
        Card::new(CardId(id), StepId(step), LaneId(lane), title)
    };
    Document {
        meta: MapMeta {
            title: "Golden 金色".into(),
            description: "Every field of format version 1".into(),
            scenario: "A \"quoted\" scenario\nover two lines".into(),
            expectations: "期望".into(),
            language: "zh-CN".into(),
            emotion_scale: EmotionScale {
                min: 1.0,
                max: 5.0,
                neutral: 3.0,
            },
            personas: vec![PersonaId(1)],
        },
        personas: vec![Persona {
            id: PersonaId(1),
            name: "王女士".into(),
            role: "车主".into(),
            goals: "省心".into(),
            needs: "透明".into(),
            quote: "别让我等".into(),
            picture: Some("pictures/wang.png".into()),
        }],
        stages: vec![
            Stage {
                id: StageId(1),
                name: "购车".into(),
                steps: vec![Step {
                    id: StepId(1),
                    name: "试驾".into(),
                }],
            },
            Stage {
                id: StageId(2),
                name: "用车".into(),
                steps: vec![
                    Step {
                        id: StepId(2),
                        name: "充电".into(),
                    },
                    Step {
                        id: StepId(3),
                        name: "保养".into(),
                    },
                ],
            },
        ],
        lanes: vec![
            Lane {
                id: LaneId(1),
                name: "用户行为".into(),
                kind: LaneKind::Customer,
            },
            Lane {
                id: LaneId(2),
                name: "后台".into(),
                kind: LaneKind::Backstage,
            },
        ],
        cards: vec![
            Card {
                detail: "detail, with a comma".into(),
                channel: "App".into(),
                emotion: Some(1.5),
                emotion_to_be: Some(4.0),
                duration_minutes: Some(30),
                wait_minutes: Some(45),
                pain: true,
                fail: true,
                recovery: "call back".into(),
                moment_of_truth: true,
                kano: Some(Kano::MustBe),
                servqual: Some(Servqual::Responsiveness),
                nps: Some(-20.0),
                csat: Some(3.5),
                ces: Some(6.0),
                owner: "售后部".into(),
                tags: vec!["充电".into(), "night".into()],
                colour: Some("#ff8800".into()),
                picture: Some("pictures/charger.jpg".into()),
                persona: Some(PersonaId(1)),
                ..card(1, 2, 1, "找不到充电桩")
            },
            card(2, 3, 2, "排程"),
        ],
        connectors: vec![Connector {
            id: ConnectorId(1),
            from: CardId(1),
            to: CardId(2),
            direction: Direction::TwoWay,
            label: "预约".into(),
        }],
        presentation: Presentation::default(),
        decisions: Decisions::default(),
        id_block: IdBlock::SHARED,
    }
}

/// The document `tests/golden/v2/every-field.stagemap.ron` holds: version 1's
/// and a presentation with every field set.
fn every_field_v2() -> Document {
    let mut doc = every_field();
    doc.meta.description = "Every field of format version 2".into();
    doc.presentation = Presentation {
        views: vec![
            View {
                id: ViewId(1),
                title: "全景 Overview".into(),
                ..View::default()
            },
            View {
                id: ViewId(2),
                title: "用车 · 后台".into(),
                stages: Some(StageSpan {
                    first: StageId(2),
                    last: StageId(2),
                }),
                layers: LayerPreset::UpToBackstage,
                focus: Some(Focus::PainPoints),
                notes: "先讲充电桩\nthen the call-back".into(),
            },
            View {
                id: ViewId(3),
                stages: Some(StageSpan {
                    first: StageId(1),
                    last: StageId(2),
                }),
                layers: LayerPreset::CustomerOnly,
                focus: Some(Focus::Persona(PersonaId(1))),
                ..View::default()
            },
        ],
        agenda: vec![
            AgendaStep {
                name: "范围 Scope".into(),
                minutes: 20,
            },
            AgendaStep {
                name: "前台".into(),
                minutes: 50,
            },
        ],
    };
    doc
}

/// The document `tests/golden/v3/every-field.stagemap.ron` holds: version
/// 2's and the workshop's decisions with every field set.
fn every_field_v3() -> Document {
    let mut doc = every_field_v2();
    doc.meta.description = "Every field of format version 3".into();
    let participant = |id: u64, name: &str, group: &str, colour: u8| Participant {
        id: ParticipantId(id),
        name: name.into(),
        group: group.into(),
        colour,
    };
    let vote = |participant: u64, card: u64| Vote {
        participant: ParticipantId(participant),
        card: CardId(card),
    };
    doc.decisions = Decisions {
        rounds: vec![
            VotingRound {
                id: RoundId(1),
                question: "最该先解决的痛点".into(),
                ballot: Ballot::PainPoints,
                participants: vec![participant(1, "喆", "A组", 0), participant(2, "", "", 1)],
                budget: 3,
                stacking: true,
                votes: vec![vote(1, 1), vote(1, 1), vote(2, 2)],
                closed: Some("2026-12-06T09:30:00Z".parse().unwrap()),
            },
            VotingRound {
                id: RoundId(2),
                question: String::new(),
                ballot: Ballot::Cards(vec![CardId(2)]),
                participants: vec![participant(1, "體", "", 2)],
                budget: 1,
                stacking: false,
                votes: vec![],
                closed: None,
            },
        ],
        matrix: Matrix {
            impact_axis: "影响".into(),
            effort_axis: "Effort".into(),
            quadrants: [
                "速赢".into(),
                String::new(),
                "Fill-ins".into(),
                String::new(),
            ],
            include_pain: true,
            placed: vec![Placement {
                card: CardId(1),
                impact: 0.75,
                effort: 0.25,
            }],
        },
        screening: Screening {
            criteria: vec![
                Criterion {
                    id: CriterionId(1),
                    name: "有效性".into(),
                    weight: 2.0,
                },
                Criterion {
                    id: CriterionId(2),
                    name: "Feasibility".into(),
                    weight: 0.5,
                },
            ],
            scores: vec![Score {
                card: CardId(1),
                criterion: CriterionId(2),
                value: 4,
            }],
        },
        actions: vec![
            Action {
                id: ActionId(1),
                what: "充电桩地图每晚更新".into(),
                owner: "售后部".into(),
                due: Some(jiff::civil::date(2027, 1, 15)),
                status: ActionStatus::Doing,
                cards: vec![CardId(1)],
                steps: vec![StepId(2)],
            },
            Action {
                id: ActionId(2),
                what: "Call back within the hour".into(),
                owner: String::new(),
                due: None,
                status: ActionStatus::ToDo,
                cards: vec![],
                steps: vec![],
            },
        ],
    };
    doc
}

#[test]
fn golden_version_1_file_opens_migrated_and_saves_as_the_current_version() {
    let path = Path::new("tests/golden/v1/every-field.stagemap.ron");
    let doc = format::load(path).unwrap();
    assert_eq!(doc, every_field());
    assert!(doc.presentation.is_empty() && doc.decisions.is_empty());
    let saved = format::to_string(&doc);
    assert!(saved.contains("\n    format_version: 4,\n"), "{saved}");
    // Nothing but the version number changes for a map without a presentation.
    let golden = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        saved,
        golden.replacen("format_version: 1,", "format_version: 4,", 1)
    );
    assert_eq!(format::parse(&saved, path).unwrap(), doc);
}

#[test]
fn golden_version_2_file_opens_migrated_and_saves_as_the_current_version() {
    let path = Path::new("tests/golden/v2/every-field.stagemap.ron");
    let doc = format::load(path).unwrap();
    assert_eq!(doc, every_field_v2());
    assert!(doc.decisions.is_empty());
    // Nothing but the version number changes for a map without decisions.
    let golden = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        format::to_string(&doc),
        golden.replacen("format_version: 2,", "format_version: 4,", 1)
    );
}

#[test]
fn golden_version_3_file_opens() {
    let path = Path::new("tests/golden/v3/every-field.stagemap.ron");
    assert_eq!(format::load(path).unwrap(), every_field_v3());
}

#[test]
fn golden_version_3_file_saves_as_the_current_version_with_nothing_else_changed() {
    let path = Path::new("tests/golden/v3/every-field.stagemap.ron");
    let golden = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        format::to_string(&format::load(path).unwrap()),
        golden.replacen("format_version: 3,", "format_version: 4,", 1)
    );
}

#[test]
fn version_4_is_written_exactly_as_the_golden_file() {
    let golden = std::fs::read_to_string("tests/golden/v4/every-field.stagemap.ron").unwrap();
    assert_eq!(format::to_string(&every_field_v3()), golden);
}

#[test]
fn ids_from_a_live_peers_block_are_kept_as_they_are() {
    // A card added in a live room takes an id from its peer's block, up to 2^53.
    let golden = std::fs::read_to_string("tests/golden/v4/every-field.stagemap.ron").unwrap();
    let big = (1u64 << 53) - 1;
    let text = golden.replacen("id: 1,\n", &format!("id: {big},\n"), 1);
    assert_ne!(text, golden);
    let doc = format::parse(&text, Path::new("live.stagemap.ron")).unwrap();
    let saved = format::to_string(&doc);
    assert!(saved.contains(&format!("id: {big},")), "{saved}");
    assert_eq!(
        format::parse(&saved, Path::new("again.stagemap.ron")).unwrap(),
        doc
    );
}

#[test]
fn a_version_2_file_is_read_with_the_version_2_fields_only() {
    // Decisions typed by hand into a version-2 file are not read (version 2
    // did not know them), and the map still opens.
    let golden = std::fs::read_to_string("tests/golden/v2/every-field.stagemap.ron").unwrap();
    let with_actions = golden.replacen(
        "    document: (",
        "    document: (\n        decisions: (actions: [(id: 1, what: \"x\")]),",
        1,
    );
    assert_ne!(with_actions, golden);
    let doc = format::parse(&with_actions, Path::new("v2.stagemap.ron")).unwrap();
    assert!(doc.decisions.is_empty());
}

#[test]
fn impossible_decisions_are_refused_with_what_and_where() {
    let golden = std::fs::read_to_string("tests/golden/v3/every-field.stagemap.ron").unwrap();
    for (from, to, expected) in [
        (
            "budget: 3,",
            "budget: 0,",
            "voting round 1: each participant needs at least one dot",
        ),
        (
            "value: 4,",
            "value: 7,",
            "card 1 scores 7 on criterion 2; scores go from 1 to 5",
        ),
        (
            "what: \"Call back within the hour\",",
            "what: \"  \",",
            "action 2: an action needs to say what is to be done",
        ),
        (
            "impact: 0.75,",
            "impact: 1.5,",
            "card 1 is placed outside the matrix",
        ),
        (
            "weight: 0.5,",
            "weight: -1.0,",
            "a weight is a number of 0 or more",
        ),
    ] {
        let bad = golden.replacen(from, to, 1);
        assert_ne!(bad, golden, "{from}");
        let error = format::parse(&bad, Path::new("bad.stagemap.ron")).unwrap_err();
        assert!(matches!(error, LoadError::Invalid { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.starts_with("bad.stagemap.ron: "), "{message}");
        assert!(message.contains(expected), "{message}");
    }
    let mut no_one = every_field_v3();
    no_one.decisions.rounds[1].participants.clear();
    let error = format::parse(&format::to_string(&no_one), Path::new("bad.stagemap.ron"));
    let message = error.unwrap_err().to_string();
    assert!(
        message.contains("voting round 2: a round needs at least one participant"),
        "{message}"
    );
    let bad_date = golden.replacen("due: \"2027-01-15\"", "due: \"2027-02-30\"", 1);
    assert_ne!(bad_date, golden);
    let error = format::parse(&bad_date, Path::new("bad.stagemap.ron")).unwrap_err();
    assert!(matches!(error, LoadError::Syntax { .. }), "{error:?}");
}

#[test]
fn a_version_1_file_is_read_with_the_version_1_fields_only() {
    // A version-1 file never held a presentation; one typed into it by hand
    // is not read (version 1 did not know it), and the map still opens.
    let golden = std::fs::read_to_string("tests/golden/v1/every-field.stagemap.ron").unwrap();
    let with_views = golden.replacen(
        "    document: (",
        "    document: (\n        presentation: (views: [(id: 1, title: \"x\")]),",
        1,
    );
    assert_ne!(with_views, golden);
    let doc = format::parse(&with_views, Path::new("v1.stagemap.ron")).unwrap();
    assert!(doc.presentation.is_empty());
}

fn load_error(name: &str) -> LoadError {
    let path = Path::new("tests/bad").join(name);
    let before = std::fs::read(&path).unwrap();
    let error = format::load(&path).unwrap_err();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a bad file must never be changed"
    );
    error
}

#[test]
fn a_newer_version_is_refused_whole() {
    let error = load_error("newer-version.stagemap.ron");
    assert!(
        matches!(error, LoadError::NewerVersion { version: 99, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("newer-version.stagemap.ron"), "{message}");
    assert!(message.contains("Update Stagemap"), "{message}");
}

#[test]
fn a_truncated_file_names_the_line_and_column() {
    let error = load_error("truncated.stagemap.ron");
    let LoadError::Syntax { line, path, .. } = &error else {
        panic!("expected a syntax error, got {error:?}");
    };
    assert!(path.ends_with("truncated.stagemap.ron"));
    assert!(*line > 5, "the error is at the cut, line {line}");
    assert!(error.to_string().contains(&format!(":{line}:")));
}

#[test]
fn a_misspelt_field_value_names_its_place() {
    let error = load_error("bad-value.stagemap.ron");
    let LoadError::Syntax { line, column, .. } = error else {
        panic!("expected a syntax error, got {error:?}");
    };
    // The duration is the text "ten" on line 18 of the file.
    assert_eq!(line, 18);
    assert!(column > 1);
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_place() {
    let error = load_error("latin1.stagemap.ron");
    let message = error.to_string();
    assert!(message.contains("latin1.stagemap.ron:3:"), "{message}");
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn a_file_without_version_is_not_a_map() {
    let error = load_error("no-version.stagemap.ron");
    assert!(matches!(error, LoadError::NotAMap { .. }), "{error:?}");
}

#[test]
fn binary_garbage_is_refused() {
    let error = load_error("garbage.stagemap.ron");
    assert!(!error.to_string().is_empty());
}

#[test]
fn an_unknown_lane_kind_is_kept_and_reported() {
    let path = Path::new("tests/bad/unknown-lane-kind.stagemap.ron");
    let doc = format::load(path).unwrap();
    assert_eq!(doc.lanes[0].kind, LaneKind::Unknown("hologram".into()));
    let problems = stagemap::check::check(&doc);
    assert!(
        problems
            .iter()
            .any(|p| p.is_error() && p.message.contains("hologram"))
    );
    // Saving keeps the word, so nothing is lost.
    assert!(format::to_string(&doc).contains("\"hologram\""));
}

#[test]
fn a_huge_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.stagemap.ron");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(stagemap::limits::MAX_FILE_BYTES + 1).unwrap();
    let error = format::load(&path).unwrap_err();
    assert!(error.to_string().contains("more than"), "{error}");
}

#[test]
fn too_many_cards_are_refused() {
    let mut doc = every_field();
    let template = doc.cards[1].clone();
    doc.cards = (1..=stagemap::limits::MAX_CARDS as u64 + 1)
        .map(|id| Card {
            id: CardId(id),
            ..template.clone()
        })
        .collect();
    doc.connectors.clear();
    let text = format::to_string(&doc);
    let error = format::parse(&text, Path::new("many.stagemap.ron")).unwrap_err();
    assert!(matches!(error, LoadError::TooBig { .. }), "{error:?}");
}

#[test]
fn a_failed_save_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.stagemap.ron");
    format::save(&every_field(), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Saving into a folder that does not exist fails and names the file.
    let missing = dir.path().join("gone").join("map.stagemap.ron");
    let error = format::save(&Document::new("x"), &missing).unwrap_err();
    assert!(error.to_string().contains("map.stagemap.ron"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn a_saved_file_has_normal_permissions_and_an_overwrite_keeps_them() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.stagemap.ron");
    format::save(&every_field(), &path).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o644);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
    format::save(&Document::new("again"), &path).unwrap();
    assert_eq!(mode(&path), 0o664);
}

/// Where a text sits in a document seen as JSON: object keys and list indices.
#[derive(Clone, Debug)]
enum PathStep {
    Key(String),
    Index(usize),
}

/// Every text of `value` with its place, in order.
fn texts_in(value: &serde_json::Value, place: &mut Vec<PathStep>, found: &mut Vec<Vec<PathStep>>) {
    match value {
        serde_json::Value::String(_) => found.push(place.clone()),
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                place.push(PathStep::Index(index));
                texts_in(item, place, found);
                place.pop();
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                place.push(PathStep::Key(key.clone()));
                texts_in(item, place, found);
                place.pop();
            }
        }
        _ => {}
    }
}

fn text_at<'a>(value: &'a mut serde_json::Value, place: &[PathStep]) -> &'a mut serde_json::Value {
    place.iter().fold(value, |value, step| match step {
        PathStep::Key(key) => &mut value[key.as_str()],
        PathStep::Index(index) => &mut value[*index],
    })
}

/// What an error names the field at `place` by: ("owner", "card 1"), ("tag", "card 1"),
/// ("name", "step 2"), ("title", "the map").
fn field_and_owner(doc: &serde_json::Value, place: &[PathStep]) -> (String, String) {
    let key = |step: &PathStep| match step {
        PathStep::Key(key) => key.clone(),
        PathStep::Index(_) => String::new(),
    };
    // The field is the last key; a list of texts (the tags) names one of them.
    let last_key = place.iter().rev().find_map(|step| match step {
        PathStep::Key(key) => Some(key.clone()),
        PathStep::Index(_) => None,
    });
    let field = match last_key.as_deref() {
        Some("tags") => "tag".to_owned(),
        Some(other) => other.to_owned(),
        None => unreachable!("a text outside any field"),
    };
    // The owner is the innermost list entry that holds a field on the way: its kind and id.
    let entry = (0..place.len()).rev().find(|&at| {
        matches!(place[at], PathStep::Index(_))
            && place[at + 1..]
                .iter()
                .any(|step| matches!(step, PathStep::Key(_)))
    });
    let owner = match entry {
        None => "the map".to_owned(),
        Some(at) => {
            let list = key(&place[at - 1]);
            let mut root = doc.clone();
            let id = text_at(&mut root, &place[..=at])["id"].clone();
            let kind = list.strip_suffix('s').unwrap_or(&list).to_owned();
            format!("{kind} {id}")
        }
    };
    (field, owner)
}

#[test]
fn every_text_field_is_held_to_the_text_limit() {
    use stagemap::limits::MAX_TEXT_CHARS;

    let doc = serde_json::to_value(every_field()).unwrap();
    let mut places = Vec::new();
    texts_in(&doc, &mut Vec::new(), &mut places);
    let mut checked = std::collections::BTreeSet::new();
    let mut not_text = std::collections::BTreeSet::new();
    for place in &places {
        let (field, owner) = field_and_owner(&doc, place);
        let with_text = |text: String| {
            let mut changed = doc.clone();
            *text_at(&mut changed, place) = serde_json::Value::String(text);
            serde_json::from_value::<Document>(changed)
        };
        // The fixed words of a field (a KANO category …) take no other text.
        let Ok(at_limit) = with_text("旅".repeat(MAX_TEXT_CHARS)) else {
            not_text.insert(field);
            continue;
        };
        let file = format::to_string(&at_limit);
        let loaded = format::parse(&file, Path::new("at-limit.stagemap.ron"));
        assert_eq!(
            loaded.as_ref().ok(),
            Some(&at_limit),
            "the {field} of {owner} at the limit was refused: {loaded:?}"
        );

        let past_limit = with_text("a".repeat(MAX_TEXT_CHARS + 1)).unwrap();
        let file = format::to_string(&past_limit);
        let Err(error) = format::parse(&file, Path::new("past-limit.stagemap.ron")) else {
            panic!("the {field} of {owner} past the limit was accepted");
        };
        assert!(matches!(error, LoadError::TooBig { .. }), "{error}");
        let expected = format!(
            "past-limit.stagemap.ron: the {field} of {owner} has {} characters; the limit is \
             {MAX_TEXT_CHARS}",
            MAX_TEXT_CHARS + 1
        );
        assert_eq!(error.to_string(), expected);
        checked.insert(format!("{}: {field}", owner.split(' ').next().unwrap()));
    }
    let checked: Vec<_> = checked.iter().map(String::as_str).collect();
    assert_eq!(
        checked,
        [
            "card: channel",
            "card: colour",
            "card: detail",
            "card: owner",
            "card: picture",
            "card: recovery",
            "card: tag",
            "card: title",
            "connector: label",
            "lane: kind",
            "lane: name",
            "persona: goals",
            "persona: name",
            "persona: needs",
            "persona: picture",
            "persona: quote",
            "persona: role",
            "stage: name",
            "step: name",
            "the: description",
            "the: expectations",
            "the: language",
            "the: scenario",
            "the: title",
        ],
        "the fixture sets every text field"
    );
    let not_text: Vec<_> = not_text.iter().map(String::as_str).collect();
    assert_eq!(not_text, ["direction", "kano", "servqual"]);
}
