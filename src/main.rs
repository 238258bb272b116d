//! The `vanban` binary: parse arguments, run the command, exit.

use std::process::ExitCode;

use clap::Parser;
use vanban::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let report = |msg: &str| eprintln!("{}", msg.trim_end());
    let code = match &cli.command {
        Command::Render(args) => vanban::app::render(args, &report),
    };
    ExitCode::from(code)
}
