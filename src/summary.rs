//! `dualcheck summary`'s reading of report files: the counting is [`dualcheck_core::summary`]
//! (over bytes); here files are read, regular files only and at most
//! [`MAX_REPORT_BYTES`] each whatever they claim, and directories are walked. A file that cannot
//! be read is listed as skipped, never fatal.

use std::path::{Path, PathBuf};

pub use dualcheck_core::summary::*;

/// Reading report files into a [`Summary`].
pub trait ReadReports: Sized {
    /// Reads one file (size-limited) and counts it.
    fn add_file(&mut self, path: &Path);
    /// Adds files and directories (every `*.json` directly inside, in name order).
    #[must_use]
    fn read_paths(self, paths: &[PathBuf]) -> Self;
}

/// Counts files and directories (every `*.json` directly inside, in name order).
pub fn collect(paths: &[PathBuf]) -> Summary {
    Summary::default().read_paths(paths)
}

impl ReadReports for Summary {
    fn add_file(&mut self, path: &Path) {
        let name = path.display().to_string();
        // Regular files only (a FIFO or a link to `/dev/zero` is skipped, never read), at most
        // the limit, whatever the file claims its size is.
        match crate::files::read_bytes(path, MAX_REPORT_BYTES) {
            Ok(bytes) => self.add(&name, &bytes),
            Err(crate::files::InputError::Io(e)) => {
                self.skip(&name, format!("cannot read: {}", io_reason(&e)));
            }
            Err(crate::files::InputError::NotFound) => {
                self.skip(&name, "cannot read: no such file");
            }
            Err(crate::files::InputError::Directory) => self.skip(&name, "a directory, not a file"),
            Err(crate::files::InputError::TooLarge(_)) => {
                self.skip(&name, format!("larger than {} MiB", MAX_REPORT_BYTES >> 20));
            }
            Err(e) => self.skip(&name, e.to_string()),
        }
    }

    fn read_paths(self, paths: &[PathBuf]) -> Self {
        let mut s = self;
        for p in paths {
            if p.is_dir() {
                match std::fs::read_dir(p) {
                    Ok(read) => {
                        let mut files: Vec<PathBuf> = read
                            .flatten()
                            .map(|e| e.path())
                            .filter(|f| f.extension().is_some_and(|e| e == "json"))
                            .collect();
                        files.sort();
                        for f in files {
                            s.add_file(&f);
                        }
                    }
                    Err(e) => s.skip(
                        &p.display().to_string(),
                        format!("cannot read: {}", io_reason(&e)),
                    ),
                }
            } else {
                s.add_file(p);
            }
        }
        s
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
