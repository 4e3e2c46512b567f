//! The command line: argument parsing and the subcommands `check`, `stats`, `import`, `serve`, `export`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use stagemap::check;
use stagemap::export::job::{self, CsvTable, Drawing, ExportSettings, Format, Progress};
use stagemap::export::pdf::{Orientation, Paper, PdfOptions, Tiling};
use stagemap::export::png::{PngOptions, PngSize};
use stagemap::export::svg::SvgOptions;
use stagemap::export::{SceneOptions, StageRange, Theme, TitleBlock};
use stagemap::layout::{LayerPreset, LayoutOptions};
use stagemap::scene::Language;
use stagemap::stats::Stats;
use stagemap::{csv_io, format, fsio, live};

/// Exit status when everything went well.
const OK: u8 = 0;
/// Exit status when a map has problems (`check`).
const PROBLEMS: u8 = 1;
/// Exit status when a file cannot be read, parsed or written.
const UNREADABLE: u8 = 2;

/// Stagemap: customer journey maps and service blueprints.
///
/// Without a subcommand, opens the editor on FILE, or on a built-in sample map.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; leave out to open the editor.
    #[command(subcommand)]
    command: Option<Command>,
    /// A map file (.stagemap.ron) to open in the editor.
    file: Option<PathBuf>,
    /// A recovery file to restore in a new editor window (used by the editor itself).
    #[arg(long, hide = true, value_name = "RECOVERY_FILE")]
    recover: Option<PathBuf>,
    /// Join a live room: its link (ws://HOST:PORT/ROOM?token=CODE), or
    /// "HOST:PORT CODE", or an organisation's server (wss://…/ROOM).
    #[arg(long, value_name = "URL", conflicts_with_all = ["file", "recover"])]
    join: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate maps: dangling connectors, cards in missing cells, unknown lane kinds …
    ///
    /// Exit status: 0 when every map is fine (warnings allowed), 1 when a map has
    /// errors, 2 when a file cannot be read or parsed.
    Check {
        /// Map files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print counts and flow figures of a map: cards, pain/fail/wait points,
    /// moments of truth, the emotion range, elapsed time along the flow, loops,
    /// figures per stage and the pain points ranked, most urgent first.
    Stats {
        /// The map file.
        file: PathBuf,
        /// Print JSON (keys: stages, steps, lanes, cards, connectors, pain_points,
        /// fail_points, wait_points, moments_of_truth, personas, emotion, flow, per_stage,
        /// pain_point_ranking, pain_points_by_servqual, cards_by_kano,
        /// fail_points_without_recovery, steps_without_owner, and the workshop's
        /// decisions: votes (open rounds' ranking null), matrix, screening, actions).
        #[arg(long)]
        json: bool,
    },
    /// Turn a spreadsheet (one card per row) into a map file.
    ///
    /// FILE is an .xlsx workbook (its first worksheet, or --sheet), or CSV
    /// text in UTF-8, UTF-16 (with a byte-order mark) or GB18030/GBK, the
    /// fields separated by commas or tabs; it prints which it found.
    /// Required columns: stage, lane, title. See the README for the optional
    /// columns and their Chinese names. When cards score emotions and no lane
    /// is an emotion lane, one is added under the customer lane.
    Import {
        /// The spreadsheet: .xlsx, or .csv / .txt text.
        file: PathBuf,
        /// The map file to write (.stagemap.ron); written atomically.
        #[arg(short, long)]
        output: PathBuf,
        /// The sheet of an .xlsx workbook to read (the first worksheet when left out).
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
    },
    /// Host a map's live room without the editor: prints the join link (with
    /// its room code) as the first line, then saves the room back to FILE a
    /// second after changes stop and on Ctrl+C, keeping FILE.bak. The room's
    /// Yjs state is kept as FILE.yjs, so a restarted room goes on where it
    /// was and editors who were in it lose nothing.
    Serve {
        /// The map file (.stagemap.ron).
        file: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(long, value_name = "N", default_value_t = stagemap::live::address::DEFAULT_PORT)]
        port: u16,
        /// The address to listen on; the machine's address on its local network
        /// when left out (127.0.0.1 when it has none).
        #[arg(long, value_name = "ADDR")]
        bind: Option<std::net::IpAddr>,
        /// The room's name (the file's name when left out).
        #[arg(long, value_name = "NAME")]
        room: Option<String>,
        /// The room code (a new random one when left out). Restarted with
        /// the code and port it had, the room is rejoined by its editors by
        /// themselves.
        #[arg(long, value_name = "CODE")]
        code: Option<String>,
    },
    /// Write maps as pictures (.png, .svg), print documents (.pdf), reports (.md) or tables (.csv).
    ///
    /// The format follows the output's extension. With several map files, or
    /// when OUTPUT is a folder, one file per map is written into that folder,
    /// named after the map (e.g. hotel.stagemap.ron → hotel.svg), in the
    /// format given by --format (SVG when left out).
    ///
    /// Exit status: 0 when every map was written, 2 when a file cannot be read
    /// or written, or an option is wrong.
    Export {
        /// Map files (.stagemap.ron).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The file to write, or a folder for several maps; written atomically.
        #[arg(short, long)]
        output: PathBuf,
        /// The format when OUTPUT is a folder.
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// Which lanes a picture (PNG, SVG, PDF) shows: all, down to the back-stage (support hidden),
        /// or the front-stage only (back-stage and support hidden).
        #[arg(long, value_enum, default_value_t = Layers::All)]
        layers: Layers,
        /// Only these stages, numbered from 1: `2..4`, `3..`, `..2` or `5`.
        #[arg(long, value_name = "FIRST..LAST")]
        stages: Option<String>,
        /// Colours of a picture (PNG, SVG, PDF).
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
        /// Name the font in an SVG without embedding it (smaller file; the
        /// reader needs Noto Sans SC installed to see Chinese the same).
        #[arg(long)]
        no_embed_font: bool,
        /// A date to print in the picture's title block, as written (e.g. 2026-05-04).
        #[arg(long)]
        date: Option<String>,
        /// Leave the markers (pain, fail, wait, moment of truth, emotion) off the cards.
        #[arg(long)]
        no_markers: bool,
        /// Leave the emotion curves out of the picture.
        #[arg(long)]
        no_curve: bool,
        /// Leave the title block (title, personas, date) out of the picture.
        #[arg(long)]
        no_title: bool,
        /// Pixels per unit of a PNG: 1, 2, 4 … (1 when neither this nor --width is given).
        #[arg(long, value_name = "N", conflicts_with = "width")]
        scale: Option<f32>,
        /// The width of a PNG in pixels; the height follows the map.
        #[arg(long, value_name = "PX")]
        width: Option<u32>,
        /// Leave a PNG's background transparent.
        #[arg(long)]
        transparent: bool,
        /// The paper of a PDF: the page, or with --tile the whole poster.
        #[arg(long, value_name = "a0..a4", default_value = "a4")]
        paper: Paper,
        /// Turn the PDF's paper sideways (the default for maps, which are wide).
        #[arg(long, conflicts_with = "portrait")]
        landscape: bool,
        /// Keep the PDF's paper upright.
        #[arg(long)]
        portrait: bool,
        /// White space around the map on the PDF's paper, in millimetres.
        #[arg(long, value_name = "MM", default_value_t = 10.0)]
        margin: f32,
        /// Print the --paper poster on sheets of a smaller paper (A4 when no size is given),
        /// with overlap and crop marks for cutting and gluing.
        #[arg(long, value_name = "SHEET", num_args = 0..=1, default_missing_value = "a4")]
        tile: Option<Paper>,
        /// The language of the words a picture writes itself (blueprint lines, legend);
        /// card text is never translated. zh-TW is Traditional Chinese (so are zh-HK,
        /// zh-MO and zh-Hant). By default the system's (LC_ALL, LC_MESSAGES, LANG).
        #[arg(long, value_name = "en|zh-CN|zh-TW")]
        lang: Option<Language>,
        /// How far neighbouring sheets of a tiled poster overlap, in millimetres.
        #[arg(long, value_name = "MM", default_value_t = 10.0, requires = "tile")]
        overlap: f32,
        /// Write slides for the handout into the PDF: one 16:9 page per step of
        /// the presentation (the map's views, or the whole map then each stage
        /// layer by layer), each cut into as many pages as keep card titles
        /// readable from the back row, with the view's title, a page number and
        /// its notes. The slides speak the map's language.
        #[arg(long, conflicts_with_all = ["tile", "portrait", "layers", "stages"])]
        slides: bool,
        /// End the PDF of the map with the workshop's results: the ranked votes
        /// of each closed round, the impact/effort matrix, the screening table
        /// and the action plan, their headings in the --lang language.
        #[arg(long, conflicts_with = "slides")]
        results: bool,
        /// Write the action plan into the CSV instead of the cards: one action
        /// per row (what, owner, due date, status, cards and steps by title),
        /// the headers in the --lang language.
        #[arg(long)]
        actions: bool,
        /// Draw the workshop's impact/effort matrix instead of the map (PNG,
        /// SVG or PDF): its quadrants and axes named in --lang, each item with
        /// its dots, the items not yet placed dashed.
        #[arg(long, conflicts_with_all = ["slides", "layers", "stages", "results", "actions"])]
        matrix: bool,
    },
}

/// What `export` writes when OUTPUT is a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// A picture made of pixels, for slides.
    Png,
    /// A picture with text kept as text.
    Svg,
    /// A document to print, or a poster tiled over smaller sheets.
    Pdf,
    /// A readable report.
    Md,
    /// One card per row, readable by `import`.
    Csv,
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Png => Self::Png,
            ExportFormat::Svg => Self::Svg,
            ExportFormat::Pdf => Self::Pdf,
            ExportFormat::Md => Self::Markdown,
            ExportFormat::Csv => Self::Csv,
        }
    }
}

/// `--layers`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Layers {
    /// Every lane.
    All,
    /// Down to the back-stage; support processes hidden.
    Backstage,
    /// What the customer sees; back-stage and support hidden.
    Frontstage,
    /// The customer's side of the line of interaction: evidence, customer actions, journey lanes.
    Customer,
}

/// `--theme`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ThemeArg {
    /// Dark text on light fills.
    Light,
    /// Light text on dark fills.
    Dark,
}

/// The choices of one `export` call.
struct ExportChoices {
    /// The format of files written into a folder.
    format: Option<Format>,
    /// PDFs are written as slides (`--slides`).
    slides: bool,
    settings: ExportSettings,
}

impl Cli {
    /// Runs what the arguments ask for, writing what it prints to `out`, and
    /// returns the process exit status; an error writing to `out` is returned
    /// for the program to handle once.
    pub fn run(self, out: &mut dyn Write) -> io::Result<ExitCode> {
        let status = match self.command {
            None => match self.join.as_deref().map(live::address::parse) {
                Some(Err(error)) => fail(&format!("--join: {error}")),
                Some(Ok(link)) => open_editor(None, None, Some(link)),
                None => open_editor(self.file, self.recover, None),
            },
            Some(Command::Check { files }) => check_files(&files, out)?,
            Some(Command::Stats { file, json }) => print_stats(&file, json, out)?,
            Some(Command::Import {
                file,
                output,
                sheet,
            }) => import(&file, &output, sheet.as_deref(), out)?,
            Some(Command::Serve {
                file,
                port,
                bind,
                room,
                code,
            }) => match code.as_deref().map(live::address::RoomCode::parse) {
                Some(Err(error)) => fail(&format!("--code: {error}")),
                code => {
                    let options = live::serve::ServeOptions {
                        bind,
                        port: Some(port),
                        room,
                        code: code.and_then(Result::ok),
                    };
                    serve(&file, &options, out)?
                }
            },
            Some(Command::Export {
                files,
                output,
                format,
                layers,
                stages,
                theme,
                no_embed_font,
                date,
                no_markers,
                no_curve,
                no_title,
                scale,
                width,
                transparent,
                paper,
                landscape: _,
                portrait,
                margin,
                tile,
                lang,
                overlap,
                slides,
                results,
                actions,
                matrix,
            }) => {
                let stages = match stages.as_deref().map(StageRange::parse).transpose() {
                    Ok(stages) => stages,
                    Err(error) => return Ok(ExitCode::from(fail(&error.to_string()))),
                };
                let settings = ExportSettings {
                    drawing: if matrix {
                        Drawing::Matrix
                    } else {
                        Drawing::Map
                    },
                    scene: SceneOptions {
                        layout: LayoutOptions {
                            layers: match layers {
                                Layers::All => LayerPreset::All,
                                Layers::Backstage => LayerPreset::UpToBackstage,
                                Layers::Frontstage => LayerPreset::FrontstageOnly,
                                Layers::Customer => LayerPreset::CustomerOnly,
                            },
                        },
                        theme: match theme {
                            ThemeArg::Light => Theme::Light,
                            ThemeArg::Dark => Theme::Dark,
                        },
                        title_block: (!no_title).then(|| TitleBlock {
                            date: date.unwrap_or_default(),
                        }),
                        markers: !no_markers,
                        marker_kinds: stagemap::marker::MarkerKinds::ALL,
                        text_scale: stagemap::scene::TextScale::ONE,
                        critical_path: false,
                        emotion_curves: !no_curve,
                        language: lang.unwrap_or_else(system_language),
                        picture_folder: None,
                    },
                    stages,
                    svg: SvgOptions {
                        embed_font: !no_embed_font,
                    },
                    png: PngOptions {
                        size: match width {
                            Some(width) => PngSize::Width(width),
                            None => PngSize::Scale(scale.unwrap_or(1.0)),
                        },
                        transparent,
                    },
                    pdf: PdfOptions {
                        paper,
                        orientation: if portrait {
                            Orientation::Portrait
                        } else {
                            Orientation::Landscape
                        },
                        margin_mm: margin,
                        tile: tile.map(|sheet| Tiling {
                            sheet,
                            overlap_mm: overlap,
                        }),
                        ..PdfOptions::default()
                    },
                    results_pages: results,
                    csv: if actions {
                        CsvTable::ActionPlan
                    } else {
                        CsvTable::Cards
                    },
                };
                let choices = ExportChoices {
                    format: format.map(Format::from),
                    slides,
                    settings,
                };
                export_files(&files, &output, &choices)
            }
        };
        Ok(ExitCode::from(status))
    }
}

#[cfg(feature = "gui")]
fn open_editor(
    file: Option<PathBuf>,
    recover: Option<PathBuf>,
    join: Option<live::address::JoinLink>,
) -> u8 {
    match stagemap::ui::run(file, recover, join) {
        Ok(()) => OK,
        Err(error) => fail(&format!("{error:#}")),
    }
}

#[cfg(not(feature = "gui"))]
#[expect(
    clippy::needless_pass_by_value,
    reason = "the same signature as the editor build's"
)]
fn open_editor(
    file: Option<PathBuf>,
    recover: Option<PathBuf>,
    join: Option<live::address::JoinLink>,
) -> u8 {
    let _ = (&file, &recover, &join);
    fail(
        "this build of Stagemap has no editor window (built without the `gui` feature); \
         use `stagemap check`, `stats`, `import` or `export`, or build with default features",
    )
}

fn check_files(files: &[PathBuf], out: &mut dyn Write) -> io::Result<u8> {
    let mut status = OK;
    for file in files {
        let doc = match format::load(file) {
            Ok(doc) => doc,
            Err(error) => {
                status = status.max(fail(&error.to_string()));
                continue;
            }
        };
        let problems = check::check(&doc);
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let warnings = problems.len() - errors;
        for problem in &problems {
            writeln!(out, "{}: {problem}", file.display())?;
        }
        if errors > 0 {
            status = status.max(PROBLEMS);
            writeln!(
                out,
                "{}: {errors} error(s), {warnings} warning(s)",
                file.display()
            )?;
        } else {
            let noun = if warnings == 1 { "warning" } else { "warnings" };
            let tail = if warnings > 0 {
                format!(" ({warnings} {noun})")
            } else {
                String::new()
            };
            writeln!(out, "{}: ok{tail}", file.display())?;
        }
    }
    Ok(status)
}

fn print_stats(file: &Path, json: bool, out: &mut dyn Write) -> io::Result<u8> {
    let doc = match format::load(file) {
        Ok(doc) => doc,
        Err(error) => return Ok(fail(&error.to_string())),
    };
    let stats = Stats::of(&doc);
    if json {
        match serde_json::to_string_pretty(&stats) {
            Ok(text) => writeln!(out, "{text}")?,
            Err(error) => return Ok(fail(&error.to_string())),
        }
    } else {
        write!(out, "{stats}")?;
    }
    Ok(OK)
}

fn import(file: &Path, output: &Path, sheet: Option<&str>, out: &mut dyn Write) -> io::Result<u8> {
    if let Some(status) = refuse_same_file(file, output) {
        return Ok(status);
    }
    let imported = match csv_io::import_file(file, sheet) {
        Ok(imported) => imported,
        Err(error) => return Ok(fail(&error.to_string())),
    };
    let status = write_output(output, format::to_string(&imported.doc).as_bytes());
    if status == OK {
        let added = if imported.added_emotion_lane {
            "; added an emotion lane so the emotion curve shows"
        } else {
            ""
        };
        writeln!(
            out,
            "{}: {}; {} cards{added}; wrote {}",
            file.display(),
            imported.read_as,
            imported.doc.cards.len(),
            output.display()
        )?;
    }
    Ok(status)
}

fn export_files(files: &[PathBuf], output: &Path, choices: &ExportChoices) -> u8 {
    let into_folder = files.len() > 1 || output.is_dir();
    if !into_folder {
        return files
            .first()
            .map_or(OK, |file| export(file, output, choices));
    }
    if output.exists() && !output.is_dir() {
        return fail(&format!(
            "{}: several maps are exported into a folder, and this is a file; give a folder with -o",
            output.display()
        ));
    }
    if let Err(error) = std::fs::create_dir_all(output) {
        return fail(&format!(
            "{}: cannot create the folder: {error}",
            output.display()
        ));
    }
    let format = match (choices.format, choices.slides) {
        (None | Some(Format::Pdf), true) => Format::Pdf,
        (Some(_), true) => {
            return fail("slides are written as PDF; leave out --format or give --format pdf");
        }
        (format, false) => format.unwrap_or(Format::Svg),
    };
    let mut status = OK;
    for file in files {
        let name = file
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("map");
        let stem = name
            .strip_suffix(".stagemap.ron")
            .or_else(|| name.strip_suffix(".ron"))
            .unwrap_or(name);
        let target = output.join(format!("{stem}.{}", format.extension()));
        status = status.max(export(file, &target, choices));
    }
    status
}

fn export(file: &Path, output: &Path, choices: &ExportChoices) -> u8 {
    if let Some(status) = refuse_same_file(file, output) {
        return status;
    }
    let Some(format) = Format::of_path(output) else {
        let extension = output
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        return fail(&format!(
            "{}: cannot export to `.{extension}`; Stagemap exports .png, .svg, .pdf, .md and .csv",
            output.display()
        ));
    };
    let format = match (format, choices.slides) {
        (Format::Pdf, true) => Format::Slides,
        (_, true) => {
            return fail(&format!(
                "{}: slides are written as PDF; give an output ending in .pdf",
                output.display()
            ));
        }
        (format, false) => format,
    };
    if choices.settings.results_pages && format != Format::Pdf {
        return fail(&format!(
            "{}: the results pages end a PDF of the map; give an output ending in .pdf",
            output.display()
        ));
    }
    if choices.settings.csv == CsvTable::ActionPlan && format != Format::Csv {
        return fail(&format!(
            "{}: the action plan is written as CSV; give an output ending in .csv",
            output.display()
        ));
    }
    if choices.settings.drawing == Drawing::Matrix && !format.is_picture() {
        return fail(&format!(
            "{}: the matrix is a picture; give an output ending in .png, .svg or .pdf",
            output.display()
        ));
    }
    let doc = match format::load(file) {
        Ok(doc) => doc,
        Err(error) => return fail(&error.to_string()),
    };
    // Card pictures are looked up beside the map they belong to.
    let mut settings = choices.settings.clone();
    settings.scene.picture_folder = file.parent().map(Path::to_path_buf);
    match job::write(&doc, format, &settings, output, &Progress::new()) {
        Ok(warnings) => {
            // The file is written; what it could not draw goes to standard error.
            for warning in &warnings {
                eprintln!("{}: {warning}", file.display());
            }
            OK
        }
        Err(error @ job::ExportError::Write { .. }) => fail(&error.to_string()),
        Err(error @ job::ExportError::Stages(_)) => fail(&format!("{}: {error}", file.display())),
        Err(error) => fail(&format!("{}: {error}", output.display())),
    }
}

/// Input files are never modified: refuse to write over the file being read.
fn refuse_same_file(input: &Path, output: &Path) -> Option<u8> {
    let same = match (input.canonicalize(), output.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    same.then(|| {
        fail(&format!(
            "{}: the output is the input file; choose another output name",
            output.display()
        ))
    })
}

fn write_output(output: &Path, contents: &[u8]) -> u8 {
    match fsio::write_atomic(output, contents) {
        Ok(()) => OK,
        Err(error) => fail(&format!(
            "{}: cannot write the file: {error}",
            output.display()
        )),
    }
}

/// Hosts a map's room until Ctrl+C (`stagemap serve`).
fn serve(file: &Path, options: &live::serve::ServeOptions, out: &mut dyn Write) -> io::Result<u8> {
    let doc = match format::load(file) {
        Ok(doc) => doc,
        Err(error) => return Ok(fail(&error.to_string())),
    };
    let (stop, stopped) = std::sync::mpsc::channel();
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = stop.send(());
    }) {
        return Ok(fail(&format!("cannot watch for Ctrl+C: {error}")));
    }
    match live::serve::serve(file, &doc, options, &stopped, out) {
        Ok(()) => Ok(OK),
        Err(error) => Ok(fail(&format!("cannot serve the room: {error}"))),
    }
}

/// Says what went wrong on standard error and gives the exit status for it.
fn fail(message: &str) -> u8 {
    // Where standard error cannot be written either, nothing is left to tell.
    let _ = writeln!(io::stderr(), "error: {message}");
    UNREADABLE
}

/// The language of the system's locale (LC_ALL, LC_MESSAGES, LANG, the first
/// one set), when exports speak it; English otherwise.
fn system_language() -> Language {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        // `zh_CN.UTF-8`: the language tag is what comes before the encoding.
        .and_then(|value| value.split(['.', '@']).next()?.parse().ok())
        .unwrap_or_default()
}
