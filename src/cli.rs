//! The command line: argument parsing and the subcommands `check`, `stats`, `import`, `export`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use stagemap::check;
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
    /// Write a map in another format, chosen by the output's extension (.csv).
    Export {
        /// The map file.
        file: PathBuf,
        /// The file to write; written atomically.
        #[arg(short, long)]
        output: PathBuf,
    },
}

impl Cli {
    /// Runs what the arguments ask for and returns the process exit status.
    pub fn run(self) -> ExitCode {
        let status = match self.command {
            None => open_editor(self.file),
            Some(Command::Check { files }) => check_files(&files),
            Some(Command::Stats { file, json }) => print_stats(&file, json),
            Some(Command::Import { file, output }) => import(&file, &output),
            Some(Command::Export { file, output }) => export(&file, &output),
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

fn export(file: &Path, output: &Path) -> u8 {
    if let Some(status) = refuse_same_file(file, output) {
        return status;
    }
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if extension != "csv" {
        return fail(&format!(
            "{}: cannot export to `.{extension}`; this version exports .csv",
            output.display()
        ));
    }
    let doc = match format::load(file) {
        Ok(doc) => doc,
        Err(error) => return fail(&error.to_string()),
    };
    // A byte-order mark makes spreadsheet programs read the file as UTF-8 (Chinese included).
    let text = format!("\u{feff}{}", csv_io::export(&doc));
    write_output(output, text.as_bytes())
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
