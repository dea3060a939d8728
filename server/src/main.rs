//! `booking-server`: configuration from the environment, then serve.

use booking_server::config::Config;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .with_target(false)
        .init();
    let config = match Config::from_lookup(|k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("booking-server: refusing to start: {e}");
            std::process::exit(2);
        }
    };
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
    println!("booking-server listening on http://{bind}/");
    if let Err(e) = booking_server::serve(listener, state).await {
        eprintln!("booking-server: {e}");
        std::process::exit(1);
    }
}
