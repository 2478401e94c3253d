//! The guide (`docs/`), one module per page, so that every Rust code block in it is
//! compiled by `cargo test -p abide-tests --doc`.

#[doc = include_str!("../../docs/README.md")]
pub mod index {}

#[doc = include_str!("../../docs/getting-started.md")]
pub mod getting_started {}

#[doc = include_str!("../../docs/functions.md")]
pub mod functions {}

#[doc = include_str!("../../docs/classes.md")]
pub mod classes {}

#[doc = include_str!("../../docs/errors.md")]
pub mod errors {}

#[doc = include_str!("../../docs/threads.md")]
pub mod threads {}

#[doc = include_str!("../../docs/stable-abi.md")]
pub mod stable_abi {}

#[doc = include_str!("../../docs/packaging.md")]
pub mod packaging {}

#[doc = include_str!("../../docs/migration.md")]
pub mod migration {}

#[doc = include_str!("../../docs/async.md")]
pub mod async_ {}
