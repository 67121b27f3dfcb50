//! The full-screen wizard: screen snapshots on `TestBackend` and the real binary in a
//! pseudo-terminal.

mod common;
mod hermetic;
mod pty;
mod snapshots;
