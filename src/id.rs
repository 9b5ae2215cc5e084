//! Record ids: the lowercase hex SHA-256 of a record's canonical bytes.
//!
//! [`Id`] is a newtype over the 32 digest bytes, displayed as 64 lowercase hex characters. [`Prefix`] is what a
//! user types: an abbreviation of at least [`Prefix::MIN_LEN`] hex characters that the index resolves. Parsing
//! rejects bad length and bad characters with distinct errors; nothing here touches the disk.

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// A record's content address.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id([u8; 32]);

/// Why a string is not an id or an id prefix.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseIdError {
    #[error("{input:?} is not a hex id: {ch:?} at position {pos} is not a hexadecimal digit")]
    NotHex { input: String, ch: char, pos: usize },
    #[error("{input:?} is not a full id: expected 64 hex characters, found {len}")]
    BadLength { input: String, len: usize },
    #[error("{input:?} is too short to name a record: give at least {min} hex characters", min = Prefix::MIN_LEN)]
    TooShort { input: String },
}

impl Id {
    /// The id of the given canonical bytes.
    pub fn of_bytes(canonical: &[u8]) -> Self {
        Id(Sha256::digest(canonical).into())
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 0xf) as usize] as char);
        }
        s
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn check_hex(input: &str) -> Result<(), ParseIdError> {
    // Ids are read millions of times when an index is built: bytes first, characters only to name the culprit.
    if input.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(());
    }
    match input.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        Some((pos, ch)) => Err(ParseIdError::NotHex { input: input.to_owned(), ch, pos }),
        None => Ok(()),
    }
}

fn nibble(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        _ => b - b'A' + 10,
    }
}

impl FromStr for Id {
    type Err = ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        check_hex(s)?;
        if s.len() != 64 {
            return Err(ParseIdError::BadLength { input: s.to_owned(), len: s.len() });
        }
        let mut out = [0u8; 32];
        for (i, pair) in s.as_bytes().chunks_exact(2).enumerate() {
            out[i] = nibble(pair[0]) << 4 | nibble(pair[1]);
        }
        Ok(Id(out))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.to_hex())
    }
}

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An abbreviated id as typed by a user: lowercase hex, at least [`Prefix::MIN_LEN`] characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefix(String);

impl Prefix {
    pub const MIN_LEN: usize = 6;

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The full id, when the prefix is one.
    pub fn as_full(&self) -> Option<Id> {
        self.0.parse().ok()
    }
}

impl FromStr for Prefix {
    type Err = ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        check_hex(s)?;
        if s.len() < Self::MIN_LEN {
            return Err(ParseIdError::TooShort { input: s.to_owned() });
        }
        if s.len() > 64 {
            return Err(ParseIdError::BadLength { input: s.to_owned(), len: s.len() });
        }
        Ok(Prefix(s.to_ascii_lowercase()))
    }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let id = Id::of_bytes(b"abc");
        assert_eq!(id.to_string(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(id.to_string().parse::<Id>().unwrap(), id);
        assert_eq!(id.to_string().to_uppercase().parse::<Id>().unwrap(), id);
    }

    #[test]
    fn distinct_errors() {
        assert!(matches!("xyz123".parse::<Id>(), Err(ParseIdError::NotHex { pos: 0, .. })));
        assert!(matches!("abc123".parse::<Id>(), Err(ParseIdError::BadLength { len: 6, .. })));
        assert!(matches!("abc12".parse::<Prefix>(), Err(ParseIdError::TooShort { .. })));
        assert!(matches!("abc12g".parse::<Prefix>(), Err(ParseIdError::NotHex { pos: 5, .. })));
        assert_eq!("ABC123".parse::<Prefix>().unwrap().as_str(), "abc123");
    }
}
