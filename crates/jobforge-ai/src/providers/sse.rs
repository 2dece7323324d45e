//! An incremental parser for `text/event-stream` (server-sent events).
//!
//! It works on bytes: chunks may split a line, a `\r\n` pair or a multi-byte
//! UTF-8 character anywhere, and the events that come out are the same as if
//! the whole stream had arrived at once. Lines end with `\n`, `\r\n` or `\r`;
//! a blank line dispatches the event. Field handling follows the WHATWG
//! specification: `data:` lines are joined with `\n`, one space after the
//! colon is dropped, lines starting with `:` are comments, `id` and `retry`
//! are ignored (nothing here reconnects).

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// The `event:` field, if the event had one.
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// A line longer than this is refused rather than buffered forever.
pub(crate) const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineTooLong;

#[derive(Debug, Default)]
pub(crate) struct SseParser {
    /// Bytes of the current, unfinished line.
    line: Vec<u8>,
    /// The previous chunk ended with `\r`: a `\n` starting this one belongs to it.
    skip_lf: bool,
    /// Nothing has been read yet (a UTF-8 byte order mark may start the stream).
    started: bool,
    event: Option<String>,
    data: String,
    has_data: bool,
}

impl SseParser {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Feeds the next bytes of the stream; returns the events they completed.
    pub(crate) fn push(&mut self, mut bytes: &[u8]) -> Result<Vec<SseEvent>, LineTooLong> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            if self.skip_lf {
                self.skip_lf = false;
                if bytes[0] == b'\n' {
                    bytes = &bytes[1..];
                    continue;
                }
            }
            match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
                Some(end) => {
                    self.line.extend_from_slice(&bytes[..end]);
                    self.skip_lf = bytes[end] == b'\r';
                    bytes = &bytes[end + 1..];
                    let line = std::mem::take(&mut self.line);
                    if let Some(event) = self.process_line(&line) {
                        out.push(event);
                    }
                    // Reuse the allocation for the next line.
                    self.line = line;
                    self.line.clear();
                }
                None => {
                    self.line.extend_from_slice(bytes);
                    bytes = &[];
                }
            }
            if self.line.len() > MAX_LINE_BYTES {
                return Err(LineTooLong);
            }
        }
        Ok(out)
    }

    /// The stream ended. Returns an event whose fields arrived on complete
    /// lines but whose closing blank line never came (servers that close the
    /// connection right after their last line); an unterminated line is
    /// dropped, since it may be cut short.
    pub(crate) fn finish(&mut self) -> Option<SseEvent> {
        self.line.clear();
        self.skip_lf = false;
        self.dispatch()
    }

    fn process_line(&mut self, line: &[u8]) -> Option<SseEvent> {
        let mut line = line;
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix("\u{feff}".as_bytes()) {
                line = rest;
            }
        }
        if line.is_empty() {
            return self.dispatch();
        }
        if line[0] == b':' {
            return None;
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match name {
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&String::from_utf8_lossy(value));
                self.has_data = true;
            }
            b"event" => self.event = Some(String::from_utf8_lossy(value).into_owned()),
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        let event = self.event.take();
        if !self.has_data {
            return None;
        }
        self.has_data = false;
        Some(SseEvent {
            event,
            data: std::mem::take(&mut self.data),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut parser = SseParser::new();
        let mut events = Vec::new();
        for chunk in chunks {
            events.extend(parser.push(chunk).expect("short lines"));
        }
        events.extend(parser.finish());
        events
    }

    fn ev(event: Option<&str>, data: &str) -> SseEvent {
        SseEvent {
            event: event.map(str::to_owned),
            data: data.to_owned(),
        }
    }

    /// A realistic Anthropic stream with every line ending, comments,
    /// multi-line data and multi-byte characters.
    const STREAM: &str = "\u{feff}: keep-alive comment\n\
        event: message_start\n\
        data: {\"type\":\"message_start\",\"message\":{\"model\":\"claude\"}}\n\n\
        event: ping\r\n\
        data: {\"type\": \"ping\"}\r\n\r\n\
        event: content_block_delta\r\
        data: {\"text\":\"Caf\u{e9} \u{2014} na\u{ef}ve \u{1f600}\"}\r\r\
        data:no-space\n\
        data:  two spaces\n\
        data\n\
        id: 7\n\
        retry: 10\n\
        unknown: field\n\
        \n\
        event: only-event-no-data\n\
        \n\
        event: message_stop\n\
        data: {\"type\":\"message_stop\"}\n\n";

    fn expected() -> Vec<SseEvent> {
        vec![
            ev(
                Some("message_start"),
                "{\"type\":\"message_start\",\"message\":{\"model\":\"claude\"}}",
            ),
            ev(Some("ping"), "{\"type\": \"ping\"}"),
            ev(
                Some("content_block_delta"),
                "{\"text\":\"Caf\u{e9} \u{2014} na\u{ef}ve \u{1f600}\"}",
            ),
            ev(None, "no-space\n two spaces\n"),
            ev(Some("message_stop"), "{\"type\":\"message_stop\"}"),
        ]
    }

    #[test]
    fn parses_a_whole_stream() {
        assert_eq!(parse_all(&[STREAM.as_bytes()]), expected());
    }

    #[test]
    fn one_byte_at_a_time_gives_the_same_events() {
        let bytes = STREAM.as_bytes();
        let chunks: Vec<&[u8]> = bytes.chunks(1).collect();
        assert_eq!(parse_all(&chunks), expected());
    }

    #[test]
    fn every_two_way_split_gives_the_same_events() {
        let bytes = STREAM.as_bytes();
        for cut in 0..=bytes.len() {
            let (a, b) = bytes.split_at(cut);
            assert_eq!(parse_all(&[a, b]), expected(), "split at byte {cut}");
        }
    }

    #[test]
    fn random_splits_give_the_same_events() {
        let bytes = STREAM.as_bytes();
        let mut rng = fastrand::Rng::with_seed(0x5eed);
        for _ in 0..500 {
            let mut chunks = Vec::new();
            let mut rest = bytes;
            while !rest.is_empty() {
                let take = rng.usize(0..=rest.len().min(9));
                let (a, b) = rest.split_at(take);
                chunks.push(a);
                rest = b;
            }
            assert_eq!(parse_all(&chunks), expected());
        }
    }

    #[test]
    fn multiline_data_is_joined_with_newlines() {
        let events = parse_all(&[b"data: a\ndata: b\r\ndata:c\n\n"]);
        assert_eq!(events, vec![ev(None, "a\nb\nc")]);
    }

    #[test]
    fn a_cut_line_at_the_end_is_dropped_but_complete_fields_are_kept() {
        assert_eq!(parse_all(&[b"data: [DONE]\n"]), vec![ev(None, "[DONE]")]);
        assert_eq!(parse_all(&[b"data: {\"choi"]), vec![]);
        assert_eq!(
            parse_all(&[b"data: one\n\ndata: {\"cut"]),
            vec![ev(None, "one")]
        );
    }

    #[test]
    fn crlf_split_between_chunks_is_one_line_ending() {
        // "\r" ends the line; the "\n" in the next chunk must not end another
        // (an extra empty line would dispatch the event too early).
        let events = parse_all(&[b"event: x\r", b"\ndata: 1\r", b"\n\r", b"\n"]);
        assert_eq!(events, vec![ev(Some("x"), "1")]);
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let events = parse_all(&[b"data: a\xffb\n\n"]);
        assert_eq!(events, vec![ev(None, "a\u{fffd}b")]);
    }

    #[test]
    fn overlong_lines_are_refused() {
        let mut parser = SseParser::new();
        let big = vec![b'a'; MAX_LINE_BYTES + 1];
        assert_eq!(parser.push(&big), Err(LineTooLong));
    }
}
