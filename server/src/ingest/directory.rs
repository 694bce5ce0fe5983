//! A directory of schema files (a contracts repository) as a schema source, so that
//! contracts are catalogued and checked before anyone registers them. Each file is a
//! subject named by its path relative to the directory (`shop/refund.proto`), with one
//! version. Protobuf imports and JSON Schema `$ref`s resolve against the directory's
//! other files; an Avro file that uses a type defined in another file gets the other
//! files' types. A file that cannot be read or parsed is an error on that subject; the
//! rest are catalogued.

use std::collections::BTreeMap;
use std::path::Path;

use model::{bind_topics, RegistrySnapshot, SchemaFormat, SchemaTree, Subject, SubjectVersion};

use super::registry::reader::with_explicit;
use super::watched_files::{self, ListedFile, Listing, Refusal};
use crate::config::SubjectMapping;
use crate::error::Error;
use tributary_core::schema::{self, ParseError, ParseOptions, ReferencedSchema};

/// Files deeper than this below the root are not searched.
const MAX_DIRECTORY_DEPTH: usize = 16;
/// Larger files are recorded as errors rather than read.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The files found, with what is needed to notice a change cheaply.
pub type Fingerprint = Vec<ListedFile>;

/// The schema files under `root` (see [`watched_files`] for what is refused), sorted.
pub fn fingerprint(root: &Path) -> Result<Fingerprint, Error> {
    let listing = Listing { max_depth: MAX_DIRECTORY_DEPTH, wanted: &|path: &Path| format_of(path).is_some() };
    watched_files::list(root, &listing).map_err(|source| Error::Io { path: root.to_owned(), source })
}

fn format_of(path: &Path) -> Option<SchemaFormat> {
    match path.extension()?.to_str()? {
        "avsc" | "avro" => Some(SchemaFormat::Avro),
        "proto" => Some(SchemaFormat::Protobuf),
        "json" => Some(SchemaFormat::Json),
        _ => None,
    }
}

/// Reads and parses every schema file under `root`; `topics` (sorted) are the topics
/// of the directory's clusters, bound by file name (`shop.orders-value.avsc`) or by the
/// configuration's `mappings`.
pub fn read(
    root: &Path,
    files: &Fingerprint,
    topics: &[String],
    mappings: &[SubjectMapping],
    options: &ParseOptions,
) -> RegistrySnapshot {
    let mut texts: BTreeMap<String, (SchemaFormat, Result<String, Refusal>)> = BTreeMap::new();
    for file in files {
        let Some(format) = format_of(&file.path) else { continue };
        let name = file.path.strip_prefix(root).unwrap_or(&file.path).to_string_lossy().replace('\\', "/");
        texts.insert(name, (format, watched_files::read_text(file, MAX_FILE_BYTES)));
    }
    let siblings = |format: SchemaFormat, except: &str| -> Vec<ReferencedSchema> {
        texts
            .iter()
            .filter(|(name, (other, text))| *other == format && name.as_str() != except && text.is_ok())
            .filter_map(|(name, (_, text))| {
                Some(ReferencedSchema { name: name.clone(), text: text.as_ref().ok()?.clone() })
            })
            .collect()
    };
    let subjects = texts
        .iter()
        .map(|(name, (format, text))| {
            let parsed = match text {
                Err(error) => Err(error.to_string()),
                Ok(text) => parse_file(*format, name, text, &siblings, options).map_err(|error| error.to_string()),
            };
            let record = parsed.as_ref().ok().map(|tree| tree.name.clone());
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
            let stem = stem.rsplit('/').next().unwrap_or(stem);
            Subject {
                name: name.clone(),
                compatibility: None,
                topics: with_explicit(bind_topics(stem, record.as_deref(), topics), name, mappings),
                versions: vec![SubjectVersion {
                    version: 1,
                    id: 0,
                    format: *format,
                    deleted: false,
                    schema: text.as_ref().cloned().unwrap_or_default(),
                    references: Vec::new(),
                    properties: Default::default(),
                    rules: Vec::new(),
                    parsed,
                }],
            }
        })
        .collect();
    RegistrySnapshot { global_compatibility: None, subjects }
}

fn parse_file(
    format: SchemaFormat,
    name: &str,
    text: &str,
    siblings: &dyn Fn(SchemaFormat, &str) -> Vec<ReferencedSchema>,
    options: &ParseOptions,
) -> Result<SchemaTree, ParseError> {
    match format {
        // Avro files stand alone unless they use another file's types: then the other
        // files that parse alone, and do not define this file's root again, are added.
        SchemaFormat::Avro => schema::parse(format, text, &[], options).or_else(|error| {
            if !matches!(error, ParseError::UnknownType(_)) {
                return Err(error);
            }
            let own = schema::avro::root_name(text);
            let references: Vec<ReferencedSchema> = siblings(format, name)
                .into_iter()
                .filter(|other| schema::parse(format, &other.text, &[], options).is_ok())
                .filter(|other| own.is_none() || schema::avro::root_name(&other.text) != own)
                .collect();
            schema::parse(format, text, &references, options).map_err(|_| error)
        }),
        _ => schema::parse(format, text, &siblings(format, name), options),
    }
}
