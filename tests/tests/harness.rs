//! The harness that runs the Python suites can fail: each control file in
//! `tests/python/harness/` exits pytest with status 0 (or 5) without testing anything,
//! and the harness must report every one of them as a failure, with the reason.

use abide_tests::outcome::AllowedSkip;
use abide_tests::{pytest_outcome, python, target_dir};

const DIR: &str = "tests/python/harness";

/// The skip of `control_skip.py`.
const CONTROL_SKIP: AllowedSkip = AllowedSkip {
    file: "harness/control_skip.py",
    reason: "allowed only by the harness test",
};

fn verdict(version: &str, file: &str, allowed: &[AllowedSkip]) -> Result<(), String> {
    let dir = target_dir().join("site").join(format!("harness-{version}"));
    std::fs::create_dir_all(&dir).expect("create an empty module dir");
    pytest_outcome(
        &python(version),
        &dir,
        &format!("{DIR}/{file}"),
        &[],
        allowed,
    )
    .map(|_| ())
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
        ("control_skip.py", "skip not on the allow-list"),
    ] {
        match verdict(version, file, &[]) {
            Ok(()) => panic!("{file} on {version}: the harness accepted it"),
            Err(e) => assert!(e.contains(why), "{file} on {version}: not {why:?}:\n{e}"),
        }
    }
    // The positive control: with its one skip allowed, the run is accepted.
    verdict(version, "control_skip.py", &[CONTROL_SKIP])
        .unwrap_or_else(|e| panic!("control_skip.py on {version} with its skip allowed: {e}"));
}

abide_tests::per_version! {
    /// Every control is reported as failed, on each interpreter the suites run on.
    harness_controls_fail [cpython_315 cpython_315t] => controls_fail;
}
