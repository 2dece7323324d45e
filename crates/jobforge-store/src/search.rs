//! Full-text search over applications, resumes and documents (FTS5, BM25).

use jobforge_types::{SearchHit, SearchHitKind};

use crate::Store;
use crate::error::{Result, StoreError};
use crate::rows::parse_stored;

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

impl Store {
    /// The best `limit` matches for `query` across everything, best first.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Err(StoreError::EmptySearch);
        };
        // Column weights: a match in a title counts more than one in a body.
        let mut stmt = self.conn.prepare_cached(
            "SELECT * FROM (
                 SELECT 'application' AS kind, a.id AS id, NULL AS doc_kind,
                        a.company || ' — ' || a.role_title AS title,
                        snippet(applications_fts, -1, '[', ']', '…', 16) AS snippet,
                        bm25(applications_fts, 8.0, 8.0, 1.0, 2.0, 1.0) AS rank
                 FROM applications_fts JOIN applications a ON a.seq = applications_fts.rowid
                 WHERE applications_fts MATCH ?1 AND a.deleted_at IS NULL
                 UNION ALL
                 SELECT 'resume', r.id, NULL, r.name,
                        snippet(resumes_fts, -1, '[', ']', '…', 16),
                        bm25(resumes_fts, 8.0, 1.0)
                 FROM resumes_fts JOIN resumes r ON r.seq = resumes_fts.rowid
                 WHERE resumes_fts MATCH ?1 AND r.deleted_at IS NULL
                 UNION ALL
                 SELECT 'document', d.application_id, d.kind,
                        a.company || ' — ' || a.role_title,
                        snippet(documents_fts, 0, '[', ']', '…', 16),
                        bm25(documents_fts)
                 FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
                      JOIN applications a ON a.id = d.application_id
                 WHERE documents_fts MATCH ?1 AND d.deleted_at IS NULL AND a.deleted_at IS NULL
             ) ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![fts, limit], |row| {
            let kind: String = row.get(0)?;
            let id: String = row.get(1)?;
            let doc_kind: Option<String> = row.get(2)?;
            let target = match (kind.as_str(), doc_kind) {
                ("resume", _) => SearchHitKind::Resume {
                    id: parse_stored(&id, "resume id")?,
                },
                ("document", Some(doc_kind)) => SearchHitKind::Document {
                    application_id: parse_stored(&id, "application id")?,
                    kind: parse_stored(&doc_kind, "document kind")?,
                },
                _ => SearchHitKind::Application {
                    id: parse_stored(&id, "application id")?,
                },
            };
            Ok(SearchHit {
                target,
                title: row.get(3)?,
                snippet: row.get(4)?,
                rank: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

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
