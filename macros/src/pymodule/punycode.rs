//! Punycode encoding (RFC 3492), as Python's `"name".encode("punycode")` does it: the
//! basic (ASCII) code points in order, then `-` if there were any, then the others as
//! generalised variable-length integers. No case annotations: digits are lowercase.
//!
//! CPython names the entry points of a module whose name is not ASCII after this
//! encoding (`PyModExportU_<punycode>`, `PyInitU_<punycode>`). This file uses nothing
//! but `std`, so the symbol audit in `tests/` can include it too.

const BASE: u128 = 36;
const T_MIN: u128 = 1;
const T_MAX: u128 = 26;
const SKEW: u128 = 38;
const DAMP: u128 = 700;
const INITIAL_BIAS: u128 = 72;
const INITIAL_N: u128 = 0x80;

/// The Punycode encoding of `input`.
pub fn encode(input: &str) -> String {
    let code_points: Vec<u128> = input.chars().map(|c| u128::from(u32::from(c))).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = output.len();
    if basic > 0 {
        output.push('-');
    }
    // u128: `delta` grows at most by (0x10FFFF + 1) * len per round, for len rounds, so
    // no string that fits in memory can overflow it.
    let mut n = INITIAL_N;
    let mut delta: u128 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    while handled < code_points.len() {
        // The smallest code point not handled yet; one exists, as handled < len.
        let m = code_points
            .iter()
            .copied()
            .filter(|&c| c >= n)
            .min()
            .unwrap_or(n);
        delta += (m - n) * (handled as u128 + 1);
        n = m;
        for &c in &code_points {
            if c < n {
                delta += 1;
            } else if c == n {
                push_varint(&mut output, delta, bias);
                bias = adapt(delta, handled as u128 + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    output
}

/// Appends `q` as a generalised variable-length integer with thresholds from `bias`.
fn push_varint(output: &mut String, mut q: u128, bias: u128) {
    let mut k = BASE;
    loop {
        let t = if k <= bias {
            T_MIN
        } else if k >= bias + T_MAX {
            T_MAX
        } else {
            k - bias
        };
        if q < t {
            break;
        }
        output.push(digit(t + (q - t) % (BASE - t)));
        q = (q - t) / (BASE - t);
        k += BASE;
    }
    output.push(digit(q));
}

/// The bias adaptation function (RFC 3492, section 6.1).
fn adapt(delta: u128, num_points: u128, first_time: bool) -> u128 {
    let mut delta = if first_time { delta / DAMP } else { delta / 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

/// The basic code point of digit `d` (0..36): `a`..`z`, then `0`..`9`.
fn digit(d: u128) -> char {
    let d = d as u8;
    if d < 26 {
        char::from(b'a' + d)
    } else {
        char::from(b'0' + d - 26)
    }
}

#[cfg(test)]
mod tests {
    use super::encode;

    /// RFC 3492, section 7.1 (sample strings), with the case annotations of (I) removed:
    /// Python's codec, like this encoder, writes none.
    #[test]
    fn rfc_3492_samples() {
        let samples = [
            (
                "(A) Arabic (Egyptian)",
                "\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}",
                "egbpdaj6bu4bxfgehfvwxn",
            ),
            (
                "(B) Chinese (simplified)",
                "\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}",
                "ihqwcrb4cv8a8dqg056pqjye",
            ),
            (
                "(D) Czech",
                "Pro\u{10D}prost\u{11B}nemluv\u{ED}\u{10D}esky",
                "Proprostnemluvesky-uyb24dma41a",
            ),
            (
                "(I) Russian",
                "\u{43F}\u{43E}\u{447}\u{435}\u{43C}\u{443}\u{436}\u{435}\u{43E}\u{43D}\u{438}\u{43D}\u{435}\u{433}\u{43E}\u{432}\u{43E}\u{440}\u{44F}\u{442}\u{43F}\u{43E}\u{440}\u{443}\u{441}\u{441}\u{43A}\u{438}",
                "b1abfaaepdrnnbgefbadotcwatmq2g4l",
            ),
            (
                "(L) 3<nen>B<gumi><kinpachi><sensei>",
                "3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}",
                "3B-ww4c5e180e575a65lsy2b",
            ),
            (
                "(M) <amuro><namie>-with-SUPER-MONKEYS",
                "\u{5B89}\u{5BA4}\u{5948}\u{7F8E}\u{6075}-with-SUPER-MONKEYS",
                "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n",
            ),
            (
                "(P) Maji<de>Koi<suru>5<byou><mae>",
                "Maji\u{3067}Koi\u{3059}\u{308B}5\u{79D2}\u{524D}",
                "MajiKoi5-783gue6qz075azm5e",
            ),
            (
                "(R) <sono><supiido><de>",
                "\u{305D}\u{306E}\u{30B9}\u{30D4}\u{30FC}\u{30C9}\u{3067}",
                "d9juau41awczczp",
            ),
            ("(S) -> $1.00 <-", "-> $1.00 <-", "-> $1.00 <--"),
        ];
        for (label, input, expected) in samples {
            assert_eq!(encode(input), expected, "{label}");
        }
    }

    /// What CPython 3.15 gives for `name.encode("punycode")`.
    #[test]
    fn as_python_encodes_module_names() {
        for (name, expected) in [
            ("café", "caf-dma"),
            ("bücher", "bcher-kva"),
            ("ü", "tda"),
            ("München", "Mnchen-3ya"),
            ("añoñuevo", "aouevo-wwab"),
            ("naïve_mod", "nave_mod-v2a"),
            ("東京", "1lqs71d"),
            ("Ωmega", "mega-ukd"),
            ("", ""),
        ] {
            assert_eq!(encode(name), expected, "{name}");
        }
    }
}
