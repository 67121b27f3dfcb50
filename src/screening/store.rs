//! The local index of imported lists: one JSON file in the data directory, written atomically and
//! owner-only, with a schema version.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::List;

/// The schema of the index file.
pub const SCHEMA: &str = "dualcheck.lists/1";
/// Largest list file that is imported.
pub const MAX_IMPORT_BYTES: u64 = 256 << 20;
/// Largest index file that is read.
pub const MAX_INDEX_BYTES: u64 = 512 << 20;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Store {
    pub schema: String,
    pub lists: Vec<List>,
}

/// Where the index lives in the data directory.
pub fn index_path(data_dir: &Path) -> PathBuf {
    data_dir.join("lists").join("index.json")
}

/// Reads a regular file with a size cap.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a regular file", path.display()));
    }
    if meta.len() > cap {
        return Err(format!(
            "{} is larger than {} MiB",
            path.display(),
            cap >> 20
        ));
    }
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "{} is larger than {} MiB",
            path.display(),
            cap >> 20
        ));
    }
    Ok(bytes)
}

/// Loads the index; no file is an empty store.
pub fn load(data_dir: &Path) -> Result<Store, String> {
    let path = index_path(data_dir);
    if !path.exists() {
        return Ok(Store {
            schema: SCHEMA.into(),
            lists: Vec::new(),
        });
    }
    let bytes = read_capped(&path, MAX_INDEX_BYTES)?;
    let store: Store = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{} is damaged (line {}, column {}: {e}); import the lists again",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if store.schema != SCHEMA {
        return Err(format!(
            "{} has schema {}, this version reads {SCHEMA}; import the lists again",
            path.display(),
            store.schema
        ));
    }
    Ok(store)
}

/// Saves the index atomically, owner-only.
pub fn save(data_dir: &Path, store: &Store) -> Result<(), String> {
    let path = index_path(data_dir);
    let dir = path.parent().unwrap_or(data_dir);
    crate::session::create_private_dir(dir)
        .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let bytes = serde_json::to_vec(store).map_err(|e| e.to_string())?;
    crate::session::write_private_atomic(&path, &bytes)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
