//! The harness that runs the Python suites can fail: each control file in
//! `tests/python/harness/` exits pytest with status 0 (or 5) without testing anything,
//! and the harness must report every one of them as a failure, with the reason.

use abide_tests::{pytest_outcome, python, target_dir};

const DIR: &str = "tests/python/harness";

fn verdict(version: &str, file: &str) -> Result<(), String> {
    let dir = target_dir().join("site").join(format!("harness-{version}"));
    std::fs::create_dir_all(&dir).expect("create an empty module dir");
    pytest_outcome(&python(version), &dir, &format!("{DIR}/{file}"), &[]).map(|_| ())
}

/// Each control fails the run, with a message that contains `why`.
fn controls_fail(version: &str) {
    for (file, why) in [
        ("control_only_skips.py", "no test passed"),
        ("control_no_tests.py", "exited with exit status: 5"),
        ("control_xfail.py", "XFAIL"),
        ("control_xpass.py", "XPASS"),
        (
            "control_thread_exception.py",
            "PytestUnhandledThreadExceptionWarning",
        ),
        ("control_unraisable.py", "PytestUnraisableExceptionWarning"),
        (
            "control_skip.py",
            "1 skipped: a test that cannot run here must be deselected",
        ),
    ] {
        match verdict(version, file) {
            Ok(()) => panic!("{file} on {version}: the harness accepted it"),
            Err(e) => assert!(e.contains(why), "{file} on {version}: not {why:?}:\n{e}"),
        }
    }
    // The positive control: the same file with its skipping test deselected is accepted.
    verdict(version, "control_skip.py::test_passes")
        .unwrap_or_else(|e| panic!("control_skip.py::test_passes on {version}: {e}"));
}

abide_tests::per_version! {
    /// Every control is reported as failed, on each interpreter the suites run on.
    harness_controls_fail [cpython_315 cpython_315t] => controls_fail;
}
