//! Reliability (issue 6): reference leaks, bad input with hypothesis, threads,
//! free-threading specifics, subinterpreters, garbage collection, and the Python test
//! suites under valgrind memcheck. The Python side lives in `tests/python/reliability/`;
//! each test here builds the extensions (`hello`, `shapes`, `testmod`, `errors`), installs
//! them side by side under the file name the interpreter loads (`.abi3.so` before 3.15,
//! `.abi3t.so` from 3.15) and runs one file on one interpreter. Every file runs on CPython
//! 3.15 and on the free-threaded 3.15t (the `_315t` tests, with real parallelism); the
//! thread file also runs on 3.11 and 3.12 (issue 16).
//!
//! The leak file counts every reference with `sys.gettotalrefcount` on the `Py_DEBUG`
//! builds: 3.15's and Debian's 3.11 (`leaks_on_debug_build`, `leaks_on_cpython_311`;
//! there is no debug build of 3.15t to run it on). 3.12 has only a release build here:
//! `leaks_on_cpython_312` runs the same cases with `ABIDE_LEAK_CHECK=release`, which counts
//! the references of the objects each call refers to and of the modules' contents,
//! allocated memory blocks and GC-tracked objects (see `_support.py`), and the same
//! negative controls prove that mode catches a leak.
//!
//! Every test prints the totals it checked (calls, examples, iterations) to stderr.

use abide_tests::{
    build_cdylib, outcome, pip_install, pytest, python, repo_root, stable_abi_suffix, target_dir,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

const DIR: &str = "tests/python/reliability";

/// The extensions installed as `<module><suffix>`, the name `version` loads, in one
/// directory per test.
fn install_all(version: &str, test_name: &str) -> PathBuf {
    static LIBS: OnceLock<Vec<(&'static str, PathBuf)>> = OnceLock::new();
    let libs = LIBS.get_or_init(|| {
        [
            ("hello", "hello"),
            ("shapes", "shapes"),
            ("abide-testmod", "testmod"),
            ("abide-port-errors", "errors"),
        ]
        .into_iter()
        .map(|(package, module)| (module, build_cdylib(package)))
        .collect()
    });
    let dir = target_dir()
        .join("site")
        .join(format!("reliability-{test_name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create module dir");
    for (module, lib) in libs {
        let file = format!("{module}{}", stable_abi_suffix(version));
        std::fs::copy(lib, dir.join(file)).expect("copy module");
    }
    dir
}

/// A fresh file for `_support.record` to add totals to.
fn stats_file(test_name: &str) -> PathBuf {
    let path = target_dir().join(format!("reliability-{test_name}.stats"));
    let _ = std::fs::remove_file(&path);
    path
}

/// Sums the totals recorded in `path` and prints them.
fn report(test_name: &str, path: &Path, started: Instant) -> BTreeMap<String, u64> {
    let mut totals = BTreeMap::new();
    for line in std::fs::read_to_string(path).unwrap_or_default().lines() {
        if let Some((name, n)) = line.split_once(' ') {
            *totals.entry(name.to_owned()).or_insert(0) += n.trim().parse::<u64>().unwrap_or(0);
        }
    }
    eprintln!(
        "reliability/{test_name}: {totals:?} in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    totals
}

fn run_file(
    version: &str,
    test_name: &str,
    file: &str,
    env: &[(&str, &str)],
) -> BTreeMap<String, u64> {
    let started = Instant::now();
    let python = python(version);
    let dir = install_all(version, test_name);
    let stats = stats_file(test_name);
    let stats_str = stats.to_string_lossy().into_owned();
    let mut full_env = vec![
        ("ABIDE_RELIABILITY_STATS", stats_str.as_str()),
        ("RUST_BACKTRACE", "0"),
    ];
    full_env.extend_from_slice(env);
    pytest(&python, &dir, &format!("{DIR}/{file}"), &full_env);
    report(test_name, &stats, started)
}

/// Runs the leak file on `version` and checks that it made its calls.
fn leaks_on(version: &str, test_name: &str, env: &[(&str, &str)]) {
    let totals = run_file(version, test_name, "test_leaks.py", env);
    assert!(
        totals.get("leak_calls").copied().unwrap_or(0) > 100_000,
        "{totals:?}"
    );
}

/// Deliverable 1: every function, method, property, operator, constructor and error path,
/// called many times on the Py_DEBUG interpreter; no reference or memory-block growth, and
/// every `#[pyclass]` object dropped. Negative controls prove a leak is caught.
#[test]
fn leaks_on_debug_build() {
    leaks_on("3.15-dbg", "leaks", &[]);
}

/// The same on CPython 3.11, through the `PyInit_` entry point, on Debian's Py_DEBUG
/// build (`python3.11-dbg`).
#[test]
fn leaks_on_cpython_311() {
    leaks_on("3.11-dbg", "leaks-3.11-dbg", &[]);
}

/// The same on CPython 3.12, which has only a release build here: the release check
/// (`ABIDE_LEAK_CHECK=release`), whose negative controls run too.
#[test]
fn leaks_on_cpython_312() {
    leaks_on("3.12", "leaks-3.12", &[("ABIDE_LEAK_CHECK", "release")]);
}

/// Runs one reliability file on `version`, with nothing else to check.
fn file_on(version: &str, file: &str) {
    let name = format!("{}-{version}", file.trim_end_matches(".py"));
    run_file(version, &name, file, &[]);
}

/// Deliverable 2: bad input (hypothesis), each group in a subprocess.
fn bad_input_on(version: &str) {
    pip_install(&python(version), &["hypothesis"]);
    let totals = run_file(
        version,
        &format!("bad-input-{version}"),
        "test_bad_input.py",
        &[],
    );
    assert!(
        totals.get("fuzz_examples").copied().unwrap_or(0) > 5_000,
        "{totals:?}"
    );
}

abide_tests::per_version! {
    /// Deliverable 2: bad input (hypothesis), each group in a subprocess.
    bad_input [cpython_315 cpython_315t] => bad_input_on;
    /// Deliverable 3: 8 threads on shared objects; `py.detach`.
    threads [cpython_311 cpython_312 cpython_315 cpython_315t] => |v| file_on(v, "test_threads.py");
    /// What only a free-threaded build can break: first-use races (the panic class, a
    /// class's first construction), collections while other threads mutate, readers
    /// beside a writer that holds `&mut self` detached, panicking `Drop` in threads.
    free_threading [cpython_315 cpython_315t] => |v| file_on(v, "test_free_threading.py");
    /// Deliverable 4: subinterpreters with their own GIL; per-interpreter module state.
    subinterpreters [cpython_315 cpython_315t] => |v| file_on(v, "test_subinterpreters.py");
    /// Garbage collection of `#[pyclass]` objects.
    garbage_collection [cpython_315 cpython_315t] => |v| file_on(v, "test_gc.py");
    /// Issue 19: Rust threads attach through an `Interpreter` handle to the subinterpreter
    /// that started them (in parallel on 3.15t), and see `InterpreterGone` when it closes
    /// (`concurrent.interpreters` is 3.14+).
    interpreter_handles [cpython_314 cpython_315 cpython_315t] =>
        |v| file_on(v, "test_interpreter_handles.py");
    /// Issue 19: Rust threads attaching while the main interpreter exits, 50 fresh
    /// processes per version: status 0, no hang, `InterpreterGone` seen.
    shutdown [cpython_311 cpython_312 cpython_313 cpython_314 cpython_315 cpython_315t] =>
        |v| file_on(v, "test_shutdown.py");
}

/// Deliverable 2 again, with fewer examples, on the Py_DEBUG interpreter, whose
/// assertions catch a reference-count error at the call that makes it.
#[test]
fn bad_input_on_debug_build() {
    pip_install(&python("3.15-dbg"), &["hypothesis"]);
    run_file(
        "3.15-dbg",
        "bad-input-dbg",
        "test_bad_input.py",
        &[("ABIDE_FUZZ_EXAMPLES", "15")],
    );
}

/// Garbage collection on the Py_DEBUG interpreter, whose assertions catch a refcount
/// error where it happens.
#[test]
fn garbage_collection_on_debug_build() {
    run_file("3.15-dbg", "gc-dbg", "test_gc.py", &[]);
}

// --- valgrind ---------------------------------------------------------------------------

/// How to run valgrind on one interpreter.
struct Valgrind {
    /// `--extra-debuginfo-path` for the interpreter's own glibc, when it needs one.
    debuginfo: Option<PathBuf>,
    /// `PYTHONMALLOC=malloc`, so memcheck sees every Python object's allocation and free.
    /// The free-threaded build refuses it (its objects must come from mimalloc): there
    /// memcheck checks Rust's heap (the system allocator) and every read of undefined
    /// memory, and use after free of Python objects is left to the 3.15 run.
    malloc: bool,
}

/// CPython's known valgrind noise (see the file).
fn suppressions() -> String {
    format!(
        "--suppressions={}",
        repo_root().join(DIR).join("valgrind.supp").display()
    )
}

fn command_output(cmd: &mut Command, what: &str) -> std::process::Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"))
}

/// Whether `python` accepts `PYTHONMALLOC=malloc` (the free-threaded build does not).
fn accepts_system_malloc(python: &Path) -> bool {
    command_output(
        Command::new(python)
            .args(["-c", "pass"])
            .env("PYTHONMALLOC", "malloc"),
        "python with PYTHONMALLOC=malloc",
    )
    .status
    .success()
}

/// Valgrind needs the symbols of the dynamic loader (to redirect `strlen` and friends).
/// An interpreter provisioned from Debian sid runs on sid's glibc, whose `ld.so` is
/// stripped, so this fetches sid's `libc6-dbg` of the same version with apt and lays its
/// debug files out where `--extra-debuginfo-path` finds them
/// (`<path>/<object's dir>/<debuglink>`). One setup per interpreter.
fn valgrind(python: &Path) -> &'static Valgrind {
    static SETUPS: Mutex<Vec<(PathBuf, &'static Valgrind)>> = Mutex::new(Vec::new());
    let mut setups = SETUPS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, vg)) = setups.iter().find(|(p, _)| p == python) {
        return vg;
    }
    if Command::new("valgrind").arg("--version").output().is_err() {
        let out = command_output(
            Command::new("apt-get")
                .args(["install", "-y", "--no-install-recommends", "valgrind"])
                .env("DEBIAN_FRONTEND", "noninteractive"),
            "apt-get install valgrind",
        );
        assert!(out.status.success(), "apt-get install valgrind failed");
    }
    let malloc = accepts_system_malloc(python);
    let probe = |debuginfo: Option<&Path>| {
        let mut cmd = Command::new("valgrind");
        cmd.args(["-q", "--error-exitcode=99"]).arg(suppressions());
        if malloc {
            cmd.env("PYTHONMALLOC", "malloc");
        }
        if let Some(d) = debuginfo {
            cmd.arg(format!("--extra-debuginfo-path={}", d.display()));
        }
        let out = command_output(cmd.arg(python).args(["-c", "pass"]), "valgrind");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let debuginfo = if probe(None).0 {
        None
    } else {
        let debuginfo = provision_glibc_debuginfo(python);
        let (ok, stderr) = probe(Some(&debuginfo));
        assert!(
            ok,
            "valgrind cannot run {} even with glibc's debug info:\n{stderr}",
            python.display()
        );
        Some(debuginfo)
    };
    let vg: &'static Valgrind = Box::leak(Box::new(Valgrind { debuginfo, malloc }));
    setups.push((python.to_path_buf(), vg));
    vg
}

/// The C library `exe` runs with: the `libc.so.6` beside its loader (an interpreter
/// patched to run on sid's glibc), else the one `ldd` resolves.
fn interpreter_libc(exe: &Path, loader: &Path) -> PathBuf {
    let beside = loader.parent().map(|d| d.join("libc.so.6"));
    if let Some(libc) = beside.filter(|p| p.exists()) {
        return libc;
    }
    let out = command_output(Command::new("ldd").arg(exe), "ldd");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| {
            let (name, rest) = l.trim().split_once(" => ")?;
            let path = rest.split(" (").next()?.trim();
            (name == "libc.so.6").then(|| PathBuf::from(path))
        })
        .unwrap_or_else(|| panic!("no libc.so.6 found for {}", exe.display()))
}

fn provision_glibc_debuginfo(python: &Path) -> PathBuf {
    // The interpreter's loader (its PT_INTERP) and the glibc version beside it.
    let exe = std::fs::canonicalize(python).expect("resolve the interpreter");
    let out = command_output(Command::new("readelf").arg("-l").arg(&exe), "readelf -l");
    let text = String::from_utf8_lossy(&out.stdout);
    let loader = text
        .lines()
        .find_map(|l| {
            l.split("[Requesting program interpreter: ")
                .nth(1)
                .map(|r| r.trim_end_matches(']').to_owned())
        })
        .expect("the interpreter has a PT_INTERP");
    let libc_path = interpreter_libc(&exe, Path::new(&loader));
    let libdir = libc_path.parent().expect("libc's dir").to_path_buf();
    let libc = std::fs::read(&libc_path)
        .unwrap_or_else(|e| panic!("read the interpreter's libc {}: {e}", libc_path.display()));
    let marker = b"(Debian GLIBC ";
    let at = libc
        .windows(marker.len())
        .position(|w| w == marker)
        .expect("a Debian glibc (its version string)");
    let rest = &libc[at + marker.len()..];
    let end = rest.iter().position(|&b| b == b')').expect("version end");
    let version = String::from_utf8_lossy(&rest[..end]).into_owned();

    let cache = repo_root().join(".cache").join("valgrind");
    let debuginfo = cache.join(format!("debuginfo-{version}"));
    let stamp = debuginfo.join(".complete");
    if stamp.exists() {
        return debuginfo;
    }
    let work = cache.join(format!("libc6-dbg-{version}"));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("create cache dir");
    let out = command_output(
        Command::new("apt-get")
            .current_dir(&work)
            .args(["-q", "-o", "APT::Sandbox::User=root", "download"])
            .arg(format!("libc6-dbg={version}")),
        "apt-get download libc6-dbg",
    );
    assert!(
        out.status.success(),
        "apt-get download libc6-dbg={version} failed (the interpreter's glibc comes from \
         Debian sid, see scripts/provision-python.sh):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deb = std::fs::read_dir(&work)
        .expect("list download dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("the downloaded .deb");
    let root = work.join("root");
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(&root)
        .status()
        .expect("run dpkg-deb");
    assert!(status.success(), "dpkg-deb -x failed");
    // Debian names each debug file after the build id (`.build-id/ab/cdef....debug`) and
    // each library's .gnu_debuglink after the same id without its first byte
    // (`cdef....debug`): link every debug file under that name into the mirror of the
    // library directory (and of its canonical path).
    // The loader's and libc's directories, as named and as resolved.
    let mut dirs: Vec<PathBuf> = Vec::new();
    for dir in [
        Path::new(&loader).parent().map(Path::to_path_buf),
        Some(libdir),
    ]
    .into_iter()
    .flatten()
    {
        let canon = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        for d in [dir, canon] {
            if !dirs.contains(&d) {
                dirs.push(d);
            }
        }
    }
    let build_ids = root.join("usr/lib/debug/.build-id");
    for dir in &dirs {
        let mirror = debuginfo.join(dir.strip_prefix("/").unwrap_or(dir));
        std::fs::create_dir_all(&mirror).expect("create debuginfo mirror");
        for sub in std::fs::read_dir(&build_ids)
            .expect("libc6-dbg has .build-id")
            .flatten()
        {
            for file in std::fs::read_dir(sub.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = file.file_name();
                if name.to_string_lossy().ends_with(".debug") {
                    let _ = std::fs::remove_file(mirror.join(&name));
                    std::fs::copy(file.path(), mirror.join(&name)).expect("copy debug file");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&work);
    std::fs::write(&stamp, "").expect("write stamp");
    debuginfo
}

/// Runs `args` on the `version` interpreter under memcheck; returns (exit success,
/// valgrind's reports, the program's stdout and stderr, its stdout alone).
fn run_under_valgrind(
    version: &str,
    test_name: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> (bool, String, String, String) {
    let python = python(version);
    let vg = valgrind(&python);
    if !vg.malloc {
        eprintln!(
            "reliability/valgrind: {version} refuses PYTHONMALLOC=malloc (its objects come from \
             mimalloc): memcheck checks Rust's heap and undefined reads there; use after free \
             of Python objects is checked on the 3.15 run"
        );
    }
    let dir = install_all(version, test_name);
    let logs = target_dir().join(format!("valgrind-{test_name}"));
    let _ = std::fs::remove_dir_all(&logs);
    std::fs::create_dir_all(&logs).expect("create log dir");
    let mut cmd = Command::new("valgrind");
    cmd.current_dir(repo_root()).args([
        "-q",
        "--tool=memcheck",
        "--error-exitcode=99",
        "--leak-check=no",
        "--num-callers=40",
        "--trace-children=no",
        // Hand the CPU round-robin between threads: the thread tests expect a thread that
        // spins with the interpreter released to let the others run.
        "--fair-sched=yes",
    ]);
    cmd.arg(suppressions());
    cmd.arg(format!("--log-file={}/vg.%p", logs.display()));
    if let Some(d) = &vg.debuginfo {
        cmd.arg(format!("--extra-debuginfo-path={}", d.display()));
    }
    if vg.malloc {
        cmd.env("PYTHONMALLOC", "malloc");
    }
    cmd.arg(&python)
        .args(args)
        .env("PYTHONPATH", &dir)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("RUST_BACKTRACE", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = command_output(&mut cmd, "valgrind");
    let mut reports = String::new();
    for entry in std::fs::read_dir(&logs).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        // Keep memcheck's reports; drop its notes about unhandled syscalls.
        for line in text.lines().filter(|l| l.starts_with("==")) {
            reports.push_str(line);
            reports.push('\n');
        }
    }
    (
        out.status.success(),
        reports,
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn tail(s: &str, n: usize) -> &str {
    let start = s.len().saturating_sub(n);
    let start = (start..s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len());
    &s[start..]
}

/// Deliverable 5: the Python test suites of the examples, and the call-everything cases
/// of the leak test, under valgrind memcheck (with `PYTHONMALLOC=malloc` where the build
/// allows it): no invalid read or write, no use after free. The negative control proves
/// memcheck reports one.
fn memcheck_test_suites(version: &str) {
    let started = Instant::now();
    pip_install(&python(version), &["pytest"]);
    let files = [
        "tests/python/test_hello.py",
        "tests/python/test_testmod.py",
        "tests/python/test_shapes.py",
        "tests/python/test_port_errors.py",
        "tests/python/reliability/test_leaks.py",
        "tests/python/reliability/test_threads.py",
        "tests/python/reliability/test_subinterpreters.py",
    ];
    let mut args = vec!["-m", "pytest"];
    args.extend(outcome::ARGS);
    // The release builds have no sys.gettotalrefcount: test_leaks.py's reference counting
    // checks run on the Py_DEBUG build (`leaks_on_debug_build`), not here.
    args.extend(["-m", "not refcount"]);
    args.extend(files);
    let (ok, reports, output, stdout) = run_under_valgrind(
        version,
        &format!("valgrind-suites-{version}"),
        &args,
        &[("ABIDE_THREAD_ITERS", "300")],
    );
    eprintln!(
        "reliability/valgrind: {} under memcheck on {version} in {:.0}s: {}",
        files.join(" "),
        started.elapsed().as_secs_f64(),
        output
            .lines()
            .rev()
            .find(|l| l.contains("passed") || l.contains("failed"))
            .unwrap_or("?")
    );
    assert!(
        ok && reports.is_empty(),
        "memcheck reported errors (or the tests failed):\n{reports}\n--- output ---\n{}",
        tail(&output, 6000)
    );
    let verdict = outcome::parse(&stdout).and_then(|o| {
        o.verdict()?;
        // A renamed marker would deselect nothing and leave the checks failing; one that
        // deselected nothing at all means the marker is gone.
        match o.deselected {
            0 => Err("`-m \"not refcount\"` deselected nothing".to_owned()),
            _ => Ok(()),
        }
    });
    if let Err(e) = verdict {
        panic!(
            "pytest under memcheck on {version}: {e}\n{}",
            tail(&output, 6000)
        );
    }
}

/// The bad-input driver (a few examples per target) under memcheck.
fn memcheck_bad_input(version: &str) {
    let started = Instant::now();
    pip_install(&python(version), &["hypothesis"]);
    let driver = repo_root().join(DIR).join("_fuzz_driver.py");
    let driver = driver.to_string_lossy();
    let (ok, reports, output, _) = run_under_valgrind(
        version,
        &format!("valgrind-fuzz-{version}"),
        &[&driver, "all", "5", "1"],
        &[("ABIDE_FUZZ_WATCHDOG", "1500")],
    );
    eprintln!(
        "reliability/valgrind: bad-input driver (5 examples per target) under memcheck on \
         {version} in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        ok && reports.is_empty(),
        "memcheck reported errors (or the driver failed):\n{reports}\n--- output ---\n{}",
        tail(&output, 6000)
    );
}

/// Negative control: a use after free in the same setup is reported (on the system
/// allocator, which Rust's heap uses on both builds).
fn memcheck_reports_use_after_free(version: &str) {
    let code = "import ctypes\n\
                libc = ctypes.CDLL(None)\n\
                libc.malloc.restype = ctypes.c_void_p\n\
                libc.free.argtypes = [ctypes.c_void_p]\n\
                p = libc.malloc(16)\n\
                libc.free(p)\n\
                ctypes.string_at(p, 1)\n";
    let (ok, reports, _, _) = run_under_valgrind(
        version,
        &format!("valgrind-control-{version}"),
        &["-c", code],
        &[],
    );
    assert!(!ok, "memcheck did not fail the run");
    assert!(
        reports.contains("Invalid read"),
        "memcheck did not report the use after free:\n{reports}"
    );
}

abide_tests::per_version! {
    valgrind_memcheck_test_suites [cpython_315 cpython_315t] => memcheck_test_suites;
    valgrind_memcheck_bad_input [cpython_315 cpython_315t] => memcheck_bad_input;
    valgrind_negative_control_use_after_free_is_reported [cpython_315 cpython_315t] =>
        memcheck_reports_use_after_free;
}
