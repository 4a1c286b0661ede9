//! `marsad`: the command line. It parses arguments, calls the library crates, and maps the
//! outcome to an exit status; it holds no logic of its own.

/// mimalloc instead of the system allocator: extraction makes many small short-lived
/// allocations (tokens, candidate spans), where glibc's malloc took an eighth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod analyze;
mod dedup;
mod demo;
mod events;
mod export;
mod extract;
mod gazetteer;
mod geocode;
mod ingest;
mod learn;
mod progress;
mod serve;
mod store_args;
mod watch;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// marsad (مرصد, "observatory") reads Arabic news reports and turns them into structured,
/// geocoded conflict event data (ACLED-style), showing for every field the words it came from.
#[derive(Parser)]
#[command(name = "marsad", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(extract::Args),
    Analyze(analyze::Args),
    Serve(serve::Args),
    Demo(demo::Args),
    Ingest(ingest::Args),
    Watch(watch::Args),
    Export(export::Args),
    Events(events::Args),
    Geocode(geocode::Args),
    Gazetteer(gazetteer::Args),
    Train(learn::TrainArgs),
    Eval(learn::EvalArgs),
    Dedup(dedup::Args),
}

/// What a command reports back to `main`.
pub enum Outcome {
    /// Everything went through.
    Done,
    /// The run finished, but some input was skipped (reported on stderr).
    Partial,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Watch(args) => watch::run(args),
        Command::Export(args) => export::run(args),
        Command::Events(args) => events::run(args),
        Command::Geocode(args) => geocode::run(args),
        Command::Gazetteer(args) => gazetteer::run(args),
        Command::Train(args) => learn::train(args),
        Command::Eval(args) => learn::eval(args),
        Command::Dedup(args) => dedup::run(args),
    };
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(1),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "marsad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed stdout (`marsad extract … | head`) is a normal way to stop.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
