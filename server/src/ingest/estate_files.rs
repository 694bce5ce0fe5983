//! Desired-state files read from an estate source: a directory (its `*.yaml`, `*.yml`
//! and `*.json` files, two levels deep) or one file, through the watched-directory
//! rules (no link leading out, no FIFO, no file past its size limit), handed to the
//! core to parse.

use std::path::Path;

use crate::ingest::watched_files::{self, Listing};
use model::EstateFileError;
use tributary_core::estate::{EstateFile, MAX_ESTATE_FILE_BYTES};

/// The most files read from one estate source.
const MAX_ESTATE_FILES: usize = 2_000;

/// Directory levels below the source's own that are read (team folders, environments).
const ESTATE_DEPTH: usize = 2;

/// The files of the source at `path`, each with its text or why it could not be read;
/// sorted by name. A source that cannot be listed at all is one error.
pub fn read_files(path: &Path) -> Result<Vec<EstateFile>, EstateFileError> {
    let unreadable = |message: String| EstateFileError { file: path.display().to_string(), line: None, message };
    let metadata = std::fs::metadata(path).map_err(|error| unreadable(format!("cannot be read: {error}")))?;
    let (root, single) = if metadata.is_dir() {
        (path.to_path_buf(), None)
    } else {
        let parent = path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
        (parent.to_path_buf(), path.file_name().map(ToOwned::to_owned))
    };
    let wanted = |candidate: &Path| match &single {
        Some(name) => candidate.file_name() == Some(name.as_os_str()),
        None => candidate.extension().is_some_and(|extension| ["yaml", "yml", "json"].iter().any(|e| extension == *e)),
    };
    let depth = if single.is_some() { 0 } else { ESTATE_DEPTH };
    let listed = watched_files::list(&root, &Listing { max_depth: depth, wanted: &wanted })
        .map_err(|error| unreadable(format!("cannot be read: {error}")))?;
    if listed.len() > MAX_ESTATE_FILES {
        return Err(unreadable(format!("holds more than {MAX_ESTATE_FILES} files")));
    }
    if single.is_some() && listed.is_empty() {
        return Err(unreadable("is not a file that can be read (a hidden name?)".into()));
    }
    Ok(listed
        .iter()
        .map(|file| {
            let name = file.path.strip_prefix(&root).unwrap_or(&file.path).display().to_string();
            let text = watched_files::read_text(file, MAX_ESTATE_FILE_BYTES as u64)
                .map_err(|refusal| EstateFileError { file: name.clone(), line: None, message: refusal.to_string() });
            (name, text)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_a_file_a_fifo_and_a_link_out() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        std::fs::create_dir(root.join("team")).unwrap();
        std::fs::write(root.join("team/topology.yaml"), "context: c\n").unwrap();
        std::fs::write(root.join("state.yml"), "topics: {}\n").unwrap();
        std::fs::write(root.join("notes.md"), "not read").unwrap();
        let outside = tempfile::NamedTempFile::new().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("escape.yaml")).unwrap();
        let fifo = root.join("pipe.json");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(status.success());

        let files = read_files(root).unwrap();
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["escape.yaml", "pipe.json", "state.yml", "team/topology.yaml"]);
        assert!(files[0].1.as_ref().unwrap_err().message.contains("outside"));
        assert!(files[1].1.as_ref().unwrap_err().message.contains("not a regular file"));
        assert_eq!(files[3].1.as_ref().unwrap(), "context: c\n");

        let one = read_files(&root.join("state.yml")).unwrap();
        assert_eq!(one.len(), 1);
        assert!(read_files(&root.join("absent.yaml")).is_err());
    }
}
