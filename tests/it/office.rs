//! Reports, configuration and the office/workshop commands, through the library and the built
//! binary (explicit config and data directories, never the user's own).

mod config_cli;
mod examples_cli;
mod hostile;
mod sessions_cli;
mod snapshots;
mod summary;
mod util;
