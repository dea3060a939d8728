//! `booking-checkout-audit`: parses the command line, runs the audit,
//! prints the table (or JSON) and exits with the report's code.

use booking_checkout_audit::cli::{self, Command};
use booking_checkout_audit::report;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match cli::parse(&args, |k| std::env::var(k).ok()) {
        Ok(Command::Help) => {
            print!("{}", booking_checkout_audit::help::help());
            return;
        }
        Ok(Command::Version) => {
            println!("booking-checkout-audit {}", env!("CARGO_PKG_VERSION"));
            return;
        }
        Ok(Command::Run(opts)) => opts,
        Err(e) => {
            eprintln!("booking-checkout-audit: {}\nRun with --help for the options.", e.0);
            std::process::exit(2);
        }
    };
    match booking_checkout_audit::run(&opts).await {
        Ok(r) => {
            if let Some(path) = &opts.json_file {
                if let Err(e) = std::fs::write(path, report::json(&r)) {
                    eprintln!("booking-checkout-audit: cannot write --json-file: {e}");
                    std::process::exit(2);
                }
            }
            if opts.json {
                println!("{}", report::json(&r));
            } else {
                print!("{}", report::table(&r));
            }
            std::process::exit(report::exit_code(&r.findings));
        }
        Err(refusal) => {
            eprintln!("booking-checkout-audit: {refusal}");
            std::process::exit(2);
        }
    }
}
