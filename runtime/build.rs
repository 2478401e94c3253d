//! Checks that pyo3-ffi was configured for the abi3t Stable ABI.
//!
//! pyo3-ffi picks its ABI from the interpreter it finds at build time. abide only supports
//! abi3t, so a build that resolved to anything else (say, a version-specific build for an
//! old `python3` on PATH) is stopped here with a message that says how to fix it, instead
//! of failing later with hundreds of confusing errors.

fn main() {
    println!("cargo:rustc-check-cfg=cfg(abide_wrong_abi)");
    println!("cargo:rerun-if-env-changed=DEP_PYTHON_PYO3_CONFIG");
    let Ok(hex) = std::env::var("DEP_PYTHON_PYO3_CONFIG") else {
        return;
    };
    let config = decode_hex(&hex);
    let target_abi = config
        .lines()
        .find_map(|line| line.strip_prefix("target_abi="))
        .unwrap_or("");
    if !target_abi.contains("abi3t") {
        println!(
            "cargo:warning=abide needs pyo3-ffi configured for abi3t, but it resolved to \
             `{target_abi}`. Set PYO3_NO_PYTHON=1 and PYO3_BUILD_EXTENSION_MODULE=1 (for \
             example in .cargo/config.toml [env]), or point PYO3_PYTHON at a CPython 3.15+."
        );
        println!("cargo:rustc-cfg=abide_wrong_abi");
    }
}

fn decode_hex(hex: &str) -> String {
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}
