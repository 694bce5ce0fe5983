//! One read of an estate source's files: each file's format recognised (or given),
//! parsed into the one desired-state model, the files merged, and every file that
//! cannot be used an error of its own with its line, the others still read.

use std::collections::HashMap;

use model::{EstateFileError, EstateFileView};

use super::desired::DesiredEstate;
use super::fields::Fault;
use super::julieops::JulieOpsSettings;
use super::yaml_tree;
use super::{julieops, kafka_gitops, terraform};
use crate::config::EstateSourceConfig;

/// The longest estate file read: a Terraform state of a large estate fits.
pub const MAX_ESTATE_FILE_BYTES: usize = 16 * 1024 * 1024;

/// The formats Tributary reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EstateFormat {
    JulieOps,
    KafkaGitops,
    Terraform,
}

impl EstateFormat {
    pub const ALL: [EstateFormat; 3] = [EstateFormat::JulieOps, EstateFormat::KafkaGitops, EstateFormat::Terraform];

    /// As the configuration and the pages name it.
    pub fn name(self) -> &'static str {
        match self {
            EstateFormat::JulieOps => "julieops",
            EstateFormat::KafkaGitops => "kafka-gitops",
            EstateFormat::Terraform => "terraform",
        }
    }

    pub fn from_name(name: &str) -> Option<EstateFormat> {
        EstateFormat::ALL.into_iter().find(|format| format.name() == name)
    }
}

/// How a source's files are read.
#[derive(Clone, Debug, Default)]
pub struct EstateOptions {
    /// Every file in this format; recognised per file when `None`.
    pub format: Option<EstateFormat>,
    pub julieops: JulieOpsSettings,
}

impl EstateOptions {
    /// How the files of the configured `source` are read; an unknown format or
    /// property is an error naming its key.
    pub fn for_source(source: &EstateSourceConfig) -> Result<EstateOptions, (&'static str, String)> {
        let format = match &source.format {
            None => None,
            Some(name) => Some(EstateFormat::from_name(name).ok_or_else(|| {
                ("format", format!("`{name}` is not a format Tributary reads (julieops, kafka-gitops, terraform)"))
            })?),
        };
        let julieops =
            JulieOpsSettings::from_properties(&source.properties).map_err(|error| ("properties", error.to_string()))?;
        Ok(EstateOptions { format, julieops })
    }
}

/// A file's name (relative to its source) and its text, or why it could not be read.
pub type EstateFile = (String, Result<String, EstateFileError>);

/// One read of a source.
#[derive(Clone, Debug, Default)]
pub struct EstateRead {
    pub estate: DesiredEstate,
    pub files: Vec<EstateFileView>,
    pub errors: Vec<EstateFileError>,
    /// Whether every file of the source was read: when not, what the unread files
    /// declare is unknown, and nothing on the cluster can be called undeclared.
    pub complete: bool,
}

impl EstateRead {
    /// Parses `files` (all of them: a broken one is an error, the others still count).
    pub fn parse(files: Result<Vec<EstateFile>, EstateFileError>, options: &EstateOptions) -> EstateRead {
        let mut read = EstateRead { complete: true, ..EstateRead::default() };
        let files = match files {
            Ok(files) => files,
            Err(error) => {
                read.errors.push(error);
                read.complete = false;
                return read;
            }
        };
        for (file, text) in files {
            let text = match text {
                Ok(text) => text,
                Err(error) => {
                    read.errors.push(error);
                    read.complete = false;
                    continue;
                }
            };
            match parse_file(&file, &text, options) {
                Ok((format, estate)) => {
                    read.files.push(EstateFileView { file, format: format.name().to_owned() });
                    read.estate.extend(estate);
                }
                Err(fault) => {
                    read.errors.push(EstateFileError { file, line: fault.line, message: fault.message });
                    read.complete = false;
                }
            }
        }
        read.refuse_duplicate_topics();
        read
    }

    /// A topic declared twice (in one file or two) is an error at its second place;
    /// the first declaration stands.
    fn refuse_duplicate_topics(&mut self) {
        let mut first: HashMap<String, model::SourceLocation> = HashMap::new();
        let mut kept = Vec::with_capacity(self.estate.topics.len());
        for topic in std::mem::take(&mut self.estate.topics) {
            match first.get(&topic.name) {
                Some(earlier) => self.errors.push(EstateFileError {
                    file: topic.at.file.clone(),
                    line: Some(topic.at.line),
                    message: format!("topic `{}` is declared twice (first at {})", topic.name, earlier.label()),
                }),
                None => {
                    first.insert(topic.name.clone(), topic.at.clone());
                    kept.push(topic);
                }
            }
        }
        self.estate.topics = kept;
    }
}

/// Parses one file in its format.
pub fn parse_file(file: &str, text: &str, options: &EstateOptions) -> Result<(EstateFormat, DesiredEstate), Fault> {
    if text.len() > MAX_ESTATE_FILE_BYTES {
        return Err(Fault { line: None, message: format!("larger than {MAX_ESTATE_FILE_BYTES} bytes: not read") });
    }
    let root = yaml_tree::parse(text).map_err(|error| Fault { line: error.line, message: error.message })?;
    let format = match options.format {
        Some(format) => format,
        None => recognise(&root).ok_or_else(|| Fault {
            line: Some(root.line),
            message: "not a JulieOps topology (`context`, `projects`), a kafka-gitops state file (`topics`, `services`, …) or Terraform's JSON (`format_version`, `planned_values` or `values`)".into(),
        })?,
    };
    let estate = match format {
        EstateFormat::JulieOps => julieops::read(file, &root, &options.julieops),
        EstateFormat::KafkaGitops => kafka_gitops::read(file, &root),
        EstateFormat::Terraform => terraform::read(file, &root),
    }?;
    Ok((format, estate))
}

fn recognise(root: &yaml_tree::Node) -> Option<EstateFormat> {
    if terraform::recognises(root) {
        Some(EstateFormat::Terraform)
    } else if julieops::recognises(root) {
        Some(EstateFormat::JulieOps)
    } else if kafka_gitops::recognises(root) {
        Some(EstateFormat::KafkaGitops)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> EstateFile {
        (name.to_owned(), Ok(text.to_owned()))
    }

    #[test]
    fn formats_are_recognised_and_a_broken_file_leaves_the_others_read() {
        let files = vec![
            file("a-topology.yaml", "context: shop\nprojects:\n  - name: orders\n    topics:\n      - name: placed\n"),
            file("b-state.yaml", "topics:\n  payments:\n    partitions: 3\n"),
            file("c-broken.yaml", "topics:\n  x: [\n"),
            file("d-plan.json", "{\"format_version\": \"1.2\", \"values\": {\"root_module\": {}}}"),
            file("e-other.yaml", "name: not an estate\n"),
        ];
        let read = EstateRead::parse(Ok(files), &EstateOptions::default());
        let formats: Vec<(&str, &str)> = read.files.iter().map(|f| (f.file.as_str(), f.format.as_str())).collect();
        assert_eq!(
            formats,
            [("a-topology.yaml", "julieops"), ("b-state.yaml", "kafka-gitops"), ("d-plan.json", "terraform")]
        );
        let names: Vec<&str> = read.estate.topics.iter().map(|topic| topic.name.as_str()).collect();
        assert_eq!(names, ["shop.orders.placed", "payments"]);
        let errors: Vec<String> = read.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(!read.complete);
        assert!(errors[0].starts_with("c-broken.yaml:"), "{errors:?}");
        assert!(errors[1].starts_with("e-other.yaml:1: not a JulieOps topology"), "{errors:?}");
    }

    #[test]
    fn a_topic_declared_twice_is_an_error_at_the_second() {
        let files = vec![
            file("a.yaml", "topics:\n  orders: {}\n"),
            file("b.yaml", "topics:\n  payments: {}\n  orders:\n    partitions: 2\n"),
        ];
        let read = EstateRead::parse(Ok(files), &EstateOptions::default());
        assert_eq!(read.estate.topics.len(), 2);
        assert_eq!(read.errors[0].to_string(), "b.yaml:3: topic `orders` is declared twice (first at a.yaml:2)");
        assert!(read.complete, "a duplicate leaves the files read");
    }
}
