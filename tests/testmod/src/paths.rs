//! Paths and OS strings, as a PyO3 user writes them: `PathBuf`, `&Path`, `OsString`,
//! `&OsStr` and `Cow<Path>` parameters and results.

use abide::prelude::*;
use std::borrow::Cow;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// The path back: a `pathlib.Path`.
#[pyfunction]
fn path_id(p: PathBuf) -> PathBuf {
    p
}

/// The length of the path's file name, in bytes (0 when it has none).
#[pyfunction]
fn path_in(p: PathBuf) -> usize {
    p.file_name().map_or(0, |name| name.len())
}

/// A borrowed `&Path`: its parent directory.
#[pyfunction]
fn path_parent(p: &Path) -> Option<&Path> {
    p.parent()
}

/// The path's bytes, as Rust holds them (Unix).
#[pyfunction]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

/// A path from raw bytes (possibly not UTF-8).
#[pyfunction]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(b))
}

/// Joins two paths.
#[pyfunction]
fn path_join(a: PathBuf, b: &Path) -> PathBuf {
    a.join(b)
}

/// A `Cow<Path>` parameter and result.
#[pyfunction]
fn path_cow(p: Cow<'_, Path>) -> Cow<'_, Path> {
    p
}

/// The OS string back: a `str`.
#[pyfunction]
fn os_id(s: OsString) -> OsString {
    s
}

/// A borrowed `&OsStr`: its length in bytes.
#[pyfunction]
fn os_len(s: &OsStr) -> usize {
    s.len()
}

/// An OS string from raw bytes, as a `str` (`os.fsdecode`).
#[pyfunction]
fn os_from_bytes(b: &[u8]) -> OsString {
    use std::os::unix::ffi::OsStrExt;
    OsStr::from_bytes(b).to_owned()
}

/// An optional path.
#[pyfunction(signature = (p = None))]
fn path_opt(p: Option<PathBuf>) -> String {
    match p {
        Some(p) => p.display().to_string(),
        None => "none".to_owned(),
    }
}

/// Paths in a list.
#[pyfunction]
fn paths_count(ps: Vec<PathBuf>) -> usize {
    ps.len()
}

pub fn add(m: &Module<'_>) -> PyResult<()> {
    for def in [
        wrap_pyfunction!(path_id),
        wrap_pyfunction!(path_in),
        wrap_pyfunction!(path_parent),
        wrap_pyfunction!(path_bytes),
        wrap_pyfunction!(path_from_bytes),
        wrap_pyfunction!(path_join),
        wrap_pyfunction!(path_cow),
        wrap_pyfunction!(os_id),
        wrap_pyfunction!(os_len),
        wrap_pyfunction!(os_from_bytes),
        wrap_pyfunction!(path_opt),
        wrap_pyfunction!(paths_count),
    ] {
        m.add_function(def)?;
    }
    Ok(())
}
