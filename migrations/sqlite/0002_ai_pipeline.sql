-- Job Forge local schema, version 2: the AI pipeline.
--
-- * ai_runs: every run of every phase, finished or not. A run that failed or
--   was cancelled keeps what it had produced in `draft`; only a run that
--   succeeded points at the document version it saved.
-- * truth_flags: claims in a document version that the user's sources do
--   not support. Versions are immutable, so flags belong to one version;
--   the user may accept a flag (confirm the claim is true).
-- * settings: this device's preferences (engine, model, base URL). Never
--   secrets: API keys live in the OS keyring.

CREATE TABLE ai_runs (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    application_id      TEXT NOT NULL REFERENCES applications (id),
    phase               TEXT NOT NULL CHECK (phase IN ('research', 'resume', 'cover_letter')),
    engine              TEXT NOT NULL CHECK (engine IN ('offline', 'openai', 'anthropic', 'openai_compatible')),
    model               TEXT NOT NULL,
    prompt_version      TEXT NOT NULL,
    resume_id           TEXT REFERENCES resumes (id),
    outcome             TEXT NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'cancelled')),
    error               TEXT,
    input_tokens        INTEGER NOT NULL CHECK (input_tokens >= 0),
    output_tokens       INTEGER NOT NULL CHECK (output_tokens >= 0),
    tokens_reported     INTEGER NOT NULL CHECK (tokens_reported IN (0, 1)),
    cost_usd            REAL CHECK (cost_usd IS NULL OR cost_usd >= 0),
    attempts            INTEGER NOT NULL CHECK (attempts >= 0),
    started_at          TEXT NOT NULL,
    duration_ms         INTEGER NOT NULL CHECK (duration_ms >= 0),
    document_version_id TEXT REFERENCES document_versions (id),
    draft               TEXT,
    report              TEXT CHECK (report IS NULL OR json_valid(report)),
    version             INTEGER NOT NULL DEFAULT 1,
    CHECK ((outcome = 'succeeded') = (document_version_id IS NOT NULL))
);
CREATE INDEX ai_runs_by_application ON ai_runs (application_id, seq);

CREATE TABLE truth_flags (
    seq                 INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    document_version_id TEXT NOT NULL REFERENCES document_versions (id),
    kind                TEXT NOT NULL CHECK (kind IN ('employer', 'job_title', 'date', 'school', 'degree',
                                                      'certification', 'number', 'skill')),
    claim               TEXT NOT NULL,
    sentence            TEXT NOT NULL,
    reason              TEXT NOT NULL,
    accepted_at         TEXT,
    created_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX truth_flags_by_version ON truth_flags (document_version_id, seq);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    updated_at TEXT NOT NULL
);

CREATE TRIGGER ai_runs_log_insert AFTER INSERT ON ai_runs BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('ai_run', NEW.id, 'insert', NEW.version, NEW.started_at);
END;
CREATE TRIGGER truth_flags_log_insert AFTER INSERT ON truth_flags BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('truth_flag', NEW.id, 'insert', NEW.version, NEW.created_at);
END;
CREATE TRIGGER truth_flags_log_update AFTER UPDATE ON truth_flags BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('truth_flag', NEW.id, 'update', NEW.version, coalesce(NEW.accepted_at, NEW.created_at));
END;
