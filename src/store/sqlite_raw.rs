//! A prepared statement on the handle sqlx lends, for the few writes where sqlx's and rusqlite's
//! binding cost more than the statement: every text is bound `SQLITE_STATIC`, so SQLite reads
//! it where it lies instead of allocating a copy of each (rusqlite binds `SQLITE_TRANSIENT`;
//! sqlx copies each value once more on the way to its worker thread).
//!
//! Used for the million rows of a bulk load (about a tenth of its database thread was spent
//! copying texts in and out of SQLite, `perf`) and for an audit record listing half a million
//! logins (two 5 MB copies: a fifth of the job's peak memory).

use libsqlite3_sys as ffi;
use std::ffi::c_int;
use std::ptr::NonNull;

/// A value bound to a statement's parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    Text(&'a str),
    Int(i64),
    Null,
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(v: Option<&'a str>) -> Value<'a> {
        v.map_or(Value::Null, Value::Text)
    }
}

/// A prepared statement of a live connection, finalised when dropped. Not `Send`: it stays on
/// the thread that holds the connection's handle.
pub(crate) struct Prepared {
    db: *mut ffi::sqlite3,
    stmt: NonNull<ffi::sqlite3_stmt>,
}

impl Prepared {
    /// Prepares `sql` on `raw`, the handle sqlx has locked for the caller (which must not
    /// outlive that lock).
    pub(crate) fn new(raw: NonNull<ffi::sqlite3>, sql: &str) -> Result<Prepared, String> {
        let db = raw.as_ptr();
        let len = c_int::try_from(sql.len()).map_err(|e| e.to_string())?;
        let mut stmt = std::ptr::null_mut();
        // SAFETY: `db` is a live handle, locked for the caller; `sql` is valid for `len` bytes;
        // `stmt` receives the statement, or stays null on error.
        let rc = unsafe {
            ffi::sqlite3_prepare_v2(
                db,
                sql.as_ptr().cast(),
                len,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        match NonNull::new(stmt) {
            Some(stmt) if rc == ffi::SQLITE_OK => Ok(Prepared { db, stmt }),
            _ => Err(errmsg(db)),
        }
    }

    /// Runs the statement once with `values` as its parameters `?1…`; the rows it changed.
    /// Every value is bound for this call only: the statement is reset and its bindings cleared
    /// before it returns, so SQLite keeps no pointer into `values`.
    pub(crate) fn run(&self, values: &[Value<'_>]) -> Result<u64, String> {
        let stmt = self.stmt.as_ptr();
        // SAFETY: `stmt` is a live statement of `db`, used on this thread only. The texts bound
        // `SQLITE_STATIC` (a null destructor) are borrowed for this call, and the statement
        // lets go of them (reset, bindings cleared) before it returns.
        unsafe {
            let mut rc = ffi::SQLITE_OK;
            for (i, v) in values.iter().enumerate() {
                let Ok(at) = c_int::try_from(i + 1) else {
                    rc = ffi::SQLITE_RANGE;
                    break;
                };
                rc = match *v {
                    Value::Text(t) => ffi::sqlite3_bind_text64(
                        stmt,
                        at,
                        t.as_ptr().cast(),
                        t.len() as u64,
                        None,
                        ffi::SQLITE_UTF8 as u8,
                    ),
                    Value::Int(n) => ffi::sqlite3_bind_int64(stmt, at, n),
                    Value::Null => ffi::sqlite3_bind_null(stmt, at),
                };
                if rc != ffi::SQLITE_OK {
                    break;
                }
            }
            if rc == ffi::SQLITE_OK {
                rc = ffi::sqlite3_step(stmt);
            }
            let out = if rc == ffi::SQLITE_DONE {
                Ok(ffi::sqlite3_changes64(self.db) as u64)
            } else {
                Err(errmsg(self.db))
            };
            ffi::sqlite3_reset(stmt);
            ffi::sqlite3_clear_bindings(stmt);
            out
        }
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        // SAFETY: prepared on this live handle, finalised once.
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}

/// The connection's last error message.
fn errmsg(db: *mut ffi::sqlite3) -> String {
    // SAFETY: `db` is live; SQLite returns a NUL-terminated string it owns, copied at once.
    unsafe {
        let p = ffi::sqlite3_errmsg(db);
        if p.is_null() {
            return "unknown SQLite error".to_owned();
        }
        std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned()
    }
}
