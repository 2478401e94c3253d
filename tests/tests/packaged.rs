//! `abide` and `abide-macros` as a registry user gets them: the `.crate` files hold
//! exactly what they should, and a crate outside the workspace that depends on
//! `abide = "0.1.0"` (patched to the unpacked packages) builds `examples/hello` into a
//! library that loads on CPython 3.11, 3.15 and 3.15t and passes hello's tests.

use abide_tests::packaged::{Package, build_user_crate, file_sizes, packages};
use abide_tests::{install_module_as, pytest, python, repo_root, stable_abi_suffix};
use std::collections::BTreeSet;

/// The files package `name` (from workspace folder `dir`) must hold: its manifest, what
/// cargo adds, README, licenses, build script if any, and every file of its `src/`.
fn expected_files(dir: &str, build_rs: bool) -> BTreeSet<String> {
    let mut files: BTreeSet<String> = [
        "Cargo.lock",
        "Cargo.toml",
        "Cargo.toml.orig",
        "LICENSE-APACHE",
        "LICENSE-MIT",
        "README.md",
    ]
    .map(String::from)
    .into();
    if build_rs {
        files.insert("build.rs".into());
    }
    // cargo records the commit when it packages from a git checkout.
    if repo_root().join(".git").exists() {
        files.insert(".cargo_vcs_info.json".into());
    }
    let src = file_sizes(&repo_root().join(dir).join("src"));
    files.extend(src.keys().map(|f| format!("src/{f}")));
    files
}

fn package(name: &str) -> &'static Package {
    packages()
        .iter()
        .find(|p| p.name == name)
        .expect("packaged")
}

/// Both lists with sizes, printed in one piece (the two package tests run in parallel).
fn print_package(p: &Package) {
    use std::fmt::Write;
    let size = std::fs::metadata(&p.crate_file).expect("crate file").len();
    let mut out = format!("== {}-0.1.0.crate: {size} bytes\n", p.name);
    let _ = writeln!(out, "cargo package --list -p {}:", p.name);
    for f in &p.listed {
        let _ = writeln!(out, "  {f}");
    }
    let _ = writeln!(out, "in the .crate (bytes, unpacked):");
    for (f, len) in &p.files {
        let _ = writeln!(out, "  {len:>8}  {f}");
    }
    let total: u64 = p.files.values().sum();
    let _ = writeln!(out, "  {total:>8}  total, {} files", p.files.len());
    print!("{out}");
}

fn check_package(name: &str, dir: &str, build_rs: bool) {
    let p = package(name);
    print_package(p);
    let expected = expected_files(dir, build_rs);
    let found: BTreeSet<String> = p.files.keys().cloned().collect();
    assert_eq!(
        found.difference(&expected).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{name}: files in the .crate that should not be there"
    );
    assert_eq!(
        expected.difference(&found).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{name}: files missing from the .crate"
    );
    let listed: BTreeSet<String> = p.listed.iter().cloned().collect();
    assert_eq!(
        listed, found,
        "{name}: `cargo package --list` and the .crate differ"
    );
    // The licenses are the root's texts (the crates hold symlinks to them).
    for license in ["LICENSE-MIT", "LICENSE-APACHE"] {
        let packaged = std::fs::read(abide_tests::packaged::unpacked(name).join(license));
        let root = std::fs::read(repo_root().join(license)).expect("root license");
        assert_eq!(
            packaged.ok(),
            Some(root),
            "{name}: {license} differs from the root's"
        );
    }
}

#[test]
fn abide_macros_package_holds_exactly_its_files() {
    check_package("abide-macros", "macros", false);
}

#[test]
fn abide_package_holds_exactly_its_files() {
    check_package("abide", "runtime", true);
}

/// The README's example is `examples/hello`'s code (less its `//!` line), which the user
/// crate below builds from the packages: so the README shows code that compiles.
#[test]
fn abide_readme_example_is_hello() {
    packages();
    let readme =
        std::fs::read_to_string(abide_tests::packaged::unpacked("abide").join("README.md"))
            .expect("README.md in the package");
    let code = readme
        .split("```rust\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a rust block in runtime/README.md");
    let hello = std::fs::read_to_string(repo_root().join("examples/hello/src/lib.rs"))
        .expect("hello's lib.rs");
    let hello: String = hello
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .flat_map(|l| [l, "\n"])
        .collect();
    assert_eq!(code, hello);
}

abide_tests::per_version! {
    /// The user crate's library, under the file name each version loads, runs hello's tests.
    user_crate [cpython_311 cpython_315 cpython_315t] => |v| {
        let lib = build_user_crate();
        let dir = install_module_as(&lib, "hello", stable_abi_suffix(v), &format!("packaged-{v}"));
        pytest(&python(v), &dir, "tests/python/test_hello.py", &[]);
    };
}
