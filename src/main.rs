//! The `briefpress` command. All logic lives in the library's `cli` module.

fn main() {
    std::process::exit(briefpress::cli::main());
}
