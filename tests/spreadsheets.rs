//! Spreadsheets as Excel and WPS save them: CSV in GBK and UTF-16, tab-separated
//! text, `.xlsx` workbooks; the emotion lane import adds; bad files refused
//! with a message, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test should fail loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stagemap::csv_io::{self, CellProblem, Column, CsvError, Delimiter, Imported, ReadAs};
use stagemap::fsio::{NotText, ReadError, TextEncoding};
use stagemap::model::{LaneId, LaneKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/csv")
        .join(name)
}

fn import(path: &Path) -> Imported {
    csv_io::import_file(path, None).unwrap()
}

/// Writes `bytes` as `name` in a new folder and imports it.
fn import_bytes(name: &str, bytes: &[u8]) -> Result<Imported, CsvError> {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    csv_io::import_file(&path, None)
}

fn text(encoding: TextEncoding, delimiter: Delimiter) -> ReadAs {
    ReadAs::Text {
        encoding,
        delimiter,
    }
}

fn lane_names(imported: &Imported) -> Vec<&str> {
    imported
        .doc
        .lanes
        .iter()
        .map(|lane| lane.name.as_str())
        .collect()
}

fn stagemap(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stagemap"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the program runs")
}

#[test]
fn the_chinese_sample_as_excel_and_wps_save_it_imports_to_the_same_map() {
    let utf8 = import(&fixture("sample-zh.csv"));
    assert_eq!(utf8.read_as, text(TextEncoding::Utf8, Delimiter::Comma));
    assert_eq!(utf8.doc.cards.len(), 10);
    assert_eq!(utf8.doc.connectors.len(), 7);

    let gbk = import(&fixture("gbk/sample-zh.csv"));
    let bytes = std::fs::read(fixture("gbk/sample-zh.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture is GBK");
    assert_eq!(gbk.read_as, text(TextEncoding::Gb18030, Delimiter::Comma));
    assert_eq!(gbk.doc, utf8.doc);

    let utf16 = import(&fixture("utf16/sample-zh.txt"));
    let bytes = std::fs::read(fixture("utf16/sample-zh.txt")).unwrap();
    assert!(bytes.starts_with(&[0xFF, 0xFE]), "UTF-16LE with its mark");
    assert_eq!(utf16.read_as, text(TextEncoding::Utf16Le, Delimiter::Tab));
    assert_eq!(utf16.doc, utf8.doc);

    let xlsx = import(&fixture("sample-zh.xlsx"));
    assert_eq!(xlsx.read_as, ReadAs::Sheet("旅程".to_owned()));
    assert_eq!(xlsx.doc, utf8.doc);

    // The detail with a line break and the numbers typed as numbers survive.
    let charging = xlsx
        .doc
        .cards
        .iter()
        .find(|card| card.title == "查找充电桩")
        .unwrap();
    assert_eq!(charging.detail, "附近的充电桩经常被占用，\n导航信息也不准");
    assert_eq!(charging.emotion, Some(-2.0));
    assert_eq!(charging.duration_minutes, Some(15));
}

#[test]
fn a_sheet_is_picked_by_name_and_an_unknown_name_lists_the_sheets() {
    let path = fixture("sample-zh.xlsx");
    let named = csv_io::import_file(&path, Some("旅程")).unwrap();
    assert_eq!(named.doc, import(&path).doc);

    let error = csv_io::import_file(&path, Some("Cards")).unwrap_err();
    match &error {
        CsvError::NoSuchSheet { sheet, sheets, .. } => {
            assert_eq!(sheet.as_deref(), Some("Cards"));
            assert_eq!(sheets, &["旅程", "备注"]);
        }
        other => panic!("expected no such sheet, got {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("sample-zh.xlsx"), "{message}");
    assert!(message.contains("`旅程`, `备注`"), "{message}");

    // The second sheet holds notes, not cards: it says which column is missing.
    let error = csv_io::import_file(&path, Some("备注")).unwrap_err();
    assert!(matches!(error, CsvError::MissingColumn { .. }), "{error:?}");

    let error = csv_io::import_file(&fixture("sample-zh.csv"), Some("旅程")).unwrap_err();
    assert!(matches!(error, CsvError::SheetOfText { .. }), "{error:?}");
}

#[test]
fn workbook_errors_name_the_row_and_column_as_the_sheet_shows_them() {
    // The table starts at B3; row 5 has a word for a score.
    let error = csv_io::import_file(&fixture("offset.xlsx"), None).unwrap_err();
    assert_eq!(error.line(), Some(5));
    assert_eq!(error.column(), Some(Column::Emotion));
    assert_eq!(
        error.problem(),
        Some(&CellProblem::Number("很好".to_owned()))
    );
    let message = error.to_string();
    assert!(
        message.contains("offset.xlsx:5: column E (emotion): `很好` is not a number"),
        "{message}"
    );
}

#[test]
fn other_byte_order_marks_and_utf16_without_one() {
    let csv = "stage,lane,title,emotion\r\n阶段一,顾客,预约,1\r\n";
    let tsv = csv.replace(',', "\t");
    let utf16 = |text: &str, big_endian: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    };
    let cases: [(&str, Vec<u8>, ReadAs); 4] = [
        (
            "utf8-bom.txt",
            [b"\xEF\xBB\xBF".as_slice(), tsv.as_bytes()].concat(),
            text(TextEncoding::Utf8, Delimiter::Tab),
        ),
        (
            "be.txt",
            [b"\xFE\xFF".as_slice(), &utf16(&tsv, true)].concat(),
            text(TextEncoding::Utf16Be, Delimiter::Tab),
        ),
        (
            "le-no-mark.csv",
            utf16(csv, false),
            text(TextEncoding::Utf16Le, Delimiter::Comma),
        ),
        (
            "be-no-mark.csv",
            utf16(csv, true),
            text(TextEncoding::Utf16Be, Delimiter::Comma),
        ),
    ];
    for (name, bytes, read_as) in cases {
        let imported = import_bytes(name, &bytes).unwrap();
        assert_eq!(imported.read_as, read_as, "{name}");
        assert_eq!(imported.doc.cards[0].title, "预约", "{name}");
        assert_eq!(imported.doc.stages[0].name, "阶段一", "{name}");
    }
}

#[test]
fn tabs_inside_quoted_fields_do_not_make_a_file_tab_separated() {
    let text = "stage,lane,\"title\tnote\",title\nA,B,\"x\ty\",z\n";
    assert_eq!(Delimiter::of(text), Delimiter::Comma);
    let imported = import_bytes("cards.csv", text.as_bytes()).unwrap();
    assert_eq!(imported.doc.cards[0].title, "z");
    assert_eq!(Delimiter::of("\r\nstage\tlane\ttitle,x\n"), Delimiter::Tab);
}

#[test]
fn big5_text_is_refused_rather_than_read_as_garbled_gb18030() {
    // Traditional Chinese as Excel on Taiwanese Windows saves it.
    let csv = "階段,泳道,標題\n購車,顧客行為,預約試駕到店體驗\n用車,顧客行為,尋找充電樁導航資訊不準確\n維修保養,顧客行為,一鍵預約上門取送車輛\n";
    let (bytes, _, unmappable) = encoding_rs::BIG5.encode(csv);
    assert!(!unmappable);
    // Every byte fits GB18030, which would read it as rare characters.
    assert!(
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_some()
    );
    let error = import_bytes("big5.csv", &bytes).unwrap_err();
    assert!(
        matches!(
            error,
            CsvError::NotText {
                problem: NotText::Undecodable {
                    first_bad_byte: Some((1, 1))
                },
                ..
            }
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("big5.csv"), "{message}");
    assert!(message.contains("CSV UTF-8"), "{message}");
}

#[test]
fn bytes_no_encoding_reads_are_refused_with_the_line_and_column() {
    // Windows-1252 "café" then a byte no GB18030 character starts with.
    let error = import_bytes("latin.csv", b"stage,lane,title\nA,B,caf\xE9,\xFF\n").unwrap_err();
    assert_eq!(error.line(), Some(2));
    assert!(
        matches!(
            error,
            CsvError::NotText {
                problem: NotText::Undecodable {
                    first_bad_byte: Some((2, 8))
                },
                ..
            }
        ),
        "{error:?}"
    );
    // An unpaired surrogate after a UTF-16 byte-order mark.
    let error = import_bytes("broken.txt", b"\xFF\xFEa\x00\x00\xD8b\x00").unwrap_err();
    assert!(
        matches!(
            error,
            CsvError::NotText {
                problem: NotText::Undecodable { .. },
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn binary_files_and_workbooks_named_csv_are_told_apart() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let error = import_bytes("picture.csv", png).unwrap_err();
    assert!(
        matches!(
            error,
            CsvError::NotText {
                problem: NotText::Binary,
                ..
            }
        ),
        "{error:?}"
    );
    let workbook = std::fs::read(fixture("sample-zh.xlsx")).unwrap();
    let error = import_bytes("cards.csv", &workbook).unwrap_err();
    assert!(
        matches!(
            error,
            CsvError::NotText {
                problem: NotText::Workbook,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains(".xlsx"), "{error}");
}

#[test]
fn a_damaged_workbook_says_which_file_and_what_to_do() {
    let mut workbook = std::fs::read(fixture("sample-zh.xlsx")).unwrap();
    // Cut off: the zip's table of contents at the end is gone.
    workbook.truncate(workbook.len() / 2);
    for bytes in [
        workbook.as_slice(),
        b"not a workbook at all".as_slice(),
        b"",
    ] {
        let error = import_bytes("journey.xlsx", bytes).unwrap_err();
        assert!(matches!(error, CsvError::Workbook { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("journey.xlsx"), "{message}");
        assert!(message.contains("save it again as .xlsx"), "{message}");
    }
}

#[test]
fn size_limits_hold_for_workbooks_and_text() {
    let folder = tempfile::tempdir().unwrap();
    for name in ["huge.xlsx", "huge.csv"] {
        let path = folder.path().join(name);
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(stagemap::limits::MAX_FILE_BYTES + 1).unwrap();
        let error = csv_io::import_file(&path, None).unwrap_err();
        assert!(
            matches!(error, CsvError::Read(ReadError::TooLarge { .. })),
            "{name}: {error:?}"
        );
    }
}

#[test]
fn a_sheet_wider_than_the_cell_limit_is_refused() {
    // A stray header cell in column XFD makes 700 rows 11 million cells.
    let error = csv_io::import_file(&fixture("wide.xlsx"), None).unwrap_err();
    assert!(
        matches!(
            error,
            CsvError::TooMany {
                limit: stagemap::limits::MAX_SHEET_CELLS,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("wide.xlsx:"), "{error}");
}

#[test]
fn an_emotion_lane_is_added_under_the_customer_lane_when_scores_need_one() {
    let imported = import_bytes(
        "cards.csv",
        b"stage,lane,title,emotion\nA,Evidence,lobby,\nA,Customer,arrive,1\nA,Front-stage,greet,\n",
    )
    .unwrap();
    assert!(imported.added_emotion_lane);
    assert_eq!(
        lane_names(&imported),
        ["Evidence", "Customer", "Emotions", "Front-stage"]
    );
    let emotion = &imported.doc.lanes[2];
    assert_eq!(emotion.kind, LaneKind::Emotion);
    // Numbered after the lanes the rows name.
    assert_eq!(emotion.id, LaneId(4));
}

#[test]
fn without_a_customer_lane_the_emotion_lane_goes_under_the_first() {
    let imported = import_bytes(
        "cards.csv",
        "阶段,泳道,标题,目标情绪\n购车,想法,太贵了,1\n购车,痛点,等待,\n".as_bytes(),
    )
    .unwrap();
    assert!(imported.added_emotion_lane);
    assert_eq!(lane_names(&imported), ["想法", "情绪", "痛点"]);
}

#[test]
fn no_emotion_lane_is_added_without_scores_or_when_there_is_one() {
    let unscored = import_bytes("cards.csv", b"stage,lane,title\nA,Customer,x\n").unwrap();
    assert!(!unscored.added_emotion_lane);
    assert_eq!(lane_names(&unscored), ["Customer"]);

    // "Feelings" is no kind word: a note lane, so an emotion lane is added.
    let feelings_note = import_bytes(
        "cards.csv",
        b"stage,lane,title,emotion\nA,Customer,x,1\nA,Feelings,y,2\n",
    )
    .unwrap();
    assert!(feelings_note.added_emotion_lane);
    let kinded = import_bytes(
        "cards.csv",
        b"stage,lane,lane_kind,title,emotion\nA,Customer,,x,1\nA,Feelings,emotion,y,2\n",
    )
    .unwrap();
    assert!(!kinded.added_emotion_lane);
    assert_eq!(lane_names(&kinded), ["Customer", "Feelings"]);
}

#[test]
fn the_command_line_says_how_it_read_each_file() {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("out.stagemap.ron");
    let out = out.to_str().unwrap();
    for (file, said) in [
        ("tests/csv/gbk/sample-zh.csv", "read as GB18030;"),
        (
            "tests/csv/utf16/sample-zh.txt",
            "read as UTF-16LE, tab-separated;",
        ),
        ("tests/csv/sample-zh.xlsx", "read sheet `旅程`;"),
    ] {
        let output = stagemap(&["import", file, "-o", out]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{file}: {output:?}");
        assert!(stdout.contains(said), "{file}: {stdout}");
        assert!(stdout.contains("added an emotion lane"), "{file}: {stdout}");
    }
    let output = stagemap(&[
        "import",
        "tests/csv/sample-zh.xlsx",
        "--sheet",
        "旅程",
        "-o",
        out,
    ]);
    assert!(output.status.success(), "{output:?}");

    std::fs::remove_file(out).unwrap();
    let output = stagemap(&[
        "import",
        "tests/csv/sample-zh.xlsx",
        "--sheet",
        "Nope",
        "-o",
        out,
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no sheet named `Nope`"), "{stderr}");
    assert!(stderr.contains("`旅程`, `备注`"), "{stderr}");
    assert!(!Path::new(out).exists());
}
