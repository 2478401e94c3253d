//! What a pytest run really did, read from its output. pytest exits 0 when every test
//! skipped, when an expected failure failed or unexpectedly passed, and (by default) when
//! a thread the test started raised: a run like that checked nothing. The harness runs
//! pytest with [`ARGS`] and accepts a run ([`judge`]) only when it exited 0, at least one
//! test passed, no test was an expected failure (`xfail`) or an unexpected pass (`xpass`),
//! and no test skipped. A test that cannot run somewhere is deselected by the caller
//! (`-m`/`-k`), which pytest counts as deselected, never reported as passed.

use std::process::Output;

/// The pytest options every harness run uses: `-rsxX` lists each skip, xfail and xpass
/// with its reason (which [`judge`] reads); the warnings about an exception in a
/// thread or in `__del__` become failures instead of a line in the summary.
pub const ARGS: &[&str] = &[
    "-q",
    "-p",
    "no:cacheprovider",
    "-rsxX",
    "-W",
    "error::pytest.PytestUnraisableExceptionWarning",
    "-W",
    "error::pytest.PytestUnhandledThreadExceptionWarning",
    // The marker of test_leaks.py's reference counting checks, which only a Py_DEBUG
    // build can run; a run elsewhere deselects them with `-m "not refcount"`.
    "-o",
    "markers=refcount: needs a Py_DEBUG interpreter (sys.gettotalrefcount)",
];

/// One `SKIPPED [count] path:line: reason` line of pytest's short summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub count: u64,
    pub location: String,
    pub reason: String,
}

/// The counts of pytest's last line (`3 passed, 1 skipped in 0.12s`) and the skips,
/// expected failures and unexpected passes its short summary lists.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub passed: u64,
    pub failed: u64,
    pub errors: u64,
    pub skipped: u64,
    pub xfailed: u64,
    pub xpassed: u64,
    pub deselected: u64,
    pub skips: Vec<Skip>,
    /// `XFAIL` and `XPASS` lines, as pytest prints them.
    pub unexpected: Vec<String>,
}

/// Reads pytest's (`-q -rsxX`) standard output; an error if it has no final summary line.
pub fn parse(stdout: &str) -> Result<Outcome, String> {
    let last = stdout
        .lines()
        .map(|l| l.trim().trim_matches('=').trim())
        .rfind(|l| !l.is_empty())
        .ok_or("pytest printed nothing")?;
    let (counts, _time) = last
        .rsplit_once(" in ")
        .ok_or_else(|| format!("no pytest summary line (last line: {last:?})"))?;
    let mut outcome = Outcome::default();
    if counts != "no tests ran" {
        for part in counts.split(", ") {
            let (n, what) = part
                .split_once(' ')
                .ok_or_else(|| format!("unreadable pytest summary {last:?}"))?;
            let n: u64 = n
                .parse()
                .map_err(|_| format!("unreadable pytest summary {last:?}"))?;
            match what {
                "passed" => outcome.passed = n,
                "failed" => outcome.failed = n,
                "error" | "errors" => outcome.errors = n,
                "skipped" => outcome.skipped = n,
                "xfailed" => outcome.xfailed = n,
                "xpassed" => outcome.xpassed = n,
                "deselected" => outcome.deselected = n,
                "warning" | "warnings" | "rerun" | "subtests passed" => {}
                _ => return Err(format!("unknown count {part:?} in {last:?}")),
            }
        }
    }
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("SKIPPED [") {
            outcome
                .skips
                .push(parse_skip(rest).ok_or_else(|| {
                    format!("unreadable skip line {line:?}: run pytest with -rs")
                })?);
        } else if line.starts_with("XFAIL ") || line.starts_with("XPASS ") {
            outcome.unexpected.push(line.to_owned());
        }
    }
    Ok(outcome)
}

/// `1] path:line: reason` (after `SKIPPED [`).
fn parse_skip(rest: &str) -> Option<Skip> {
    let (count, rest) = rest.split_once("] ")?;
    let (location, reason) = rest.split_once(": ")?;
    Some(Skip {
        count: count.parse().ok()?,
        location: location.to_owned(),
        reason: reason.to_owned(),
    })
}

impl Outcome {
    /// `Ok` when the run tested something: a test passed, none failed, none skipped, no
    /// xfail or xpass.
    pub fn verdict(&self) -> Result<(), String> {
        let mut problems = Vec::new();
        if self.failed + self.errors > 0 {
            problems.push(format!("{} failed, {} errors", self.failed, self.errors));
        }
        if self.passed == 0 {
            problems.push("no test passed: the run checked nothing".to_owned());
        }
        if self.xfailed + self.xpassed > 0 || !self.unexpected.is_empty() {
            problems.push(format!(
                "{} xfailed and {} xpassed: a test must pass or fail, not be expected to \
                 fail:\n  {}",
                self.xfailed,
                self.xpassed,
                self.unexpected.join("\n  ")
            ));
        }
        if self.skipped > 0 {
            let reasons: Vec<String> = self
                .skips
                .iter()
                .map(|s| format!("{} x {}: {}", s.count, s.location, s.reason))
                .collect();
            problems.push(format!(
                "{} skipped: a test that cannot run here must be deselected, not pass as \
                 skipped:\n  {}",
                self.skipped,
                reasons.join("\n  ")
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    }
}

/// Judges a finished pytest run of `what`: its exit status, then [`Outcome::verdict`].
/// The error carries pytest's output.
pub fn judge(what: &str, out: &Output) -> Result<Outcome, String> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let fail = |why: String| Err(format!("pytest {what}: {why}\n{stdout}\n{stderr}"));
    let outcome = match parse(&stdout) {
        Ok(outcome) => outcome,
        Err(e) => return fail(e),
    };
    if !out.status.success() {
        return fail(format!("pytest exited with {}", out.status));
    }
    match outcome.verdict() {
        Ok(()) => Ok(outcome),
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_counts_and_skips() {
        let out = "..s [100%]\n\
                   ===== short test summary info =====\n\
                   SKIPPED [2] tests/python/reliability/test_leaks.py:471: needs a Py_DEBUG \
                   interpreter (sys.gettotalrefcount)\n\
                   3 passed, 2 skipped, 1 deselected, 1 warning in 75.12s (0:01:15)\n";
        let o = parse(out).unwrap();
        assert_eq!((o.passed, o.skipped, o.deselected), (3, 2, 1));
        assert_eq!(o.skips[0].count, 2);
        let err = o.verdict().unwrap_err();
        assert!(
            err.contains("2 skipped") && err.contains("test_leaks.py:471: needs a Py_DEBUG"),
            "{err}"
        );
    }

    #[test]
    fn a_skip_is_refused_even_unlisted() {
        let err = parse("1 passed, 1 skipped in 0.1s\n")
            .unwrap()
            .verdict()
            .unwrap_err();
        assert!(err.contains("1 skipped"), "{err}");
    }

    #[test]
    fn deselected_tests_are_not_a_failure() {
        let o = parse("3 passed, 2 deselected in 0.1s\n").unwrap();
        assert_eq!(o.deselected, 2);
        assert_eq!(o.verdict(), Ok(()));
    }

    #[test]
    fn nothing_passed_is_a_failure() {
        for out in [
            "no tests ran in 0.01s",
            "==== 2 skipped in 0.01s ====",
            "1 deselected in 0.1s",
        ] {
            let err = parse(out).unwrap().verdict().unwrap_err();
            assert!(err.contains("no test passed"), "{out}: {err}");
        }
    }

    #[test]
    fn xfail_and_xpass_are_failures() {
        let out = "XFAIL t.py::test_a - known\nXPASS t.py::test_b - oops\n\
                   1 passed, 1 xfailed, 1 xpassed in 0.1s\n";
        let err = parse(out).unwrap().verdict().unwrap_err();
        assert!(err.contains("XFAIL t.py::test_a") && err.contains("XPASS t.py::test_b"));
    }

    #[test]
    fn output_without_a_summary_is_an_error() {
        assert!(parse("").is_err());
        assert!(parse("Traceback (most recent call last):\n  boom\n").is_err());
        assert!(parse("1 exploded in 0.1s").is_err());
    }
}
