//! One read of a profiles directory: the profiles its files hold, each broken file an
//! error of its own, and the files' texts for the audit log. The server lists and reads
//! the files; parsing them is pure.

use std::collections::BTreeMap;

use super::{Profile, ProfileError};

/// One read of the profiles directory.
pub struct ProfilesRead {
    pub directory: String,
    pub profiles: Vec<Profile>,
    pub errors: Vec<ProfileError>,
    /// The text of every file that could be read, by file name (for the audit log).
    pub texts: BTreeMap<String, String>,
    /// Whether the directory could be listed: when not, `texts` says nothing of which
    /// files are there, and the audit log records no file as gone.
    pub listed: bool,
}

impl ProfilesRead {
    /// The profiles of `files` (read from `directory`) parsed, each broken one an error
    /// of its own.
    pub fn parse(directory: String, files: Result<Vec<ProfileFile>, ProfileError>) -> ProfilesRead {
        let mut read = ProfilesRead {
            directory,
            profiles: Vec::new(),
            errors: Vec::new(),
            texts: Default::default(),
            listed: files.is_ok(),
        };
        match files {
            Err(error) => read.errors.push(error),
            Ok(files) => {
                for (file, text) in files {
                    let text = match text {
                        Ok(text) => text,
                        Err(refused) => {
                            read.errors.push(refused);
                            continue;
                        }
                    };
                    read.texts.insert(file.clone(), text.clone());
                    match Profile::parse(&file, &text) {
                        Ok(profile) if read.profiles.iter().any(|known: &Profile| known.name == profile.name) => {
                            read.errors.push(ProfileError {
                                file,
                                line: None,
                                message: format!("another file already defines a profile named `{}`", profile.name),
                            });
                        }
                        Ok(profile) => read.profiles.push(profile),
                        Err(error) => read.errors.push(error),
                    }
                }
            }
        }
        read
    }
}

/// A profile file's name and its text, or why it could not be read (naming the file).
pub type ProfileFile = (String, Result<String, ProfileError>);
