//! Wheels: abide-build (the build backend, `abide-build/`) builds the one wheel of an
//! example, abi3audit and abi3t-doctor check it; these helpers install it with pip into
//! fresh venvs and run the example's tests against it.

use super::{backend, outcome, python, repo_root};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

/// Where wheel builds, venvs and test runs live (cargo's target dir for maturin is
/// `cargo/` in it, reused from run to run).
pub fn wheels_dir() -> PathBuf {
    repo_root().join("target").join("wheels")
}

/// Runs `cmd`, panicking with its output if it fails (`what` names it in the message).
pub fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Builds (once per test process) the wheel of the example crate in
/// `examples/<example>` and returns its path.
pub fn build(example: &str) -> PathBuf {
    build_with_features(example, "")
}

/// [`build`] with cargo `features` (e.g. `abide/abi3-py313`; none when empty), in a
/// target directory of their own. The wheel is built by `abide-build wheel` (what
/// `pip wheel` runs, without pip's isolated environment) and audited ([`audit`]).
pub fn build_with_features(example: &str, features: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    // One build at a time: they share a target dir, and cargo would serialise them.
    let mut built = BUILT
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let key = format!("{example}{features}");
    if let Some(wheel) = built.get(&key) {
        return wheel.clone();
    }
    let suffix = features.replace(['/', ','], "-");
    let dist = wheels_dir().join("dist").join(key.replace('/', "-"));
    let _ = std::fs::remove_dir_all(&dist);
    let start = std::time::Instant::now();
    let mut cmd = backend::abide_build();
    cmd.current_dir(repo_root())
        .env(
            "CARGO_TARGET_DIR",
            wheels_dir().join(format!("cargo{suffix}")),
        )
        .args(["wheel", "--out"])
        .arg(&dist)
        .arg(format!("examples/{example}"));
    if !features.is_empty() {
        cmd.args(["--", "--features", features]);
    }
    let out = run(
        &mut cmd,
        &format!("abide-build wheel examples/{example} {features}"),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let wheel = PathBuf::from(stdout.lines().last().expect("a wheel path").trim());
    eprintln!(
        "built {} in {:.1}s",
        wheel.file_name().unwrap_or_default().to_string_lossy(),
        start.elapsed().as_secs_f64()
    );
    audit(&wheel);
    built.insert(key, wheel.clone());
    wheel
}

/// Runs abi3audit and abi3t-doctor (from the tools venv) on `wheel`; panics on any
/// finding but those the wheel's form implies (`scripts/wheel-audit.py` judges, and
/// prints those it waives, with the reason).
pub fn audit(wheel: &Path) {
    let reports = wheel.with_extension("audit");
    std::fs::create_dir_all(&reports).expect("create the audit folder");
    let (a3, doctor) = (reports.join("abi3audit.json"), reports.join("doctor.json"));
    // Both exit non-zero on findings, the expected ones included: their reports decide.
    let _ = Command::new(backend::tools_bin().join("abi3audit"))
        .args(["--report", "--output"])
        .arg(&a3)
        .arg(wheel)
        .output()
        .expect("run abi3audit");
    // -a: list the wheel even when clean, so that an empty report means nothing was read.
    let out = Command::new(backend::tools_bin().join("abi3t-doctor"))
        .args(["wheel", "-a", "--format", "json"])
        .arg(wheel)
        .output()
        .expect("run abi3t-doctor");
    std::fs::write(&doctor, &out.stdout).expect("write the doctor's report");
    // The library's own entry points, which abi3audit (abi3 only) does not know.
    let unpacked = reports.join("unpacked");
    let _ = std::fs::remove_dir_all(&unpacked);
    run(
        Command::new(python("3.15"))
            .args(["-m", "zipfile", "-e"])
            .arg(wheel)
            .arg(&unpacked),
        "unpack the wheel",
    );
    let library = find_library(&unpacked);
    let kind = if library.ends_with("__init__.so") {
        "universal"
    } else {
        "abi3t-only"
    };
    let hooks: Vec<String> = crate::audit::exports(&library)
        .into_iter()
        .filter(|s| s.starts_with("PyModExport") || s.starts_with("PyInit"))
        .collect();
    let name = wheel.file_name().unwrap_or_default();
    let out = run(
        Command::new(python("3.15"))
            .arg(repo_root().join("scripts/wheel-audit.py"))
            .arg(kind)
            .arg(name)
            .arg(&a3)
            .arg(&doctor)
            .args(&hooks),
        &format!("the audit of {}", name.to_string_lossy()),
    );
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
}

/// The one `.so` under `dir`.
fn find_library(dir: &Path) -> PathBuf {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("read the unpacked wheel")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "so") {
                found.push(path);
            }
        }
    }
    assert_eq!(found.len(), 1, "libraries in the wheel: {found:?}");
    found.remove(0)
}

/// Creates a fresh venv (no pip) from `base` in `dir` and returns its python.
pub fn fresh_venv(base: &Path, dir: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(dir);
    run(
        Command::new(base)
            .args(["-m", "venv", "--without-pip"])
            .arg(dir),
        &format!("{} -m venv", base.display()),
    );
    dir.join("bin").join("python")
}

/// Installs `wheel` and pytest into a fresh venv of `base` with pip (pip runs on that
/// venv's interpreter, so that interpreter decides whether the wheel's tags fit), checks
/// that `import <module>` finds the installed library (`<module>/__init__.so`) from
/// outside the source tree, and runs `test_file` against it with pytest. `deselect`
/// names tests (`-k` expressions) that do not apply to the installed form.
pub fn test_installed(
    label: &str,
    base: &Path,
    wheel: &Path,
    module: &str,
    test_file: &str,
    deselect: &[&str],
) {
    let root = wheels_dir().join("run").join(format!("{module}-{label}"));
    let venv = root.join("venv");
    let py = fresh_venv(base, &venv);
    // pip itself comes from the provisioned 3.15 venv; `--python` runs it on `py`.
    run(
        Command::new(python("3.15"))
            .args(["-m", "pip", "--python"])
            .arg(&py)
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .args(["--no-index", "--find-links"])
            .arg(backend::wheelhouse())
            .arg(wheel)
            .arg("pytest"),
        &format!("pip install {} on {label}", wheel.display()),
    );
    // An empty working directory: nothing importable but what the venv has.
    let cwd = root.join("cwd");
    std::fs::create_dir_all(&cwd).expect("create run dir");
    let python_in = |args: &[&str]| {
        let mut cmd = Command::new(&py);
        cmd.current_dir(&cwd)
            .args(args)
            .env_remove("PYTHONPATH")
            .env_remove("PYTHONHOME")
            .env("PYTHONNOUSERSITE", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1");
        cmd
    };
    let out = run(
        &mut python_in(&["-c", &format!("import {module}; print({module}.__file__)")]),
        &format!("import {module} on {label}"),
    );
    let file = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    assert!(
        file.starts_with(&venv) && file.ends_with(format!("{module}/__init__.so")),
        "on {label}, {module} was imported from {}, not from the installed wheel",
        file.display()
    );
    let mut args = vec!["-m", "pytest", "--import-mode=importlib"];
    args.extend(outcome::ARGS);
    let deselect_expr = deselect
        .iter()
        .map(|t| format!("not {t}"))
        .collect::<Vec<_>>()
        .join(" and ");
    if !deselect.is_empty() {
        args.extend(["-k", &deselect_expr]);
    }
    let test_path = repo_root().join(test_file);
    let test_path = test_path.to_string_lossy();
    args.extend(["--rootdir", ".", &test_path]);
    let out = python_in(&args).output().expect("run pytest");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!(
        "{test_file} on {label} (installed wheel): {}",
        stdout.lines().last().unwrap_or("")
    );
    let what = format!("{test_file} on {label} (installed wheel)");
    let outcome = outcome::judge(&what, &out).unwrap_or_else(|e| panic!("{e}"));
    // A renamed test would leave its `not <name>` deselecting nothing.
    assert!(
        outcome.deselected >= deselect.len() as u64,
        "{what}: {} tests deselected by {deselect:?}",
        outcome.deselected
    );
}

/// What a wheel's `.dist-info` declares: its `Tag:` lines (from `WHEEL`) and its
/// `Requires-Python` (from `METADATA`, empty when absent), which pip checks too.
pub struct Declared {
    pub tags: Vec<String>,
    pub requires_python: String,
}

/// Reads [`Declared`] from `wheel` (with the provisioned 3.15's `zipfile`).
pub fn declared(wheel: &Path) -> Declared {
    let script = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    def read(name):
        (path,) = [n for n in z.namelist() if n.endswith(".dist-info/" + name)]
        return z.read(path).decode().splitlines()
    tags = [l.split(":", 1)[1].strip() for l in read("WHEEL") if l.startswith("Tag:")]
    requires = [l.split(":", 1)[1].strip() for l in read("METADATA") if l.startswith("Requires-Python:")]
print(" ".join(tags))
print(" ".join(requires))
"#;
    let out = run(
        Command::new(python("3.15")).args(["-c", script]).arg(wheel),
        &format!("reading the .dist-info of {}", wheel.display()),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines = stdout.lines();
    let tags = lines.next().unwrap_or("").split_whitespace();
    Declared {
        tags: tags.map(str::to_owned).collect(),
        requires_python: lines.next().unwrap_or("").to_owned(),
    }
}
