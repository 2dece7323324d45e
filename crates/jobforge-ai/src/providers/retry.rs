//! How long to wait before the next attempt.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

use super::RetryPolicy;

/// Full-jitter backoff before retry `retry` (1-based): a random duration in
/// `[0, min(max_delay, base_delay * 2^(retry-1))]`.
pub(crate) fn backoff(policy: &RetryPolicy, retry: u32) -> Duration {
    let factor = 1u32
        .checked_shl(retry.saturating_sub(1))
        .unwrap_or(u32::MAX);
    let cap = policy
        .base_delay
        .saturating_mul(factor)
        .min(policy.max_delay);
    let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=cap_nanos))
}

/// The wait a response asks for: `retry-after-ms` (OpenAI), else
/// `Retry-After` as seconds or as an HTTP date. A date in the past means 0.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    if let Some(ms) = headers
        .get("retry-after-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok())
    {
        return Some(ms);
    }
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_within_the_full_jitter_window() {
        let policy = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
        };
        for _ in 0..200 {
            assert!(backoff(&policy, 1) <= Duration::from_millis(100));
            assert!(backoff(&policy, 2) <= Duration::from_millis(200));
            assert!(backoff(&policy, 3) <= Duration::from_millis(400));
            assert!(backoff(&policy, 4) <= Duration::from_millis(500));
            assert!(backoff(&policy, 40) <= Duration::from_millis(500));
        }
        // Not always zero: jitter spreads the waits.
        assert!((0..50).any(|_| backoff(&policy, 3) > Duration::from_millis(10)));
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("-3", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "9".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(9)));
        headers.insert("retry-after-ms", "250".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(250)));
    }
}
