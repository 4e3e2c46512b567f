//! The `stagemap` program: the editor, and the command line for checking, counting, importing and exporting maps.

mod cli;

use clap::Parser as _;

fn main() -> std::process::ExitCode {
    cli::Cli::parse().run()
}
