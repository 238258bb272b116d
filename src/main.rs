//! The `vanban` binary: parse arguments, run the command, exit.

use std::process::ExitCode;

use vanban::commands::{self, cli, cli::Command};

fn main() -> ExitCode {
    let cli = cli::parse();
    if let Some(mb) = cli.max_input_mb {
        vanban::format::load::set_max_input(mb * 1024 * 1024);
    }
    // Nothing reaches the terminal raw: a control character in a file name
    // or a text is shown as `\u{1b}`, never obeyed.
    let report = |msg: &str| eprintln!("{}", vanban::diag::printable(msg.trim_end()));
    let code = match &cli.command {
        Command::Render(args) => commands::render::run(args, &report),
        Command::New(args) => commands::new::run(args, &report),
        Command::Schema(_) => {
            let schema =
                serde_json::to_string_pretty(&vanban::format::raw::schema()).unwrap_or_default();
            println!("{schema}");
            vanban::engine::Status::Done
        }
        Command::Check(args) => commands::check::run(args, &mut std::io::stdout(), &report),
        Command::Remind(args) => commands::remind::run(args, &report),
        Command::Archive(args) => commands::archive::run(args, &report),
        Command::Verify(args) => commands::archive::run_verify(args, &report),
        Command::Issue(args) => commands::issue::run(args, &report),
        Command::Register(args) => commands::register::run(args, &mut std::io::stdout(), &report),
        Command::Edxml(args) => commands::edxml::run(args, &report),
        // Issue 16: digital signatures.
        Command::Sign(args) => commands::sign::run(args, &report),
        Command::VerifySig(args) => {
            commands::sign::run_verify(args, &mut std::io::stdout(), &report)
        }
        Command::Edit(args) => commands::edit::run(args, &report),
    };
    ExitCode::from(code.code())
}
