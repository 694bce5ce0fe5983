//! A report as bytes: the JSON document written piece by piece (so that it can be sent
//! as it is built) while hashing what has been written, so that its last key,
//! `content_hash`, proves the rest; and each section as CSV (cells neutralised against
//! spreadsheet formulas). Deterministic: the same report gives the same bytes.

use model::{AuditEntry, ComplianceReport, InventoryRow, ProcessingRecord, Violation};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::csv;

/// The JSON document being written.
#[derive(Default)]
pub struct JsonDocument {
    hasher: Sha256,
    /// Whether a key has been written (the next one needs a comma).
    started: bool,
}

impl JsonDocument {
    /// `"key": value` as the next member of the document (the first opens it).
    pub fn member(&mut self, key: &str, value: &impl Serialize) -> String {
        let opening = if self.started { "," } else { "{" };
        self.started = true;
        let value = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
        self.emit(format!("{opening}\"{key}\":{value}\n"))
    }

    /// An array member written row by row: its opening...
    pub fn open_array(&mut self, key: &str) -> String {
        let opening = if self.started { "," } else { "{" };
        self.started = true;
        self.emit(format!("{opening}\"{key}\":["))
    }

    /// ...a batch of its rows (`first`: whether the array is still empty)...
    pub fn rows<T: Serialize>(&mut self, rows: &[T], first: bool) -> String {
        let mut chunk = String::new();
        for (at, row) in rows.iter().enumerate() {
            if !(first && at == 0) {
                chunk.push(',');
            }
            chunk.push_str(&serde_json::to_string(row).unwrap_or_else(|_| "null".to_owned()));
            chunk.push('\n');
        }
        self.emit(chunk)
    }

    /// ...and its end.
    pub fn close_array(&mut self) -> String {
        self.emit("]\n".to_owned())
    }

    /// The last member, `content_hash` (the SHA-256 of every byte before it), and the
    /// document's end.
    pub fn finish(self) -> String {
        self.finish_with_hash().0
    }

    /// As [`JsonDocument::finish`], with the content hash apart (for the audit log).
    pub fn finish_with_hash(self) -> (String, String) {
        let hash = self.hash();
        (format!(",\"content_hash\":\"{hash}\"}}\n"), hash)
    }

    /// The SHA-256 of every byte written so far.
    fn hash(self) -> String {
        self.hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
    }

    fn emit(&mut self, text: String) -> String {
        self.hasher.update(text.as_bytes());
        text
    }
}

/// The content hash of `report`'s JSON document, as the streamed export writes it
/// (the same members in the same order), for the PDF's footer.
pub fn content_hash(report: &ComplianceReport) -> String {
    let mut document = JsonDocument::default();
    document.member("head", &report.head);
    document.member("inventory", &report.inventory);
    document.member("records", &report.records);
    document.member("violations", &report.violations);
    document.open_array("changes");
    document.rows(&report.changes, true);
    document.close_array();
    document.member("summary", &report.summary);
    document.hash()
}

/// A section's CSV header.
pub fn csv_header(section: Section) -> String {
    let columns: &[&str] = match section {
        Section::Inventory => &["cluster", "topic", "subject", "path", "categories", "provenance", "protected_by"][..],
        Section::Records => {
            &["cluster", "topic", "categories", "recipients", "retention", "protection", "kept_anywhere"][..]
        }
        Section::Violations => &[
            "id",
            "profile",
            "rule",
            "cluster",
            "topic",
            "target",
            "evidence",
            "first_seen_ms",
            "last_seen_ms",
            "resolved_at_ms",
        ][..],
        Section::Changes => &["seq", "at_ms", "actor", "action", "target", "reason", "before", "after", "hash"][..],
    };
    csv::row(columns.iter().copied())
}

/// The sections a CSV export can hold, one per file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Inventory,
    Records,
    Violations,
    Changes,
}

impl Section {
    pub fn parse(name: &str) -> Option<Section> {
        match name {
            "inventory" => Some(Section::Inventory),
            "records" => Some(Section::Records),
            "violations" => Some(Section::Violations),
            "changes" => Some(Section::Changes),
            _ => None,
        }
    }
}

/// Lists in one cell, `; `-separated.
fn joined(items: &[String]) -> String {
    items.join("; ")
}

pub fn inventory_row(row: &InventoryRow) -> String {
    let (categories, provenance) = (joined(&row.categories), joined(&row.provenance));
    let protected = row.protected_by.clone().unwrap_or_default();
    csv::row(
        [&row.cluster, &row.topic, &row.subject, &row.path, &categories, &provenance, &protected].map(String::as_str),
    )
}

pub fn record_row(record: &ProcessingRecord) -> String {
    let (categories, recipients, protection) =
        (joined(&record.categories), joined(&record.recipients), joined(&record.protection));
    csv::row(
        [
            &record.cluster,
            &record.topic,
            &categories,
            &recipients,
            &record.retention,
            &protection,
            &record.kept_anywhere,
        ]
        .map(String::as_str),
    )
}

pub fn violation_row(violation: &Violation) -> String {
    let numbers = [
        violation.id.to_string(),
        violation.first_seen_ms.to_string(),
        violation.last_seen_ms.to_string(),
        violation.resolved_at_ms.map(|at| at.to_string()).unwrap_or_default(),
    ];
    csv::row([
        numbers[0].as_str(),
        &violation.profile,
        &violation.rule,
        &violation.cluster,
        &violation.topic,
        &violation.target,
        &violation.evidence,
        &numbers[1],
        &numbers[2],
        &numbers[3],
    ])
}

pub fn change_row(entry: &AuditEntry) -> String {
    let (seq, at) = (entry.seq.to_string(), entry.at_ms.to_string());
    csv::row([
        seq.as_str(),
        &at,
        &entry.actor,
        &entry.action,
        &entry.target,
        &entry.reason,
        &entry.before,
        &entry.after,
        &entry.hash,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_hash_proves_every_byte_before_it() {
        let mut document = JsonDocument::default();
        let mut written = document.member("head", &"title");
        written.push_str(&document.open_array("rows"));
        written.push_str(&document.rows(&[1, 2], true));
        written.push_str(&document.rows(&[3], false));
        written.push_str(&document.close_array());
        let tail = document.finish();
        let whole = format!("{written}{tail}");
        let parsed: serde_json::Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(parsed["rows"], serde_json::json!([1, 2, 3]));
        let expected: String = Sha256::digest(written.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect();
        assert_eq!(parsed["content_hash"], expected.as_str());
    }
}
