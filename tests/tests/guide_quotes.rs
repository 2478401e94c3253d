//! The guide's blocks quoted from example crates (`<!-- quoted from PATH -->` before a
//! ```` ```rust,ignore ```` block) are still, verbatim, in the file they name: the example
//! crate compiles and tests that code, so the quote must not drift from it. Any other
//! `ignore` block in the guide is an error: every Rust block is compiled or quoted.

use abide_tests::repo_root;

const MARKER: &str = "<!-- quoted from ";

#[test]
fn quoted_blocks_match_their_files() {
    let docs = repo_root().join("docs");
    let mut quotes = 0;
    for entry in std::fs::read_dir(&docs).expect("read docs/") {
        let path = entry.expect("a docs/ entry").path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read a page");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if *line != "```rust,ignore" {
                continue;
            }
            let page = path.display();
            let source = i
                .checked_sub(1)
                .and_then(|j| lines[j].strip_prefix(MARKER))
                .and_then(|rest| rest.strip_suffix(" -->"))
                .unwrap_or_else(|| {
                    panic!(
                        "{page}:{}: an `ignore` block without `{MARKER}PATH -->`",
                        i + 1
                    )
                });
            let end = lines[i + 1..]
                .iter()
                .position(|l| *l == "```")
                .unwrap_or_else(|| panic!("{page}:{}: unterminated block", i + 1));
            let block = lines[i + 1..i + 1 + end].join("\n");
            let file = std::fs::read_to_string(repo_root().join(source))
                .unwrap_or_else(|e| panic!("{page}:{}: cannot read {source}: {e}", i + 1));
            assert!(
                file.contains(&block),
                "{page}:{}: the block quoted from {source} is no longer in it:\n{block}",
                i + 1
            );
            quotes += 1;
        }
    }
    // The async page quotes the tokio example twice.
    assert!(quotes >= 2, "found {quotes} quoted blocks");
}
