//! The `carepages` command: parses arguments, runs the library, maps errors to exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use carepages::{BuildOptions, Error, build, resolve_today};

/// Build accessible public pages about an NHS trust's ratings, findings, apology and
/// improvement work, from Markdown and the regulator's reports.
#[derive(Parser)]
#[command(name = "carepages", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (the previous public/ stays whole if anything is wrong)
    Build {
        /// The site's folder, the one with carepages.yaml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Where to write the site [default: public/ in the site's folder]
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Publish at this address instead of base_url in carepages.yaml,
        /// for example https://example.github.io/my-site/
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Judge overdue actions and reviews as on this date (YYYY-MM-DD) [default:
        /// SOURCE_DATE_EPOCH if set, else today]
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            match error {
                Error::Content(_) => ExitCode::from(1),
                Error::Io { .. } | Error::Usage(_) => ExitCode::from(2),
            }
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            today,
        } => {
            let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
            let today = resolve_today(today.as_deref(), epoch.as_deref())?;
            let summary = build(&BuildOptions {
                root,
                output,
                base_url,
                today,
            })?;
            if !summary.report.is_empty() {
                eprintln!("{}", summary.report);
            }
            let warnings = summary.report.warning_count();
            let note = if warnings > 0 && !std::io::stderr().is_terminal() {
                format!(", {}", carepages::error::plural(warnings, "warning"))
            } else if warnings > 0 {
                format!(
                    ", {} (see above)",
                    carepages::error::plural(warnings, "warning")
                )
            } else {
                String::new()
            };
            println!(
                "Built {} ({} files) into {} in {:.2?}{note}",
                carepages::error::plural(summary.pages, "page"),
                summary.files,
                summary.output.display(),
                summary.elapsed
            );
            Ok(())
        }
    }
}
