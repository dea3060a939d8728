//! `booking-server`: configuration from the environment, then serve.

use booking_server::config::{Config, LogFormat};
use std::io::IsTerminal;

#[tokio::main]
async fn main() {
    let config = match Config::from_lookup(|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("booking-server: refusing to start: {e}");
            std::process::exit(2);
        }
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    match config.log_format {
        // Colour codes only for a person at a terminal, never in a file or pipe.
        LogFormat::Text => logs.with_ansi(std::io::stdout().is_terminal()).init(),
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
    let bind = config.bind;
    let state = match booking_server::build_state(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("booking-server: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind(bind).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("booking-server: cannot listen on {bind}: {e}");
            std::process::exit(1);
        }
    };
    tracing::info!(addr = %bind, demo = state.config.demo, "listening");
    if state.config.log_format == LogFormat::Text {
        // For the person who started it; a JSON stream stays JSON.
        println!("booking-server listening on http://{bind}/");
    }
    if let Err(e) = booking_server::serve(listener, state).await {
        eprintln!("booking-server: {e}");
        std::process::exit(1);
    }
}
