//! The workshop's decisions in the exports: the Markdown report, the action
//! plan as CSV, and the results pages at the end of a PDF, read back with
//! poppler. The map is the Chinese example decided in `support/decided.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

#[path = "support/examples.rs"]
mod examples;

#[path = "support/decided.rs"]
mod decided;

#[path = "support/poppler.rs"]
mod poppler;

use stagemap::export::job::{self, CsvTable, ExportSettings, Format, Progress};
use stagemap::export::{Language, SceneOptions};
use stagemap::model::Document;

fn decided_map() -> Document {
    decided::decided(examples::ev_owner())
}

fn settings(language: Language) -> ExportSettings {
    ExportSettings {
        scene: SceneOptions {
            language,
            ..SceneOptions::default()
        },
        ..ExportSettings::default()
    }
}

fn render(doc: &Document, format: Format, settings: &ExportSettings) -> Vec<u8> {
    job::render(doc, format, settings, &Progress::new())
        .unwrap()
        .bytes
}

#[test]
fn the_report_ranks_votes_with_ties_and_groups_and_totals_the_screening() {
    let bytes = render(
        &decided_map(),
        Format::Markdown,
        &settings(Language::English),
    );
    let report = String::from_utf8(bytes).unwrap();
    let expected = [
        "### Round 1: 最该先落地的机会点",
        "Closed 2026-05-04 08:30 UTC.",
        "Participants: 张伟 (售后组), 李娜 (售后组), 王芳 (产品组).",
        "| Rank | Card | Dots | 售后组 | 产品组 |",
        // Ties share a rank, the next rank skips; map order among equals.
        "| 1 | 桩位预约与占位提醒 | 3 | 2 | 1 |\n\
         | 2 | App 实时展示交付进度 | 2 | 2 | 0 |\n\
         | 2 | 上门取送车覆盖全部门店 | 2 | 1 | 1 |\n\
         | 4 | 升级后推送新功能图文说明 | 1 | 0 | 1 |\n\
         | 4 | 置换补贴线上一站式办理 | 1 | 1 | 0 |\n",
        "### Round 2: 第二轮：痛点\n\nBudget: 4 dot(s) per participant, several may go on one \
         card. Open: the votes stay hidden until the round is closed.\n\n\
         Participants: 张伟, 王芳.\n\n## Impact × Effort matrix",
        "### Quick wins\n\n- 桩位预约与占位提醒 (impact 0.90, effort 0.20)",
        "### Big bets\n\nNone placed.",
        "Not yet placed: App 实时展示交付进度, 升级后推送新功能图文说明, 上门取送车覆盖全部门店, \
         置换补贴线上一站式办理.",
        "| Rank | Card | 有效性 (×2) | 可行性 (×1) | 客户价值 (×1.5) | Weighted total |",
        "| 1 | 桩位预约与占位提醒 | 5 | 4 | 4 | 20 |\n\
         | 2 | App 实时展示交付进度 | 4 | 5 | 3 | 17.5 |\n\
         | 3 | 上门取送车覆盖全部门店 | 3 | 2 | 5 | 15.5 |\n\
         | 4 | 升级后推送新功能图文说明 | – | – | – | 0 |\n\
         | 4 | 置换补贴线上一站式办理 | – | – | – | 0 |\n",
        "| 1 | 上线桩位预约功能 | 充电运营部 | 2026-06-30 | doing | 桩位预约与占位提醒 | 寻找充电 |",
        "| 2 | App 实时展示交付进度 | 交付中心, 数字化组 | – | to do | App 实时展示交付进度 | 下单提车 |",
    ];
    for part in expected {
        assert!(report.contains(part), "missing:\n{part}\n\nin:\n{report}");
    }
}

#[test]
fn a_map_without_decisions_reports_none() {
    let bytes = render(
        &examples::ev_owner(),
        Format::Markdown,
        &settings(Language::English),
    );
    let report = String::from_utf8(bytes).unwrap();
    for heading in [
        "## Voting",
        "matrix",
        "## Concept screening",
        "## Action plan",
    ] {
        assert!(!report.contains(heading), "{heading}");
    }
}

#[test]
fn the_action_plan_csv_has_a_bom_chinese_headers_and_a_row_per_action() {
    let settings = ExportSettings {
        csv: CsvTable::ActionPlan,
        ..settings(Language::SimplifiedChinese)
    };
    let bytes = render(&decided_map(), Format::Csv, &settings);
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes).unwrap();
    assert_eq!(
        text,
        "\u{feff}行动,负责人,截止日期,状态,相关卡片,相关步骤\r\n\
         上线桩位预约功能,充电运营部,2026-06-30,进行中,桩位预约与占位提醒,寻找充电\r\n\
         App 实时展示交付进度,\"交付中心, 数字化组\",,待办,App 实时展示交付进度,下单提车\r\n"
    );
}

#[test]
fn the_results_pages_carry_the_ranking_totals_and_actions_as_chinese_text() {
    let settings = ExportSettings {
        results_pages: true,
        ..settings(Language::SimplifiedChinese)
    };
    let rendered = job::render(&decided_map(), Format::Pdf, &settings, &Progress::new()).unwrap();
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("map.pdf");
    std::fs::write(&pdf, rendered.bytes).unwrap();
    // The map, then the results: the rounds and the matrix's picture, then
    // the screening and the plan.
    assert_eq!(poppler::page_count(&pdf), 3);
    let page = poppler::pdftotext(&["-layout", "-f", "2", "-l", "3"], &pdf);
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines: Vec<String> = page.lines().map(words).filter(|l| !l.is_empty()).collect();
    let has = |wanted: &str| {
        assert!(
            lines.iter().any(|line| line == wanted),
            "no line «{wanted}» in:\n{}",
            lines.join("\n")
        );
    };
    has("工作坊成果");
    has("最该先落地的机会点");
    has("排名 卡片 票数 售后组 产品组");
    has("1 桩位预约与占位提醒 3 2 1");
    has("2 App 实时展示交付进度 2 2 0");
    has("2 上门取送车覆盖全部门店 2 1 1");
    has("4 升级后推送新功能图文说明 1 0 1");
    has("速赢: 桩位预约与占位提醒");
    // The matrix's picture: its axis, and the dots of the card placed in 速赢.
    has("影响");
    has("3票");
    has("1 桩位预约与占位提醒 5 4 4 20");
    has("2 App 实时展示交付进度 4 5 3 17.5");
    has("3 上门取送车覆盖全部门店 3 2 5 15.5");
    has("1 上线桩位预约功能 充电运营部 2026-06-30 进行中 桩位预约与占位提醒; 寻找充电");
    // The open round's votes stay hidden.
    assert!(!page.contains("第二轮"), "{page}");
}

#[test]
fn without_the_choice_the_pdf_is_the_map_alone() {
    let rendered = render(
        &decided_map(),
        Format::Pdf,
        &settings(Language::SimplifiedChinese),
    );
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("map.pdf");
    std::fs::write(&pdf, rendered).unwrap();
    assert_eq!(poppler::page_count(&pdf), 1);
}
