//! The `stagemap` command line, run as a program.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::path::Path;
use std::process::{Command, Output};

#[path = "support/examples.rs"]
mod examples;
use examples::example_maps;

fn stagemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .args(args)
        .output()
        .expect("the program runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_explains_each_command() {
    let output = stagemap(&["--help"]);
    assert!(output.status.success());
    let help = stdout(&output);
    for command in ["check", "stats", "import", "export"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn every_example_passes_check() {
    let maps = example_maps();
    assert!(maps.len() >= 4, "{maps:?}");
    let mut args = vec!["check"];
    args.extend(maps.iter().map(|map| map.to_str().unwrap()));
    let output = stagemap(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );
    assert_eq!(stdout(&output).matches(": ok").count(), maps.len());
}

#[test]
fn check_lists_each_problem_and_exits_1() {
    let output = stagemap(&["check", "tests/bad/dangling.stagemap.ron"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert!(
        report.contains("connector 1 points to card 9, which does not exist"),
        "{report}"
    );
    assert!(
        report.contains("card 2 \"Lost card\" sits in step 7, which does not exist"),
        "{report}"
    );
    assert!(
        report.contains("warning: lane \"Support\" sits above lane \"Front desk\""),
        "{report}"
    );
    assert!(report.contains("2 error(s), 1 warning(s)"), "{report}");
}

#[test]
fn check_exits_2_when_a_file_cannot_be_read_and_still_checks_the_others() {
    let output = stagemap(&[
        "check",
        "tests/bad/truncated.stagemap.ron",
        "tests/bad/dangling.stagemap.ron",
        "no/such/file.stagemap.ron",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(errors.contains("truncated.stagemap.ron:75:"), "{errors}");
    assert!(errors.contains("no/such/file.stagemap.ron"), "{errors}");
    assert!(stdout(&output).contains("dangling.stagemap.ron: 2 error(s)"));
}

#[test]
fn stats_json_has_the_documented_keys() {
    let output = stagemap(&["stats", "--json", "examples/hotel-stay.stagemap.ron"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    for key in [
        "stages",
        "steps",
        "lanes",
        "cards",
        "connectors",
        "pain_points",
        "fail_points",
        "wait_points",
        "moments_of_truth",
        "personas",
    ] {
        assert!(json[key].is_u64(), "{key} in {json}");
    }
    for key in ["min", "max", "lowest"] {
        assert!(json["emotion"].get(key).is_some(), "emotion.{key}");
    }
    assert!(json["flow"]["elapsed_minutes"].is_u64());
    assert!(json["flow"]["loops"].is_u64());
}

#[test]
fn stats_of_a_missing_file_exits_2() {
    let output = stagemap(&["stats", "missing.stagemap.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("missing.stagemap.ron"));
}

#[test]
fn export_refuses_to_overwrite_its_input_and_unknown_formats() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("hotel.stagemap.ron");
    std::fs::copy("examples/hotel-stay.stagemap.ron", &map).unwrap();
    let before = std::fs::read(&map).unwrap();
    let map_arg = map.to_str().unwrap();

    let output = stagemap(&["export", map_arg, "-o", map_arg]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("the output is the input file"));

    let output = stagemap(&[
        "export",
        map_arg,
        "-o",
        dir.path().join("x.docx").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(".docx"));
    assert_eq!(std::fs::read(&map).unwrap(), before);
    assert!(!Path::new(&dir.path().join("x.docx")).exists());
}

#[cfg(not(feature = "gui"))]
#[test]
fn without_the_gui_the_program_says_so() {
    let output = stagemap(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no editor window"));
}

#[test]
fn stats_json_on_the_chinese_example_reports_its_figures() {
    // Worked out by hand from the map: 12 pain points, the 质检 ⇄ 返修 rework loop, and the
    // critical path 2 → 7 → 12 → 19 → 23 → 31 → 36 → 38 → 39 → {43, 44} → 49 → 47 → 52 → 58
    // → 60 → 63 → 65 → 66, whose duration plus wait is 885 minutes, 90 of them waiting
    // (cards 7, 23 and 36). The customer's 150-minute wait at the shop (card 41) runs in
    // parallel with the back-stage repair and is not on the path.
    let output = stagemap(&["stats", "--json", "examples/ev-owner-journey.stagemap.ron"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["stages"], 4);
    assert_eq!(json["steps"], 12);
    assert_eq!(json["lanes"], 8);
    assert_eq!(json["cards"], 67);
    assert_eq!(json["connectors"], 42);
    assert_eq!(json["pain_points"], 12);
    assert_eq!(json["fail_points"], 4);
    assert_eq!(json["wait_points"], 4);
    assert_eq!(json["moments_of_truth"], 4);
    assert_eq!(json["personas"], 1);
    assert_eq!(json["emotion"]["min"], -2.0);
    assert_eq!(json["emotion"]["max"], 2.0);
    assert_eq!(json["emotion"]["lowest"], "在门店等待检修");
    assert_eq!(json["flow"]["elapsed_minutes"], 885);
    assert_eq!(json["flow"]["waiting_minutes"], 90);
    assert_eq!(json["flow"]["loops"], 1);
    let path: Vec<u64> = json["flow"]["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| id.as_u64().unwrap())
        .collect();
    assert_eq!(
        path,
        [
            2, 7, 12, 19, 23, 31, 36, 38, 39, 43, 44, 49, 47, 52, 58, 60, 63, 65, 66
        ]
    );
}

#[test]
fn stats_text_reads_well() {
    let output = stagemap(&["stats", "examples/hotel-stay.stagemap.ron"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.starts_with("Overnight hotel stay\n"), "{text}");
    assert!(
        text.contains("elapsed           9 h 47 min (15 min waiting, 3%)"),
        "{text}"
    );
    assert!(
        text.contains("lowest emotion    -1 (Check in at the desk)"),
        "{text}"
    );
}

#[test]
fn import_then_export_then_import_gives_the_same_map() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.stagemap.ron");
    let csv = dir.path().join("exported.csv");
    let second = dir.path().join("second.stagemap.ron");
    let arg = |path: &Path| path.to_str().unwrap().to_owned();

    let output = stagemap(&["import", "tests/csv/sample-zh.csv", "-o", &arg(&first)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = stagemap(&["check", &arg(&first)]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let output = stagemap(&["export", &arg(&first), "-o", &arg(&csv)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let exported = std::fs::read_to_string(&csv).unwrap();
    assert!(
        exported.starts_with('\u{feff}'),
        "spreadsheets need the byte-order mark"
    );
    assert!(exported.contains("查找充电桩"));

    let output = stagemap(&["import", &arg(&csv), "-o", &arg(&second)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let first = stagemap::format::load(&first).unwrap();
    let mut second = stagemap::format::load(&second).unwrap();
    // The title comes from the file name; everything else must be equal.
    assert_eq!(second.meta.title, "exported");
    second.meta.title = first.meta.title.clone();
    assert_eq!(first, second);
}

#[test]
fn a_bad_csv_names_the_line_and_exits_2_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("journey.csv");
    std::fs::write(
        &csv,
        "stage,lane,title,kano\n购车,顾客,试驾,\n购车,顾客,签约,很好\n",
    )
    .unwrap();
    let out = dir.path().join("journey.stagemap.ron");
    let output = stagemap(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("journey.csv:3"), "{message}");
    assert!(message.contains("很好"), "{message}");
    assert!(!out.exists());
}

#[test]
fn stats_per_stage_agrees_with_the_insights() {
    let path = "examples/ev-owner-journey.stagemap.ron";
    let output = stagemap(&["stats", "--json", path]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let insights =
        stagemap::insights::Insights::of(&stagemap::format::load(Path::new(path)).unwrap());

    let per_stage = json["per_stage"].as_array().unwrap();
    assert_eq!(per_stage.len(), insights.stages.len());
    for (row, stage) in per_stage.iter().zip(&insights.stages) {
        assert_eq!(row["id"], stage.stage.0);
        assert_eq!(row["stage"], stage.name.as_str());
        assert_eq!(row["cards"], stage.cards);
        assert_eq!(row["pain_points"], stage.pain_points);
        assert_eq!(row["fail_points"], stage.fail_points);
        assert_eq!(row["wait_points"], stage.wait_points);
        assert_eq!(row["moments_of_truth"], stage.moments_of_truth);
        assert_eq!(row["emotion_average"].as_f64(), stage.emotion_average);
        assert_eq!(row["nps_average"].as_f64(), stage.nps_average);
        assert_eq!(row["csat_average"].as_f64(), stage.csat_average);
        assert_eq!(row["ces_average"].as_f64(), stage.ces_average);
    }
    let pain_total: u64 = per_stage
        .iter()
        .map(|row| row["pain_points"].as_u64().unwrap())
        .sum();
    assert_eq!(pain_total, json["pain_points"].as_u64().unwrap());
    assert_eq!(insights.pain_points.len() as u64, pain_total);
    let critical: Vec<u64> = insights.flow.critical_path.iter().map(|id| id.0).collect();
    let critical_json: Vec<u64> = json["flow"]["critical_path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(critical_json, critical);
    assert_eq!(
        json["flow"]["waiting_share"].as_f64(),
        Some(insights.flow.waiting_share())
    );

    let ranking: Vec<u64> = json["pain_point_ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|point| point["id"].as_u64().unwrap())
        .collect();
    let ranked: Vec<u64> = insights.pain_points.iter().map(|p| p.card.0).collect();
    assert_eq!(ranking, ranked);
    for (dimension, count) in &insights.servqual {
        assert_eq!(json["pain_points_by_servqual"][dimension.as_str()], *count);
    }
    assert_eq!(
        json["pain_points_by_servqual"]["none"],
        insights.pain_without_servqual
    );
    for (category, count) in &insights.kano {
        assert_eq!(json["cards_by_kano"][category.as_str()], *count);
    }
    let without_recovery = json["fail_points_without_recovery"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(without_recovery, insights.fail_without_recovery.len());
    let without_owner = json["steps_without_owner"].as_array().unwrap().len();
    assert_eq!(without_owner, insights.steps_without_owner.len());

    // By hand from the customer-action scores: 购车 (0.5 + 1 + 2) / 3, 用车 (1 − 1.5 + 0.5) / 3,
    // 维保 (−0.5 − 2 − 1 + 1.5) / 4, 置换 (0 + 1) / 2; pain cards 3, 4, 3, 2; 90 of 885 minutes waiting.
    let averages: Vec<f64> = per_stage
        .iter()
        .map(|row| row["emotion_average"].as_f64().unwrap())
        .collect();
    let expected = [3.5 / 3.0, 0.0, -0.5, 0.5];
    for (average, expected) in averages.iter().zip(expected) {
        assert!((average - expected).abs() < 1e-9, "{averages:?}");
    }
    let pains: Vec<u64> = per_stage
        .iter()
        .map(|row| row["pain_points"].as_u64().unwrap())
        .collect();
    assert_eq!(pains, [3, 4, 3, 2]);
    assert!((json["flow"]["waiting_share"].as_f64().unwrap() - 90.0 / 885.0).abs() < 1e-9);
    // The lowest-scored pain point is the long service wait (card 42, in the −2 column), then
    // the two charging pains of the −1.5 column in lane order (cards 24, 25).
    assert_eq!(insights.pain_points[0].card.0, 42);
    assert_eq!(insights.pain_points[0].emotion, Some(-2.0));
    assert_eq!(ranking[..3], [42, 24, 25]);
}

#[test]
fn stats_text_lists_each_stage() {
    let output = stagemap(&["stats", "examples/ev-owner-journey.stagemap.ron"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("维保: 22 cards, 3 pain, 2 fail, 2 wait, 1 MOT, emotion -0.50"),
        "{text}"
    );
    assert!(text.contains("置换: 11 cards, 2 pain"), "{text}");
}

#[test]
fn export_writes_the_blueprint_lines_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let svg = |lang: &str| {
        let path = dir.path().join(format!("hotel-{lang}.svg"));
        let output = stagemap(&[
            "export",
            "examples/hotel-stay.stagemap.ron",
            "-o",
            path.to_str().unwrap(),
            "--no-embed-font",
            "--lang",
            lang,
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        std::fs::read_to_string(path).unwrap()
    };
    let english = svg("en");
    let chinese = svg("zh-CN");
    assert!(english.contains("Line of visibility"));
    assert!(!english.contains("可视分界线"));
    assert!(chinese.contains("可视分界线"));
    assert!(!chinese.contains("Line of visibility"));
    // Card text is the map's own and stays as written.
    assert!(chinese.contains("Check in at the desk"));
}

#[test]
fn export_matrix_draws_the_impact_effort_matrix_and_refuses_a_text_format() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("matrix.svg");
    let output = stagemap(&[
        "export",
        "examples/ev-owner-journey.stagemap.ron",
        "-o",
        svg.to_str().unwrap(),
        "--matrix",
        "--no-embed-font",
        "--lang",
        "zh-TW",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let svg = std::fs::read_to_string(svg).unwrap();
    // The quadrants in the language asked for, an opportunity's title as written,
    // and none of the map's lanes.
    for text in ["速贏", "重大投入", "影響", "置换补贴线上一站式"] {
        assert!(svg.contains(text), "{text}");
    }
    assert!(!svg.contains("用户行为"));

    let markdown = dir.path().join("matrix.md");
    let output = stagemap(&[
        "export",
        "examples/ev-owner-journey.stagemap.ron",
        "-o",
        markdown.to_str().unwrap(),
        "--matrix",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("the matrix is a picture"));
    assert!(!markdown.exists());
}

#[test]
fn export_refuses_an_unknown_paper_and_names_the_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hotel.pdf");
    let output = stagemap(&[
        "export",
        "examples/hotel-stay.stagemap.ron",
        "-o",
        out.to_str().unwrap(),
        "--paper",
        "b5",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("b5"), "{}", stderr(&output));
    assert!(
        stderr(&output).to_lowercase().contains("a0"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}

#[test]
fn export_writes_every_example_as_every_format_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let maps = example_maps();
    for (format, magic) in [
        ("png", &b"\x89PNG"[..]),
        ("svg", b"<svg"),
        ("pdf", b"%PDF-"),
        ("md", b"# "),
        ("csv", "\u{feff}".as_bytes()),
    ] {
        let mut args = vec!["export"];
        args.extend(maps.iter().map(|map| map.to_str().unwrap()));
        args.extend(["-o", dir.path().to_str().unwrap(), "--format", format]);
        let output = stagemap(&args);
        assert!(output.status.success(), "{format}: {}", stderr(&output));
        for map in &maps {
            let stem = map
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .trim_end_matches(".stagemap.ron");
            let written = std::fs::read(dir.path().join(format!("{stem}.{format}"))).unwrap();
            assert!(written.starts_with(magic), "{stem}.{format}");
        }
    }
}

/// Every command line that writes to standard output; `import` writes its map into `folder`.
fn commands_that_print(folder: &Path) -> Vec<Vec<String>> {
    let imported = folder.join("imported.stagemap.ron").display().to_string();
    let hotel = "examples/hotel-stay.stagemap.ron".to_owned();
    let mut check_all = vec!["check".to_owned()];
    check_all.extend(example_maps().iter().map(|map| map.display().to_string()));
    [
        check_all,
        vec!["check".into(), "tests/bad/dangling.stagemap.ron".into()],
        vec!["stats".into(), hotel.clone()],
        vec!["stats".into(), "--json".into(), hotel],
        vec![
            "import".into(),
            "tests/csv/sample-zh.csv".into(),
            "-o".into(),
            imported,
        ],
        vec!["--help".into()],
        vec!["--version".into()],
        vec!["export".into(), "--help".into()],
    ]
    .into()
}

/// Runs the program with its standard output going to `stdout`.
fn stagemap_printing_to(args: &[String], stdout: std::process::Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .args(args)
        .stdout(stdout)
        .output()
        .expect("the program runs")
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    let folder = tempfile::tempdir().unwrap();
    for args in commands_that_print(folder.path()) {
        // The reader is gone before the program starts: its first write meets a closed pipe.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = stagemap_printing_to(&args, writer.into());
        let message = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(141),
            "{args:?} ended with {:?}: {message}",
            output.status
        );
        assert!(message.is_empty(), "{args:?} said: {message}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_gives_one_line_naming_it_and_exit_2() {
    let folder = tempfile::tempdir().unwrap();
    for args in commands_that_print(folder.path()) {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = stagemap_printing_to(&args, full.into());
        let message = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?} ended with {:?}: {message}",
            output.status
        );
        assert!(!message.contains("panicked"), "{args:?} said: {message}");
        assert_eq!(message.lines().count(), 1, "{args:?} said: {message}");
        assert_eq!(
            message.trim_end(),
            "error: cannot write the output to standard output: \
             No space left on device (os error 28)",
            "{args:?}"
        );
    }
}
