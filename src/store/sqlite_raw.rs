//! A prepared statement on the handle sqlx lends, for the few writes where sqlx's and rusqlite's
//! binding cost more than the statement: every text is bound `SQLITE_STATIC`, so SQLite reads
//! it where it lies instead of allocating a copy of each (rusqlite binds `SQLITE_TRANSIENT`;
//! sqlx copies each value once more on the way to its worker thread).
//!
//! Used for the million rows of a bulk load (about a tenth of its database thread was spent
//! copying texts in and out of SQLite, `perf`) and for an audit record listing half a million
//! logins (two 5 MB copies: a fifth of the job's peak memory). Also the pre-update hook that
//! lists the logins a blocking job's `UPDATE` changes ([`noting_changes`]).

use crate::domain::text_list::TextList;
use libsqlite3_sys as ffi;
use std::ffi::{CStr, c_int};
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

/// Runs `step` (an `UPDATE` of `table`) with SQLite's pre-update hook (compiled in by
/// `.cargo/config.toml`) noting `column` (its index, hidden columns counted) of every row the
/// statement itself changes in `table`, as it changes it, before the change. Returns what `step`
/// returned, and the values noted in the order the rows changed (an error if one could not be).
/// The hook is unregistered before this returns, also when `step` panics.
///
/// Used by the blocking jobs: their `UPDATE` notes the login of every row it blocks in the same
/// pass. `RETURNING` would have SQLite keep every returned row in a table of its own until the
/// last one (spilling to a temporary file), and an SQL function in the statement would make it
/// keep a statement journal of every page it changes.
///
/// # Safety
/// `raw` must be a live handle that the caller holds (locked) for the whole call, on which no
/// other thread steps a statement meanwhile.
pub(crate) unsafe fn noting_changes<T>(
    raw: NonNull<ffi::sqlite3>,
    table: &'static CStr,
    column: c_int,
    step: impl FnOnce() -> T,
) -> (T, Result<TextList, String>) {
    /// Unregisters the hook, then frees its state: on return and on unwinding.
    struct Unhook {
        db: *mut ffi::sqlite3,
        state: NonNull<Watch>,
    }
    impl Drop for Unhook {
        fn drop(&mut self) {
            // SAFETY: the handle is live (the caller's contract); once the hook is unregistered
            // nothing else holds the state, made by `Box::leak` below and freed once, here.
            unsafe {
                ffi::sqlite3_preupdate_hook(self.db, None, std::ptr::null_mut());
                drop(Box::from_raw(self.state.as_ptr()));
            }
        }
    }
    let state = NonNull::from(Box::leak(Box::new(Watch {
        table,
        column,
        values: TextList::new(),
        bad: None,
    })));
    let unhook = Unhook {
        db: raw.as_ptr(),
        state,
    };
    // SAFETY: the handle is live and ours (the caller's contract); the state lives until
    // `unhook` has unregistered the hook.
    unsafe { ffi::sqlite3_preupdate_hook(unhook.db, Some(noted), state.as_ptr().cast()) };
    let out = step();
    // SAFETY: `step` has returned and no statement runs on the handle (the caller's contract),
    // so the hook cannot be called: this is the only reference to the state until `unhook`
    // unregisters the hook and frees it.
    let watch = unsafe { &mut *state.as_ptr() };
    let values = match watch.bad.take() {
        Some(bad) => Err(bad),
        None => Ok(std::mem::take(&mut watch.values)),
    };
    drop(unhook);
    (out, values)
}

/// What the hook reads and fills.
struct Watch {
    table: &'static CStr,
    column: c_int,
    values: TextList,
    /// The first row whose value could not be noted: the statement's list would be short.
    bad: Option<String>,
}

/// The pre-update hook: notes the old value of the watched column of an updated row. Never
/// unwinds (no panic path: a value it cannot read is recorded as `bad`).
unsafe extern "C" fn noted(
    arg: *mut std::ffi::c_void,
    db: *mut ffi::sqlite3,
    op: c_int,
    _schema: *const std::ffi::c_char,
    table: *const std::ffi::c_char,
    _old_rowid: i64,
    _new_rowid: i64,
) {
    // SAFETY: `arg` is the `Watch` registered by `noting_changes`, alive while the hook
    // is; SQLite calls the hook on the thread stepping the statement, one call at a time.
    let watch = unsafe { &mut *arg.cast::<Watch>() };
    // Only the statement's own rows (depth 0), not those its triggers change: as `RETURNING`.
    // SAFETY: SQLite passes the table's NUL-terminated name; the depth is asked from within
    // the hook, as SQLite requires.
    if op != ffi::SQLITE_UPDATE
        || table.is_null()
        || unsafe { CStr::from_ptr(table) } != watch.table
        || unsafe { ffi::sqlite3_preupdate_depth(db) } != 0
    {
        return;
    }
    let mut value = std::ptr::null_mut();
    // SAFETY: called from within the pre-update hook, as SQLite requires; the value and its text
    // are SQLite's, valid until the hook returns, and copied before.
    let text = unsafe {
        if ffi::sqlite3_preupdate_old(db, watch.column, &mut value) != ffi::SQLITE_OK {
            None
        } else {
            let p = ffi::sqlite3_value_text(value);
            let n = ffi::sqlite3_value_bytes(value);
            match (p.is_null(), usize::try_from(n)) {
                (false, Ok(n)) => std::str::from_utf8(std::slice::from_raw_parts(p, n)).ok(),
                _ => None,
            }
        }
    };
    match text {
        Some(t) => watch.values.push(t),
        None if watch.bad.is_none() => {
            watch.bad = Some(format!(
                "a changed row of {} has no text in column {}",
                watch.table.to_string_lossy(),
                watch.column
            ));
        }
        None => {}
    }
}
