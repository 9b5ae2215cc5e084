//! The project's own JSON Lines export (`claimledger export --format jsonl`), read back record for record.
//!
//! Line 1 is the export's header (`claimledger_export`, a layout version this build knows). Every other line
//! is `{"id", "kind", "record", "status"}`: the record must be valid, of the stated kind, and hash to the
//! stated id, so that what is imported is byte for byte what was exported. `status` is derived data and is
//! ignored. Records keep their stamps and so their ids; references must resolve in the ledger or the import.

use serde_json::Value;

use super::plan::Builder;
use super::{Error, Origin};
use crate::export::JSONL_VERSION;
use crate::id::Id;
use crate::record::Record;

pub(super) fn read(input: usize, bytes: &[u8], b: &mut Builder) -> Result<(), Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|c| **c == b'\n').count();
        b.error(Origin { input, line }, "not UTF-8 text")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(n, l)| (Origin { input, line: n + 1 }, l));
    let Some((at, first)) = lines.next() else {
        return Err(b.error(Origin { input, line: 1 }, "empty file: expected a claimledger JSON Lines export"));
    };
    header(first, at, b)?;
    for (at, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        b.row();
        let (record, id) = entry(line).map_err(|message| b.error(at, message))?;
        b.record_exact(at, record, Some(id))?;
    }
    Ok(())
}

fn header(line: &str, at: Origin, b: &Builder) -> Result<(), Error> {
    let value: Value = serde_json::from_str(line).map_err(|e| b.error(at, format!("not JSON ({e})")))?;
    match value.get("claimledger_export").and_then(Value::as_u64) {
        Some(v) if v as u32 == JSONL_VERSION => Ok(()),
        Some(v) => Err(b.error(at, format!("export layout {v} is not one this claimledger reads ({JSONL_VERSION})"))),
        None => Err(b.error(at, "not a claimledger JSON Lines export: the first line has no claimledger_export")),
    }
}

/// The record of one line and the id the line states.
fn entry(line: &str) -> Result<(Record, Id), String> {
    let mut value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON ({e})"))?;
    let id = value.get("id").and_then(Value::as_str).ok_or("no \"id\"")?;
    let id: Id = id.parse().map_err(|e| format!("id: {e}"))?;
    let kind = value.get("kind").and_then(Value::as_str).ok_or("no \"kind\"")?.to_owned();
    let record = value.get_mut("record").map(Value::take).ok_or("no \"record\"")?;
    let record: Record = serde_json::from_value(record).map_err(|e| format!("record: {e}"))?;
    if record.kind().as_str() != kind {
        return Err(format!("the record is a {}, but the line says {kind:?}", record.kind()));
    }
    Ok((record, id))
}
