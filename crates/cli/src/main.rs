//! `licenselab`: run, check and validate scenario files, generate tenants, export a tenant from
//! Microsoft Graph (`licenselab-graph-export` does the work) and import it (`licenselab-import`), and
//! say what changed between two snapshots (`licenselab-diff`), and write a plan's steps as Graph
//! requests or a PowerShell script (`licenselab-requests`).

mod behind;
mod check;
mod diff;
mod files;
mod import;
mod plan;
mod requests;
mod table;

use clap::{Parser, Subcommand, ValueEnum};
use licenselab_engine::{JsonLayout, Simulation};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// Loading a big tenant makes and frees millions of small values (the parsed document, then the
// tenant's vectors): mimalloc does that in about three quarters of glibc's time, and the
// 100,000-user tenant peaks 30 MB lower with it (README, issue 14).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "licenselab",
    version,
    about = "Simulate Entra ID group-based licensing before you touch a real tenant."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and print the result (a rejected step is a result, not a failure).
    Run {
        /// The scenario file (JSON), or - for standard input.
        scenario: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// JSON without indentation: the same document in about two thirds of the bytes.
        #[arg(long)]
        compact: bool,
        /// Write the result to this file instead of standard output (atomically: a failed run
        /// leaves no half-written file).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Run a scenario and check its expectations and the denied policies: exit 0 when all
    /// hold, 1 when something failed, 2 when the input does not load (docs/ci.md).
    Check {
        /// The scenario or tenant file (JSON), or - for standard input.
        scenario: PathBuf,
        /// A changes file: steps (and expectations) to run after the scenario's own, as
        /// {"steps": [...], "expect": [...]}.
        #[arg(long = "steps", value_name = "CHANGES.json")]
        changes: Option<PathBuf>,
        /// Fail on: service-gap, lost-service, lost-plans, new-errors, seat-shortfall
        /// (repeat for several).
        #[arg(long, value_name = "POLICY")]
        deny: Vec<String>,
        /// An exception: [POLICY=]user:ID or [POLICY=]group:ID (the group's direct members at
        /// the start or the end); without POLICY= it covers every policy.
        #[arg(long, value_name = "EXCEPTION")]
        allow: Vec<String>,
        #[arg(long, value_enum, default_value_t = check::CheckFormat::Text)]
        format: check::CheckFormat,
    },
    /// Check that a scenario loads, without running its steps.
    Validate {
        /// The scenario file (JSON), or - for standard input.
        scenario: PathBuf,
    },
    /// Write a deterministic synthetic tenant as a scenario (for benchmarks and demos).
    Generate {
        #[arg(long, default_value_t = 1000)]
        users: usize,
        #[arg(long, default_value_t = 100)]
        groups: usize,
        #[arg(long, default_value_t = 10)]
        skus: usize,
        /// Random membership, attribute, license and seat changes after the starting tenant.
        #[arg(long, default_value_t = 0)]
        steps: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Size groups (and dynamic rules' reach) as in a tenant of this many users, so that with
        /// --groups in proportion to --users each user keeps as many memberships as at this size
        /// (without it, bigger tenants get bigger groups too). Default: --users.
        #[arg(long, value_name = "USERS")]
        groups_sized_for: Option<usize>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Import a tenant from its exports (Graph responses, an EntraExporter folder, Graph
    /// PowerShell output) as an observed scenario; the report goes to standard error.
    Import {
        /// Export files and folders, in any order (folders are read for their .json files).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The scenario file to write (only when the import succeeds).
        #[arg(long, short)]
        output: PathBuf,
        /// Replace names, user principal names, mail and proxy addresses consistently.
        #[arg(long)]
        anonymize: bool,
    },
    /// Say what changed between two scenarios, such as two imports of a tenant a week apart:
    /// products, group licenses and members, and each user's products, plans and errors.
    ///
    /// Objects are matched by id (products by skuId, else by part number). Exit status: 0, or 1
    /// with --exit-code when anything changed; 2 when a file cannot be read or loaded.
    Diff {
        /// The older scenario file (JSON).
        old: PathBuf,
        /// The newer scenario file (JSON).
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = diff::Format::Text)]
        format: diff::Format,
        /// Exit with 1 when anything changed, 0 when nothing did (as git diff --exit-code).
        #[arg(long)]
        exit_code: bool,
    },
    /// Write a plan's steps as Microsoft Graph v1.0 requests (JSON) or as a PowerShell script
    /// that sends them, waits for Graph to process each and checks the plan's expectations.
    ///
    /// Steps with no Graph request (buying seats, creating users) are written as what to do by
    /// hand. Exit status: 0; 1 when the plan cannot be written as requests (the error says
    /// where); 2 when a file cannot be read or written. See docs/requests.md.
    Requests {
        /// The plan: a scenario file (JSON), or - for standard input.
        plan: PathBuf,
        #[arg(long, value_enum)]
        emit: requests::Format,
        /// Write to this file (whole, or not at all) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Plan a migration: from a tenant to a target (the tenant as it should be, a scenario
    /// without steps) in an order that loses nobody's service (docs/plan.md).
    ///
    /// Writes the plan as a scenario (the tenant with the plan's steps and an expect list) and
    /// prints a summary beside what the obvious order would do. Exit status: 0 for a plan
    /// without a gap that reaches the target, 1 for a plan with gaps no order avoided (written
    /// too), 2 when a file cannot be read, loaded or planned.
    Plan {
        /// Today's tenant (JSON, such as an import).
        tenant: PathBuf,
        /// The target: an edited copy of the tenant (JSON).
        target: PathBuf,
        /// The plan scenario to write.
        #[arg(long, short, value_name = "PLAN.json")]
        output: PathBuf,
        /// Also write the obvious order (removals first) as a scenario, to run beside the plan.
        #[arg(long, value_name = "NAIVE.json")]
        naive: Option<PathBuf>,
        /// Also write the plan's steps beside it as Microsoft Graph v1.0 requests
        /// (PLAN.graph.json) or a PowerShell script that sends them (PLAN.ps1), as `licenselab
        /// requests` does (docs/requests.md).
        #[arg(long, value_enum)]
        emit: Option<requests::Format>,
        #[arg(long, value_enum, default_value_t = plan::Format::Text)]
        format: plan::Format,
    },
    /// Read a tenant's licensing state from Microsoft Graph into a folder (GET requests only).
    ///
    /// Reads the organization, subscribedSkus, users, groups, the members of every group that is
    /// not dynamic and the membersWithLicenseErrors of every group with licenses, from Graph
    /// v1.0. The token needs read permissions only; see docs/export.md.
    Export {
        /// The folder to write: new, empty, or a previous export (which is replaced).
        #[arg(long, short, value_name = "DIR")]
        output: PathBuf,
        /// Graph's root: the global service, a national cloud's, or a loopback test server
        /// (plain http only for 127.0.0.1, ::1 and localhost).
        #[arg(long, value_name = "URL", default_value = licenselab_graph_export::DEFAULT_GRAPH_URL)]
        graph_url: String,
        /// A shell command (run with sh -c) that prints an access token for Graph, run again
        /// when Graph says the token expired. Without it, the token is read from the
        /// environment variable LICENSELAB_GRAPH_TOKEN.
        #[arg(long, value_name = "COMMAND")]
        token_command: Option<String>,
        /// After a complete export, import the folder into this scenario file (as `licenselab
        /// import DIR -o OUT.json` does; written only when the import succeeds).
        #[arg(long = "import", value_name = "OUT.json")]
        import_to: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The result document of scenario-format.md.
    Json,
    /// A readable summary: steps, products, users, groups.
    Table,
}

/// The load's warnings, on standard error: they do not stop the run.
fn warn(name: &str, simulation: &Simulation) {
    for warning in simulation.warnings() {
        eprintln!("{name}: warning: {warning}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run {
            scenario,
            format,
            compact,
            output,
        } => {
            if compact && matches!(format, Format::Table) {
                eprintln!("licenselab: --compact lays out JSON; leave it out with --format table");
                return ExitCode::from(2);
            }
            let name = scenario.display().to_string();
            let mut simulation = match files::load(&scenario) {
                Ok(s) => s,
                Err(e) => return load_failed(&name, e),
            };
            warn(&name, &simulation);
            simulation.run_to_end();
            let layout = if compact {
                JsonLayout::Compact
            } else {
                JsonLayout::Pretty
            };
            let write = |front: &mut dyn Write| write_run(front, &simulation, format, layout);
            let written = match &output {
                Some(path) => files::write_atomically(path, |out| behind::write_behind(out, write)),
                None => files::reader_may_stop(behind::write_behind(&mut std::io::stdout(), write)),
            };
            if let Err(e) = written {
                let target = output.map_or("standard output".into(), |p| p.display().to_string());
                eprintln!("licenselab: cannot write {target}: {e}");
                return ExitCode::from(2);
            }
            exit_keeping(simulation)
        }
        Command::Check {
            scenario,
            changes,
            deny,
            allow,
            format,
        } => check::run(&check::CheckArgs {
            scenario: &scenario,
            changes: changes.as_deref(),
            deny: &deny,
            allow: &allow,
            format,
        }),
        Command::Validate { scenario } => {
            let name = scenario.display().to_string();
            match files::load(&scenario) {
                Ok(simulation) => {
                    warn(&name, &simulation);
                    let tenant = simulation.tenant();
                    println!(
                        "{name}: valid ({} products, {} users, {} groups, {} steps)",
                        tenant.skus().iter().filter(|s| !s.is_pending()).count(),
                        tenant.users().iter().filter(|u| u.is_alive()).count(),
                        tenant.groups().iter().filter(|g| g.is_alive()).count(),
                        simulation.step_count()
                    );
                    exit_keeping(simulation)
                }
                Err(e) => load_failed(&name, e),
            }
        }
        Command::Generate {
            users,
            groups,
            skus,
            steps,
            seed,
            groups_sized_for,
            output,
        } => {
            let parameters = licenselab_generate::Parameters {
                users,
                groups,
                skus,
                steps,
                seed,
            };
            let scenario = licenselab_generate::generate_sized(
                parameters,
                groups_sized_for.unwrap_or(parameters.users),
            );
            let text = licenselab_generate::to_json(&scenario);
            match output {
                None => {
                    if !files::print(format!("{text}\n").as_bytes(), "the tenant") {
                        return ExitCode::from(2);
                    }
                }
                Some(path) => {
                    let written = files::write_atomically(&path, |out| {
                        out.write_all(text.as_bytes())?;
                        out.write_all(b"\n")
                    });
                    if let Err(e) = written {
                        eprintln!("licenselab: cannot write {}: {e}", path.display());
                        return ExitCode::from(2);
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Command::Import {
            paths,
            output,
            anonymize,
        } => import::run(&paths, &output, anonymize),
        Command::Diff {
            old,
            new,
            format,
            exit_code,
        } => diff::run(&old, &new, format, exit_code),
        Command::Requests { plan, emit, output } => requests::run(&plan, emit, output.as_ref()),
        Command::Plan {
            tenant,
            target,
            output,
            naive,
            emit,
            format,
        } => plan::run(&tenant, &target, &output, naive.as_deref(), emit, format),
        Command::Export {
            output,
            graph_url,
            token_command,
            import_to,
        } => {
            let exported = export(&output, graph_url, token_command);
            match import_to {
                Some(scenario) if exported == ExitCode::SUCCESS => {
                    import::run(&[output], &scenario, false)
                }
                _ => exported,
            }
        }
    }
}

/// Success, with the loaded tenant left for the system to take back when the process ends:
/// freeing a 100,000-user tenant value by value takes 40-50 ms that nobody waits for.
fn exit_keeping(simulation: Simulation) -> ExitCode {
    std::mem::forget(simulation);
    ExitCode::SUCCESS
}

/// Writes what `run` prints. The result document is written as the tenant is walked, user by
/// user, so it is never whole in memory.
fn write_run(
    out: &mut dyn Write,
    simulation: &Simulation,
    format: Format,
    layout: JsonLayout,
) -> std::io::Result<()> {
    match format {
        Format::Json => simulation.result().write_json(out, layout),
        Format::Table => out.write_all(table::render(simulation).as_bytes()),
    }
}

fn export(output: &Path, graph_url: String, token_command: Option<String>) -> ExitCode {
    use licenselab_graph_export::{ConsoleProgress, Kind, TokenSource, COMPLETION_FILE};
    let token = match token_command {
        Some(command) => TokenSource::Command(command),
        None => TokenSource::Environment,
    };
    let mut config = licenselab_graph_export::Config::new(output, token);
    config.graph_url = graph_url;
    let shown = output.display();
    match licenselab_graph_export::export(&config, &ConsoleProgress::new()) {
        Ok(summary) => {
            println!(
                "licenselab: exported {} products, {} users, {} groups, {} memberships and {} \
                 members with license errors to {shown} ({} requests, {} retries, {:.1} s)",
                summary.objects(Kind::SubscribedSkus),
                summary.objects(Kind::Users),
                summary.objects(Kind::Groups),
                summary.objects(Kind::Members),
                summary.objects(Kind::MembersWithLicenseErrors),
                summary.requests,
                summary.retries,
                summary.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("licenselab: export stopped: {e}");
            let completion = std::fs::read_to_string(output.join(COMPLETION_FILE)).ok();
            let incomplete = completion
                .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
                .is_some_and(|v| v["complete"] == false);
            if incomplete {
                eprintln!(
                    "licenselab: {shown} is incomplete ({COMPLETION_FILE} says \"complete\": false); \
                     licenselab import refuses it. Run the export again into the same folder."
                );
            }
            ExitCode::from(1)
        }
    }
}

fn load_failed(name: &str, failure: files::LoadFailure) -> ExitCode {
    match failure {
        files::LoadFailure::Unreadable(message) => {
            eprintln!("licenselab: {message}");
            ExitCode::from(2)
        }
        files::LoadFailure::Invalid(error) => {
            eprintln!("licenselab: {name}: {error}");
            ExitCode::from(1)
        }
    }
}
