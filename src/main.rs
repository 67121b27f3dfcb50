use std::process::ExitCode;

fn main() -> ExitCode {
    dualcheck::cli::main()
}
