//! What an engine tells its caller while it works, and how the caller stops it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

/// One step of a generation, delivered as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// The next piece of the document's text.
    Token(String),
    /// The attempt failed in a way worth retrying; text streamed so far in
    /// this attempt is void and the document starts again after `wait`.
    Retrying {
        attempt: u32,
        wait: Duration,
        reason: String,
    },
}

/// A cheap, cloneable switch that stops a running generation at its next
/// await point. Cancelling is idempotent.
#[derive(Debug, Clone, Default)]
pub struct CancelToken {
    inner: Arc<CancelInner>,
}

#[derive(Debug, Default)]
struct CancelInner {
    cancelled: AtomicBool,
    notify: Notify,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// Resolves once `cancel` has been called (immediately if it already was).
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
            if self.is_cancelled() {
                return;
            }
        }
    }
}

/// Receives events; engines call it from their own task.
pub type EventSink<'a> = &'a mut (dyn FnMut(StreamEvent) + Send);

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancelled_resolves_for_a_token_cancelled_before_or_after_waiting() {
        let early = CancelToken::new();
        early.cancel();
        early.cancelled().await;

        let late = CancelToken::new();
        let waiter = late.clone();
        let handle = tokio::spawn(async move { waiter.cancelled().await });
        tokio::task::yield_now().await;
        late.cancel();
        tokio::time::timeout(Duration::from_secs(5), handle)
            .await
            .expect("cancel wakes the waiter")
            .expect("task ran");
        assert!(late.is_cancelled());
    }
}
