//! The `vanban` binary: parse arguments, run the command, exit.

use std::process::ExitCode;

use vanban::cli::{self, Command};

fn main() -> ExitCode {
    let cli = cli::parse();
    let report = |msg: &str| eprintln!("{}", msg.trim_end());
    let code = match &cli.command {
        Command::Render(args) => vanban::app::render(args, &report),
        Command::Check(args) => vanban::app::check(args, &mut std::io::stdout(), &report),
        Command::Remind(args) => vanban::app::remind(args, &report),
        Command::Archive(args) => vanban::app::archive(args, &report),
        Command::Verify(args) => vanban::app::verify(args, &report),
    };
    ExitCode::from(code)
}
