//! The semantic index: chunks of every application, resume and document with
//! their embeddings in sqlite-vec `vec0` tables, one per embedder, and the
//! persistent queue that keeps them current (schema: migration 0004).
//!
//! The store knows nothing about embedders: it is told an embedder's id and
//! dimension, hands out the texts waiting in the queue, and stores the chunks
//! and vectors it is given. Chunking and embedding happen outside, without
//! holding the database, so a slow model never blocks the app.

use rusqlite::{OptionalExtension, params};

use crate::Store;
use crate::clock::{format_instant, now};
use crate::error::{Result, StoreError};

/// What a chunk belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OwnerKind {
    Application,
    Resume,
    Document,
}

impl OwnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Resume => "resume",
            Self::Document => "document",
        }
    }

    fn parse(text: &str) -> Result<Self> {
        match text {
            "application" => Ok(Self::Application),
            "resume" => Ok(Self::Resume),
            "document" => Ok(Self::Document),
            other => Err(StoreError::BadStoredValue(format!(
                "chunk owner kind `{other}`"
            ))),
        }
    }
}

/// A row of applications, resumes or documents, by its local key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Owner {
    pub kind: OwnerKind,
    pub seq: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// Being filled after a switch of embedder; not searched yet.
    Building,
    /// The index searches use.
    Active,
}

/// One embedder's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorIndex {
    pub seq: i64,
    /// The embedder's id, e.g. `builtin-hash-v1/384`.
    pub embedder: String,
    pub dimension: usize,
    pub state: IndexState,
}

impl VectorIndex {
    /// The `vec0` table's name: derived from the row's key, never from the
    /// embedder's name, so nothing a user typed reaches an SQL identifier.
    fn table(&self) -> String {
        vec_table(self.seq)
    }
}

fn vec_table(seq: i64) -> String {
    format!("vec_chunks_{seq}")
}

/// Text waiting to be (re-)embedded into one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddingJob {
    pub index_seq: i64,
    pub owner: Owner,
    /// Which change this text is; see [`Store::save_embeddings`].
    pub generation: i64,
    /// The text to chunk, as Markdown; `None` when the owner was deleted and
    /// its chunks only have to go.
    pub text: Option<String>,
}

/// One chunk with its vector, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedChunk {
    pub section: String,
    pub start_byte: usize,
    pub end_byte: usize,
    pub text: String,
    pub vector: Vec<f32>,
}

/// A stored chunk that came up in a vector search.
#[derive(Debug, Clone, PartialEq)]
pub struct ChunkHit {
    pub chunk_seq: i64,
    pub owner: Owner,
    pub section: String,
    pub text: String,
    /// Cosine similarity with the query, from -1 to 1 (vectors are unit length).
    pub similarity: f32,
}

/// How far an index has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexProgress {
    /// Items (applications, resumes, documents) still waiting.
    pub pending: u64,
    /// Items with chunks in the index.
    pub indexed: u64,
    pub chunks: u64,
}

impl Store {
    /// Every index, the active one first.
    pub fn vector_indexes(&self) -> Result<Vec<VectorIndex>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, embedder, dimension, state FROM vector_indexes
             ORDER BY state = 'active' DESC, seq",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut indexes = Vec::new();
        for row in rows {
            let (seq, embedder, dimension, state) = row?;
            indexes.push(VectorIndex {
                seq,
                embedder,
                dimension: usize::try_from(dimension)
                    .map_err(|_| StoreError::BadStoredValue(format!("dimension {dimension}")))?,
                state: match state.as_str() {
                    "active" => IndexState::Active,
                    "building" => IndexState::Building,
                    other => {
                        return Err(StoreError::BadStoredValue(format!("index state `{other}`")));
                    }
                },
            });
        }
        Ok(indexes)
    }

    /// The index searches use, if any.
    pub fn active_vector_index(&self) -> Result<Option<VectorIndex>> {
        Ok(self
            .vector_indexes()?
            .into_iter()
            .find(|i| i.state == IndexState::Active))
    }

    /// The index for `embedder`, created if it does not exist: active when
    /// no index is, otherwise building beside the active one. A new index
    /// starts with every live application, resume and document queued.
    pub fn ensure_vector_index(&mut self, embedder: &str, dimension: usize) -> Result<VectorIndex> {
        if let Some(existing) = self
            .vector_indexes()?
            .into_iter()
            .find(|i| i.embedder == embedder)
        {
            if existing.dimension != dimension {
                return Err(StoreError::VectorIndex(format!(
                    "the search index for {embedder} holds {}-dimensional vectors, not {dimension}; the model behind it changed, so choose the embedder again in Settings to re-index",
                    existing.dimension
                )));
            }
            return Ok(existing);
        }
        let dimension_sql = i64::try_from(dimension)
            .ok()
            .filter(|d| (1..=8192).contains(d))
            .ok_or_else(|| {
                StoreError::VectorIndex(format!(
                    "an embedder with {dimension}-dimensional vectors cannot be indexed (1 to 8192 can); choose another embedder"
                ))
            })?;
        let tx = self.conn.transaction()?;
        let has_active: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM vector_indexes WHERE state = 'active')",
            [],
            |row| row.get(0),
        )?;
        let state = if has_active { "building" } else { "active" };
        let stamp = format_instant(now());
        tx.execute(
            "INSERT INTO vector_indexes (embedder, dimension, state, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![embedder, dimension_sql, state, stamp],
        )?;
        let seq = tx.last_insert_rowid();
        tx.execute_batch(&format!(
            "CREATE VIRTUAL TABLE {} USING vec0(embedding float[{dimension_sql}])",
            vec_table(seq)
        ))?;
        tx.execute(
            "INSERT INTO embedding_queue (index_seq, owner_kind, owner_seq, enqueued_at)
             SELECT ?1, 'application', seq, ?2 FROM applications WHERE deleted_at IS NULL
             UNION ALL SELECT ?1, 'resume', seq, ?2 FROM resumes WHERE deleted_at IS NULL
             UNION ALL SELECT ?1, 'document', seq, ?2 FROM documents WHERE deleted_at IS NULL",
            params![seq, stamp],
        )?;
        tx.commit()?;
        Ok(VectorIndex {
            seq,
            embedder: embedder.to_owned(),
            dimension,
            state: if has_active {
                IndexState::Building
            } else {
                IndexState::Active
            },
        })
    }

    /// Removes an index, its chunks, vectors and queue (a cancelled switch of
    /// embedder, or the old index after a switch).
    pub fn drop_vector_index(&mut self, index_seq: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(&format!("DROP TABLE IF EXISTS {}", vec_table(index_seq)))?;
        tx.execute("DELETE FROM text_chunks WHERE index_seq = ?1", [index_seq])?;
        tx.execute(
            "DELETE FROM embedding_queue WHERE index_seq = ?1",
            [index_seq],
        )?;
        tx.execute("DELETE FROM vector_indexes WHERE seq = ?1", [index_seq])?;
        tx.commit()?;
        Ok(())
    }

    /// Makes a fully built index the active one and drops the one it
    /// replaces, in one transaction. Refuses while items are still queued.
    pub fn promote_vector_index(&mut self, index_seq: i64) -> Result<()> {
        let pending = self.index_progress(index_seq)?.pending;
        if pending > 0 {
            return Err(StoreError::VectorIndex(format!(
                "the new search index still has {pending} items to embed; it replaces the current one when they are done"
            )));
        }
        let old: Vec<i64> = {
            let mut stmt = self
                .conn
                .prepare("SELECT seq FROM vector_indexes WHERE seq != ?1")?;
            stmt.query_map([index_seq], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let tx = self.conn.transaction()?;
        for seq in old {
            tx.execute_batch(&format!("DROP TABLE IF EXISTS {}", vec_table(seq)))?;
            tx.execute("DELETE FROM text_chunks WHERE index_seq = ?1", [seq])?;
            tx.execute("DELETE FROM embedding_queue WHERE index_seq = ?1", [seq])?;
            tx.execute("DELETE FROM vector_indexes WHERE seq = ?1", [seq])?;
        }
        tx.execute(
            "UPDATE vector_indexes SET state = 'active' WHERE seq = ?1",
            [index_seq],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// How far an index has got.
    pub fn index_progress(&self, index_seq: i64) -> Result<IndexProgress> {
        let (pending, indexed, chunks): (i64, i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM embedding_queue WHERE index_seq = ?1),
                    (SELECT count(*) FROM (SELECT DISTINCT owner_kind, owner_seq
                                           FROM text_chunks WHERE index_seq = ?1)),
                    (SELECT count(*) FROM text_chunks WHERE index_seq = ?1)",
            [index_seq],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        let count = |n: i64| u64::try_from(n).unwrap_or(0);
        Ok(IndexProgress {
            pending: count(pending),
            indexed: count(indexed),
            chunks: count(chunks),
        })
    }

    /// Up to `limit` queued items of an index with their current text, the
    /// oldest first.
    pub fn pending_embeddings(&self, index_seq: i64, limit: u32) -> Result<Vec<EmbeddingJob>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.owner_kind, q.owner_seq, q.generation,
                    CASE q.owner_kind
                        WHEN 'application' THEN (
                            SELECT '# ' || role_title || ' — ' || company || char(10)
                                   || coalesce(location || char(10), '') || char(10)
                                   || job_description
                            FROM applications WHERE seq = q.owner_seq AND deleted_at IS NULL)
                        WHEN 'resume' THEN (
                            SELECT content FROM resumes WHERE seq = q.owner_seq AND deleted_at IS NULL)
                        ELSE (
                            SELECT d.content FROM documents d JOIN applications a ON a.id = d.application_id
                            WHERE d.seq = q.owner_seq AND d.deleted_at IS NULL AND a.deleted_at IS NULL)
                    END
             FROM embedding_queue q WHERE q.index_seq = ?1
             ORDER BY q.enqueued_at, q.owner_kind, q.owner_seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![index_seq, limit], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut jobs = Vec::new();
        for row in rows {
            let (kind, seq, generation, text) = row?;
            jobs.push(EmbeddingJob {
                index_seq,
                owner: Owner {
                    kind: OwnerKind::parse(&kind)?,
                    seq,
                },
                generation,
                text,
            });
        }
        Ok(jobs)
    }

    /// Replaces the owner's chunks in the job's index with `chunks` and takes
    /// it off the queue, in one transaction. Returns `false`, storing
    /// nothing, when the text changed after the job was handed out (the
    /// queue then still holds the newer change) or the index is gone.
    pub fn save_embeddings(
        &mut self,
        job: &EmbeddingJob,
        chunks: &[EmbeddedChunk],
    ) -> Result<bool> {
        let Some(index) = self
            .vector_indexes()?
            .into_iter()
            .find(|i| i.seq == job.index_seq)
        else {
            return Ok(false);
        };
        if let Some(bad) = chunks.iter().find(|c| c.vector.len() != index.dimension) {
            return Err(StoreError::VectorIndex(format!(
                "the embedder gave a {}-dimensional vector for the {}-dimensional search index of {}; nothing was stored",
                bad.vector.len(),
                index.dimension,
                index.embedder
            )));
        }
        let table = index.table();
        let tx = self.conn.transaction()?;
        let current: Option<i64> = tx
            .query_row(
                "SELECT generation FROM embedding_queue
                 WHERE index_seq = ?1 AND owner_kind = ?2 AND owner_seq = ?3",
                params![job.index_seq, job.owner.kind.as_str(), job.owner.seq],
                |row| row.get(0),
            )
            .optional()?;
        if current != Some(job.generation) {
            return Ok(false);
        }
        let old: Vec<i64> = {
            let mut stmt = tx.prepare_cached(
                "SELECT seq FROM text_chunks WHERE index_seq = ?1 AND owner_kind = ?2 AND owner_seq = ?3",
            )?;
            stmt.query_map(
                params![job.index_seq, job.owner.kind.as_str(), job.owner.seq],
                |row| row.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?
        };
        {
            let mut delete_vector = tx.prepare(&format!("DELETE FROM {table} WHERE rowid = ?1"))?;
            for seq in &old {
                delete_vector.execute([seq])?;
            }
        }
        tx.execute(
            "DELETE FROM text_chunks WHERE index_seq = ?1 AND owner_kind = ?2 AND owner_seq = ?3",
            params![job.index_seq, job.owner.kind.as_str(), job.owner.seq],
        )?;
        {
            let mut insert_chunk = tx.prepare_cached(
                "INSERT INTO text_chunks
                     (index_seq, owner_kind, owner_seq, ordinal, section, start_byte, end_byte, text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut insert_vector = tx.prepare(&format!(
                "INSERT INTO {table} (rowid, embedding) VALUES (?1, ?2)"
            ))?;
            for (ordinal, chunk) in chunks.iter().enumerate() {
                insert_chunk.execute(params![
                    job.index_seq,
                    job.owner.kind.as_str(),
                    job.owner.seq,
                    ordinal as i64,
                    chunk.section,
                    chunk.start_byte as i64,
                    chunk.end_byte as i64,
                    chunk.text,
                ])?;
                let chunk_seq = tx.last_insert_rowid();
                insert_vector.execute(params![chunk_seq, vector_blob(&chunk.vector)])?;
            }
        }
        tx.execute(
            "DELETE FROM embedding_queue WHERE index_seq = ?1 AND owner_kind = ?2 AND owner_seq = ?3",
            params![job.index_seq, job.owner.kind.as_str(), job.owner.seq],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// The `k` chunks of an index nearest to `query`, nearest first.
    pub fn nearest_chunks(
        &self,
        index: &VectorIndex,
        query: &[f32],
        k: u32,
    ) -> Result<Vec<ChunkHit>> {
        if query.len() != index.dimension {
            return Err(StoreError::VectorIndex(format!(
                "a {}-dimensional query cannot search the {}-dimensional index of {}",
                query.len(),
                index.dimension,
                index.embedder
            )));
        }
        if k == 0 {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT v.rowid, v.distance, c.owner_kind, c.owner_seq, c.section, c.text
             FROM (SELECT rowid, distance FROM {} WHERE embedding MATCH ?1 AND k = ?2) v
             JOIN text_chunks c ON c.seq = v.rowid
             ORDER BY v.distance",
            index.table()
        ))?;
        let rows = stmt.query_map(params![vector_blob(query), k], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, f64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, i64>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (chunk_seq, distance, kind, seq, section, text) = row?;
            hits.push(ChunkHit {
                chunk_seq,
                owner: Owner {
                    kind: OwnerKind::parse(&kind)?,
                    seq,
                },
                section,
                text,
                similarity: similarity_from_l2(distance),
            });
        }
        Ok(hits)
    }

    /// The stored vectors of one owner's chunks in an index, in order.
    pub fn owner_vectors(&self, index: &VectorIndex, owner: Owner) -> Result<Vec<Vec<f32>>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT v.embedding FROM text_chunks c JOIN {} v ON v.rowid = c.seq
             WHERE c.index_seq = ?1 AND c.owner_kind = ?2 AND c.owner_seq = ?3
             ORDER BY c.ordinal",
            index.table()
        ))?;
        let rows = stmt.query_map(params![index.seq, owner.kind.as_str(), owner.seq], |row| {
            row.get::<_, Vec<u8>>(0)
        })?;
        let mut vectors = Vec::new();
        for row in rows {
            vectors.push(vector_from_blob(&row?, index.dimension)?);
        }
        Ok(vectors)
    }
}

/// sqlite-vec's `float[N]` format: N little-endian `f32`s.
fn vector_blob(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn vector_from_blob(blob: &[u8], dimension: usize) -> Result<Vec<f32>> {
    if blob.len() != dimension * 4 {
        return Err(StoreError::BadStoredValue(format!(
            "a stored vector of {} bytes where {dimension} floats were expected",
            blob.len()
        )));
    }
    Ok(blob
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

/// For unit vectors, |a − b|² = 2 − 2·cos(a, b), so sqlite-vec's default L2
/// distance orders exactly as cosine does. The indexer never stores a zero
/// vector (a chunk with nothing to embed), so every stored vector is unit.
fn similarity_from_l2(distance: f64) -> f32 {
    let cos = 1.0 - distance * distance / 2.0;
    (cos as f32).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_round_trip_through_their_blob_form() {
        let v = vec![0.25_f32, -1.5, 3.0e-8];
        assert_eq!(vector_from_blob(&vector_blob(&v), 3).expect("read"), v);
        assert!(vector_from_blob(&vector_blob(&v), 4).is_err());
    }

    #[test]
    fn distance_between_unit_vectors_maps_back_to_cosine() {
        assert!((similarity_from_l2(0.0) - 1.0).abs() < 1e-6);
        assert!((similarity_from_l2(2.0_f64.sqrt()) - 0.0).abs() < 1e-6);
        assert!((similarity_from_l2(2.0) + 1.0).abs() < 1e-6);
    }
}
