//! The crates as a registry user gets them: `cargo package` makes `abide-macros` and
//! `abide` into `.crate` files, which are unpacked and patched in (`[patch.crates-io]`) for
//! a fresh crate outside the workspace that depends on `abide = "0.1.0"`.

use super::repo_root;
use super::wheel::run;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The packaged crates, in the order `cargo package` needs them.
pub const CRATES: [&str; 2] = ["abide-macros", "abide"];

/// Where packaging, unpacking and the user crate's build live, kept between runs.
pub fn packaged_dir() -> PathBuf {
    repo_root().join("target").join("packaged")
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// One packaged crate: its `.crate` file and the files in it, path -> size in bytes.
pub struct Package {
    pub name: String,
    pub crate_file: PathBuf,
    pub files: BTreeMap<String, u64>,
    /// What `cargo package --list` says the package holds.
    pub listed: Vec<String>,
}

/// Packages both crates (once per test process; cargo verifies each by building it) and
/// unpacks them under `packaged_dir()/unpacked`, touching only files whose bytes changed
/// so that the user crate's build stays incremental.
pub fn packages() -> &'static [Package] {
    static PACKAGES: OnceLock<Vec<Package>> = OnceLock::new();
    PACKAGES.get_or_init(|| {
        let target = packaged_dir().join("cargo");
        let mut package = cargo();
        package
            .current_dir(repo_root())
            // No verification build here: cargo would verify against its unpacked copy of
            // an earlier run's package at the same path, if one is left in
            // $CARGO_HOME/registry/src. The user crate below builds what was packaged,
            // and `.ci/run` verifies the packages too.
            .args([
                "package",
                "--quiet",
                "--allow-dirty",
                "--no-verify",
                "--target-dir",
            ])
            .arg(&target);
        for name in CRATES {
            package.args(["-p", name]);
        }
        run(&mut package, "cargo package -p abide-macros -p abide");
        CRATES
            .iter()
            .map(|name| {
                let crate_file = target.join("package").join(format!("{name}-0.1.0.crate"));
                let staging = packaged_dir().join("staging").join(name);
                let _ = std::fs::remove_dir_all(&staging);
                std::fs::create_dir_all(&staging).expect("create staging dir");
                run(
                    Command::new("tar")
                        .arg("xzf")
                        .arg(&crate_file)
                        .arg("-C")
                        .arg(&staging),
                    &format!("unpack {}", crate_file.display()),
                );
                let root = staging.join(format!("{name}-0.1.0"));
                let files = file_sizes(&root);
                sync_tree(&root, &unpacked(name));
                let listed = run(
                    cargo().current_dir(repo_root()).args([
                        "package",
                        "--list",
                        "--allow-dirty",
                        "-p",
                        name,
                    ]),
                    &format!("cargo package --list -p {name}"),
                );
                let listed = String::from_utf8_lossy(&listed.stdout)
                    .lines()
                    .map(str::to_owned)
                    .collect();
                Package {
                    name: name.to_string(),
                    crate_file,
                    files,
                    listed,
                }
            })
            .collect()
    })
}

/// Where package `name` is unpacked for the user crate's `[patch.crates-io]`.
pub fn unpacked(name: &str) -> PathBuf {
    packaged_dir().join("unpacked").join(name)
}

/// Every file under `root`, as a `/`-separated relative path, with its size.
pub fn file_sizes(root: &Path) -> BTreeMap<String, u64> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, u64>) {
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, entry.metadata().expect("metadata").len());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Makes `to` hold exactly the files of `from`, writing only those that differ (cargo
/// judges path dependencies by modification time).
fn sync_tree(from: &Path, to: &Path) {
    let wanted = file_sizes(from);
    if to.exists() {
        for stale in file_sizes(to).keys().filter(|k| !wanted.contains_key(*k)) {
            std::fs::remove_file(to.join(stale)).expect("remove stale file");
        }
    }
    for rel in wanted.keys() {
        write_if_changed(&to.join(rel), &std::fs::read(from.join(rel)).expect("read"));
    }
}

/// Writes `bytes` to `path` unless it already holds them.
pub fn write_if_changed(path: &Path, bytes: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
    std::fs::write(path, bytes).expect("write file");
}

/// The Cargo.toml of the user crate: `abide` from the registry, patched to the unpacked
/// packages, and a `[workspace]` of its own so that cargo does not attach it to ours.
fn user_manifest() -> String {
    let path = |name| unpacked(name).display().to_string().replace('\\', "/");
    format!(
        r#"[package]
name = "hello"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
abide = "0.1.0"

[patch.crates-io]
abide = {{ path = "{}" }}
abide-macros = {{ path = "{}" }}

[workspace]
"#,
        path("abide"),
        path("abide-macros")
    )
}

/// Writes the user crate into `krate`: `examples/hello`'s sources, the manifest above, the
/// workspace's Cargo.lock so that nothing needs the index, and, with `cargo_config`, the
/// `.cargo/config.toml` the README asks for of a crate built with plain cargo.
pub fn write_user_crate(krate: &Path, cargo_config: bool) {
    packages();
    let hello = repo_root().join("examples/hello");
    write_if_changed(&krate.join("Cargo.toml"), user_manifest().as_bytes());
    sync_tree(&hello.join("src"), &krate.join("src"));
    let lock = std::fs::read(repo_root().join("Cargo.lock")).expect("read Cargo.lock");
    write_if_changed(&krate.join("Cargo.lock"), &lock);
    if cargo_config {
        write_if_changed(
            &krate.join(".cargo/config.toml"),
            b"[env]\nPYO3_NO_PYTHON = \"1\"\nPYO3_BUILD_EXTENSION_MODULE = \"1\"\n",
        );
    }
}

/// Writes the user crate (with its `.cargo/config.toml`), builds it with
/// `cargo build --release --offline` (once per test process), and returns the library.
pub fn build_user_crate() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    BUILT
        .get_or_init(|| {
            let krate = packaged_dir().join("user");
            write_user_crate(&krate, true);
            let target = packaged_dir().join("build");
            run(
                cargo()
                    .current_dir(&krate)
                    .args(["build", "--release", "--quiet", "--offline", "--target-dir"])
                    .arg(&target),
                "cargo build --release of the user crate",
            );
            let lib = target.join("release").join("libhello.so");
            assert!(lib.exists(), "{} was not built", lib.display());
            lib
        })
        .clone()
}
