-- The semantic index: text chunks and their embeddings, one index per
-- embedder (model and dimension), kept current by a persistent queue.
--
-- * `vector_indexes` lists the indexes. At most one is `active` (searched);
--   while the user switches embedder a second one is `building`, filled in
--   the background, and becomes active when its queue is empty. Cancelling
--   drops it; the active one is never touched meanwhile.
-- * Each index's vectors live in a sqlite-vec `vec0` table named
--   `vec_chunks_<seq>`, created by the store (its dimension is only known at
--   run time), with `rowid` = `text_chunks.seq`.
-- * `embedding_queue` holds what must be (re-)embedded, per index. Triggers
--   add to it in the same transaction as the change, so an edit made just
--   before a crash or a quit is still indexed at the next start.
--   `generation` grows with every change, so a worker that embedded an older
--   text does not mark a newer one as done.
-- Nothing here syncs: each device embeds its own copy.

CREATE TABLE vector_indexes (
    seq        INTEGER PRIMARY KEY,
    embedder   TEXT NOT NULL UNIQUE CHECK (length(embedder) > 0),
    dimension  INTEGER NOT NULL CHECK (dimension BETWEEN 1 AND 8192),
    state      TEXT NOT NULL CHECK (state IN ('building', 'active')),
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX vector_indexes_single_active ON vector_indexes (state) WHERE state = 'active';

CREATE TABLE text_chunks (
    seq        INTEGER PRIMARY KEY,
    index_seq  INTEGER NOT NULL REFERENCES vector_indexes (seq) ON DELETE CASCADE,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('application', 'resume', 'document')),
    owner_seq  INTEGER NOT NULL,
    ordinal    INTEGER NOT NULL CHECK (ordinal >= 0),
    section    TEXT NOT NULL,
    start_byte INTEGER NOT NULL CHECK (start_byte >= 0),
    end_byte   INTEGER NOT NULL CHECK (end_byte >= start_byte),
    text       TEXT NOT NULL,
    UNIQUE (index_seq, owner_kind, owner_seq, ordinal)
);
CREATE INDEX text_chunks_by_owner ON text_chunks (owner_kind, owner_seq);

CREATE TABLE embedding_queue (
    index_seq   INTEGER NOT NULL REFERENCES vector_indexes (seq) ON DELETE CASCADE,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('application', 'resume', 'document')),
    owner_seq   INTEGER NOT NULL,
    generation  INTEGER NOT NULL DEFAULT 1,
    enqueued_at TEXT NOT NULL,
    PRIMARY KEY (index_seq, owner_kind, owner_seq)
) WITHOUT ROWID;

-- Enqueue into every index. `WHERE true` lets SQLite parse the upsert after
-- INSERT … SELECT.
CREATE TRIGGER applications_embed_insert AFTER INSERT ON applications BEGIN
    INSERT INTO embedding_queue (index_seq, owner_kind, owner_seq, enqueued_at)
    SELECT seq, 'application', NEW.seq, NEW.updated_at FROM vector_indexes WHERE true
    ON CONFLICT DO UPDATE SET generation = generation + 1, enqueued_at = excluded.enqueued_at;
END;
CREATE TRIGGER applications_embed_update
AFTER UPDATE OF company, role_title, job_description, location, deleted_at ON applications BEGIN
    INSERT INTO embedding_queue (index_seq, owner_kind, owner_seq, enqueued_at)
    SELECT seq, 'application', NEW.seq, NEW.updated_at FROM vector_indexes WHERE true
    ON CONFLICT DO UPDATE SET generation = generation + 1, enqueued_at = excluded.enqueued_at;
END;
CREATE TRIGGER resumes_embed_insert AFTER INSERT ON resumes BEGIN
    INSERT INTO embedding_queue (index_seq, owner_kind, owner_seq, enqueued_at)
    SELECT seq, 'resume', NEW.seq, NEW.updated_at FROM vector_indexes WHERE true
    ON CONFLICT DO UPDATE SET generation = generation + 1, enqueued_at = excluded.enqueued_at;
END;
CREATE TRIGGER resumes_embed_update AFTER UPDATE OF name, content, deleted_at ON resumes BEGIN
    INSERT INTO embedding_queue (index_seq, owner_kind, owner_seq, enqueued_at)
    SELECT seq, 'resume', NEW.seq, NEW.updated_at FROM vector_indexes WHERE true
    ON CONFLICT DO UPDATE SET generation = generation + 1, enqueued_at = excluded.enqueued_at;
END;
CREATE TRIGGER documents_embed_insert AFTER INSERT ON documents BEGIN
    INSERT INTO embedding_queue (index_seq, owner_kind, owner_seq, enqueued_at)
    SELECT seq, 'document', NEW.seq, NEW.updated_at FROM vector_indexes WHERE true
    ON CONFLICT DO UPDATE SET generation = generation + 1, enqueued_at = excluded.enqueued_at;
END;
CREATE TRIGGER documents_embed_update AFTER UPDATE OF content, deleted_at ON documents BEGIN
    INSERT INTO embedding_queue (index_seq, owner_kind, owner_seq, enqueued_at)
    SELECT seq, 'document', NEW.seq, NEW.updated_at FROM vector_indexes WHERE true
    ON CONFLICT DO UPDATE SET generation = generation + 1, enqueued_at = excluded.enqueued_at;
END;
