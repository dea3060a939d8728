//! Integers written in decimal without `core::fmt`.
//!
//! Every `format!`, `to_string()` and `{}` in the component went through
//! `core::fmt` (its `Arguments`, padding and integer `Display` code); the
//! strings it builds are a few integers and concatenations, written here
//! and with `push_str` instead (1 KB brotli of wasm, measured).

/// `n` in decimal, at least `width` digits (zeros in front): `padded(5, 2)` is `05`.
pub fn padded(mut n: u64, width: usize) -> String {
    let mut digits = Vec::with_capacity(20);
    while n > 0 || digits.len() < width.max(1) {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

/// `n` in decimal.
pub fn decimal(n: u64) -> String {
    padded(n, 1)
}

/// `n` in decimal, with a `-` when it is negative.
#[cfg(any(target_arch = "wasm32", test))] // for the JS options (`embed`)
pub fn signed(n: i64) -> String {
    let digits = decimal(n.unsigned_abs());
    if n < 0 {
        "-".to_owned() + &digits
    } else {
        digits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_read_as_core_fmt_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, 99_999_999, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
        for n in [0, -1, 7, -12_345, 999_999_999_999_999, -999_999_999_999_999, i64::MIN, i64::MAX] {
            assert_eq!(signed(n), n.to_string());
        }
        for (n, width) in [(0, 2), (5, 2), (50, 2), (7, 0), (123, 2), (5, 3)] {
            assert_eq!(padded(n, width), format!("{n:0width$}"));
        }
    }
}
