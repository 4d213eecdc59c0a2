//! Whether an order is being placed or reconciled right now, app-wide (every account). The
//! per-account `SubmissionGuard` in the core stops an identical order being sent twice; this
//! answers the coarser question "may the app restart now?" — an install must never cut an order
//! off between sending it and learning its outcome.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Counts orders in progress, and remembers orders whose outcome is still unknown (sent, no
/// clear answer, and no reconciliation has concluded yet): a restart would forget the core's
/// in-memory block on sending them again. Cheap to clone; every clone shares the state.
#[derive(Debug, Clone, Default)]
pub struct OrderActivity {
    in_progress: Arc<AtomicUsize>,
    unresolved: Arc<Mutex<HashSet<String>>>,
}

/// Held while one order is placed or reconciled; dropping it (also on error or cancellation)
/// ends that order's activity.
#[derive(Debug)]
#[must_use = "the order counts as in progress only while this is held"]
pub struct OrderInProgress {
    in_progress: Arc<AtomicUsize>,
}

impl OrderActivity {
    pub fn begin(&self) -> OrderInProgress {
        self.in_progress.fetch_add(1, Ordering::SeqCst);
        OrderInProgress {
            in_progress: self.in_progress.clone(),
        }
    }

    pub fn is_busy(&self) -> bool {
        self.in_progress.load(Ordering::SeqCst) > 0
    }

    /// The order identified by `order` (see `commands::orders::order_identity`) was sent and
    /// ClearChecks gave no clear answer.
    pub fn mark_unresolved(&self, order: String) {
        self.lock_unresolved().insert(order);
    }

    /// Reconciliation concluded (placed, or provably not placed).
    pub fn resolve(&self, order: &str) {
        self.lock_unresolved().remove(order);
    }

    /// Orders whose outcome is still unknown.
    pub fn unresolved_count(&self) -> usize {
        self.lock_unresolved().len()
    }

    fn lock_unresolved(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.unresolved.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for OrderInProgress {
    fn drop(&mut self) {
        self.in_progress.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_while_any_order_is_in_progress() {
        let activity = OrderActivity::default();
        assert!(!activity.is_busy());
        let first = activity.begin();
        let second = activity.clone().begin();
        assert!(activity.is_busy());
        drop(first);
        assert!(activity.is_busy(), "the second order is still in progress");
        drop(second);
        assert!(!activity.is_busy());
    }

    #[test]
    fn an_order_stays_unresolved_until_reconciliation_concludes() {
        let activity = OrderActivity::default();
        activity.mark_unresolved("acct|HIRE1|ada@example.com".into());
        activity.mark_unresolved("acct|HIRE1|ada@example.com".into());
        activity
            .clone()
            .mark_unresolved("acct|HIRE2|bob@example.com".into());
        assert_eq!(activity.unresolved_count(), 2, "one entry per order");
        assert!(!activity.is_busy(), "nothing is being sent right now");
        activity.resolve("acct|HIRE1|ada@example.com");
        assert_eq!(activity.unresolved_count(), 1);
        activity.resolve("acct|HIRE2|bob@example.com");
        assert_eq!(activity.unresolved_count(), 0);
    }

    #[tokio::test]
    async fn a_cancelled_order_ends_its_activity() {
        let activity = OrderActivity::default();
        let held = activity.clone();
        let task = tokio::spawn(async move {
            let _order = held.begin();
            std::future::pending::<()>().await;
        });
        tokio::task::yield_now().await;
        while !activity.is_busy() {
            tokio::task::yield_now().await;
        }
        task.abort();
        let _ = task.await;
        assert!(!activity.is_busy());
    }
}
