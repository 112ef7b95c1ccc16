//! `grip serve`: the HTTP API and the dashboard over one database. grip-server does the work
//! (and owns the async runtime); this file turns the arguments into its configuration.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The database file (created when missing).
    #[arg(long, value_name = "PATH", default_value = "grip.db")]
    db: PathBuf,
    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Bearer token that write endpoints (POST /v1/documents) require; default: $GRIP_TOKEN.
    /// Without one the server is read-only.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 2 * 1024 * 1024)]
    max_body: usize,
    /// Seconds a request may take before it is answered with `timeout`.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// Seconds a client may take to send its headers, and again its body.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    client_timeout: u64,
    /// Allow cross-origin requests from this origin (`*` for any); repeatable. Default: none.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    cors_origins: Vec<String>,
    /// Do not cache read responses (each request reads the database).
    #[arg(long)]
    no_cache: bool,
}

pub(crate) fn run(engine: grip_analysis::Engine, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let token = args.token.clone().or_else(|| std::env::var("GRIP_TOKEN").ok()).filter(|token| !token.is_empty());
    let mut config = grip_server::ServerConfig::new(&args.db);
    config.token = token;
    config.max_body_bytes = args.max_body;
    config.request_timeout = Duration::from_secs(args.timeout.max(1));
    config.body_timeout = Duration::from_secs(args.client_timeout.max(1));
    config.header_timeout = Duration::from_secs(args.client_timeout.max(1));
    config.cors_origins = args.cors_origins.clone();
    if args.no_cache {
        config.cache_entries = 0;
    }
    let state = grip_server::AppState::open(Arc::new(engine), config)
        .with_context(|| format!("opening database {}", args.db.display()))?;
    let writable = state.writable();
    grip_server::run(state, args.bind, |address| {
        eprintln!(
            "grip: serving {} on http://{address}/ ({}); API under /v1, OpenAPI at /openapi.json; Ctrl-C stops",
            args.db.display(),
            if writable { "writes need the bearer token" } else { "read-only: no token" }
        );
    })
    .with_context(|| format!("serving on {}", args.bind))?;
    eprintln!("grip: stopped");
    Ok(ExitCode::SUCCESS)
}
