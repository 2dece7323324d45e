-- The file a resume was imported from (PDF, DOCX, …), kept inside the
-- encrypted database so that a tailored resume can be written back into the
-- user's own DOCX with its layout intact, and so an import can be looked at
-- again. One source per resume; it never changes after the import.
CREATE TABLE resume_sources (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    resume_id   TEXT NOT NULL UNIQUE REFERENCES resumes (id),
    format      TEXT NOT NULL
                CHECK (format IN ('pdf', 'docx', 'markdown', 'text', 'json_resume', 'html')),
    file_name   TEXT NOT NULL,
    content     BLOB NOT NULL,
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    imported_at TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);

CREATE TRIGGER resume_sources_log_insert AFTER INSERT ON resume_sources BEGIN
    INSERT INTO change_log (entity, entity_id, operation, entity_version, changed_at)
    VALUES ('resume_source', NEW.id, 'insert', NEW.version, NEW.imported_at);
END;
