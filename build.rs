//! Link settings for the browser build.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        // Rust gives wasm a 1 MiB shadow stack by default, and the browser
        // reserves all of it in the module's linear memory. The checkout's
        // deepest call chain needs a small fraction of 128 KiB (its async
        // state lives on the heap; the whole Playwright suite passes with
        // 32 KiB). The stack sits first in memory, so an overflow would trap,
        // never overwrite data.
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=131072");
    }
}
