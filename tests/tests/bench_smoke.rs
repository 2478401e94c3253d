//! The benchmark runner keeps working: `examples/bench/run.sh` builds the C, abide and
//! PyO3 modules and runs every measurement except the (slow) builds, once, quickly. Only
//! what cannot depend on timing is checked: each module answers every operation, and
//! the contention test ends with the exact count and no exception for all three.
//! The numbers themselves belong in the README, never in an assertion.

use abide_tests::wheel::run;
use abide_tests::{python, repo_root};
use std::process::Command;

#[test]
fn bench_runner_measures_every_operation() {
    let out = repo_root().join("target").join("bench-smoke");
    let _ = std::fs::remove_dir_all(&out);
    run(
        Command::new("bash")
            .arg(repo_root().join("examples/bench/run.sh"))
            .args(["--no-builds", "--rounds", "1", "--best-of", "1"])
            .args(["--target", "0.0005", "--out"])
            .arg(&out)
            .env("BENCH_PYTHON", python("3.15")),
        "examples/bench/run.sh --no-builds",
    );
    let report = std::fs::read_to_string(out.join("results.md")).expect("results.md");
    let section = |title: &str| -> Vec<&str> {
        report
            .split(&format!("## {title}\n"))
            .nth(1)
            .unwrap_or_else(|| panic!("no `{title}` section in:\n{report}"))
            .lines()
            .take_while(|l| !l.starts_with("## "))
            .filter(|l| {
                l.starts_with("| ") && !l.starts_with("| operation") && !l.starts_with("| module")
            })
            .collect()
    };
    let speed = section("Call speed");
    assert_eq!(speed.len(), 9, "nine operations expected:\n{report}");
    for row in &speed {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        // | label | C | abide | PyO3 | abide/C | PyO3/C |
        for cell in &cells[2..5] {
            assert!(
                cell.parse::<f64>().is_ok_and(|ns| ns > 0.0),
                "not a time in `{row}`"
            );
        }
    }
    let contention = section("Contention");
    assert_eq!(contention.len(), 3, "three modules expected:\n{report}");
    for row in &contention {
        assert!(
            row.contains("| 800,000 | none | ok |"),
            "contention failed: {row}"
        );
    }
}
