//! The command line: argument parsing and the subcommands `check`, `stats`, `import`, `export`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use stagemap::check;
use stagemap::export::png::{PngOptions, PngSize};
use stagemap::export::svg::SvgOptions;
use stagemap::export::{self, Scene, SceneOptions, StageRange, TextMeasure, Theme, TitleBlock};
use stagemap::insights::Insights;
use stagemap::layout::{LayerPreset, LayoutOptions};
use stagemap::stats::Stats;
use stagemap::{csv_io, format, fsio};

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
        /// fail_points_without_recovery, steps_without_owner).
        #[arg(long)]
        json: bool,
    },
    /// Turn a CSV file (one card per row) into a map file.
    ///
    /// Required columns: stage, lane, title. See the README for the optional
    /// columns and their Chinese names.
    Import {
        /// The CSV file (UTF-8).
        file: PathBuf,
        /// The map file to write (.stagemap.ron); written atomically.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Write maps as pictures (.svg, .png), reports (.md) or tables (.csv).
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
        /// Which lanes a picture (SVG, PNG) shows: all, down to the back-stage (support hidden),
        /// or the front-stage only (back-stage and support hidden).
        #[arg(long, value_enum, default_value_t = Layers::All)]
        layers: Layers,
        /// Only these stages, numbered from 1: `2..4`, `3..`, `..2` or `5`.
        #[arg(long, value_name = "FIRST..LAST")]
        stages: Option<String>,
        /// Colours of a picture (SVG, PNG).
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
    },
}

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// A picture with text kept as text.
    Svg,
    /// A picture made of pixels, for slides.
    Png,
    /// A readable report.
    Md,
    /// One card per row, readable by `import`.
    Csv,
}

impl ExportFormat {
    fn of_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            "md" | "markdown" => Some(Self::Md),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Md => "md",
            Self::Csv => "csv",
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
    format: Option<ExportFormat>,
    scene: SceneOptions,
    stages: Option<StageRange>,
    svg: SvgOptions,
    png: PngOptions,
}

impl Cli {
    /// Runs what the arguments ask for and returns the process exit status.
    pub fn run(self) -> ExitCode {
        let status = match self.command {
            None => open_editor(self.file),
            Some(Command::Check { files }) => check_files(&files),
            Some(Command::Stats { file, json }) => print_stats(&file, json),
            Some(Command::Import { file, output }) => import(&file, &output),
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
            }) => {
                let stages = match stages.as_deref().map(StageRange::parse).transpose() {
                    Ok(stages) => stages,
                    Err(error) => return ExitCode::from(fail(&error.to_string())),
                };
                let choices = ExportChoices {
                    format,
                    scene: SceneOptions {
                        layout: LayoutOptions {
                            layers: match layers {
                                Layers::All => LayerPreset::All,
                                Layers::Backstage => LayerPreset::UpToBackstage,
                                Layers::Frontstage => LayerPreset::FrontstageOnly,
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
                        critical_path: false,
                        emotion_curves: !no_curve,
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
                };
                export_files(&files, &output, &choices)
            }
        };
        ExitCode::from(status)
    }
}

#[cfg(feature = "gui")]
fn open_editor(file: Option<PathBuf>) -> u8 {
    match stagemap::ui::run(file) {
        Ok(()) => OK,
        Err(error) => fail(&format!("{error:#}")),
    }
}

#[cfg(not(feature = "gui"))]
#[expect(
    clippy::needless_pass_by_value,
    reason = "the same signature as the editor build's"
)]
fn open_editor(file: Option<PathBuf>) -> u8 {
    let _ = file;
    fail(
        "this build of Stagemap has no editor window (built without the `gui` feature); \
         use `stagemap check`, `stats`, `import` or `export`, or build with default features",
    )
}

fn check_files(files: &[PathBuf]) -> u8 {
    let mut status = OK;
    for file in files {
        let doc = match format::load(file) {
            Ok(doc) => doc,
            Err(error) => {
                eprintln!("error: {error}");
                status = status.max(UNREADABLE);
                continue;
            }
        };
        let problems = check::check(&doc);
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let warnings = problems.len() - errors;
        for problem in &problems {
            println!("{}: {problem}", file.display());
        }
        if errors > 0 {
            status = status.max(PROBLEMS);
            println!(
                "{}: {errors} error(s), {warnings} warning(s)",
                file.display()
            );
        } else {
            let noun = if warnings == 1 { "warning" } else { "warnings" };
            let tail = if warnings > 0 {
                format!(" ({warnings} {noun})")
            } else {
                String::new()
            };
            println!("{}: ok{tail}", file.display());
        }
    }
    status
}

fn print_stats(file: &Path, json: bool) -> u8 {
    let doc = match format::load(file) {
        Ok(doc) => doc,
        Err(error) => return fail(&error.to_string()),
    };
    let stats = Stats::of(&doc);
    if json {
        match serde_json::to_string_pretty(&stats) {
            Ok(text) => println!("{text}"),
            Err(error) => return fail(&error.to_string()),
        }
    } else {
        print!("{stats}");
    }
    OK
}

fn import(file: &Path, output: &Path) -> u8 {
    if let Some(status) = refuse_same_file(file, output) {
        return status;
    }
    let doc = match csv_io::import_file(file) {
        Ok(doc) => doc,
        Err(error) => return fail(&error.to_string()),
    };
    write_output(output, format::to_string(&doc).as_bytes())
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
    let format = choices.format.unwrap_or(ExportFormat::Svg);
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
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let Some(format) = ExportFormat::of_extension(extension) else {
        return fail(&format!(
            "{}: cannot export to `.{extension}`; this version exports .svg, .png, .md and .csv",
            output.display()
        ));
    };
    let doc = match format::load(file) {
        Ok(doc) => doc,
        Err(error) => return fail(&error.to_string()),
    };
    let doc = match choices.stages.map(|range| range.select(&doc)) {
        None => doc,
        Some(Ok(selected)) => selected,
        Some(Err(error)) => return fail(&format!("{}: {error}", file.display())),
    };
    let contents = match format {
        // A byte-order mark makes spreadsheet programs read the file as UTF-8 (Chinese included).
        ExportFormat::Csv => format!("\u{feff}{}", csv_io::export(&doc)).into_bytes(),
        ExportFormat::Md => export::markdown::report(&doc, &Insights::of(&doc)).into_bytes(),
        ExportFormat::Svg => {
            let scene = Scene::build(&doc, &choices.scene, &TextMeasure::bundled());
            export::svg::to_svg(&scene, choices.svg).into_bytes()
        }
        ExportFormat::Png => {
            let scene = Scene::build(&doc, &choices.scene, &TextMeasure::bundled());
            match export::png::to_png(&scene, choices.png) {
                Ok(bytes) => bytes,
                Err(error) => return fail(&format!("{}: {error}", output.display())),
            }
        }
    };
    write_output(output, &contents)
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

fn fail(message: &str) -> u8 {
    eprintln!("error: {message}");
    UNREADABLE
}
