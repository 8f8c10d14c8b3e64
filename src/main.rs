//! rota: parse the command line, run the verb, exit with its code.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = rota::cli::Cli::parse();
    rota::app::run(cli.command)
}
