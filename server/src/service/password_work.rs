//! Password hashing off the async workers. argon2id is slow and memory-hard on purpose
//! (tens of milliseconds in a release build, hundreds in a debug one): run on a Tokio
//! worker, two wrong passwords at once held every other request for a third of a second.
//! Here each hash runs on Tokio's blocking threads, at most [`concurrent_hashes`] at once,
//! so that however many people sign in together, the workers and at least one core stay
//! free for requests that do not sign in; sign-ins past the bound wait their turn.

use std::sync::Arc;

use tokio::sync::Semaphore;

use super::ServiceError;

/// How many hashes may run at once: every core but one (at least one).
pub fn concurrent_hashes() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| cores.get().saturating_sub(1)).max(1)
}

/// The bounded pool password work runs on; cheap to clone.
#[derive(Clone)]
pub struct PasswordWork {
    permits: Arc<Semaphore>,
}

impl Default for PasswordWork {
    fn default() -> Self {
        PasswordWork::new(concurrent_hashes())
    }
}

impl PasswordWork {
    pub fn new(concurrent: usize) -> Self {
        PasswordWork { permits: Arc::new(Semaphore::new(concurrent.max(1))) }
    }

    /// Runs `work` on a blocking thread once a permit is free.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, ServiceError> {
        // The semaphore is never closed: a permit always comes.
        let _permit = self.permits.acquire().await.ok();
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|source| ServiceError::Failed(crate::Error::Internal { what: "checking a password", source }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::*;

    /// On a single-threaded runtime, a ticker keeps ticking while passwords are hashed
    /// (the worker is free), and no more than the bound run at once.
    #[tokio::test(flavor = "current_thread")]
    async fn hashing_leaves_the_worker_free_and_keeps_its_bound() {
        let work = PasswordWork::new(2);
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let stored = crate::access::secrets::hash_password("correct horse battery").unwrap();
        let started = Instant::now();
        let hashes: Vec<_> = (0..6)
            .map(|_| {
                let (work, running, most, stored) = (work.clone(), running.clone(), most.clone(), stored.clone());
                tokio::spawn(async move {
                    work.run(move || {
                        most.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                        let matched = crate::access::secrets::password_matches("wrong password!", &stored);
                        running.fetch_sub(1, Ordering::SeqCst);
                        matched
                    })
                    .await
                })
            })
            .collect();
        let ticks = tokio::spawn(async move {
            let mut ticks = 0u32;
            while started.elapsed() < Duration::from_millis(200) {
                tokio::time::sleep(Duration::from_millis(5)).await;
                ticks += 1;
            }
            ticks
        });
        for hash in hashes {
            assert!(!hash.await.unwrap().unwrap());
        }
        let hashing_took = started.elapsed();
        assert!(ticks.await.unwrap() >= 10, "the worker ticked while {hashing_took:?} of hashing went on");
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }
}
