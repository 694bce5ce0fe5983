//! The files of a watched directory (schema contracts, compliance profiles), listed and
//! read so that the directory can never reach outside itself or stall its reader.
//!
//! - Only regular files are read. A FIFO, socket or device found under the directory is
//!   listed as refused ("not a regular file") and never opened for a blocking read: every
//!   open is non-blocking, so a FIFO cannot stall the watcher or a shutdown.
//! - A symbolic link is followed only when what it leads to is a regular file inside the
//!   directory (both resolved, so `a/../../etc` does not count as inside). A link that
//!   leads outside is refused without naming its target; a link to a directory is not
//!   followed (loops and the same files listed twice are impossible that way).
//! - The size limit is checked on the file actually opened (not on a link), and the read
//!   itself stops one byte past the limit, so a file that grows while it is read, or a
//!   target that reports no size, costs at most the limit.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Why a file under a watched directory is not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("a link that leads outside the directory: not read")]
    LinkLeavesDirectory,
    #[error("not a regular file ({0}): not read")]
    NotRegular(&'static str),
    #[error("larger than {limit} bytes: not read")]
    TooLarge { limit: u64 },
    #[error("cannot be read: {0}")]
    Unreadable(String),
    #[error("not UTF-8 text")]
    NotText,
}

/// One file found under a watched directory: where it was found (the name users see,
/// under the root), and what will be opened (the resolved path), or why it will not be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedFile {
    /// The path as found under the root (a link keeps its own name).
    pub path: PathBuf,
    /// The size and modification time of what will be read: a change to either is how
    /// the watcher notices an edit without reading the file.
    pub size: u64,
    pub modified: Option<SystemTime>,
    /// The resolved path inside the directory, or why the file is refused.
    pub target: Result<PathBuf, Refusal>,
}

/// What a listing should look for.
pub struct Listing<'a> {
    /// Files deeper than this below the root are not listed (0: the root's own files).
    pub max_depth: usize,
    /// Whether a file (by its name) belongs to the listing; hidden names never do.
    pub wanted: &'a dyn Fn(&Path) -> bool,
}

/// The wanted files under `root`, sorted by path; hidden files and directories skipped.
pub fn list(root: &Path, listing: &Listing<'_>) -> std::io::Result<Vec<ListedFile>> {
    let canonical_root = root.canonicalize()?;
    let mut files = Vec::new();
    collect(&canonical_root, root, 0, listing, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn collect(
    canonical_root: &Path,
    directory: &Path,
    depth: usize,
    listing: &Listing<'_>,
    files: &mut Vec<ListedFile>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(directory)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Not followed: the entry itself.
        let own = entry.metadata()?;
        if own.is_dir() {
            if depth < listing.max_depth {
                collect(canonical_root, &path, depth + 1, listing, files)?;
            }
            continue;
        }
        if !(listing.wanted)(&path) {
            continue;
        }
        files.push(resolve(canonical_root, path, &own));
    }
    Ok(())
}

/// What reading `path` (whose own, unfollowed metadata is `own`) would open.
fn resolve(canonical_root: &Path, path: PathBuf, own: &Metadata) -> ListedFile {
    let refused = |path: PathBuf, refusal: Refusal, metadata: &Metadata| ListedFile {
        path,
        size: metadata.len(),
        modified: metadata.modified().ok(),
        target: Err(refusal),
    };
    if !own.file_type().is_symlink() {
        return match kind_of(own) {
            // Reached through real directories only (links to directories are not
            // followed), so the path as found is inside.
            None => ListedFile { size: own.len(), modified: own.modified().ok(), target: Ok(path.clone()), path },
            Some(kind) => refused(path, Refusal::NotRegular(kind), own),
        };
    }
    let target = match path.canonicalize() {
        Ok(target) => target,
        Err(error) => return refused(path, Refusal::Unreadable(error.kind().to_string()), own),
    };
    if !target.starts_with(canonical_root) {
        return refused(path, Refusal::LinkLeavesDirectory, own);
    }
    match std::fs::metadata(&target) {
        Err(error) => refused(path, Refusal::Unreadable(error.kind().to_string()), own),
        Ok(followed) => match kind_of(&followed) {
            Some(kind) => refused(path, Refusal::NotRegular(kind), own),
            None => ListedFile { path, size: followed.len(), modified: followed.modified().ok(), target: Ok(target) },
        },
    }
}

/// `None` for a regular file, else what it is instead.
fn kind_of(metadata: &Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a directory")
    } else if kind.is_fifo() {
        Some("a FIFO")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else {
        Some("a link")
    }
}

/// The text of `file`, at most `limit` bytes, or why it is refused. The file opened is
/// checked again (a regular file, within the limit) after opening, so a file swapped for
/// a FIFO or a link since it was listed is refused too.
pub fn read_text(file: &ListedFile, limit: u64) -> Result<String, Refusal> {
    let target = file.target.as_ref().map_err(Clone::clone)?;
    let opened = OpenOptions::new()
        .read(true)
        // Non-blocking: opening a FIFO must not wait for a writer. No link followed: the
        // target was resolved already; a link put in its place since is refused.
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(target)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => Refusal::NotRegular("a link"),
            _ => Refusal::Unreadable(error.kind().to_string()),
        })?;
    let metadata = opened.metadata().map_err(|error| Refusal::Unreadable(error.kind().to_string()))?;
    if let Some(kind) = kind_of(&metadata) {
        return Err(Refusal::NotRegular(kind));
    }
    if metadata.len() > limit {
        return Err(Refusal::TooLarge { limit });
    }
    read_bounded(opened, limit)
}

fn read_bounded(file: File, limit: u64) -> Result<String, Refusal> {
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| Refusal::Unreadable(error.kind().to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge { limit });
    }
    String::from_utf8(bytes).map_err(|_| Refusal::NotText)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    fn any_proto(path: &Path) -> bool {
        path.extension().is_some_and(|extension| extension == "proto")
    }

    fn listed(root: &Path) -> Vec<(String, Result<String, Refusal>)> {
        let listing = Listing { max_depth: 4, wanted: &any_proto };
        list(root, &listing)
            .unwrap()
            .iter()
            .map(|file| {
                let name = file.path.strip_prefix(root).unwrap().display().to_string();
                (name, read_text(file, 64))
            })
            .collect()
    }

    #[test]
    fn links_inside_are_followed_and_links_outside_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.proto"), "the secret").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("shop")).unwrap();
        std::fs::write(root.path().join("shop/order.proto"), "order").unwrap();
        symlink("shop/order.proto", root.path().join("alias.proto")).unwrap();
        symlink(outside.path().join("secret.proto"), root.path().join("shadow.proto")).unwrap();
        symlink("shop/../../escape.proto", root.path().join("dots.proto")).unwrap();
        symlink("/dev/zero", root.path().join("zero.proto")).unwrap();
        symlink(outside.path(), root.path().join("elsewhere")).unwrap();
        let files = listed(root.path());
        assert_eq!(
            files,
            [
                ("alias.proto".to_owned(), Ok("order".to_owned())),
                ("dots.proto".to_owned(), Err(Refusal::Unreadable("entity not found".into()))),
                ("shadow.proto".to_owned(), Err(Refusal::LinkLeavesDirectory)),
                ("shop/order.proto".to_owned(), Ok("order".to_owned())),
                ("zero.proto".to_owned(), Err(Refusal::LinkLeavesDirectory)),
            ]
        );
        assert!(!format!("{:?}", files).contains("secret"), "nothing of the target is shown");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let root = tempfile::tempdir().unwrap();
        let fifo = root.path().join("stall.proto");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        assert_eq!(listed(root.path()), [("stall.proto".to_owned(), Err(Refusal::NotRegular("a FIFO")))]);
        // Even a listing taken before the file became a FIFO reads it without blocking.
        let stale = ListedFile { path: fifo.clone(), size: 0, modified: None, target: Ok(fifo) };
        assert_eq!(read_text(&stale, 64), Err(Refusal::NotRegular("a FIFO")));
    }

    #[test]
    fn the_limit_holds_on_what_is_read() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("big.proto"), vec![b'x'; 65]).unwrap();
        std::fs::write(root.path().join("fits.proto"), vec![b'x'; 64]).unwrap();
        symlink("big.proto", root.path().join("small-link.proto")).unwrap();
        let files = listed(root.path());
        assert_eq!(files[0].1, Err(Refusal::TooLarge { limit: 64 }));
        assert_eq!(files[1].1.as_ref().map(String::len), Ok(64));
        assert_eq!(files[2].1, Err(Refusal::TooLarge { limit: 64 }), "the target's size, not the link's");
        // A file listed small that grew before it was read is still cut at the limit.
        std::fs::write(root.path().join("fits.proto"), vec![b'x'; 10_000]).unwrap();
        let listing = Listing { max_depth: 0, wanted: &any_proto };
        let grown = list(root.path(), &listing).unwrap().remove(1);
        assert_eq!(read_bounded(File::open(grown.target.unwrap()).unwrap(), 64), Err(Refusal::TooLarge { limit: 64 }));
    }

    #[test]
    fn hidden_names_and_deep_directories_are_not_listed() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("a/b")).unwrap();
        std::fs::create_dir(root.path().join(".git")).unwrap();
        std::fs::write(root.path().join(".git/x.proto"), "x").unwrap();
        std::fs::write(root.path().join(".hidden.proto"), "x").unwrap();
        std::fs::write(root.path().join("a/one.proto"), "1").unwrap();
        std::fs::write(root.path().join("a/b/two.proto"), "2").unwrap();
        let listing = Listing { max_depth: 1, wanted: &any_proto };
        let names: Vec<PathBuf> = list(root.path(), &listing)
            .unwrap()
            .into_iter()
            .map(|file| file.path.strip_prefix(root.path()).unwrap().to_owned())
            .collect();
        assert_eq!(names, [PathBuf::from("a/one.proto")]);
    }
}
