//! A per-session cache in front of a [`SecretStore`].
//!
//! Reading the OS keyring can show a prompt (a locked collection, a Keychain access dialog) and
//! always costs a D-Bus or XPC round trip. The app asks for an account's token on every request,
//! so each secret is read from the inner store once per session and then served from memory.
//! Concurrent first readers wait on the same read instead of prompting several times. Writes go
//! through to the inner store first; a delete (account removed) drops the cached copy.
//! A failed or empty read is not cached, so unlocking the keyring and retrying works.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::OnceCell;

use super::{SecretError, SecretFuture, SecretStore, SecretString};

type Slot = Arc<OnceCell<SecretString>>;

/// Caches the secrets of an inner store for the life of this value.
pub struct CachedSecretStore<S> {
    inner: S,
    slots: Mutex<HashMap<String, Slot>>,
}

/// Why the shared first read produced no value.
enum Miss {
    Absent,
    Failed(SecretError),
}

impl<S: SecretStore> CachedSecretStore<S> {
    pub fn new(inner: S) -> Self {
        Self {
            inner,
            slots: Mutex::new(HashMap::new()),
        }
    }

    /// The wrapped store.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// Drops every cached secret (e.g. when the session is locked); the next reads go to the
    /// inner store again.
    pub fn clear(&self) {
        self.slots().clear();
    }

    /// Drops one cached secret without touching the inner store.
    pub fn forget(&self, key: &str) {
        self.slots().remove(key);
    }

    fn slots(&self) -> std::sync::MutexGuard<'_, HashMap<String, Slot>> {
        // The map holds no invariant a panicking holder could break.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn slot(&self, key: &str) -> Slot {
        self.slots().entry(key.to_owned()).or_default().clone()
    }
}

impl<S: SecretStore> SecretStore for CachedSecretStore<S> {
    fn get_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, Option<SecretString>> {
        Box::pin(async move {
            let slot = self.slot(key);
            let read = slot
                .get_or_try_init(|| async {
                    match self.inner.get_secret(key).await {
                        Ok(Some(secret)) => Ok(secret),
                        Ok(None) => Err(Miss::Absent),
                        Err(err) => Err(Miss::Failed(err)),
                    }
                })
                .await;
            match read {
                Ok(secret) => Ok(Some(secret.clone())),
                Err(Miss::Absent) => Ok(None),
                Err(Miss::Failed(err)) => Err(err),
            }
        })
    }

    fn set_secret<'a>(&'a self, key: &'a str, secret: &'a SecretString) -> SecretFuture<'a, ()> {
        Box::pin(async move {
            self.inner.set_secret(key, secret).await?;
            let slot = Arc::new(OnceCell::new_with(Some(secret.clone())));
            self.slots().insert(key.to_owned(), slot);
            Ok(())
        })
    }

    fn delete_secret<'a>(&'a self, key: &'a str) -> SecretFuture<'a, ()> {
        Box::pin(async move {
            // Forget first: even if the keyring refuses the delete, this session stops using
            // the secret of an account that is being removed.
            self.forget(key);
            self.inner.delete_secret(key).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;
    use crate::token::ApiToken;

    fn secret(value: &str) -> SecretString {
        SecretString::new(value.to_owned())
    }

    #[tokio::test]
    async fn reads_the_inner_store_once_per_session() {
        let inner = MemoryStore::new();
        inner.set_secret("a", &secret("one")).await.unwrap();
        let cache = CachedSecretStore::new(inner);
        for _ in 0..5 {
            assert_eq!(cache.get_secret("a").await.unwrap(), Some(secret("one")));
        }
        assert_eq!(cache.inner().reads(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_first_readers_share_one_read() {
        let inner = MemoryStore::new();
        inner.set_secret("a", &secret("one")).await.unwrap();
        let cache = Arc::new(CachedSecretStore::new(inner));
        let readers: Vec<_> = (0..16)
            .map(|_| {
                let cache = Arc::clone(&cache);
                tokio::spawn(async move { cache.get_secret("a").await })
            })
            .collect();
        for reader in readers {
            assert_eq!(reader.await.unwrap().unwrap(), Some(secret("one")));
        }
        assert_eq!(cache.inner().reads(), 1);
    }

    #[tokio::test]
    async fn absent_and_failed_reads_are_retried() {
        let cache = CachedSecretStore::new(MemoryStore::new());
        assert_eq!(cache.get_secret("a").await.unwrap(), None);
        cache.inner().set_unavailable(Some("locked"));
        assert!(matches!(
            cache.get_secret("a").await,
            Err(SecretError::KeyringUnavailable { .. })
        ));
        cache.inner().set_unavailable(None);
        cache
            .inner()
            .set_secret("a", &secret("later"))
            .await
            .unwrap();
        assert_eq!(cache.get_secret("a").await.unwrap(), Some(secret("later")));
        assert_eq!(cache.inner().reads(), 3);
    }

    #[tokio::test]
    async fn writes_go_through_and_replace_the_cached_value() {
        let cache = CachedSecretStore::new(MemoryStore::new());
        let token = ApiToken::new("tok-1").unwrap();
        cache.set("acct", &token).await.unwrap();
        assert_eq!(cache.get("acct").await.unwrap(), Some(token));
        assert_eq!(cache.inner().reads(), 0, "served from the write");
        let replaced = ApiToken::new("tok-2").unwrap();
        cache.set("acct", &replaced).await.unwrap();
        assert_eq!(cache.get("acct").await.unwrap(), Some(replaced.clone()));
        assert_eq!(cache.inner().get("acct").await.unwrap(), Some(replaced));
    }

    #[tokio::test]
    async fn a_failed_write_leaves_the_cache_alone() {
        let cache = CachedSecretStore::new(MemoryStore::new());
        cache.set_secret("a", &secret("old")).await.unwrap();
        cache.inner().set_unavailable(Some("locked"));
        assert!(cache.set_secret("a", &secret("new")).await.is_err());
        assert_eq!(cache.get_secret("a").await.unwrap(), Some(secret("old")));
    }

    #[tokio::test]
    async fn delete_drops_the_cached_copy_and_the_entry() {
        let cache = CachedSecretStore::new(MemoryStore::new());
        cache.set_secret("a", &secret("one")).await.unwrap();
        cache.delete("a").await.unwrap();
        assert_eq!(cache.get_secret("a").await.unwrap(), None);
        assert_eq!(cache.inner().get_secret("a").await.unwrap(), None);
        // Deleting again is fine.
        cache.delete("a").await.unwrap();
    }

    #[tokio::test]
    async fn clear_and_forget_force_a_fresh_read() {
        let cache = CachedSecretStore::new(MemoryStore::new());
        cache.inner().set_secret("a", &secret("one")).await.unwrap();
        cache.get_secret("a").await.unwrap();
        cache.forget("a");
        cache.get_secret("a").await.unwrap();
        cache.clear();
        cache.get_secret("a").await.unwrap();
        assert_eq!(cache.inner().reads(), 3);
    }
}
