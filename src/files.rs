//! The one way dualcheck opens files it reads and the reports it writes.
//!
//! Input: only regular files are read (a symbolic link is followed, but it must end at a regular
//! file); FIFOs, devices, sockets and directories are refused without blocking (the file is
//! opened non-blocking and checked on the open handle, so nothing can be swapped in between), and
//! at most the limit is read, whatever the file claims its size is.
//!
//! Output (reports): written in place into a regular file, or a new owner-only file; symbolic
//! links and special files (`/dev/null`, `/dev/stdout`, FIFOs) are refused, never replaced.
//! Sessions and the configuration keep their atomic rename (see [`crate::session`]).

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

/// Why an input file was not read.
#[derive(Debug)]
pub enum InputError {
    NotFound,
    /// A directory, where a file was expected.
    Directory,
    /// A FIFO, device or socket: what it is.
    Special(&'static str),
    /// Longer than the limit, in bytes.
    TooLarge(u64),
    NotUtf8,
    Io(io::Error),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("no such file"),
            Self::Directory => f.write_str("it is a directory, not a file"),
            Self::Special(what) => write!(f, "it is {what}, not a regular file"),
            Self::TooLarge(limit) => write!(f, "larger than {}", human(*limit)),
            Self::NotUtf8 => f.write_str("it is not UTF-8 text"),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InputError {}

/// A byte count as people read it: `8 MiB`, `64 KiB`, `512 bytes`.
pub fn human(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes.is_multiple_of(1 << 10) {
        format!("{} KiB", bytes >> 10)
    } else if bytes >= 1_000_000 && bytes.is_multiple_of(1_000_000) {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{bytes} bytes")
    }
}

/// What kind of file a non-regular file type is, for messages.
pub fn special_kind(t: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    if t.is_symlink() {
        return Some("a symbolic link");
    }
    if t.is_file() || t.is_dir() {
        None
    } else {
        Some("a special file")
    }
}

fn open_nonblocking_read(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO without a writer would block `open` forever; non-blocking returns at once and
        // the type check below refuses it.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Reads a regular file of at most `limit` bytes.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    // Refuse special files before opening: opening some devices has side effects.
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(InputError::NotFound),
        Err(e) => return Err(InputError::Io(e)),
        Ok(m) if m.is_dir() => return Err(InputError::Directory),
        Ok(m) if !m.is_file() => {
            return Err(InputError::Special(
                special_kind(m.file_type()).unwrap_or("a special file"),
            ));
        }
        Ok(m) if m.len() > limit => return Err(InputError::TooLarge(limit)),
        Ok(_) => {}
    }
    let file = open_nonblocking_read(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => InputError::NotFound,
        _ => InputError::Io(e),
    })?;
    // Checked again on the open handle: the path may have been replaced in between.
    let meta = file.metadata().map_err(InputError::Io)?;
    if meta.is_dir() {
        return Err(InputError::Directory);
    }
    if !meta.is_file() {
        return Err(InputError::Special(
            special_kind(meta.file_type()).unwrap_or("a special file"),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    // One byte more than the limit tells a file that grew past it.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, InputError> {
    String::from_utf8(read_bytes(path, limit)?).map_err(|_| InputError::NotUtf8)
}

/// Why a report was not written.
#[derive(Debug)]
pub enum OutputError {
    /// The path is a symbolic link or a special file: refused, left as it is.
    Refused(&'static str),
    Io(io::Error),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused(what) => write!(
                f,
                "it is {what}; dualcheck writes reports only to regular files and leaves it \
                 untouched (to print the report, leave out the output file)"
            ),
            Self::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for OutputError {}

impl From<io::Error> for OutputError {
    fn from(e: io::Error) -> Self {
        Self::Io(e)
    }
}

/// Writes a report: into the regular file at `path` (truncated, made owner-only) or a new
/// owner-only file. Symbolic links and special files are refused and left untouched.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => return Err(OutputError::Refused("a directory")),
        Ok(m) if !m.is_file() => {
            return Err(OutputError::Refused(
                special_kind(m.file_type()).unwrap_or("a special file"),
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(OutputError::Io(e)),
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // No following a link swapped in after the check, no blocking on a FIFO.
        options
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return OutputError::Refused("a symbolic link");
        }
        OutputError::Io(e)
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(OutputError::Refused(
            special_kind(meta.file_type()).unwrap_or("a special file"),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Reports hold answers: owner-only, also when the file existed.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.set_len(0)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_past_a_lying_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "0123456789").unwrap();
        assert_eq!(read_text(&p, 10).unwrap(), "0123456789");
        assert!(matches!(read_text(&p, 9), Err(InputError::TooLarge(9))));
        assert!(matches!(
            read_text(dir.path(), 9),
            Err(InputError::Directory)
        ));
        assert!(matches!(
            read_text(&dir.path().join("none"), 9),
            Err(InputError::NotFound)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let e = read_bytes(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(matches!(e, InputError::Special("a device")), "{e}");
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human(8 << 20), "8 MiB");
        assert_eq!(human(64 << 10), "64 KiB");
        assert_eq!(human(5_000_000), "5 MB");
        assert_eq!(human(7), "7 bytes");
    }
}
