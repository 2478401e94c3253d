//! abide-build, the PEP 517 build backend in `abide-build/`, as the tests use it: its
//! wheel, a local wheelhouse of what it and the tests install, and a CPython 3.15 venv
//! with abide-build, the wheel auditors and pytest installed (the "tools venv").

use super::{python, repo_root};
use crate::wheel::{fresh_venv, run};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// What the tests install from PyPI, pinned: abide-build's dependencies and build
/// backend, the wheel auditors, pytest. Downloaded once into the wheelhouse, so that the
/// many fresh venvs and isolated builds install without going to the index.
pub const PINS: &[&str] = &[
    "maturin==1.16.0",
    "pyelftools==0.33",
    "flit_core==4.2.0",
    "abi3audit==0.0.26",
    "abi3t-doctor==0.1.0",
    "pytest",
    "build==1.6.1",
];

/// Where builds of the backend and its venvs live.
pub fn dir() -> PathBuf {
    repo_root().join("target").join("abide-build")
}

/// The wheelhouse: [`PINS`] and their dependencies as wheels, in `.cache/wheel-tools/`
/// (kept across runs; a stamp file says which pins it holds).
pub fn wheelhouse() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = repo_root().join(".cache/wheel-tools/wheelhouse");
        let stamp = dir.join(".pins");
        let pins = PINS.join(" ");
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(pins.as_str()) {
            run(
                Command::new(python("3.15"))
                    .args(["-m", "pip", "download", "--quiet"])
                    .args(["--disable-pip-version-check", "--dest"])
                    .arg(&dir)
                    .args(PINS),
                "pip download the test tools",
            );
            std::fs::write(&stamp, &pins).expect("write the wheelhouse stamp");
        }
        dir
    })
    .clone()
}

/// pip of the provisioned 3.15, installing into `target` from the wheelhouse (and the
/// folder of abide-build's wheel) only.
pub fn pip_offline(target: &Path) -> Command {
    let mut cmd = Command::new(python("3.15"));
    cmd.args(["-m", "pip", "--python"])
        .arg(target)
        .args(["--disable-pip-version-check", "--no-input"]);
    cmd
}

/// The index options that make pip use the wheelhouse and abide-build's own wheel only.
pub fn local_index() -> Vec<String> {
    vec![
        "--no-index".into(),
        "--find-links".into(),
        wheelhouse().display().to_string(),
        "--find-links".into(),
        backend_dist().display().to_string(),
    ]
}

/// abide-build's wheel, built from `abide-build/` once per test process (with pip, in
/// an isolated environment: flit_core comes from the wheelhouse); returns its folder.
pub fn backend_dist() -> PathBuf {
    static DIST: OnceLock<PathBuf> = OnceLock::new();
    DIST.get_or_init(|| {
        let dist = dir().join("dist");
        let _ = std::fs::remove_dir_all(&dist);
        run(
            Command::new(python("3.15"))
                .args(["-m", "pip", "wheel", "--quiet", "--no-deps"])
                .args(["--disable-pip-version-check", "--no-index", "--find-links"])
                .arg(wheelhouse())
                .arg("--wheel-dir")
                .arg(&dist)
                .arg(repo_root().join("abide-build")),
            "pip wheel abide-build",
        );
        dist
    })
    .clone()
}

/// The tools venv (CPython 3.15): abide-build, abi3audit, abi3t-doctor and pytest, made
/// fresh once per test process. Returns its `bin/` folder.
pub fn tools_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let venv = dir().join("tools");
        let py = fresh_venv(&python("3.15"), &venv);
        run(
            pip_offline(&py)
                .args(["install", "--quiet"])
                .args(local_index())
                .args(["abide-build", "abi3audit", "abi3t-doctor", "pytest"]),
            "install the tools venv",
        );
        venv.join("bin")
    })
    .clone()
}

/// The `abide-build` command of the tools venv.
pub fn abide_build() -> Command {
    let mut cmd = Command::new(tools_bin().join("abide-build"));
    cmd.env("PYTHONDONTWRITEBYTECODE", "1");
    cmd
}
