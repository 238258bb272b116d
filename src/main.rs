//! The `vanban` binary: parse arguments, run the command, exit.

use std::process::ExitCode;

use vanban::cli::{self, Command};

fn main() -> ExitCode {
    let cli = cli::parse();
    let report = |msg: &str| eprintln!("{}", msg.trim_end());
    let code = match &cli.command {
        Command::Render(args) => vanban::app::render(args, &report),
        Command::New(args) => vanban::app::new(args, &report),
        Command::Schema(_) => {
            let schema = serde_json::to_string_pretty(&vanban::raw::schema()).unwrap_or_default();
            println!("{schema}");
            0
        }
        Command::Check(args) => vanban::app::check(args, &mut std::io::stdout(), &report),
        Command::Remind(args) => vanban::app::remind(args, &report),
        Command::Archive(args) => vanban::app::archive(args, &report),
        Command::Verify(args) => vanban::app::verify(args, &report),
    };
    ExitCode::from(code)
}
