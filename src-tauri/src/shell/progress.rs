//! What the long commands share (a pipeline run, a model download, the
//! background indexer): progress sent to the window as it happens, a
//! switch to cancel them, and a limit on how often progress is sent.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use jobforge_core::ai::CancelToken;
use jobforge_core::types::{PipelineProgress, ShellError};

use super::errors::user_error;

/// Where progress goes: the window (through `AppHandle::emit`) in the app,
/// a list in tests. Called from the thread doing the work.
pub trait ProgressSink<P = PipelineProgress>: Sync {
    fn send(&self, progress: P);
}

impl<P, F: Fn(P) + Sync> ProgressSink<P> for F {
    fn send(&self, progress: P) {
        self(progress);
    }
}

/// The switch of a command that runs one at a time: `Some` while it works.
#[derive(Default)]
pub(super) struct CancelSlot(Mutex<Option<CancelToken>>);

impl CancelSlot {
    /// Takes the slot for a new command, or refuses with `busy` (a
    /// sentence for the person) while another one works.
    pub(super) fn claim(&self, busy: &str) -> Result<Claimed<'_>, ShellError> {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_some() {
            return Err(user_error(busy));
        }
        let token = CancelToken::new();
        *slot = Some(token.clone());
        Ok(Claimed { slot: self, token })
    }

    /// Cancels the command in the slot, if one works; `what` names it in
    /// the log.
    pub(super) fn cancel(&self, what: &str) {
        let slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match slot.as_ref() {
            Some(token) => {
                tracing::info!("cancelling the {what}");
                token.cancel();
            }
            None => tracing::debug!("cancel asked with no {what} in progress"),
        }
    }
}

/// A claimed [`CancelSlot`]; frees it however the command ends.
pub(super) struct Claimed<'a> {
    slot: &'a CancelSlot,
    token: CancelToken,
}

impl Claimed<'_> {
    pub(super) const fn token(&self) -> &CancelToken {
        &self.token
    }
}

impl Drop for Claimed<'_> {
    fn drop(&mut self) {
        *self.slot.0.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// How often progress may reach the window: each event makes the UI
/// redraw, and a download on a fast line reports many times a second.
pub(super) const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Lets a report through at most once per `every`.
#[derive(Debug)]
pub(super) struct Throttle {
    every: Duration,
    last: Option<Instant>,
}

impl Throttle {
    pub(super) const fn new(every: Duration) -> Self {
        Self { every, last: None }
    }

    /// Whether a report may go at `now`; if so, it counts as sent.
    pub(super) fn allow(&mut self, now: Instant) -> bool {
        if self
            .last
            .is_some_and(|last| now.saturating_duration_since(last) < self.every)
        {
            return false;
        }
        self.last = Some(now);
        true
    }
}

/// A [`Throttle`] that keeps the latest report it held back, so the
/// window always ends on the last state rather than on one a moment old.
#[derive(Debug)]
pub(super) struct Throttled<P> {
    throttle: Throttle,
    held: Option<P>,
}

impl<P> Throttled<P> {
    pub(super) const fn new(every: Duration) -> Self {
        Self {
            throttle: Throttle::new(every),
            held: None,
        }
    }

    /// The report to send now, if any: `report` when the throttle allows it
    /// or it is `last`; otherwise it is held back.
    pub(super) fn offer(&mut self, now: Instant, report: P, last: bool) -> Option<P> {
        if self.throttle.allow(now) || last {
            self.held = None;
            Some(report)
        } else {
            self.held = Some(report);
            None
        }
    }

    /// The report held back since the last one sent, to send at the end.
    pub(super) fn flush(&mut self) -> Option<P> {
        self.held.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_throttle_lets_one_report_through_per_interval() {
        let start = Instant::now();
        let at = |ms| start + Duration::from_millis(ms);
        let mut throttle = Throttle::new(Duration::from_millis(250));
        assert!(throttle.allow(at(0)), "the first report goes at once");
        assert!(!throttle.allow(at(100)));
        assert!(!throttle.allow(at(249)));
        assert!(throttle.allow(at(250)));
        assert!(!throttle.allow(at(400)));
        assert!(throttle.allow(at(900)));
    }

    #[test]
    fn a_throttled_stream_sends_the_last_report_and_flushes_what_it_held() {
        let start = Instant::now();
        let at = |ms| start + Duration::from_millis(ms);
        let mut reports = Throttled::new(Duration::from_millis(250));
        assert_eq!(reports.offer(at(0), 1, false), Some(1));
        assert_eq!(reports.offer(at(10), 2, false), None);
        assert_eq!(reports.offer(at(20), 3, false), None);
        assert_eq!(reports.flush(), Some(3), "the latest held back");
        assert_eq!(reports.flush(), None);
        assert_eq!(reports.offer(at(30), 4, false), None);
        assert_eq!(
            reports.offer(at(40), 5, true),
            Some(5),
            "the last always goes"
        );
        assert_eq!(reports.flush(), None, "nothing older than what was sent");
    }

    #[test]
    fn a_slot_runs_one_command_at_a_time_and_frees_itself() {
        let slot = CancelSlot::default();
        let claimed = slot.claim("Busy.").expect("free");
        let refused = slot.claim("Busy.").err().expect("taken");
        assert_eq!(refused.message, "Busy.");
        slot.cancel("test");
        assert!(claimed.token().is_cancelled());
        drop(claimed);
        let again = slot.claim("Busy.").expect("freed on drop");
        assert!(!again.token().is_cancelled(), "a new command, a new switch");
    }
}
