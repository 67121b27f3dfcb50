//! The integration tests: one binary, one module per area. Each module says what it covers; the
//! fixtures are in `tests/fixtures/`, the scenario suite in `tests/scenarios/`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/html_check.rs"]
mod html_check;

mod architecture;
mod assessment;
mod cli;
mod engine;
mod hostile_files;
mod html_browser;
mod inline;
mod invalid_questionnaires;
mod legal_data;
mod materiality;
mod office;
mod plain;
mod privacy;
mod reliability;
mod save_faults;
mod scale;
mod scenarios;
mod screening;
mod tui;
