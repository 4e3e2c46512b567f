//! The workshop's decisions on the command line, run as a program: `stats`
//! with votes, matrix, screening and actions; `check` warning of what names
//! deleted cards or breaks a round's rules, and refusing impossible values;
//! `export --actions` and `--results`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

#[path = "support/examples.rs"]
mod examples;

#[path = "support/decided.rs"]
mod decided;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use decided::{CHARGING, CLOSED, DELIVERY, PICKUP, TRADE_IN, UPDATES};
use stagemap::edit::{Session, ops};
use stagemap::format;
use stagemap::model::{CardId, Document, ParticipantId, Placement, StepId, Vote};

fn stagemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .args(args)
        .output()
        .expect("the program runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `doc` saved as `name` in `dir`.
fn saved(dir: &Path, name: &str, doc: &Document) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format::to_string(doc)).unwrap();
    path
}

#[test]
fn stats_json_holds_the_votes_matrix_screening_and_actions() {
    let dir = tempfile::tempdir().unwrap();
    let map = saved(
        dir.path(),
        "decided.stagemap.ron",
        &decided::decided(examples::ev_owner()),
    );
    let output = stagemap(&["stats", "--json", map.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let first = &json["votes"][0];
    assert_eq!(first["question"], "最该先落地的机会点");
    assert_eq!(first["budget"], 3);
    assert_eq!(first["closed"], CLOSED);
    assert_eq!(first["participants"][2]["name"], "王芳");
    assert_eq!(first["participants"][2]["group"], "产品组");
    let ranked: Vec<(u64, u64, u64)> = first["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["card"].as_u64().unwrap(),
                r["rank"].as_u64().unwrap(),
                r["dots"].as_u64().unwrap(),
            )
        })
        .collect();
    let id = |card: CardId| card.0;
    assert_eq!(
        ranked,
        [
            (id(CHARGING), 1, 3),
            (id(DELIVERY), 2, 2),
            (id(PICKUP), 2, 2),
            (id(UPDATES), 4, 1),
            (id(TRADE_IN), 4, 1)
        ]
    );
    assert_eq!(first["ranking"][0]["title"], "桩位预约与占位提醒");
    assert_eq!(
        first["ranking"][0]["by_group"],
        serde_json::json!([{"group": "售后组", "dots": 2}, {"group": "产品组", "dots": 1}])
    );
    // The open round: no time, its counts hidden.
    assert_eq!(json["votes"][1]["closed"], serde_json::Value::Null);
    assert_eq!(json["votes"][1]["ranking"], serde_json::Value::Null);
    let items = json["matrix"]["items"].as_array().unwrap();
    let placed: Vec<_> = items.iter().filter(|i| i["placed"] == true).collect();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0]["card"], id(CHARGING));
    assert_eq!(placed[0]["impact"], 0.9);
    assert_eq!(placed[0]["quadrant"], "quick-wins");
    assert_eq!(json["matrix"]["impact_axis"], "Impact");
    let screening = &json["screening"];
    assert_eq!(screening["criteria"][2]["name"], "客户价值");
    assert_eq!(screening["criteria"][2]["weight"], 1.5);
    let totals: Vec<(u64, f64, u64)> = screening["rows"]
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|r| {
            (
                r["card"].as_u64().unwrap(),
                r["total"].as_f64().unwrap(),
                r["rank"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            (id(CHARGING), 20.0, 1),
            (id(DELIVERY), 17.5, 2),
            (id(PICKUP), 15.5, 3)
        ]
    );
    assert_eq!(screening["rows"][0]["scores"], serde_json::json!([5, 4, 4]));
    let action = &json["actions"][0];
    assert_eq!(action["what"], "上线桩位预约功能");
    assert_eq!(action["owner"], "充电运营部");
    assert_eq!(action["due"], "2026-06-30");
    assert_eq!(action["status"], "doing");
    assert_eq!(action["cards"][0]["name"], "桩位预约与占位提醒");
    assert_eq!(action["steps"][0]["name"], "寻找充电");
    assert_eq!(json["actions"][1]["due"], serde_json::Value::Null);
    assert_eq!(json["actions"][1]["status"], "to-do");

    let plain = stagemap(&["stats", map.to_str().unwrap()]);
    let plain = text(&plain.stdout);
    for line in [
        "  round 1 最该先落地的机会点: 3 participants, 3 dots each, closed; first: 桩位预约与占位提醒 (3 dots)",
        "  round 2 第二轮：痛点: 2 participants, 4 dots each, open (votes hidden)",
        "  matrix: 1 placed, 4 waiting",
        "  screening: 3 criteria; first: 桩位预约与占位提醒 (20)",
        "  actions: 2 (1 to do, 1 doing, 0 done)",
    ] {
        assert!(plain.lines().any(|l| l == line), "no «{line}» in\n{plain}");
    }
}

#[test]
fn check_warns_of_each_decision_that_lost_its_card_or_breaks_its_round() {
    let mut session = Session::opened(decided::decided(examples::ev_owner()));
    // Deleted after the vote: 17 (2 dots, scored, an action's card), 34 and 67 (a dot each).
    session
        .run(|doc| ops::delete_cards(doc, &[DELIVERY, UPDATES, TRADE_IN]))
        .unwrap();
    let mut doc = session.doc().clone();
    let round = &mut doc.decisions.rounds[0];
    // 王芳 adds a fourth dot, a second one on 上门取送车.
    round.votes.push(Vote {
        participant: ParticipantId(3),
        card: PICKUP,
    });
    doc.decisions.matrix.placed.push(Placement {
        card: CardId(999),
        impact: 0.3,
        effort: 0.3,
    });
    doc.decisions.actions[0].steps.push(StepId(99));
    let dir = tempfile::tempdir().unwrap();
    let map = saved(dir.path(), "after.stagemap.ron", &doc);
    let output = stagemap(&["check", map.to_str().unwrap()]);
    let out = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{out}{}",
        text(&output.stderr)
    );
    let name = map.display().to_string();
    for warning in [
        "voting round 1 \"最该先落地的机会点\" has 2 dot(s) on card 17, which the map no longer has",
        "voting round 1 \"最该先落地的机会点\" has 1 dot(s) on card 34, which the map no longer has",
        "voting round 1 \"最该先落地的机会点\" has 1 dot(s) on card 67, which the map no longer has",
        "voting round 1 \"最该先落地的机会点\": participant 3 \"王芳\" placed 4 dots, over the round's budget of 3",
        "voting round 1 \"最该先落地的机会点\": participant 3 \"王芳\" put 2 dots on card 56 \"上门取送车覆盖全部门店\", but the round allows one dot per card and person",
        "voting round 1 \"最该先落地的机会点\" gives each participant 3 dots, but its ballot now offers only 2 card(s)",
        "the impact/effort matrix places card 999, which the map no longer has",
        "concept screening scores card 17, which the map no longer has",
        "action 1 \"上线桩位预约功能\" improves step 99, which the map no longer has",
        "action 2 \"App 实时展示交付进度\" improves card 17, which the map no longer has",
    ] {
        assert!(
            out.contains(&format!("{name}: warning: {warning}")),
            "no «{warning}» in\n{out}"
        );
    }
    assert!(out.contains(&format!("{name}: ok (10 warnings)")), "{out}");
}

#[test]
fn check_refuses_impossible_decisions_with_the_loader_s_message_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let decided = decided::decided(examples::ev_owner());
    let mut bad_score = decided.clone();
    bad_score.decisions.screening.scores[0].value = 7;
    let mut no_dots = decided.clone();
    no_dots.decisions.rounds[0].budget = 0;
    let mut empty_action = decided;
    empty_action.decisions.actions[1].what = " ".into();
    for (doc, message) in [
        (
            bad_score,
            "card 29 scores 7 on criterion 1; scores go from 1 to 5",
        ),
        (
            no_dots,
            "voting round 1: each participant needs at least one dot",
        ),
        (
            empty_action,
            "action 2: an action needs to say what is to be done",
        ),
    ] {
        let map = saved(dir.path(), "bad.stagemap.ron", &doc);
        let output = stagemap(&["check", map.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{message}");
        let error = text(&output.stderr);
        assert!(error.contains(message), "no «{message}» in {error}");
    }
    let text_map = format::to_string(&decided::decided(examples::ev_owner()));
    let bad_date = text_map.replace("due: \"2026-06-30\"", "due: \"2026-02-30\"");
    assert!(
        bad_date != text_map,
        "the action's due date is written as expected"
    );
    let map = dir.path().join("date.stagemap.ron");
    std::fs::write(&map, bad_date).unwrap();
    let output = stagemap(&["check", map.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with("error: "),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn export_writes_the_action_plan_and_the_results_pages_and_refuses_the_wrong_output() {
    let dir = tempfile::tempdir().unwrap();
    let map = saved(
        dir.path(),
        "decided.stagemap.ron",
        &decided::decided(examples::ev_owner()),
    );
    let map = map.to_str().unwrap();
    let csv = dir.path().join("actions.csv");
    let output = stagemap(&[
        "export",
        map,
        "-o",
        csv.to_str().unwrap(),
        "--actions",
        "--lang",
        "zh-CN",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with("\u{feff}行动,负责人,截止日期,状态,相关卡片,相关步骤\r\n".as_bytes())
    );
    assert_eq!(text(&bytes).lines().count(), 3);
    let pdf = dir.path().join("map.pdf");
    let output = stagemap(&["export", map, "-o", pdf.to_str().unwrap(), "--results"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    for (args, says) in [
        (vec!["--results"], "the results pages end a PDF"),
        (vec!["--actions"], "the action plan is written as CSV"),
    ] {
        let svg = dir.path().join("map.svg");
        let mut all = vec!["export", map, "-o", svg.to_str().unwrap()];
        all.extend(args);
        let output = stagemap(&all);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            text(&output.stderr).contains(says),
            "{}",
            text(&output.stderr)
        );
        assert!(!svg.exists());
    }
}
