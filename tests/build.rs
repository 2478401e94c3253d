//! Tells the end-to-end tests whether a free-threaded CPython 3.15t can be found, the way
//! `scripts/provision-python.sh 3.15t` looks for one: `ABIDE_PYTHON_FT`, `python3.15t` on
//! `PATH`, or the archive in `../shared/python/` beside the repository. Without one, the
//! `*_315t` tests are compiled as ignored (`cfg(abide_no_ft)`), so `cargo test` lists them
//! as ignored with the reason instead of passing them silently. `.ci/run` provisions the
//! interpreter first and fails when there is none.

use std::path::{Path, PathBuf};

const ARCHIVE: &str = "cpython-3.15t-x86_64-linux-gnu.tar.xz";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(abide_no_ft)");
    println!("cargo::rerun-if-env-changed=ABIDE_PYTHON_FT");
    println!("cargo::rerun-if-env-changed=PATH");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf();
    let shared = repo.parent().map(|p| p.join("shared").join("python"));
    // Watch the archive if it is there, else the folder it would appear in.
    match &shared {
        Some(dir) if dir.join(ARCHIVE).exists() => {
            println!("cargo::rerun-if-changed={}", dir.join(ARCHIVE).display())
        }
        Some(dir) if dir.exists() => println!("cargo::rerun-if-changed={}", dir.display()),
        _ => {}
    }
    let found = std::env::var_os("ABIDE_PYTHON_FT").is_some_and(|v| !v.is_empty())
        || on_path("python3.15t")
        || shared.is_some_and(|dir| dir.join(ARCHIVE).exists());
    if !found {
        println!(
            "cargo::warning=no free-threaded CPython 3.15t found (ABIDE_PYTHON_FT, python3.15t on \
             PATH, ../shared/python/{ARCHIVE}): the 3.15t tests are ignored"
        );
        println!("cargo::rustc-cfg=abide_no_ft");
    }
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir: PathBuf| dir.join(name).is_file())
    })
}
