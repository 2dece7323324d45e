//! Opening the encrypted database file.

use std::path::{Path, PathBuf};
use std::time::Duration;

use jobforge_secrets::DatabaseKey;
use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, StoreError};
use crate::migrations;

/// Page cache per connection. Every page read from disk is decrypted, so a
/// cache that holds the working set matters far more than with plain SQLite:
/// a vector search reads every vector page, and 100,000 chunks of 384
/// dimensions are 154 MB — with a 64 MB cache each search decrypted them all
/// again (~300 ms instead of ~30). This is a ceiling, not an allocation:
/// SQLite takes memory only for pages it has read, so a small library keeps
/// a small footprint.
const CACHE_KIB: i64 = 512 * 1024;

/// The encrypted store. One long-lived connection: the page cache stays warm
/// and SQLCipher's per-open cost is paid once.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Creates a new encrypted database at `path` and brings its schema up to
    /// date. Refuses to touch an existing file.
    pub fn create(path: &Path, key: &DatabaseKey) -> Result<Self> {
        if path.exists() {
            return Err(StoreError::AlreadyExists {
                path: path.display().to_string(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_with(path, key, flags)
    }

    /// Opens an existing encrypted database and applies pending migrations.
    pub fn open(path: &Path, key: &DatabaseKey) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_with(path, key, flags)
    }

    /// An unencrypted database with the same schema and code paths, for
    /// measuring what encryption costs. Exists only in benchmark builds: the
    /// product never writes an unencrypted file.
    #[cfg(feature = "plaintext-benchmark")]
    pub fn create_plaintext_for_benchmark(path: &Path) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Self::open_inner(path, None, flags)
    }

    fn open_with(path: &Path, key: &DatabaseKey, flags: OpenFlags) -> Result<Self> {
        Self::open_inner(path, Some(key), flags)
    }

    fn open_inner(path: &Path, key: Option<&DatabaseKey>, flags: OpenFlags) -> Result<Self> {
        initialise_sqlite_once()?;
        let mut conn = Connection::open_with_flags(path, flags)?;
        if let Some(key) = key {
            apply_key(&conn, key)?;
        }
        // SQLCipher accepts any key; the first read tells whether it fits.
        let readable: rusqlite::Result<i64> =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0));
        match readable {
            Ok(_) => {}
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
                return Err(StoreError::CannotDecrypt);
            }
            Err(e) => return Err(e.into()),
        }
        configure(&conn)?;
        migrations::migrate(&mut conn)?;
        Ok(Self {
            conn,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of this database.
    pub fn schema_version(&self) -> Result<i64> {
        migrations::current_version(&self.conn)
    }

    /// Runs SQLite's full consistency check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<()> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Damaged { detail: result })
        }
    }
}

/// Finishes SQLite's process-wide initialisation on one thread before any
/// database is opened.
///
/// SQLite marks itself initialised *before* it runs SQLCipher's set-up hook
/// (`SQLITE_EXTRA_INIT`), so a second thread opening a database at that
/// moment skips initialisation and finds SQLCipher not ready: its `PRAGMA key`
/// fails. Two workspaces opened at once at start-up (the desktop app's early
/// open beside a CLI call in tests, parallel tests) hit that window. Every
/// connection in Job Forge is opened here, so one `OnceLock` closes it.
fn initialise_sqlite_once() -> Result<()> {
    static READY: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    let outcome = READY.get_or_init(|| {
        register_sqlite_vec();
        // An in-memory connection runs `sqlite3_initialize` to the end,
        // SQLCipher's hook included, before `get_or_init` lets others through.
        Connection::open_in_memory()
            .and_then(|conn| {
                conn.query_row("PRAGMA cipher_version", [], |_| Ok(()))?;
                conn.query_row("SELECT vec_version()", [], |_| Ok(()))
            })
            .map_err(|e| e.to_string())
    });
    outcome.clone().map_err(StoreError::EngineUnavailable)
}

/// Makes sqlite-vec's `vec0` tables and functions part of every connection
/// opened from now on.
#[allow(unsafe_code)]
fn register_sqlite_vec() {
    // SAFETY: `sqlite3_vec_init` is sqlite-vec's extension entry point, whose
    // real signature is the one `sqlite3_auto_extension` expects (the crate
    // declares it without arguments); it is linked into this binary against
    // the same SQLite, and registering it is idempotent.
    unsafe {
        let entry_point = sqlite_vec::sqlite3_vec_init as *const ();
        rusqlite::ffi::sqlite3_auto_extension(Some(std::mem::transmute::<
            *const (),
            unsafe extern "C" fn(
                *mut rusqlite::ffi::sqlite3,
                *mut *mut std::os::raw::c_char,
                *const rusqlite::ffi::sqlite3_api_routines,
            ) -> std::os::raw::c_int,
        >(entry_point)));
    }
}

fn apply_key(conn: &Connection, key: &DatabaseKey) -> Result<()> {
    // Keep SQLCipher's own "hmac check failed" lines off the user's terminal;
    // a wrong key is reported by us, in words.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    let literal = key.sqlcipher_literal();
    let statement = zeroize::Zeroizing::new(format!("PRAGMA key = \"{}\";", literal.as_str()));
    conn.execute_batch(&statement)?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // WAL with FULL sync: a committed transaction survives a crash of the
    // process or of the machine.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "could not switch the database to WAL mode");
    }
    conn.execute_batch(&format!(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -{CACHE_KIB};
         PRAGMA temp_store = MEMORY;"
    ))?;
    Ok(())
}
