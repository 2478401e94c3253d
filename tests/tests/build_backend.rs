//! abide-build, the PEP 517 build backend users install from PyPI (`abide-build/`):
//!
//! - its own Python tests, on every CPython it supports;
//! - what users run in their crate, in fresh venvs with the backend installed from its
//!   wheel (pip's isolated build environment takes it, maturin and pyelftools from a local
//!   wheelhouse, as it would take them from the index): `pip wheel .` on CPython 3.11,
//!   `pip install .` on the free-threaded 3.15t and `python -m build` (sdist, then the wheel
//!   from the sdist) on 3.15. Each gives the one `cp311-abi3.abi3t` wheel, stripped, with
//!   the module's stub, and prints no error line;
//! - a module whose name is not ASCII, and an abi3t-only build.

use abide_tests::backend::{self, abide_build, local_index, pip_offline, wheelhouse};
use abide_tests::wheel::{fresh_venv, run};
use abide_tests::{outcome, per_version, python, repo_root};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh venv of CPython `version` at `target/abide-build/<name>` with `packages`
/// installed from the local index; returns its python.
fn venv_with(version: &str, name: &str, packages: &[&str]) -> PathBuf {
    let py = fresh_venv(&python(version), &backend::dir().join(name));
    if !packages.is_empty() {
        run(
            pip_offline(&py)
                .args(["install", "--quiet"])
                .args(local_index())
                .args(packages),
            &format!("install {packages:?} on {version}"),
        );
    }
    py
}

/// The backend's own tests (`abide-build/tests`), against the installed package.
fn own_tests(version: &str) {
    let py = venv_with(
        version,
        &format!("own-tests-{version}"),
        &["abide-build", "pytest"],
    );
    let cwd = backend::dir().join(format!("own-tests-{version}-cwd"));
    std::fs::create_dir_all(&cwd).expect("create a working directory");
    let tests = repo_root().join("abide-build").join("tests");
    let out = Command::new(&py)
        .current_dir(&cwd)
        .args(["-m", "pytest"])
        .args(outcome::ARGS)
        .arg(&tests)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run pytest");
    let what = format!("abide-build's tests on {version}");
    let result = outcome::judge(&what, &out).unwrap_or_else(|e| panic!("{e}"));
    assert!(result.passed >= 30, "{what}: only {} passed", result.passed);
    // The tests ran against the installed package, not the sources.
    let origin = run(
        Command::new(&py)
            .current_dir(&cwd)
            .args(["-c", "import abide_build; print(abide_build.__file__)"]),
        "locate abide_build",
    );
    let origin = String::from_utf8_lossy(&origin.stdout);
    assert!(
        origin.contains("site-packages"),
        "abide_build came from {origin}"
    );
}

per_version! {
    own_tests_of_the_backend [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] => own_tests;
}

/// Environment for a frontend's isolated build: pip installs `abide-build` (and maturin,
/// pyelftools) from the local wheelhouse; cargo builds in a target dir of these tests.
fn frontend(cmd: &mut Command) -> &mut Command {
    let links = format!(
        "{} {}",
        wheelhouse().display(),
        backend::backend_dist().display()
    );
    cmd.env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", links)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("CARGO_TARGET_DIR", backend::dir().join("cargo"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
}

/// Lines of `out` that report an error: the word "error" on its own, any case.
fn error_lines(out: &Output) -> Vec<String> {
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .filter(|line| {
            let lower = line.to_lowercase();
            lower.match_indices("error").any(|(at, _)| {
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(lower[..at].chars().next_back()) && !word(lower[at + 5..].chars().next())
            })
        })
        .map(str::to_owned)
        .collect()
}

/// Checks a frontend's run: it succeeded, the backend reported the wheel it wrote, and no
/// line says "error".
fn check_frontend_output(what: &str, out: &Output) {
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{what} failed:\n{text}");
    assert!(
        text.contains("abide-build: wrote hello-0.1.0-cp311-abi3.abi3t-"),
        "{what}: the backend did not report its wheel (did it run?):\n{text}"
    );
    let errors = error_lines(out);
    assert!(errors.is_empty(), "{what} printed error lines: {errors:#?}");
}

/// The files in the wheel at `path`, with their contents.
fn wheel_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    let script = r#"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        data = z.read(name)
        sys.stdout.buffer.write(f"{name}\0{len(data)}\0".encode() + data)
"#;
    let out = run(
        Command::new(python("3.15")).args(["-c", script]).arg(path),
        "read the wheel",
    );
    let mut files = Vec::new();
    let mut rest = &out.stdout[..];
    while !rest.is_empty() {
        let mut fields = rest.splitn(3, |&b| b == 0);
        let name = String::from_utf8(fields.next().unwrap().to_vec()).unwrap();
        let len: usize = std::str::from_utf8(fields.next().unwrap())
            .unwrap()
            .parse()
            .unwrap();
        let tail = fields.next().unwrap();
        files.push((name, tail[..len].to_vec()));
        rest = &tail[len..];
    }
    files
}

/// The one wheel in `dir`, named for CPython 3.11+ and both stable ABIs.
fn the_wheel(dir: &Path) -> PathBuf {
    let wheels: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read the wheel folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "wheels in {}: {wheels:?}", dir.display());
    let name = wheels[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("hello-0.1.0-cp311-abi3.abi3t-"),
        "not the universal wheel: {name}"
    );
    wheels[0].clone()
}

/// hello's wheel: the library as `hello/__init__.so`, stripped; the stub (the one the
/// example commits, which `tests/tests/stubs.rs` keeps equal to a generated one) and
/// `py.typed`; no `__init__.py`.
fn check_hello_wheel(wheel: &Path) {
    let files = wheel_files(wheel);
    let get = |name: &str| files.iter().find(|(n, _)| n == name).map(|(_, d)| d);
    let library = get("hello/__init__.so").expect("hello/__init__.so in the wheel");
    assert!(get("hello/__init__.py").is_none(), "maturin's __init__.py");
    let stub = get("hello/__init__.pyi").expect("the stub in the wheel");
    let committed = std::fs::read(repo_root().join("examples/hello/hello.pyi")).unwrap();
    assert_eq!(stub, &committed, "the wheel's stub");
    assert!(get("hello/py.typed").is_some(), "no py.typed");
    let dir = wheel.with_extension("check");
    std::fs::create_dir_all(&dir).unwrap();
    let lib = dir.join("__init__.so");
    std::fs::write(&lib, library).unwrap();
    let sections = run(Command::new("readelf").arg("-S").arg(&lib), "readelf -S");
    let sections = String::from_utf8_lossy(&sections.stdout);
    assert!(
        sections.contains(".dynsym") && !sections.contains(".symtab"),
        "the library is not stripped:\n{sections}"
    );
    assert!(!sections.contains(".debug_"), "debug info:\n{sections}");
}

/// Installs `wheel` into a fresh venv of `version` (named for the test, `label`), calls
/// the module and checks that it was loaded from the installed `hello/<library>`.
fn import_hello(label: &str, version: &str, wheel: &Path, library: &str) {
    let py = venv_with(version, &format!("{label}-{version}"), &[]);
    run(
        pip_offline(&py)
            .args(["install", "--quiet", "--no-index"])
            .arg(wheel),
        &format!("pip install the wheel on {version}"),
    );
    let out = run(
        Command::new(&py).current_dir(backend::dir()).args([
            "-c",
            "import hello; assert hello.add(2, 3) == 5; print(hello.__file__)",
        ]),
        &format!("import hello on {version}"),
    );
    let file = String::from_utf8_lossy(&out.stdout);
    assert!(
        file.trim()
            .ends_with(&format!("site-packages/hello/{library}")),
        "{file}"
    );
}

/// `pip wheel .` in the example, on CPython 3.11: the backend (and maturin under it) runs
/// on 3.11, and the wheel loads on 3.11 and on the free-threaded 3.15t.
#[test]
fn pip_wheel_on_cpython_311() {
    let py = venv_with("3.11", "pip-wheel-311", &[]);
    let out_dir = backend::dir().join("pip-wheel-out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = frontend(&mut pip_offline(&py))
        .current_dir(repo_root().join("examples/hello"))
        .args(["wheel", "-v", "--no-deps", "--wheel-dir"])
        .arg(&out_dir)
        .arg(".")
        .output()
        .expect("run pip wheel");
    check_frontend_output("pip wheel . on 3.11", &out);
    let wheel = the_wheel(&out_dir);
    check_hello_wheel(&wheel);
    abide_tests::wheel::audit(&wheel);
    import_hello("pip-wheel", "3.11", &wheel, "__init__.so");
    import_hello("pip-wheel", "3.15t", &wheel, "__init__.so");
}

/// A user's crate as it comes from the registry (abide from the packaged `.crate` files,
/// see `tests/tests/packaged.rs`), with hello's pyproject.toml and no `.cargo/config.toml`
/// (the backend sets what pyo3-ffi needs): `pip wheel .` on CPython 3.11 gives the
/// universal wheel, which the free-threaded 3.15t loads.
#[test]
fn registry_crate_pip_wheel_on_cpython_311() {
    let krate = abide_tests::packaged::packaged_dir().join("user-wheel");
    abide_tests::packaged::write_user_crate(&krate, false);
    assert!(!krate.join(".cargo").exists(), "the crate has a .cargo/");
    let pyproject = std::fs::read(repo_root().join("examples/hello/pyproject.toml")).unwrap();
    abide_tests::packaged::write_if_changed(&krate.join("pyproject.toml"), &pyproject);
    let py = venv_with("3.11", "registry-crate-311", &[]);
    let out_dir = backend::dir().join("registry-crate-out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = frontend(&mut pip_offline(&py))
        .current_dir(&krate)
        .env(
            "CARGO_TARGET_DIR",
            abide_tests::packaged::packaged_dir().join("build-wheel"),
        )
        .args(["wheel", "-v", "--no-deps", "--wheel-dir"])
        .arg(&out_dir)
        .arg(".")
        .output()
        .expect("run pip wheel");
    check_frontend_output("pip wheel . of the registry crate on 3.11", &out);
    let wheel = the_wheel(&out_dir);
    check_hello_wheel(&wheel);
    import_hello("registry-crate", "3.15t", &wheel, "__init__.so");
}

/// `pip install .` on the free-threaded 3.15t: built and installed in one step.
#[test]
fn pip_install_on_cpython_315t() {
    let py = venv_with("3.15t", "pip-install-315t", &[]);
    let out = frontend(&mut pip_offline(&py))
        .current_dir(repo_root().join("examples/hello"))
        .args(["install", "-v", "."])
        .output()
        .expect("run pip install");
    check_frontend_output("pip install . on 3.15t", &out);
    let check = run(
        Command::new(&py).current_dir(backend::dir()).args([
            "-c",
            "import hello, pathlib, sys; assert hello.add(2, 3) == 5; \
             assert not sys._is_gil_enabled(); \
             d = pathlib.Path(hello.__file__).parent; \
             print(sorted(p.name for p in d.iterdir() if p.name != '__pycache__'))",
        ]),
        "import hello on 3.15t",
    );
    assert_eq!(
        String::from_utf8_lossy(&check.stdout).trim(),
        "['__init__.pyi', '__init__.so', 'py.typed']"
    );
}

/// `pip install -e .` (PEP 660) on 3.15: the same wheel, installed; a compiled module has
/// nothing to link back to the source tree.
#[test]
fn pip_install_editable_on_cpython_315() {
    let py = venv_with("3.15", "pip-install-editable-315", &[]);
    let out = frontend(&mut pip_offline(&py))
        .current_dir(repo_root().join("examples/hello"))
        .args(["install", "-v", "-e", "."])
        .output()
        .expect("run pip install -e");
    check_frontend_output("pip install -e . on 3.15", &out);
    let check = run(
        Command::new(&py).current_dir(backend::dir()).args([
            "-c",
            "import hello; assert hello.add(2, 3) == 5; print(hello.__file__)",
        ]),
        "import hello after pip install -e",
    );
    let file = String::from_utf8_lossy(&check.stdout);
    assert!(
        file.trim().ends_with("site-packages/hello/__init__.so"),
        "{file}"
    );
}

/// `python -m build` on 3.15: an sdist whose pyproject.toml names this backend, then the
/// wheel built from that sdist (outside the workspace).
#[test]
fn python_m_build_on_cpython_315() {
    let py = venv_with("3.15", "python-m-build", &["build"]);
    let out_dir = backend::dir().join("python-m-build-out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = frontend(&mut Command::new(&py))
        .current_dir(repo_root().join("examples/hello"))
        .args(["-m", "build", "--outdir"])
        .arg(&out_dir)
        .arg(".")
        .output()
        .expect("run python -m build");
    check_frontend_output("python -m build on 3.15", &out);
    let sdists: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".tar.gz"))
        .collect();
    assert_eq!(sdists.len(), 1, "{sdists:?}");
    let listing = run(Command::new("tar").arg("-tzf").arg(&sdists[0]), "tar -t");
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(
        listing.lines().any(|l| l.ends_with("/pyproject.toml")),
        "{listing}"
    );
    let wheel = the_wheel(&out_dir);
    check_hello_wheel(&wheel);
    import_hello("python-m-build", "3.15", &wheel, "__init__.so");
}

/// The module `café` (entry points `PyModExportU_caf_dma`, `PyInitU_caf_dma`): the
/// backend finds its hooks, the auditors pass it, and it imports on 3.11 and 3.15t.
#[test]
fn non_ascii_module_wheel() {
    let out_dir = backend::dir().join("unicode-out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = run(
        abide_build()
            .current_dir(repo_root())
            .env("CARGO_TARGET_DIR", backend::dir().join("cargo"))
            .args(["wheel", "tests/unicode-module", "--no-stubs", "--out"])
            .arg(&out_dir),
        "abide-build wheel tests/unicode-module",
    );
    let wheel = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("abide_unicode_module-0.1.0-cp311-abi3.abi3t-"),
        "{name}"
    );
    assert!(
        wheel_files(&wheel)
            .iter()
            .any(|(n, _)| n == "café/__init__.so"),
        "café/__init__.so"
    );
    abide_tests::wheel::audit(&wheel);
    for version in ["3.11", "3.15t"] {
        let py = venv_with(version, &format!("unicode-{version}"), &[]);
        run(
            pip_offline(&py)
                .args(["install", "--quiet", "--no-index"])
                .arg(&wheel),
            "pip install the café wheel",
        );
        run(
            Command::new(&py)
                .current_dir(backend::dir())
                .args(["-c", "import café; print(café.__name__)"]),
            &format!("import café on {version}"),
        );
    }
}

/// A build with `abide/abi3t-only` exports no `PyInit_`: the wheel says cp315 and names
/// the library `__init__.abi3t.so`; pip installs it on 3.15t and refuses it on 3.14.
#[test]
fn abi3t_only_wheel() {
    let out_dir = backend::dir().join("abi3t-only-out");
    let _ = std::fs::remove_dir_all(&out_dir);
    let out = run(
        abide_build()
            .current_dir(repo_root())
            .env("CARGO_TARGET_DIR", backend::dir().join("cargo-abi3t-only"))
            .args(["wheel", "examples/hello", "--out"])
            .arg(&out_dir)
            .args(["--", "--features", "abide/abi3t-only"]),
        "abide-build wheel (abi3t-only)",
    );
    let wheel = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("hello-0.1.0-cp315-abi3.abi3t-"), "{name}");
    let files = wheel_files(&wheel);
    assert!(files.iter().any(|(n, _)| n == "hello/__init__.abi3t.so"));
    abide_tests::wheel::audit(&wheel);
    import_hello("abi3t-only", "3.15t", &wheel, "__init__.abi3t.so");
    let py = venv_with("3.14", "abi3t-only-314", &[]);
    let refused = pip_offline(&py)
        .args(["install", "--no-index"])
        .arg(&wheel)
        .output()
        .expect("run pip");
    assert!(
        !refused.status.success(),
        "pip installed a cp315 wheel on 3.14"
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("is not a supported wheel"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

/// The backend's package carries the licence texts of the repository root (copies: a
/// Python package cannot take files from outside its folder).
#[test]
fn backend_licenses_are_the_repository_licenses() {
    for name in ["LICENSE-MIT", "LICENSE-APACHE"] {
        let root = std::fs::read(repo_root().join(name)).expect(name);
        let copy = std::fs::read(repo_root().join("abide-build").join(name)).expect(name);
        assert!(root == copy, "abide-build/{name} differs from {name}");
    }
}

/// `abide-build stubs` builds the project with abide's `stubs` feature and writes its
/// module's stub: the text the example commits.
#[test]
fn stubs_command_writes_the_project_stub() {
    let out_dir = backend::dir().join("stubs-command");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir).unwrap();
    let stub = out_dir.join("hello.pyi");
    run(
        abide_build()
            .current_dir(&out_dir)
            .env("CARGO_TARGET_DIR", backend::dir().join("cargo"))
            .arg("stubs")
            .arg(repo_root().join("examples/hello"))
            .arg("--out")
            .arg(&stub),
        "abide-build stubs examples/hello",
    );
    let committed = std::fs::read_to_string(repo_root().join("examples/hello/hello.pyi")).unwrap();
    assert_eq!(std::fs::read_to_string(&stub).unwrap(), committed);
}
