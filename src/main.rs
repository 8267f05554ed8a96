//! The `carepages` command: parses arguments, runs the library, maps errors to exit codes.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use carepages::error::plural;
use carepages::{BuildOptions, Error, build, check, resolve_today, scaffold};

/// Build accessible public pages about an NHS trust's ratings, findings, apology and
/// improvement work, from Markdown and the regulator's reports.
#[derive(Parser)]
#[command(name = "carepages", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What every command that reads a site needs.
#[derive(Args)]
struct SiteArgs {
    /// The site's folder, the one with carepages.yaml
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Publish at this address instead of base_url in carepages.yaml,
    /// for example https://example.github.io/my-site/
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Judge overdue actions and reviews as on this date (YYYY-MM-DD) [default:
    /// SOURCE_DATE_EPOCH if set, else today]
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (the previous public/ stays whole if anything is wrong)
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: public/ in the site's folder]. An existing
        /// folder is replaced only if carepages built it (and nobody added files to it since)
        /// or it is empty
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Replace the output folder even if carepages did not build it, losing what is in
        /// it. Never the site's own folder or sources, the home folder or a parent of them
        #[arg(long)]
        force: bool,
        /// Include pages marked `draft: true`, each with a "Draft" banner (for a staging
        /// copy; the published site leaves them out)
        #[arg(long)]
        drafts: bool,
    },
    /// Check everything a build checks, plus plain English, overdue actions, reviews due
    /// and pages behind the latest report, without writing anything.
    ///
    /// Exit code 0: no errors (and no warnings with --deny warnings); 1: problems found;
    /// 2: the check could not run.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// How to print the problems
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (for CI)
        #[arg(long, value_enum, value_name = "WHAT")]
        deny: Option<Deny>,
    },
    /// Preview the site locally: rebuilds on every save and reloads the browser
    #[cfg(feature = "serve")]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 shares the preview with others
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Open the preview in a web browser
        #[arg(long)]
        open: bool,
    },
    /// Start a new page from a commented example
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Start a new site in DIR (which must be missing or empty), with an example service
    Init {
        /// The folder for the new site
        dir: PathBuf,
    },
    /// Write JSON Schemas of carepages.yaml, the seeds and the front matter, for editors.
    ///
    /// An editor with a YAML extension (VS Code's YAML extension, for one) then flags an
    /// unknown key, a value that is not allowed or a missing field as you type, and offers the
    /// keys and values a file may hold. Writes carepages.schema.json, inspection.schema.json,
    /// statement.schema.json, service.schema.json, page.schema.json and home.schema.json
    /// (draft-07), replacing files of those names. `carepages init` writes them into the new
    /// site's schemas/ folder.
    Schema {
        /// The folder to write the schemas into (created if missing)
        #[arg(long, short, default_value = "schemas", value_name = "DIR")]
        output: PathBuf,
    },
    /// Write seed reports from the regulator's published ratings data
    Import {
        #[command(subcommand)]
        what: Import,
    },
}

#[derive(Subcommand)]
enum Import {
    /// Import one provider's ratings from the CQC's monthly ratings data file.
    ///
    /// The CQC publishes the file every month on its website, on the page "Using CQC data"
    /// (https://www.cqc.org.uk/about-us/transparency/using-cqc-data), with the care directory
    /// with ratings: download the latest ratings file (.ods) and give it here as it is.
    ///
    /// Writes one report per publication date, seeds/inspections/cqc-<provider id>-<date>.yaml,
    /// with the ratings of the provider, its locations and its core services. Running the
    /// import again with a newer file updates those reports and keeps everything written below
    /// their line "# --- end of imported ratings"; a report whose imported part was edited, or
    /// a file of that name the import did not write, is never changed. Nothing at all is
    /// written when anything is wrong.
    ///
    /// Exit code 0: imported; 1: mistakes in the data or in the reports it would replace
    /// (nothing was written); 2: the import could not run (a file could not be read, or has
    /// no rows for the provider).
    Cqc {
        /// The CQC's ratings data: .ods as the CQC publishes it, .xlsx, or one sheet saved
        /// as .csv
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The provider's CQC id, for example RX1: the end of the address of the provider's
        /// page on the CQC's website (upper or lower case)
        #[arg(long, value_name = "ID")]
        provider: String,
        /// The site's folder, the one with carepages.yaml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum New {
    /// A service page: `carepages new service "District nursing"` writes
    /// content/services/district-nursing.md
    Service {
        /// The service's name, as readers know it
        name: String,
        /// The site's folder, the one with carepages.yaml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// A regulator's report, for its ratings and the passages pages quote: `carepages new
    /// report cqc-2024-03-14` writes seeds/inspections/cqc-2024-03-14.yaml
    Report {
        /// The report's id: lowercase letters and digits joined by hyphens. Pages quote it as
        /// `source: ID`
        id: String,
        /// The site's folder, the one with carepages.yaml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// A statement the trust published, for pages to quote: `carepages new statement
    /// chief-executive-2024-03` writes seeds/statements/chief-executive-2024-03.yaml
    Statement {
        /// The statement's id: lowercase letters and digits joined by hyphens. Pages quote it
        /// as `source: ID`
        id: String,
        /// The site's folder, the one with carepages.yaml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// A plain page: `carepages new page "How to complain"` writes content/how-to-complain.md
    Page {
        /// The page's title
        title: String,
        /// The site's folder, the one with carepages.yaml
        #[arg(long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Grouped by file, for people
    Human,
    /// One JSON document, for CI (its shape is in the README)
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{error}");
            match error {
                Error::Content(_) => ExitCode::from(1),
                Error::Io { .. } | Error::Usage(_) => ExitCode::from(2),
            }
        }
    }
}

/// A progress bar on standard error, only when it is a terminal: logs and CI get the
/// one-line summary alone. It appears only once a build has taken a moment.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} files")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message("Building");
    bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    Some(bar)
}

/// A build is short and ends by exiting: memory it frees is best kept for its next
/// allocations rather than handed back to the system after 10 ms (mimalloc's default), only
/// to be faulted in and zeroed again. 8% less wall time at 10,000 pages.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc 3's `mi_option_t`, which the sys crate leaves
    // unnamed. Its default is 10 (ms): anything else means the numbering moved, so leave it.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: reading and setting an option are plain calls with no pointers, safe at any time.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == 10 {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        }
    }
}

fn today(site: &SiteArgs) -> Result<carepages::Date, Error> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    resolve_today(site.today.as_deref(), epoch.as_deref())
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Build {
            site,
            output,
            force,
            drafts,
        } => {
            keep_freed_memory();
            let bar = progress_bar();
            let started = std::time::Instant::now();
            let progress: Option<carepages::Progress> = bar.clone().map(|bar| {
                std::sync::Arc::new(move |done: usize, expected: usize| {
                    // Small sites build in the blink of an eye: no bar flashing past.
                    if bar.is_hidden() && started.elapsed().as_millis() > 300 {
                        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(10));
                    }
                    bar.set_length(expected.max(done) as u64);
                    bar.set_position(done as u64);
                }) as carepages::Progress
            });
            let output_shown = output
                .clone()
                .unwrap_or_else(|| site.root.join("public"))
                .display()
                .to_string();
            let summary = build(&BuildOptions {
                today: today(&site)?,
                root: site.root,
                output,
                base_url: site.base_url,
                force,
                drafts,
                progress,
                notice: Some(std::sync::Arc::new(|message: &str| eprintln!("{message}"))),
            });
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            let summary = summary.map_err(|e| match e {
                Error::Io { .. } => Error::Usage(format!(
                    "{e}\nNothing was changed in `{output_shown}`: the site there is as it was."
                )),
                e => e,
            })?;
            if !summary.report.is_empty() {
                eprintln!("{}", summary.report);
            }
            let warnings = summary.report.warning_count();
            let note = if warnings > 0 {
                format!(", {}", plural(warnings, "warning"))
            } else {
                String::new()
            };
            println!(
                "Built {} ({} files) into {} in {:.2?}{note}",
                plural(summary.pages, "page"),
                summary.files,
                summary.output.display(),
                summary.elapsed
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { site, format, deny } => {
            let report = check::check(&site.root, site.base_url.as_deref(), today(&site)?)?;
            let mut stdout = std::io::stdout().lock();
            let written = match format {
                Format::Human => {
                    check::write_human(&report, std::io::stdout().is_terminal(), &mut stdout)
                }
                Format::Json => check::write_json(&report, &mut stdout),
            };
            written.map_err(|e| Error::io("write", std::path::Path::new("standard output"), e))?;
            Ok(if check::fails(&report, deny.is_some()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => {
            if site.base_url.is_some() {
                return Err(Error::Usage(
                    "serve previews under the base path of base_url in carepages.yaml; --base-url is for build".to_owned(),
                ));
            }
            carepages::serve::run(carepages::serve::ServeOptions {
                today: today(&site)?,
                root: site.root,
                bind,
                port,
                open,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { what } => {
            let (written, next) = match what {
                New::Service { name, root } => (
                    scaffold::new_service(&root, &name)?,
                    "Fill in its summary, then add its ratings to a report in seeds/inspections/.",
                ),
                New::Report { id, root } => (
                    scaffold::new_report(&root, &id)?,
                    "Copy in the report's dates, ratings and passages: it rates nothing until you do. `carepages check` names what is left to fill in.",
                ),
                New::Statement { id, root } => (
                    scaffold::new_statement(&root, &id)?,
                    "Copy in who made the statement and its words, exactly as published. `carepages check` names what is left to fill in.",
                ),
                New::Page { title, root } => (
                    scaffold::new_page(&root, &title)?,
                    "Write its text below the front matter. `carepages check` names what is left to fill in.",
                ),
            };
            println!("Wrote {}. {next}", written.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            what:
                Import::Cqc {
                    file,
                    provider,
                    root,
                },
        } => {
            let options = carepages::import::CqcImport {
                file,
                provider,
                root,
            };
            match carepages::import::cqc(&options) {
                Ok(summary) => {
                    if !summary.warnings.is_empty() {
                        eprintln!("{}", summary.warnings);
                    }
                    print!("{summary}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(Error::Content(report)) => {
                    eprintln!(
                        "{report}\nNothing was written: fix the errors above and run the import again."
                    );
                    Ok(ExitCode::from(1))
                }
                Err(e) => Err(e),
            }
        }
        Command::Schema { output } => {
            let written = carepages::schema::write(&output, true)?;
            println!(
                "Wrote {} into {}.",
                plural(written.len(), "schema"),
                output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => {
            let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
            let today = resolve_today(None, epoch.as_deref())?;
            scaffold::init(&dir, today)?;
            println!(
                "Started a site in {0}. Next: cd {0} && carepages build, then edit carepages.yaml and content/. Its README.md says how to preview, check and publish it.",
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

// Rendering thousands of pages on every core allocates millions of small strings; mimalloc
// does that markedly faster than the system allocator (see benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
