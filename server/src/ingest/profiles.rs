//! Compliance profile files read from their directory: the `*.toml` files at its top
//! level, through the watched-directory rules (no link leading out, no FIFO, no file
//! past its size limit), handed to the core to parse.

use std::path::Path;

use crate::ingest::watched_files::{self, Listing};
use tributary_core::compliance::profile::MAX_PROFILE_BYTES;
use tributary_core::compliance::{ProfileError, ProfileFile, ProfilesRead};

/// The most profile files read from one directory.
const MAX_PROFILE_FILES: usize = 1_000;

/// The profiles in `directory`, each broken file an error of its own (for commands that
/// read the directory once: `tributary check`).
pub fn read_profiles(directory: &Path) -> ProfilesRead {
    ProfilesRead::parse(directory.display().to_string(), read_files(directory))
}

/// The `*.toml` files directly in `directory`, by name, with their text; sorted. What
/// is refused (a link leading out, a FIFO, a file too large) is an error of its file.
pub fn read_files(directory: &Path) -> Result<Vec<ProfileFile>, ProfileError> {
    let unreadable = |message: String| ProfileError { file: directory.display().to_string(), line: None, message };
    let wanted = |path: &Path| path.extension().is_some_and(|extension| extension == "toml");
    let listed = watched_files::list(directory, &Listing { max_depth: 0, wanted: &wanted })
        .map_err(|error| unreadable(format!("cannot be read: {error}")))?;
    if listed.len() > MAX_PROFILE_FILES {
        return Err(unreadable(format!("holds more than {MAX_PROFILE_FILES} profile files")));
    }
    Ok(listed
        .iter()
        .map(|file| {
            let name = file.path.file_name().unwrap_or_default().to_string_lossy().into_owned();
            let text = watched_files::read_text(file, MAX_PROFILE_BYTES as u64).map_err(|refusal| ProfileError {
                file: name.clone(),
                line: None,
                message: refusal.to_string(),
            });
            (name, text)
        })
        .collect())
}
