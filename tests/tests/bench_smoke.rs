//! The benchmark runner keeps working: `examples/bench/run.sh` builds the C, abide and
//! PyO3 modules once and runs every measurement except the (slow) builds, once, quickly,
//! on CPython 3.15, on the free-threaded 3.15t and on 3.12 (abi3 builds of C and PyO3,
//! the same abide file). Only what cannot depend on timing is checked: each module
//! answers every operation on each build, the async rows have a time for the Python
//! reference and abide (C says n/a; PyO3's `experimental-async` may fail, a result) and
//! every woken await of theirs suspended once on an asyncio future, the contention
//! tables are there for each build
//! and the writer-fairness tables for the 3.15 builds, with every cell filled, C and
//! abide always end with the exact count and no exception, and abide loaded one and the
//! same file everywhere. PyO3 may fail (on 3.15t it raises "Already borrowed" under
//! contention): that is a result, not a test failure. The numbers themselves belong in
//! the README, never in an assertion.

use abide_tests::wheel::run;
use abide_tests::{python, repo_root};
use std::process::Command;

/// The subsection titles of results.md, one per CPython build.
const BUILDS: [&str; 3] = [
    "### GIL build: ",
    "### free-threaded build: ",
    "### 3.12 GIL build (abi3): ",
];

/// The builds with a writer-fairness table (not 3.12, where the GIL decides the waits).
const FAIRNESS_BUILDS: [&str; 2] = [BUILDS[0], BUILDS[1]];

/// The text under `build`'s title in the section `title`, up to the next title.
fn subsection<'a>(report: &'a str, title: &str, build: &str) -> &'a str {
    let section = report
        .split(&format!("\n## {title}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("no `{title}` section in:\n{report}"));
    let section = section.split("\n## ").next().unwrap_or_default();
    let sub = section
        .split(build)
        .nth(1)
        .unwrap_or_else(|| panic!("no `{build}` table under `{title}` in:\n{report}"));
    sub.split("\n### ").next().unwrap_or_default()
}

/// The rows (cells trimmed, outer pipes dropped) of the table under `build` in the
/// section `title`, without its header and separator lines.
fn table(report: &str, title: &str, build: &str) -> Vec<Vec<String>> {
    subsection(report, title, build)
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let l = l.trim().trim_start_matches('|').trim_end_matches('|');
            l.split('|').map(|c| c.trim().to_owned()).collect()
        })
        .collect()
}

/// Every cell of `row` has something in it, and every module was built and measured.
fn assert_filled(row: &[String], what: &str) {
    for cell in row {
        assert!(
            !cell.is_empty() && !cell.contains("not built"),
            "empty cell in {what}: {row:?}"
        );
    }
}

/// The failures column lists only PyO3's failures (C and abide must be exact, with no
/// exception), plus `allowed` outcomes of C or abide that depend on timing.
fn assert_only_pyo3_failed(cell: &str, allowed: &[&str], what: &str) {
    if cell == "none: all exact" {
        return;
    }
    for entry in cell.split("; ") {
        let ok = entry.starts_with("PyO3: ")
            || ["C: ", "abide: "]
                .iter()
                .any(|m| entry.strip_prefix(m).is_some_and(|e| allowed.contains(&e)));
        assert!(ok, "{what}: C or abide failed: {entry}");
    }
}

#[test]
fn bench_runner_measures_every_operation() {
    let out = repo_root().join("target").join("bench-smoke");
    let _ = std::fs::remove_dir_all(&out);
    run(
        Command::new("bash")
            .arg(repo_root().join("examples/bench/run.sh"))
            .args(["--no-builds", "--rounds", "1", "--best-of", "1"])
            .args(["--target", "0.0005", "--thread-calls", "20000"])
            .args(["--async-calls", "2000", "--async-woken-calls", "100"])
            .args(["--async-spawned-calls", "20", "--async-verify-calls", "50"])
            .args(["--thread-repeats", "1", "--thread-timeout", "60"])
            .args(["--fair-seconds", "0.1", "--fair-max-calls", "100000"])
            .arg("--out")
            .arg(&out)
            .env("BENCH_PYTHON", python("3.15"))
            .env("BENCH_PYTHON_FT", python("3.15t"))
            .env("BENCH_PYTHON_312", python("3.12")),
        "examples/bench/run.sh --no-builds",
    );
    let report = std::fs::read_to_string(out.join("results.md")).expect("results.md");
    // The point of the 3.12 leg: one abide binary (compared by sha256 in the report).
    assert!(
        report.contains("abide: the same file on every build (sha256 "),
        "abide did not load one file on every build:\n{report}"
    );
    for build in BUILDS {
        let speed = table(&report, "Call speed", build);
        assert_eq!(
            speed.len(),
            13,
            "thirteen operations expected ({build}):\n{report}"
        );
        for row in &speed {
            // | label | C | abide | PyO3 | abide/C | PyO3/C | abide/PyO3 |
            assert_eq!(row.len(), 7, "call speed row: {row:?}");
            for cell in &row[1..4] {
                assert!(
                    cell.parse::<f64>().is_ok_and(|ns| ns > 0.0),
                    "not a time in {row:?} ({build})"
                );
            }
            for cell in &row[4..] {
                assert!(cell.ends_with('x'), "not a ratio in {row:?} ({build})");
            }
        }

        let asyncs = table(&report, "Async calls", build);
        assert_eq!(
            asyncs.len(),
            4,
            "four async rows expected ({build}):\n{report}"
        );
        for row in &asyncs {
            // | label | Python | C | abide | PyO3 | abide/Python | PyO3/Python | abide/PyO3 |
            assert_eq!(row.len(), 8, "async row: {row:?}");
            for cell in [&row[1], &row[3]] {
                assert!(
                    cell.parse::<f64>().is_ok_and(|us| us > 0.0),
                    "not a time in {row:?} ({build})"
                );
            }
            assert_eq!(row[2], "n/a", "C has no async fn: {row:?} ({build})");
            // PyO3's experimental-async failing is a result, not a test failure.
            assert!(
                row[4].parse::<f64>().is_ok_and(|us| us > 0.0) || row[4].starts_with("failed"),
                "neither a time nor a failure in {row:?} ({build})"
            );
            assert!(row[5].ends_with('x'), "not a ratio in {row:?} ({build})");
            for cell in &row[6..] {
                assert!(
                    cell.ends_with('x') || cell == "n/a",
                    "not a ratio in {row:?} ({build})"
                );
            }
        }
        // Every woken await of the Python reference and abide suspended once on an
        // asyncio future (the request is released once the coroutine waits), and no
        // ready one: the rows measure what they say.
        let checked = subsection(&report, "Async calls", build);
        if let Some(line) = checked.lines().find(|l| l.starts_with("UNEXPECTED")) {
            let list = line.split_once(": ").map_or("", |(_, list)| list);
            for entry in list.trim_end_matches('.').split("; ") {
                assert!(entry.starts_with("PyO3 "), "{build}: {line}");
            }
        } else {
            assert!(
                checked.contains("each await of the woken rows suspended once"),
                "no suspension check under {build}:\n{report}"
            );
        }

        let contention = table(&report, "Contention", build);
        // One shared object and one per thread, with 1, 2 and 4 threads.
        assert_eq!(
            contention.len(),
            6,
            "six contention rows ({build}):\n{report}"
        );
        for row in &contention {
            // | objects | threads | calls | C | abide | PyO3 | failures |
            assert_eq!(row.len(), 7, "contention row: {row:?}");
            assert_filled(row, build);
            assert_only_pyo3_failed(&row[6], &[], &format!("contention {build}{row:?}"));
        }
    }
    for build in FAIRNESS_BUILDS {
        let fairness = table(&report, "Writer fairness", build);
        assert_eq!(
            fairness.len(),
            4,
            "0, 1, 2 and 4 readers ({build}):\n{report}"
        );
        for row in &fairness {
            // | readers | 3 x calls/s | 3 x latencies | readers' scans/s | failures |
            assert_eq!(row.len(), 9, "fairness row: {row:?}");
            assert_filled(row, build);
            // How long a writer waits is timing; a wrong count or an exception is not.
            let starved = "writer starved (let in when the readers stopped)";
            assert_only_pyo3_failed(&row[8], &[starved], &format!("fairness {build}{row:?}"));
        }
    }
}
