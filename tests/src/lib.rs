//! Helpers for the end-to-end tests in `tests/tests/`: find (or provision) CPython 3.11 to
//! 3.15 and the free-threaded 3.15t, build an example extension, install it under its
//! module file name, and run a Python test file against it.
//!
//! Set `ABIDE_TEST_PYTHON` to use a specific 3.15 interpreter (a venv python with pip; a
//! test fails when an interpreter is not the version, build and ABI it is named for);
//! otherwise `scripts/provision-python.sh` provides each one (cached under `.cache/python`;
//! for 3.15t it finds `ABIDE_PYTHON_FT`, `python3.15t` on `PATH` or the archive in
//! `../shared/python/`). Tests that need 3.15t are ignored when the build script found
//! none (`cfg(abide_no_ft)`, see `tests/build.rs`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Where the end-to-end tests build examples (a target dir of their own, so the outer
/// `cargo test` never waits on its own build lock).
pub fn target_dir() -> PathBuf {
    repo_root().join("target").join("e2e")
}

/// A venv Python of the given version (`"3.15"`, `"3.15t"`, `"3.15-dbg"`, `"3.14"`,
/// `"3.13"`, `"3.12"`, `"3.11"`, `"3.11-dbg"`), provisioned on first use and cached.
pub fn python(version: &str) -> PathBuf {
    static CACHE: OnceLock<Mutex<Vec<(String, PathBuf)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, p)) = cache.iter().find(|(v, _)| v == version) {
        return p.clone();
    }
    let path = if version == "3.15" {
        std::env::var_os("ABIDE_TEST_PYTHON").map(PathBuf::from)
    } else {
        None
    }
    .unwrap_or_else(|| provision(version));
    check_interpreter(version, &path);
    cache.push((version.to_owned(), path.clone()));
    path
}

/// Panics unless `python` is the interpreter `version` names (minor version,
/// free-threaded or not, Py_DEBUG or not): a test named for 3.15t must not pass on 3.15
/// because `ABIDE_TEST_PYTHON` or a provisioning fallback pointed elsewhere.
fn check_interpreter(version: &str, python: &Path) {
    let (release, debug) = match version.strip_suffix("-dbg") {
        Some(v) => (v, true),
        None => (version, false),
    };
    let (minor, free_threaded) = match release.strip_suffix('t') {
        Some(v) => (v, true),
        None => (release, false),
    };
    let expected = format!("{minor} {} {}", u8::from(free_threaded), u8::from(debug));
    let out = Command::new(python)
        .args([
            "-c",
            "import sys, sysconfig; print('%d.%d' % sys.version_info[:2], \
             int(bool(sysconfig.get_config_var('Py_GIL_DISABLED'))), \
             int(hasattr(sys, 'gettotalrefcount')))",
        ])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    let found = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(
        found,
        expected,
        "{} is not CPython {version} (version, free-threaded, Py_DEBUG): {}",
        python.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn provision(version: &str) -> PathBuf {
    let mut cmd = Command::new("bash");
    cmd.arg(repo_root().join("scripts/provision-python.sh"));
    match version.strip_suffix("-dbg") {
        Some(v) => cmd.args([v, "--dbg"]),
        None => cmd.arg(version),
    };
    let out = cmd.output().expect("run scripts/provision-python.sh");
    assert!(
        out.status.success(),
        "provisioning Python {version} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    PathBuf::from(
        stdout
            .lines()
            .last()
            .expect("provision script printed a path")
            .trim(),
    )
}

/// Makes sure `python` can import the given PyPI packages, installing them if not.
pub fn pip_install(python: &Path, packages: &[&str]) {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let modules: Vec<String> = packages
        .iter()
        .map(|p| {
            p.split(['=', '<', '>'])
                .next()
                .unwrap_or(p)
                .replace('-', "_")
        })
        .collect();
    let probe = format!("import {}", modules.join(", "));
    let ok = Command::new(python)
        .args(["-c", &probe])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return;
    }
    let status = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(packages)
        .status()
        .expect("run pip");
    assert!(status.success(), "pip install {packages:?} failed");
}

/// Builds the cdylib of workspace package `package` in release mode and returns the
/// path of the built library.
pub fn build_cdylib(package: &str) -> PathBuf {
    build_cdylib_in(package, &[], &target_dir())
}

/// Like [`build_cdylib`] with cargo `features` (e.g. `abide/abi3t-only`), in a target
/// directory of their own so the default build is not overwritten.
pub fn build_cdylib_with_features(package: &str, features: &str) -> PathBuf {
    let dir = repo_root()
        .join("target")
        .join(format!("e2e-{}", features.replace(['/', ','], "-")));
    build_cdylib_in(package, &["--features", features], &dir)
}

fn build_cdylib_in(package: &str, extra: &[&str], target_dir: &Path) -> PathBuf {
    // One build at a time: cargo would serialise them anyway, with noisier output.
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(repo_root())
        .args(["build", "--release", "--quiet", "-p", package])
        .args(extra)
        .arg("--target-dir")
        .arg(target_dir)
        .status()
        .expect("run cargo build");
    assert!(status.success(), "building {package} failed");
    let lib = target_dir
        .join("release")
        .join(format!("lib{}.so", package.replace('-', "_")));
    assert!(lib.exists(), "{} was not built", lib.display());
    lib
}

/// The file name suffix an interpreter of `version` loads a Stable ABI library under:
/// `.abi3t.so` on 3.15+ (GIL or free-threaded), `.abi3.so` before (GIL builds, 3.11 to
/// 3.14).
pub fn stable_abi_suffix(version: &str) -> &'static str {
    let minor: u32 = version
        .trim_start_matches("3.")
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(15);
    if minor >= 15 { ".abi3t.so" } else { ".abi3.so" }
}

/// Copies a built library into a fresh directory as `<module>.abi3t.so`, the file name
/// CPython 3.15 looks for, and returns the directory.
pub fn install_module(lib: &Path, module: &str, test_name: &str) -> PathBuf {
    install_module_as(lib, module, ".abi3t.so", test_name)
}

/// Copies a built library into a fresh directory as `<module><suffix>`.
pub fn install_module_as(lib: &Path, module: &str, suffix: &str, test_name: &str) -> PathBuf {
    let dir = target_dir().join("site").join(test_name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create module dir");
    std::fs::copy(lib, dir.join(format!("{module}{suffix}"))).expect("copy module");
    dir
}

/// Runs pytest on `test_file` (relative to the repo) with `module_dir` importable, and
/// panics with pytest's output unless the run tested something (see [`outcome`]): a test
/// failed, none passed, one was an xfail or xpass, or one skipped.
pub fn pytest(python: &Path, module_dir: &Path, test_file: &str, extra_env: &[(&str, &str)]) {
    if let Err(e) = pytest_outcome(python, module_dir, test_file, extra_env) {
        panic!("{e}");
    }
}

/// Runs pytest like [`pytest`] and returns the verdict instead of panicking.
pub fn pytest_outcome(
    python: &Path,
    module_dir: &Path,
    test_file: &str,
    extra_env: &[(&str, &str)],
) -> Result<outcome::Outcome, String> {
    pip_install(python, &["pytest"]);
    let mut cmd = Command::new(python);
    cmd.current_dir(repo_root())
        .args(["-m", "pytest"])
        .args(outcome::ARGS)
        .arg(repo_root().join(test_file))
        .env("PYTHONPATH", module_dir)
        .env("PYTHONDONTWRITEBYTECODE", "1");
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run pytest");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Show pytest's summary in the cargo test output either way.
    eprintln!("{test_file}: {}", stdout.lines().last().unwrap_or(""));
    outcome::judge(test_file, &out)
}

/// Builds `package`, installs it as `module`, and runs `test_file` on CPython 3.15.
pub fn run_python_tests(package: &str, module: &str, test_file: &str) {
    run_python_tests_on("3.15", package, module, test_file);
}

/// Builds `package` (one library for every version), installs it under the file name
/// that CPython `version` loads, and runs `test_file` on that interpreter.
pub fn run_python_tests_on(version: &str, package: &str, module: &str, test_file: &str) {
    let python = python(version);
    let lib = build_cdylib(package);
    let dir = install_module_as(
        &lib,
        module,
        stable_abi_suffix(version),
        &format!("{module}-{version}"),
    );
    pytest(&python, &dir, test_file, &[]);
}

/// Builds `abide-testmod` and runs one more of its pytest files on `version`, from a
/// module directory of its own (named after the file), so that this suite and
/// `test_testmod.py` may run at the same time without replacing each other's module.
pub fn run_testmod_file(version: &str, test_file: &str) {
    let python = python(version);
    let lib = build_cdylib("abide-testmod");
    let stem = Path::new(test_file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("tests");
    let dir = install_module_as(
        &lib,
        "testmod",
        stable_abi_suffix(version),
        &format!("testmod-{stem}-{version}"),
    );
    pytest(&python, &dir, test_file, &[]);
}

/// Reading a pytest run's output: what passed, what skipped and why.
pub mod outcome;

/// The symbol audit of built extensions (see `tests/tests/symbol_audit.rs`).
pub mod audit;

/// Building, installing and testing the examples' wheels (see `tests/tests/wheels.rs`).
pub mod wheel;

/// `abide` and `abide-macros` packaged, unpacked and used from a crate outside the
/// workspace (see `tests/tests/packaged.rs`).
pub mod packaged;

/// The guide in `docs/`, compiled as doctests (see `tests/src/guide.rs`).
pub mod guide;

/// Abide's build backend, as the tests install and run it (see `tests/tests/build_backend.rs`).
pub mod backend;

/// Runs `abide-build stubgen` (from the tools venv, CPython 3.15) for `module`, importable
/// from `module_dir`, from another folder, and returns the type stub it composes (see
/// `tests/tests/stubs.rs`).
pub fn stubgen(module_dir: &Path, module: &str) -> String {
    let elsewhere = target_dir().join("stubgen-cwd");
    std::fs::create_dir_all(&elsewhere).expect("create a working directory");
    let out = backend::abide_build()
        .current_dir(&elsewhere)
        .args(["stubgen", module, "--out", "-", "--path"])
        .arg(module_dir)
        .env_remove("PYTHONPATH")
        .output()
        .expect("run abide-build stubgen");
    assert!(
        out.status.success(),
        "abide-build stubgen {module} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the stub is UTF-8")
}

/// For each `name [versions] => run;`, a module `name` with one test per listed CPython:
/// `cpython_311`, `cpython_312`, `cpython_313`, `cpython_314`, `cpython_315` or
/// `cpython_315t`, each calling `run(version)` with `"3.11"`, `"3.12"`, `"3.13"`,
/// `"3.14"`, `"3.15"` or `"3.15t"`. The 3.15t test is ignored, with the reason, where
/// `tests/build.rs` found no free-threaded interpreter.
///
/// ```text
/// abide_tests::per_version! {
///     /// The hello example's tests.
///     hello [cpython_315 cpython_315t] => |v| run_python_tests_on(v, "hello", "hello", FILE);
/// }
/// ```
#[macro_export]
macro_rules! per_version {
    ($($(#[$doc:meta])* $name:ident [$($version:ident)*] => $run:expr;)*) => {$(
        $(#[$doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $($crate::version_test!($version, $run);)*
        }
    )*};
}

/// One test of [`per_version!`].
#[doc(hidden)]
#[macro_export]
macro_rules! version_test {
    (cpython_311, $run:expr) => {
        #[test]
        fn cpython_311() {
            ($run)("3.11")
        }
    };
    (cpython_312, $run:expr) => {
        #[test]
        fn cpython_312() {
            ($run)("3.12")
        }
    };
    (cpython_313, $run:expr) => {
        #[test]
        fn cpython_313() {
            ($run)("3.13")
        }
    };
    (cpython_314, $run:expr) => {
        #[test]
        fn cpython_314() {
            ($run)("3.14")
        }
    };
    (cpython_315, $run:expr) => {
        #[test]
        fn cpython_315() {
            ($run)("3.15")
        }
    };
    (cpython_315t, $run:expr) => {
        #[test]
        #[cfg_attr(
            abide_no_ft,
            ignore = "no free-threaded CPython 3.15t found: set ABIDE_PYTHON_FT"
        )]
        fn cpython_315t() {
            ($run)("3.15t")
        }
    };
}
