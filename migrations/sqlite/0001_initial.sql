-- Job Forge local schema, version 1.
--
-- Conventions (see ARCHITECTURE.md):
-- * `seq` is a local integer key (an alias of rowid, so VACUUM never renumbers
--   it); the full-text indexes point at it. `id` is the UUIDv7 that syncs.
-- * Instants are UTC text `YYYY-MM-DDTHH:MM:SS.ffffffZ` (sorts as it reads).
-- * Synced rows carry `version` (bumped by every change) and `deleted_at`
--   (a tombstone: rows are never removed, so a deletion can sync).
-- * Triggers write `change_log` in the same transaction as the change.

CREATE TABLE applications (
    seq               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    company           TEXT NOT NULL CHECK (length(trim(company)) > 0),
    role_title        TEXT NOT NULL CHECK (length(trim(role_title)) > 0),
    job_url           TEXT CHECK (job_url IS NULL OR job_url LIKE 'http://_%' OR job_url LIKE 'https://_%'),
    job_description   TEXT NOT NULL CHECK (length(job_description) >= 50),
    location          TEXT,
    priority          TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
    status            TEXT NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'applied', 'interview', 'offer', 'rejected', 'withdrawn')),
    research_done     INTEGER NOT NULL DEFAULT 0 CHECK (research_done IN (0, 1)),
    resume_optimised  INTEGER NOT NULL DEFAULT 0 CHECK (resume_optimised IN (0, 1)),
    cover_letter_done INTEGER NOT NULL DEFAULT 0 CHECK (cover_letter_done IN (0, 1)),
    deadline          TEXT CHECK (deadline IS NULL OR deadline GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at        TEXT
);
CREATE INDEX applications_live_by_created ON applications (created_at) WHERE deleted_at IS NULL;
CREATE INDEX applications_live_by_status ON applications (status, created_at) WHERE deleted_at IS NULL;

-- Every status an application has had, with its time (feeds analytics).
CREATE TABLE application_status_changes (
    seq            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    application_id TEXT NOT NULL REFERENCES applications (id),
    from_status    TEXT CHECK (from_status IS NULL OR from_status IN ('draft', 'applied', 'interview', 'offer', 'rejected', 'withdrawn')),
    to_status      TEXT NOT NULL CHECK (to_status IN ('draft', 'applied', 'interview', 'offer', 'rejected', 'withdrawn')),
    changed_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX application_status_changes_by_application ON application_status_changes (application_id, seq);

CREATE TABLE resumes (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    content    TEXT NOT NULL CHECK (length(content) >= 100),
    focus_area TEXT NOT NULL DEFAULT 'other'
               CHECK (focus_area IN ('software_development', 'data_science', 'management', 'consulting', 'other')),
    is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at TEXT
);
-- At most one live primary resume.
CREATE UNIQUE INDEX resumes_single_primary ON resumes (is_primary) WHERE is_primary = 1 AND deleted_at IS NULL;

-- One document per (application, kind); `content` mirrors the newest version
-- so search and listing never have to find it.
CREATE TABLE documents (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    application_id  TEXT NOT NULL REFERENCES applications (id),
    kind            TEXT NOT NULL CHECK (kind IN ('research_report', 'optimized_resume', 'cover_letter')),
    content         TEXT NOT NULL,
    current_version INTEGER NOT NULL CHECK (current_version >= 1),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at      TEXT,
    UNIQUE (application_id, kind)
);

-- Every saved version of a document. Versions are immutable.
CREATE TABLE document_versions (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    document_id TEXT NOT NULL REFERENCES documents (id),
    number      INTEGER NOT NULL CHECK (number >= 1),
    content     TEXT NOT NULL,
    origin      TEXT NOT NULL CHECK (origin IN ('user', 'generated', 'restored', 'imported')),
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (document_id, number)
);
CREATE TRIGGER document_versions_are_immutable BEFORE UPDATE ON document_versions
BEGIN
    SELECT RAISE(ABORT, 'document versions are never changed; save a new version instead');
END;

-- The user's own details: a single row.
CREATE TABLE profile (
    seq           INTEGER PRIMARY KEY CHECK (seq = 1),
    id            TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL,
    email         TEXT,
    contact_lines TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(contact_lines)),
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);

CREATE TABLE writing_samples (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    content    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at TEXT
);

-- What changed, in order, for the sync client to push. Written by triggers,
-- so no code path can change a synced row without a log entry.
CREATE TABLE change_log (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    operation      TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    entity_version INTEGER NOT NULL,
    changed_at     TEXT NOT NULL,
    pushed_at      TEXT
);
CREATE INDEX change_log_unpushed ON change_log (seq) WHERE pushed_at IS NULL;

CREATE TRIGGER applications_log_insert AFTER INSERT ON applications BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('application', NEW.id, 'insert', NEW.version, NEW.updated_at);
END;
CREATE TRIGGER applications_log_update AFTER UPDATE ON applications BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('application', NEW.id,
            CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'delete' ELSE 'update' END,
            NEW.version, NEW.updated_at);
END;
CREATE TRIGGER application_status_changes_log_insert AFTER INSERT ON application_status_changes BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('application_status_change', NEW.id, 'insert', NEW.version, NEW.changed_at);
END;
CREATE TRIGGER resumes_log_insert AFTER INSERT ON resumes BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('resume', NEW.id, 'insert', NEW.version, NEW.updated_at);
END;
CREATE TRIGGER resumes_log_update AFTER UPDATE ON resumes BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('resume', NEW.id,
            CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'delete' ELSE 'update' END,
            NEW.version, NEW.updated_at);
END;
CREATE TRIGGER documents_log_insert AFTER INSERT ON documents BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('document', NEW.id, 'insert', NEW.version, NEW.updated_at);
END;
CREATE TRIGGER documents_log_update AFTER UPDATE ON documents BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('document', NEW.id,
            CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'delete' ELSE 'update' END,
            NEW.version, NEW.updated_at);
END;
CREATE TRIGGER document_versions_log_insert AFTER INSERT ON document_versions BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('document_version', NEW.id, 'insert', NEW.version, NEW.created_at);
END;
CREATE TRIGGER profile_log_insert AFTER INSERT ON profile BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('profile', NEW.id, 'insert', NEW.version, NEW.updated_at);
END;
CREATE TRIGGER profile_log_update AFTER UPDATE ON profile BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('profile', NEW.id, 'update', NEW.version, NEW.updated_at);
END;
CREATE TRIGGER writing_samples_log_insert AFTER INSERT ON writing_samples BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('writing_sample', NEW.id, 'insert', NEW.version, NEW.updated_at);
END;
CREATE TRIGGER writing_samples_log_update AFTER UPDATE ON writing_samples BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('writing_sample', NEW.id,
            CASE WHEN NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL THEN 'delete' ELSE 'update' END,
            NEW.version, NEW.updated_at);
END;

-- Full-text search: external-content FTS5 indexes kept current by triggers.
-- Tombstoned rows stay indexed and are filtered out at query time, so the
-- index never has to be told about soft deletes.
CREATE VIRTUAL TABLE applications_fts USING fts5 (
    company, role_title, job_description, location, notes,
    content = 'applications', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER applications_fts_insert AFTER INSERT ON applications BEGIN
    INSERT INTO applications_fts (rowid, company, role_title, job_description, location, notes)
    VALUES (NEW.seq, NEW.company, NEW.role_title, NEW.job_description, NEW.location, NEW.notes);
END;
CREATE TRIGGER applications_fts_update AFTER UPDATE OF company, role_title, job_description, location, notes ON applications BEGIN
    INSERT INTO applications_fts (applications_fts, rowid, company, role_title, job_description, location, notes)
    VALUES ('delete', OLD.seq, OLD.company, OLD.role_title, OLD.job_description, OLD.location, OLD.notes);
    INSERT INTO applications_fts (rowid, company, role_title, job_description, location, notes)
    VALUES (NEW.seq, NEW.company, NEW.role_title, NEW.job_description, NEW.location, NEW.notes);
END;

CREATE VIRTUAL TABLE resumes_fts USING fts5 (
    name, content,
    content = 'resumes', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER resumes_fts_insert AFTER INSERT ON resumes BEGIN
    INSERT INTO resumes_fts (rowid, name, content) VALUES (NEW.seq, NEW.name, NEW.content);
END;
CREATE TRIGGER resumes_fts_update AFTER UPDATE OF name, content ON resumes BEGIN
    INSERT INTO resumes_fts (resumes_fts, rowid, name, content) VALUES ('delete', OLD.seq, OLD.name, OLD.content);
    INSERT INTO resumes_fts (rowid, name, content) VALUES (NEW.seq, NEW.name, NEW.content);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    content,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, content) VALUES (NEW.seq, NEW.content);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF content ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, content) VALUES ('delete', OLD.seq, OLD.content);
    INSERT INTO documents_fts (rowid, content) VALUES (NEW.seq, NEW.content);
END;
