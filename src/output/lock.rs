//! One build at a time per output folder: an advisory lock on a file beside the folder
//! (the system's `flock`, through the standard library), held from before the folder is
//! looked at until the new site is in place and the old one removed.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock on one output folder, given up when dropped.
pub(crate) struct BuildLock {
    path: PathBuf,
    // Declared after `path` only for reading order: the lock is released when the file is
    // closed, after `Drop::drop` has removed its name.
    file: File,
}

impl BuildLock {
    /// Takes the lock file `path`, waiting for a build that holds it; `waiting` is told
    /// once, with the holder's process id, before the wait.
    pub(crate) fn acquire(path: PathBuf, waiting: &dyn Fn(&str)) -> Result<BuildLock> {
        let mut told = false;
        loop {
            // Only ever a plain file of our own: never through a link, never a folder or pipe.
            let not_a_file = std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file());
            let mut options = OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(any(target_os = "linux", target_os = "android"))]
            {
                use std::os::unix::fs::OpenOptionsExt;
                let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
                options.custom_flags(flags.bits() as i32);
            }
            let mut file = match options.open(&path) {
                Ok(file) if !not_a_file && file.metadata().is_ok_and(|m| m.is_file()) => file,
                Err(e) if !not_a_file && !is_link_error(&e) => {
                    return Err(Error::io("create the lock file", &path, e));
                }
                _ => {
                    return Err(Error::Usage(format!(
                        "`{}` is not a plain file, but carepages keeps the lock that lets one build at a time write the output folder under that name, so nothing was changed.\nFix: move it away, then build again.",
                        path.display()
                    )));
                }
            };
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if !told {
                        let mut holder = String::new();
                        let _ = file.read_to_string(&mut holder);
                        let holder = holder.trim();
                        let who = if holder.is_empty() {
                            String::new()
                        } else {
                            format!(" (process {holder})")
                        };
                        waiting(&format!(
                            "Waiting for another build of the same folder to finish{who}…"
                        ));
                        told = true;
                    }
                    file.lock().map_err(|e| Error::io("lock", &path, e))?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io("lock", &path, e)),
            }
            // The build before may have removed the file while we waited for it: a lock on
            // a file no longer at `path` locks nothing another build can see.
            if !same_file(&file, &path) {
                continue;
            }
            let _ = file.set_len(0);
            let _ = file.rewind();
            let _ = write!(file, "{}", std::process::id());
            return Ok(BuildLock { path, file });
        }
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still held, so no other build can hold a lock on this name; on
        // systems that cannot tell which file a name is, the file stays.
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Whether opening failed because the name is a link (refused with `O_NOFOLLOW`).
fn is_link_error(e: &std::io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = e;
        false
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, mpsc};
    use std::time::Duration;

    #[test]
    fn a_second_build_waits_for_the_first_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.lock");
        let first = BuildLock::acquire(path.clone(), &|_| panic!("nothing to wait for")).unwrap();
        let (told, heard) = mpsc::channel();
        let held = Arc::new(AtomicBool::new(true));
        let second = {
            let (path, held) = (path.clone(), held.clone());
            std::thread::spawn(move || {
                let lock = BuildLock::acquire(path, &|m| told.send(m.to_owned()).unwrap());
                // It must not get the lock while the first build holds it.
                assert!(!held.load(Ordering::SeqCst), "both builds held the lock");
                drop(lock);
            })
        };
        let message = heard.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(
            message.contains(&format!("process {}", std::process::id())),
            "{message}"
        );
        std::thread::sleep(Duration::from_millis(100));
        held.store(false, Ordering::SeqCst);
        drop(first);
        second.join().unwrap();
        assert!(
            !path.exists(),
            "the lock file is removed with the last lock"
        );
    }
}
