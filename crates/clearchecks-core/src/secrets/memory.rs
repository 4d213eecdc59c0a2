//! An in-memory [`SecretStore`] for tests (never used by the app or the CLI for real secrets).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{SecretError, SecretFuture, SecretStore, SecretString};

/// Keeps secrets in a map. Counts reads so tests can check how often a wrapper asks, and can
/// be told to fail like an absent keyring.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, SecretString>>,
    reads: AtomicUsize,
    unavailable: Mutex<Option<String>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many `get_secret` calls reached this store.
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::SeqCst)
    }

    /// Makes every later call fail with `KeyringUnavailable { detail }` (`None` restores it).
    pub fn set_unavailable(&self, detail: Option<&str>) {
        *lock(&self.unavailable) = detail.map(str::to_owned);
    }

    fn check_available(&self) -> Result<(), SecretError> {
        match lock(&self.unavailable).as_ref() {
            Some(detail) => Err(SecretError::KeyringUnavailable {
                detail: detail.clone(),
            }),
            None => Ok(()),
        }
    }
}

/// A poisoned lock only means another test thread panicked; the map itself is still sound.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl SecretStore for MemoryStore {
    fn get_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, Option<SecretString>> {
        Box::pin(async move {
            self.reads.fetch_add(1, Ordering::SeqCst);
            // Yield once so concurrent readers really overlap in tests of the cache.
            tokio::task::yield_now().await;
            self.check_available()?;
            Ok(lock(&self.entries).get(key).cloned())
        })
    }

    fn set_secret<'a>(&'a self, key: &'a str, secret: &'a SecretString) -> SecretFuture<'a, ()> {
        Box::pin(async move {
            self.check_available()?;
            if secret.expose_secret().is_empty() {
                return Err(SecretError::EmptySecret);
            }
            lock(&self.entries).insert(key.to_owned(), secret.clone());
            Ok(())
        })
    }

    fn delete_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, ()> {
        Box::pin(async move {
            self.check_available()?;
            lock(&self.entries).remove(key);
            Ok(())
        })
    }
}
