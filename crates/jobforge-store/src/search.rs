//! Search over applications, resumes and documents: full-text (FTS5, BM25)
//! and, when the caller brings the query's embedding, vector search over the
//! semantic index, fused by reciprocal rank.

use jobforge_types::{
    ApplicationId, ApplicationStatus, MatchedBy, SearchFilter, SearchHit, SearchHitKind,
    SearchKind, SimilarApplication,
};
use rusqlite::OptionalExtension;

use crate::Store;
use crate::error::{Result, StoreError};
use crate::rows::parse_stored;
use crate::semantic::{Owner, OwnerKind, VectorIndex};

/// Turns what a person typed into a safe FTS5 query: every word must appear
/// (in any column), each word quoted so that FTS5 syntax in the input
/// (`"`, `*`, `NEAR`, `-`, `:`) is taken literally; the last word also
/// matches as a prefix, for search-as-you-type.
pub fn fts_query(input: &str) -> Option<String> {
    let words: Vec<String> = input
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '+' || c == '#'))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut query = words.join(" ");
    query.push('*');
    Some(query)
}

/// How many candidates each half of a hybrid search ranks before fusion.
const FTS_DEPTH: u32 = 60;
const KNN_DEPTH: u32 = 120;
/// Reciprocal rank fusion's damping constant (60 in the original paper): a
/// hit's score is the sum of 1 / (RRF_K + rank) over the rankings it is in,
/// so agreement between the two rankings counts more than a top spot in one.
const RRF_K: f64 = 60.0;

/// A search: words to look for, and optionally the query's embedding for
/// the meaning half.
#[derive(Debug, Clone, Copy)]
pub struct SearchQuery<'a> {
    pub text: &'a str,
    pub filter: &'a SearchFilter,
    pub limit: u32,
    pub meaning: Option<MeaningQuery<'a>>,
}

/// The vector half of a search.
#[derive(Debug, Clone, Copy)]
pub struct MeaningQuery<'a> {
    /// The index the vector was made for (same embedder).
    pub index: &'a VectorIndex,
    pub vector: &'a [f32],
    /// Chunks less similar than this are not hits: nearest neighbours always
    /// exist, relevant ones do not. Depends on the embedder's scale.
    pub min_similarity: f32,
}

/// A ranked candidate before fusion.
struct Candidate {
    target: SearchHitKind,
    title: String,
    snippet: Snippet,
}

/// Where a hit's snippet will come from. Snippets are made for the hits
/// returned only, after fusion: FTS5 makes one by re-running the match on
/// its row, which for a common prefix means merging long doclists again,
/// so making them for every candidate cost more than the ranking itself.
enum Snippet {
    /// FTS5's highlighted passage of this row of this full-text table.
    Words { table: FtsTable, rowid: i64 },
    /// The closest chunk's text, with any query words marked.
    Chunk(String),
}

#[derive(Debug, Clone, Copy)]
enum FtsTable {
    Applications,
    Resumes,
    Documents,
}

impl FtsTable {
    fn snippet_sql(self) -> &'static str {
        match self {
            FtsTable::Applications => {
                "SELECT snippet(applications_fts, -1, '[', ']', '…', 16) FROM applications_fts
                 WHERE applications_fts MATCH ?1 AND rowid = ?2"
            }
            FtsTable::Resumes => {
                "SELECT snippet(resumes_fts, -1, '[', ']', '…', 16) FROM resumes_fts
                 WHERE resumes_fts MATCH ?1 AND rowid = ?2"
            }
            FtsTable::Documents => {
                "SELECT snippet(documents_fts, 0, '[', ']', '…', 16) FROM documents_fts
                 WHERE documents_fts MATCH ?1 AND rowid = ?2"
            }
        }
    }
}

/// A candidate after fusion, its snippet still to make.
struct Fused {
    candidate: Candidate,
    rank: f64,
    matched: MatchedBy,
}

impl Store {
    /// Full-text search only, over everything; see [`Store::hybrid_search`].
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        self.hybrid_search(SearchQuery {
            text: query,
            filter: &SearchFilter::default(),
            limit,
            meaning: None,
        })
    }

    /// The best `limit` matches, best first: the full-text (BM25) ranking and
    /// the vector ranking fused by reciprocal rank. A hit the words found
    /// keeps FTS5's highlighted snippet; one only the meaning found shows
    /// the closest chunk, with any query words in it marked.
    pub fn hybrid_search(&self, query: SearchQuery<'_>) -> Result<Vec<SearchHit>> {
        let fts = fts_query(query.text);
        if fts.is_none() && query.meaning.is_none() {
            return Err(StoreError::EmptySearch);
        }
        let by_words = match &fts {
            Some(fts) => self.fts_candidates(fts, query.filter)?,
            None => Vec::new(),
        };
        let by_meaning = match query.meaning {
            Some(meaning) => self.meaning_candidates(meaning, query.filter)?,
            None => Vec::new(),
        };
        let words = query_words(query.text);
        fuse(by_words, by_meaning, query.limit)
            .into_iter()
            .map(|fused| {
                let snippet = match fused.candidate.snippet {
                    Snippet::Words { table, rowid } => match &fts {
                        Some(fts) => self.fts_snippet(fts, table, rowid)?,
                        None => String::new(),
                    },
                    Snippet::Chunk(text) => mark_words(&text, &words, SNIPPET_WORDS),
                };
                Ok(SearchHit {
                    target: fused.candidate.target,
                    title: fused.candidate.title,
                    snippet,
                    rank: fused.rank,
                    matched: fused.matched,
                })
            })
            .collect()
    }

    fn fts_snippet(&self, fts: &str, table: FtsTable, rowid: i64) -> Result<String> {
        Ok(self
            .conn
            .prepare_cached(table.snippet_sql())?
            .query_row(rusqlite::params![fts, rowid], |row| row.get(0))
            .optional()?
            .unwrap_or_default())
    }

    fn fts_candidates(&self, fts: &str, filter: &SearchFilter) -> Result<Vec<Candidate>> {
        let statuses = status_list(filter);
        // Two steps: rank every match (BM25 is cheap), then make snippets
        // for the best few only. A snippet in the ranking query would be
        // made for every matching row before the sort: with common words,
        // hundreds of long postings, about 100 ms instead of a few.
        // Column weights: a match in a title counts more than one in a body.
        let mut rank_stmt = self.conn.prepare_cached(
            "SELECT * FROM (
                 SELECT 'application' AS kind, a.seq AS seq, a.id AS id, NULL AS doc_kind,
                        a.company || ' — ' || a.role_title AS title,
                        bm25(applications_fts, 8.0, 8.0, 1.0, 2.0, 1.0) AS rank
                 FROM applications_fts JOIN applications a ON a.seq = applications_fts.rowid
                 WHERE ?3 AND applications_fts MATCH ?1 AND a.deleted_at IS NULL
                       AND (?6 = '' OR instr(?6, ',' || a.status || ',') > 0)
                 UNION ALL
                 SELECT 'resume', r.seq, r.id, NULL, r.name, bm25(resumes_fts, 8.0, 1.0)
                 FROM resumes_fts JOIN resumes r ON r.seq = resumes_fts.rowid
                 WHERE ?4 AND ?6 = '' AND resumes_fts MATCH ?1 AND r.deleted_at IS NULL
                 UNION ALL
                 SELECT 'document', d.seq, d.application_id, d.kind,
                        a.company || ' — ' || a.role_title, bm25(documents_fts)
                 FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
                      JOIN applications a ON a.id = d.application_id
                 WHERE ?5 AND documents_fts MATCH ?1 AND d.deleted_at IS NULL AND a.deleted_at IS NULL
                       AND (?6 = '' OR instr(?6, ',' || a.status || ',') > 0)
             ) ORDER BY rank LIMIT ?2",
        )?;
        let ranked = rank_stmt
            .query_map(
                rusqlite::params![
                    fts,
                    FTS_DEPTH,
                    filter.allows_kind(SearchKind::Application),
                    filter.allows_kind(SearchKind::Resume),
                    filter.allows_kind(SearchKind::Document),
                    statuses,
                ],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, Option<String>>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut candidates = Vec::with_capacity(ranked.len());
        for (kind, seq, id, doc_kind, title) in ranked {
            let table = match kind.as_str() {
                "application" => FtsTable::Applications,
                "resume" => FtsTable::Resumes,
                _ => FtsTable::Documents,
            };
            candidates.push(Candidate {
                target: target(&kind, &id, doc_kind.as_deref())?,
                title,
                snippet: Snippet::Words { table, rowid: seq },
            });
        }
        Ok(candidates)
    }

    fn meaning_candidates(
        &self,
        meaning: MeaningQuery<'_>,
        filter: &SearchFilter,
    ) -> Result<Vec<Candidate>> {
        let chunks = self.nearest_chunks(meaning.index, meaning.vector, KNN_DEPTH)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT CASE ?1 WHEN 'application' THEN a.id WHEN 'resume' THEN r.id ELSE d.application_id END,
                    d.kind,
                    CASE ?1 WHEN 'resume' THEN r.name ELSE coalesce(a.company, da.company) || ' — '
                                                          || coalesce(a.role_title, da.role_title) END,
                    coalesce(a.status, da.status),
                    coalesce(a.deleted_at, r.deleted_at, d.deleted_at, da.deleted_at) IS NULL
             FROM (SELECT 1) one
             LEFT JOIN applications a ON ?1 = 'application' AND a.seq = ?2
             LEFT JOIN resumes r ON ?1 = 'resume' AND r.seq = ?2
             LEFT JOIN documents d ON ?1 = 'document' AND d.seq = ?2
             LEFT JOIN applications da ON da.id = d.application_id",
        )?;
        let mut seen = std::collections::HashSet::new();
        let mut candidates = Vec::new();
        for chunk in chunks {
            if chunk.similarity < meaning.min_similarity {
                break; // nearest first: the rest are further still
            }
            if !seen.insert(chunk.owner) {
                continue; // an owner ranks by its best chunk
            }
            let kind = match chunk.owner.kind {
                OwnerKind::Application => SearchKind::Application,
                OwnerKind::Resume => SearchKind::Resume,
                OwnerKind::Document => SearchKind::Document,
            };
            if !filter.allows_kind(kind) {
                continue;
            }
            let row = stmt
                .query_row(
                    rusqlite::params![chunk.owner.kind.as_str(), chunk.owner.seq],
                    |row| {
                        Ok((
                            row.get::<_, Option<String>>(0)?,
                            row.get::<_, Option<String>>(1)?,
                            row.get::<_, Option<String>>(2)?,
                            row.get::<_, Option<String>>(3)?,
                            row.get::<_, bool>(4)?,
                        ))
                    },
                )
                .optional()?;
            let Some((Some(id), doc_kind, Some(title), status, true)) = row else {
                continue; // deleted since it was indexed; the queue will drop it
            };
            let status: Option<ApplicationStatus> = status
                .map(|s| parse_stored(&s, "application status"))
                .transpose()?;
            if !filter.allows_status(status) {
                continue;
            }
            candidates.push(Candidate {
                target: target(chunk.owner.kind.as_str(), &id, doc_kind.as_deref())?,
                title,
                snippet: Snippet::Chunk(chunk.text),
            });
        }
        Ok(candidates)
    }

    /// Applications whose postings mean much the same as `application`'s,
    /// most similar first; empty until the application is indexed.
    pub fn similar_applications(
        &self,
        index: &VectorIndex,
        application: &ApplicationId,
        limit: u32,
    ) -> Result<Vec<SimilarApplication>> {
        let seq: i64 = self
            .conn
            .query_row(
                "SELECT seq FROM applications WHERE id = ?1 AND deleted_at IS NULL",
                [application.to_string()],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "application",
                reference: application.to_string(),
            })?;
        let owner = Owner {
            kind: OwnerKind::Application,
            seq,
        };
        let vectors = self.owner_vectors(index, owner)?;
        let Some(centroid) = centroid(&vectors) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, company, role_title, status FROM applications
             WHERE seq = ?1 AND deleted_at IS NULL",
        )?;
        let mut seen = std::collections::HashSet::new();
        let mut similar = Vec::new();
        for chunk in self.nearest_chunks(index, &centroid, KNN_DEPTH)? {
            if chunk.owner.kind != OwnerKind::Application
                || chunk.owner == owner
                || !seen.insert(chunk.owner)
            {
                continue;
            }
            let row = stmt
                .query_row([chunk.owner.seq], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, String>(3)?,
                    ))
                })
                .optional()?;
            let Some((id, company, role_title, status)) = row else {
                continue;
            };
            similar.push(SimilarApplication {
                id: parse_stored(&id, "application id")?,
                company,
                role_title,
                status: parse_stored(&status, "application status")?,
                similarity: chunk.similarity.max(0.0),
                snippet: mark_words(&chunk.text, &[], SNIPPET_WORDS),
            });
            if similar.len() >= limit as usize {
                break;
            }
        }
        Ok(similar)
    }
}

fn target(kind: &str, id: &str, doc_kind: Option<&str>) -> rusqlite::Result<SearchHitKind> {
    Ok(match (kind, doc_kind) {
        ("resume", _) => SearchHitKind::Resume {
            id: parse_stored(id, "resume id")?,
        },
        ("document", Some(doc_kind)) => SearchHitKind::Document {
            application_id: parse_stored(id, "application id")?,
            kind: parse_stored(doc_kind, "document kind")?,
        },
        _ => SearchHitKind::Application {
            id: parse_stored(id, "application id")?,
        },
    })
}

/// `,applied,interview,` for SQL's `instr`, or empty for "any status".
fn status_list(filter: &SearchFilter) -> String {
    if filter.statuses.is_empty() {
        return String::new();
    }
    let mut list = String::from(",");
    for status in &filter.statuses {
        list.push_str(status.as_str());
        list.push(',');
    }
    list
}

/// Reciprocal rank fusion of the two rankings, best first, ties kept in the
/// full-text order. A hit both found keeps the full-text snippet.
fn fuse(by_words: Vec<Candidate>, by_meaning: Vec<Candidate>, limit: u32) -> Vec<Fused> {
    let mut hits: Vec<Fused> = Vec::new();
    for (rank, candidate) in by_words.into_iter().enumerate() {
        if hits.iter().any(|h| h.candidate.target == candidate.target) {
            continue;
        }
        hits.push(Fused {
            candidate,
            rank: 1.0 / (RRF_K + rank as f64 + 1.0),
            matched: MatchedBy::Words,
        });
    }
    for (rank, candidate) in by_meaning.into_iter().enumerate() {
        let score = 1.0 / (RRF_K + rank as f64 + 1.0);
        match hits
            .iter_mut()
            .find(|h| h.candidate.target == candidate.target)
        {
            Some(hit) => {
                hit.rank += score;
                hit.matched = MatchedBy::Both;
            }
            None => hits.push(Fused {
                candidate,
                rank: score,
                matched: MatchedBy::Meaning,
            }),
        }
    }
    // A stable sort keeps the full-text order between equal scores.
    hits.sort_by(|a, b| b.rank.total_cmp(&a.rank));
    hits.truncate(limit as usize);
    hits
}

fn centroid(vectors: &[Vec<f32>]) -> Option<Vec<f32>> {
    let first = vectors.first()?;
    let mut sum = vec![0.0_f32; first.len()];
    for vector in vectors {
        for (s, v) in sum.iter_mut().zip(vector) {
            *s += v;
        }
    }
    let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm == 0.0 {
        return None;
    }
    Some(sum.into_iter().map(|v| v / norm).collect())
}

/// About as long as FTS5's 16-token snippets.
const SNIPPET_WORDS: usize = 24;

fn query_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

/// A passage of `text` of at most `max_words` words, starting a little
/// before the first query word in it, with each query word (or a word that
/// starts with one, as the full-text half matches prefixes) in `[` `]`.
fn mark_words(text: &str, words: &[String], max_words: usize) -> String {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let matches = |token: &str| {
        let bare: String = token
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        !bare.is_empty() && words.iter().any(|w| bare.starts_with(w.as_str()))
    };
    let first = tokens.iter().position(|t| matches(t)).unwrap_or(0);
    let start = first.saturating_sub(4);
    let end = (start + max_words).min(tokens.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (i, token) in tokens[start..end].iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if matches(token) {
            out.push('[');
            out.push_str(token);
            out.push(']');
        } else {
            out.push_str(token);
        }
    }
    if end < tokens.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(n: u8, title: &str) -> Candidate {
        Candidate {
            target: SearchHitKind::Application {
                id: format!("0190b8a8-7c1e-7000-8000-0000000000{n:02}")
                    .parse()
                    .expect("id"),
            },
            title: title.into(),
            snippet: Snippet::Chunk(title.into()),
        }
    }

    #[test]
    fn hits_both_halves_found_rise_above_hits_of_one_and_ties_keep_the_word_order() {
        let words = vec![candidate(1, "a"), candidate(2, "b"), candidate(3, "c")];
        let meaning = vec![candidate(3, "c"), candidate(4, "d")];
        let hits = fuse(words, meaning, 10);
        let titles: Vec<_> = hits.iter().map(|h| h.candidate.title.as_str()).collect();
        // c: 1/63 + 1/61; a: 1/61; b and d: 1/62 each, b first as words rank it.
        assert_eq!(titles, ["c", "a", "b", "d"]);
        assert_eq!(hits[0].matched, MatchedBy::Both);
        assert_eq!(hits[1].matched, MatchedBy::Words);
        assert_eq!(hits[3].matched, MatchedBy::Meaning);
        assert_eq!(fuse(Vec::new(), vec![candidate(4, "d")], 0).len(), 0);
    }

    #[test]
    fn a_meaning_snippet_starts_near_the_first_query_word_and_marks_it() {
        let text = "We run a small team. Our payments platform is written in Rust and Go, \
                    deployed on Kubernetes, with PostgreSQL for the ledger and Kafka for events.";
        let snippet = mark_words(text, &query_words("kubernetes ledger"), 12);
        assert!(snippet.starts_with('…'), "{snippet}");
        assert!(snippet.contains("[Kubernetes,]"), "{snippet}");
        assert!(snippet.ends_with('…'), "{snippet}");
        assert_eq!(mark_words("short text", &[], 24), "short text");
    }

    #[test]
    fn a_centroid_is_unit_length_and_none_for_nothing() {
        let c = centroid(&[vec![1.0, 0.0], vec![0.0, 1.0]]).expect("some");
        assert!((c[0] - c[1]).abs() < 1e-6 && (c[0] * c[0] + c[1] * c[1] - 1.0).abs() < 1e-5);
        assert!(centroid(&[]).is_none());
        assert!(centroid(&[vec![0.0, 0.0]]).is_none());
    }

    #[test]
    fn fts_syntax_in_user_input_is_taken_literally() {
        assert_eq!(
            fts_query("rust NEAR(go)").as_deref(),
            Some("\"rust\" \"NEAR\" \"go\"*")
        );
        assert_eq!(
            fts_query("c++ \"senior").as_deref(),
            Some("\"c++\" \"senior\"*")
        );
        assert_eq!(fts_query("  -- ** "), None);
    }
}
