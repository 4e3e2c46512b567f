//! The `stagemap` program: the editor, and the command line for checking, counting, importing and exporting maps.

mod cli;

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Parser as _;

/// Exit status when the reader of the output went away (`… | head`): the
/// status a shell reports for `cat` or `grep` ended by SIGPIPE (128 + 13).
const CLOSED_PIPE: u8 = 141;

/// Exit status when the output cannot be written (a full disk …), as for any
/// file that cannot be written.
const OUTPUT_FAILED: u8 = 2;

fn main() -> ExitCode {
    let written = match cli::Cli::try_parse() {
        Ok(cli) => cli.run(&mut io::stdout().lock()),
        // Wrong arguments: clap explains on standard error, status 2.
        Err(usage) if usage.use_stderr() => usage.exit(),
        // --help and --version: printed to standard output like any other output.
        Err(help) => help.print().map(|()| ExitCode::SUCCESS),
    };
    match written.and_then(|status| io::stdout().flush().map(|()| status)) {
        Ok(status) => status,
        Err(error) => output_failed(&error),
    }
}

/// Ends the program after its output could not be written: quietly when the
/// reader closed the pipe, as other Unix tools do, else with one line that
/// names the problem.
fn output_failed(error: &io::Error) -> ExitCode {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::from(CLOSED_PIPE);
    }
    // Where standard error cannot be written either, nothing is left to tell.
    let _ = writeln!(
        io::stderr(),
        "error: cannot write the output to standard output: {error}"
    );
    ExitCode::from(OUTPUT_FAILED)
}
