//! How secret-bearing values appear in `Debug` output: set or not, never
//! what they are.

use std::fmt;

/// Prints whether a secret-bearing value is set, never the value.
pub(crate) struct Redacted(pub bool);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { "Some([REDACTED])" } else { "None" })
    }
}
