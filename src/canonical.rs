//! Canonical JSON (RFC 8785, JCS) and the strict reader that makes canonical hashing honest.
//!
//! A record's id is the SHA-256 of its canonical bytes, so two readers must agree on what a file says.
//! serde_json silently keeps the last of duplicate keys and rounds integers beyond 2^53, after which the
//! canonical form no longer describes the file: [`parse_strict`] rejects both. Canonicalisation itself is
//! delegated to `serde_json_canonicalizer`, tested here against the RFC 8785 vectors.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// The largest integer JSON numbers carry exactly in IEEE 754 double precision.
const MAX_SAFE_INTEGER: u64 = 1 << 53;

/// Why bytes are not a strict JSON document.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StrictError(#[from] serde_json::Error);

/// Parses JSON, rejecting duplicate object keys and integers outside ±2^53.
pub fn parse_strict(bytes: &[u8]) -> Result<Value, StrictError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = StrictSeed.deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// The RFC 8785 canonical bytes of a JSON value.
pub fn to_canonical(value: &Value) -> Vec<u8> {
    if compact_is_canonical(value) {
        return serde_json::to_vec(value).expect("a serde_json::Value always serialises");
    }
    serde_json_canonicalizer::to_vec(value).expect("a serde_json::Value always canonicalises")
}

/// Whether serde_json's compact form of `value` is already its canonical form, as it is for every record the
/// ledger writes: no numbers (RFC 8785 writes them as ECMAScript does, which serde_json does not always) and
/// object keys in ASCII, in ascending order (for ASCII, UTF-16 order is byte order). Strings are escaped
/// alike: `"`, `\`, the five short escapes and `\u00xx` in lower case for other control characters, and
/// nothing else.
fn compact_is_canonical(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => true,
        Value::Number(_) => false,
        Value::Array(items) => items.iter().all(compact_is_canonical),
        Value::Object(map) => {
            let mut last: Option<&str> = None;
            map.iter().all(|(key, v)| {
                let ordered = key.is_ascii() && last.is_none_or(|l| l < key.as_str());
                last = Some(key);
                ordered && compact_is_canonical(v)
            })
        }
    }
}

/// The human-readable form written to disk: two-space indented, keys sorted, trailing newline.
pub fn to_pretty(value: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("a serde_json::Value always serialises");
    out.push(b'\n');
    out
}

struct StrictSeed;

impl<'de> DeserializeSeed<'de> for StrictSeed {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        if v.unsigned_abs() > MAX_SAFE_INTEGER {
            return Err(E::custom(format_args!("integer {v} is outside the exactly representable range ±2^53")));
        }
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        if v > MAX_SAFE_INTEGER {
            return Err(E::custom(format_args!("integer {v} is outside the exactly representable range ±2^53")));
        }
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v).map(Value::Number).ok_or_else(|| E::custom("number is not finite"))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(StrictSeed)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key {key:?}")));
            }
            let v = map.next_value_seed(StrictSeed)?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_duplicate_keys() {
        let err = parse_strict(br#"{"a":1,"a":2}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate key \"a\""), "{err}");
        let err = parse_strict(br#"{"x":{"b":1,"b":1}}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate key"), "{err}");
    }

    #[test]
    fn rejects_unsafe_integers() {
        assert!(parse_strict(b"9007199254740992").is_ok());
        assert!(parse_strict(b"9007199254740993").is_err());
        assert!(parse_strict(b"-9007199254740993").is_err());
        assert!(parse_strict(b"[1e400]").is_err());
    }

    /// Values without numbers take serde_json's compact form; it must equal the canonicaliser's, whatever the
    /// strings hold (every control character, quotes, backslashes, non-ASCII, astral characters).
    #[test]
    fn compact_form_is_canonical_for_values_without_numbers() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        let texts = [
            "plain".to_owned(),
            every_control,
            "quote \" backslash \\ slash / del \u{7f}".to_owned(),
            "caf\u{e9} \u{2028}\u{2029} \u{1F600} \u{FEFF}".to_owned(),
            String::new(),
        ];
        for text in &texts {
            let value = serde_json::json!({
                "a": text, "b": [text, null, true, false, {"nested": text}], "type": "claim", "z": {}
            });
            assert!(compact_is_canonical(&value));
            let reference = serde_json_canonicalizer::to_vec(&value).unwrap();
            assert_eq!(to_canonical(&value), reference, "{text:?}");
        }
        // Numbers and non-ASCII keys go through the canonicaliser.
        assert!(!compact_is_canonical(&serde_json::json!({"n": 1})));
        assert!(!compact_is_canonical(&serde_json::json!({"\u{e9}": "x"})));
        assert_eq!(to_canonical(&serde_json::json!({"n": 1e21})), b"{\"n\":1e+21}");
    }

    #[test]
    fn rejects_trailing_garbage() {
        assert!(parse_strict(b"{} {}").is_err());
    }

    /// The RFC 8785 vectors from ../shared/data/jcs: canonical output must equal the expected bytes.
    #[test]
    fn rfc8785_vectors() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/jcs");
        if !dir.join("input").is_dir() {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("skipping rfc8785_vectors: {} is absent", dir.display());
            }
            return;
        }
        let mut seen = 0;
        for entry in std::fs::read_dir(dir.join("input")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            let input = std::fs::read(&path).unwrap();
            let expected = std::fs::read(dir.join("output").join(name)).unwrap();
            let value = parse_strict(&input).unwrap();
            assert_eq!(
                String::from_utf8(to_canonical(&value)).unwrap(),
                String::from_utf8(expected).unwrap(),
                "vector {}",
                path.display()
            );
            seen += 1;
        }
        assert!(seen >= 6, "expected the six RFC 8785 vectors, found {seen}");
    }
}
