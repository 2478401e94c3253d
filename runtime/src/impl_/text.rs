//! Strings assembled in constant evaluation: the parts of a docstring's text signature,
//! a type stub or an argument spec that depend on which parameters are the `Python`
//! token, which only the type system knows.

/// One piece of a string. An `item` is an entry of a comma-separated list: the
/// separator goes between two kept items that follow each other.
#[derive(Clone, Copy)]
pub struct Frag {
    pub text: &'static str,
    pub keep: bool,
    pub item: bool,
}

impl Frag {
    /// Text always present.
    pub const fn text(text: &'static str) -> Self {
        Frag {
            text,
            keep: true,
            item: false,
        }
    }

    /// A list entry, present when `keep`.
    pub const fn item(text: &'static str, keep: bool) -> Self {
        Frag {
            text,
            keep,
            item: true,
        }
    }
}

/// Writes the joined string into `out` when one is given; returns its length.
const fn walk(frags: &[Frag], sep: &str, out: Option<&mut [u8]>) -> usize {
    let mut len = 0;
    let mut prev_item = false;
    let mut i = 0;
    let mut out = out;
    while i < frags.len() {
        let f = frags[i];
        i += 1;
        if !f.keep {
            continue;
        }
        if f.item && prev_item {
            len = copy(sep.as_bytes(), len, &mut out);
        }
        len = copy(f.text.as_bytes(), len, &mut out);
        prev_item = f.item;
    }
    len
}

const fn copy(bytes: &[u8], at: usize, out: &mut Option<&mut [u8]>) -> usize {
    let mut j = 0;
    while j < bytes.len() {
        if let Some(buf) = out {
            buf[at + j] = bytes[j];
        }
        j += 1;
    }
    at + bytes.len()
}

/// The length of the joined string.
pub const fn len(frags: &[Frag], sep: &str) -> usize {
    walk(frags, sep, None)
}

/// The joined string's bytes; `N` must be [`len`].
pub const fn build<const N: usize>(frags: &[Frag], sep: &str) -> [u8; N] {
    let mut buf = [0u8; N];
    let n = walk(frags, sep, Some(&mut buf));
    assert!(n == N, "abide: text length mismatch");
    buf
}

/// The bytes as `str` (they are UTF-8: made of `str` pieces).
pub const fn as_str(bytes: &'static [u8]) -> &'static str {
    match core::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(_) => panic!("abide: generated text is not UTF-8"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAGS: &[Frag] = &[
        Frag::text("f("),
        Frag::item("$module", true),
        Frag::item("py", false),
        Frag::item("a", true),
        Frag::item("b", true),
        Frag::text(")"),
    ];

    #[test]
    fn joins_kept_items() {
        const N: usize = len(FRAGS, ", ");
        const B: [u8; N] = build(FRAGS, ", ");
        assert_eq!(as_str(&B), "f($module, a, b)");
        let none: &[Frag] = &[Frag::text("("), Frag::item("py", false), Frag::text(")")];
        assert_eq!(len(none, ", "), 2);
    }
}
