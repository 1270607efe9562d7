//! Delivering what answers hand over (§22): the credentials files, the letters of an outbox
//! folder, and the letters for the `[mail]` relay. Run after every answering run, by
//! `skud mail send` and by the daemon's `mail` job.
//!
//! The answers recorded each delivery, sealed with the transit key, in their own transaction
//! (`store::deliveries`). Here each one is produced from the database, and its sealed copy is
//! dropped once it is delivered. A run killed at any instant leaves the database saying what is
//! still open, and the next run delivers it:
//! - a credentials file or letter file written but not yet marked is recognised by its content
//!   (the file in place holds exactly what was sealed) and marked, never written twice;
//! - a letter handed to the relay but not yet marked is sent again with the same Message-ID (the
//!   relay's acceptance and skud's record cannot be one transaction); `attempts` counts them.

use crate::context::Context;
use crate::exit::UsageError;
use crate::export::letters::{self, Addressee, Answer};
use crate::files::{self, FileError, Rules};
use crate::mail::{Relay, Sent};
use crate::secrets::TransitKey;
use crate::store::deliveries::{self, Channel, NewDelivery, Open};
use crate::store::{Store, Tx};
use chrono::Utc;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a delivery run did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Delivered {
    /// Credentials files written (or found complete) now.
    pub credentials: Vec<String>,
    /// Letter files written into outbox folders.
    pub letters: Vec<String>,
    /// Letters the relay accepted.
    pub sent: usize,
    /// Letters the relay refused for good, with its reply.
    pub failed: Vec<String>,
    /// Letters still waiting for the relay.
    pub waiting: usize,
    /// Why the relay could not take letters now (exit 4 for `mail send`).
    pub later: Option<String>,
    /// A setting to fix before the relay takes letters: its certificate, AUTH (exit 2 for
    /// `mail send`; a warning after an answering run, whose answers are committed).
    pub misconfigured: Option<String>,
    /// Temporary files of killed runs removed, and older ones found.
    pub cleaned: Vec<String>,
    pub warnings: Vec<String>,
}

impl Delivered {
    /// The exit status of a run that only delivers: 4 when the relay could not take letters
    /// now, 3 when it refused one for good, else 0.
    pub fn exit(&self) -> crate::exit::Exit {
        use crate::exit::Exit;
        if self.later.is_some() {
            Exit::TryLater
        } else if !self.failed.is_empty() {
            Exit::Attention
        } else {
            Exit::Ok
        }
    }
}

/// The header of a credentials file.
pub const CREDENTIALS_HEADER: &str =
    "request_id,kind,login,temporary_password,full_name,iin,reply_email\n";

/// The associated data a credentials row is sealed under: it opens only as this request's row.
pub fn credentials_ad(request_id: i64) -> String {
    format!("credentials:{request_id}")
}

/// The transit key, made on first use (its path is reported when made).
pub fn transit_key(ctx: &Context) -> anyhow::Result<TransitKey> {
    let path =
        crate::secrets::transit_key_path(ctx.config.ldap.as_ref(), ctx.config_path.as_deref());
    let (key, made) = TransitKey::load_or_create(&path).map_err(|e| UsageError(e.to_string()))?;
    if made {
        eprintln!(
            "{}",
            crate::i18n::tr!(
                ctx.lang,
                "transit-key-made",
                path = path.display().to_string()
            )
        );
    }
    Ok(key)
}

/// Where this run's letters go: an outbox folder (`--outbox DIR`, made now and proved
/// writable), else the `[mail]` relay, else nowhere (no letter is kept).
pub enum Route {
    Outbox(String),
    Smtp,
    None,
}

/// The route of this run's letters. Letters are signed, so the administrator's name is
/// required with one.
pub fn letter_route(ctx: &Context, dir: Option<PathBuf>) -> anyhow::Result<Route> {
    let relay = ctx
        .config
        .mail
        .as_ref()
        .and_then(|m| m.relay.as_deref())
        .is_some_and(|r| !r.trim().is_empty());
    if (dir.is_some() || relay) && ctx.admin_source == crate::context::Source::Default {
        return Err(UsageError(crate::i18n::tr!(ctx.lang, "admin-required")).into());
    }
    if let Some(d) = dir {
        if d.exists() && !d.is_dir() {
            let dir = d.display().to_string();
            return Err(
                UsageError(crate::i18n::tr!(ctx.lang, "outbox-not-folder", dir = dir)).into(),
            );
        }
        crate::files::create_private_dir(&d)
            .and_then(|()| {
                tempfile::Builder::new()
                    .prefix(&format!(".skud-probe-{}-", std::process::id()))
                    .tempfile_in(&d)
                    .map(drop)
            })
            .map_err(|e| {
                let (dir, error) = (d.display().to_string(), e.to_string());
                UsageError(crate::i18n::tr!(
                    ctx.lang,
                    "outbox-not-writable",
                    dir = dir,
                    error = error
                ))
            })?;
        let abs = d.canonicalize()?;
        return Ok(Route::Outbox(abs.display().to_string()));
    }
    if relay {
        // Checked now: a bad [mail] section is exit 2 before anything is answered.
        crate::mail::Relay::from_config(ctx.config.mail.as_ref())?;
        return Ok(Route::Smtp);
    }
    Ok(Route::None)
}

/// What an answering run writes its letters with.
pub struct Letters {
    pub route: Route,
    pub key: Option<TransitKey>,
}

/// The letters of a run that takes in requests: `None` when they have no route, or in a dry
/// run (nothing is sealed or kept).
pub fn letters_for(
    ctx: &Context,
    dir: Option<PathBuf>,
    dry_run: bool,
) -> anyhow::Result<Option<Letters>> {
    let route = letter_route(ctx, dir)?;
    if matches!(route, Route::None) || dry_run {
        return Ok(None);
    }
    Ok(Some(Letters {
        route,
        key: Some(transit_key(ctx)?),
    }))
}

/// Records one letter, sealed, for delivery after the commit (nothing without a route).
pub async fn queue_letter(
    ctx: &Context,
    tx: &mut Tx,
    letters: &Letters,
    to: &Addressee<'_>,
    answer: &Answer<'_>,
    what: &str,
) -> anyhow::Result<()> {
    let (channel, target) = match &letters.route {
        Route::Outbox(dir) => (Channel::Outbox, dir.as_str()),
        Route::Smtp => (Channel::Smtp, to.email),
        Route::None => return Ok(()),
    };
    let Some(key) = &letters.key else {
        return Ok(());
    };
    let from = ctx.mail_from();
    let message_id = letters::new_message_id(to.request_id, what, &from);
    let bytes = letters::build(
        ctx.lang,
        &from,
        to,
        answer,
        &ctx.admin,
        ctx.as_of,
        &message_id,
    )?;
    let text = String::from_utf8(bytes)?;
    let sealed = key.seal(&message_id, &text)?;
    deliveries::add(
        tx,
        &NewDelivery {
            request_id: to.request_id,
            channel,
            what,
            target,
            message_id: Some(&message_id),
            sealed: &sealed,
            at: ctx.now.with_timezone(&Utc),
        },
    )
    .await?;
    Ok(())
}

/// Delivers everything open: credentials files and outbox letters always; letters for the
/// relay when `send` and `[mail] relay` is configured.
pub async fn run(ctx: &Context, db: &Store, send: bool) -> anyhow::Result<Delivered> {
    let mut out = Delivered::default();
    let creds = deliveries::open(db, Channel::Credentials).await?;
    let outbox = deliveries::open(db, Channel::Outbox).await?;
    let smtp = deliveries::open(db, Channel::Smtp).await?;
    if creds.is_empty() && outbox.is_empty() && smtp.is_empty() {
        return Ok(out);
    }
    let key = transit_key(ctx)?;
    credentials(db, &key, creds, &mut out).await?;
    letter_files(db, &key, outbox, &mut out).await?;
    out.waiting = smtp.len();
    if send && !smtp.is_empty() {
        let relay = Relay::from_config(ctx.config.mail.as_ref())?;
        if let Some(relay) = relay {
            relay_letters(db, &key, &relay, smtp, &mut out).await?;
        }
    }
    Ok(out)
}

/// The credentials rows, one file per target, in the order they were issued.
async fn credentials(
    db: &Store,
    key: &TransitKey,
    open: Vec<Open>,
    out: &mut Delivered,
) -> anyhow::Result<()> {
    let mut by_target: BTreeMap<String, Vec<Open>> = BTreeMap::new();
    for o in open {
        by_target.entry(o.target.clone()).or_default().push(o);
    }
    for (target, rows) in by_target {
        let mut lines = Vec::with_capacity(rows.len());
        for r in &rows {
            let sealed = r.sealed.as_deref().unwrap_or_default();
            lines.push(key.open(&credentials_ad(r.request_id), sealed)?);
        }
        let mut body = String::from(CREDENTIALS_HEADER);
        for l in &lines {
            body.push_str(l);
        }
        let target = PathBuf::from(&target);
        let rules = Rules::private(files::CREDENTIALS);
        out.cleaned.extend(clean(&files::folder_of(&target)));
        let placed = place(&target, &rules, body.as_bytes(), |existing| {
            let text = String::from_utf8_lossy(existing);
            text.starts_with(CREDENTIALS_HEADER) && lines.iter().all(|l| text.contains(l.as_str()))
        })?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut tx = db.begin().await?;
        deliveries::delivered(
            &mut tx,
            &ids,
            &placed.display().to_string(),
            crate::context::real_now(),
        )
        .await?;
        tx.commit().await?;
        out.credentials.push(placed.display().to_string());
    }
    Ok(())
}

/// The letters of outbox folders, each under its own name (numbered when the name is taken by
/// another file).
async fn letter_files(
    db: &Store,
    key: &TransitKey,
    open: Vec<Open>,
    out: &mut Delivered,
) -> anyhow::Result<()> {
    let mut swept: Vec<String> = Vec::new();
    let mut done: Vec<(i64, String)> = Vec::new();
    for o in &open {
        if !swept.contains(&o.target) {
            out.cleaned.extend(clean(Path::new(&o.target)));
            swept.push(o.target.clone());
        }
        let bytes = key.open(
            o.message_id.as_deref().unwrap_or_default(),
            o.sealed.as_deref().unwrap_or_default(),
        )?;
        let target =
            Path::new(&o.target).join(crate::export::letters::file_name(o.request_id, &o.what));
        let placed = place(
            &target,
            &Rules::private("letter"),
            bytes.as_bytes(),
            |existing| existing == bytes.as_bytes(),
        )?;
        out.letters.push(placed.display().to_string());
        done.push((o.id, placed.display().to_string()));
        if done.len() >= 500 {
            mark_files(db, &mut done).await?;
        }
    }
    mark_files(db, &mut done).await
}

async fn mark_files(db: &Store, done: &mut Vec<(i64, String)>) -> anyhow::Result<()> {
    if done.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let at = crate::context::real_now();
    for (id, path) in done.drain(..) {
        deliveries::delivered(&mut tx, &[id], &path, at).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Puts `bytes` at `target`, or finds them there already (`is_ours` on the file in place): a
/// target taken by another file gets `-2`, `-3`, ... before its extension.
fn place(
    target: &Path,
    rules: &Rules<'_>,
    bytes: &[u8],
    is_ours: impl Fn(&[u8]) -> bool,
) -> anyhow::Result<PathBuf> {
    let stem = target
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let mut candidate = target.to_owned();
    for n in 2u32..10_000 {
        match std::fs::symlink_metadata(&candidate) {
            Ok(m) if m.is_file() => {
                if std::fs::read(&candidate).is_ok_and(|b| is_ours(&b)) {
                    return Ok(candidate);
                }
            }
            Ok(_) => {}
            Err(_) => match files::write(&candidate, rules, bytes) {
                Ok(p) => return Ok(p),
                Err(FileError::Exists(_) | FileError::ExistsNeverForce(_)) => {}
                Err(e) => return Err(e.into()),
            },
        }
        candidate = target.with_file_name(format!("{stem}-{n}{ext}"));
    }
    anyhow::bail!("{}: no free name for the file", target.display())
}

/// Sweeps a folder of dead runs' temporary files; reports older ones.
fn clean(folder: &Path) -> Vec<String> {
    let mut v: Vec<String> = files::sweep(folder)
        .iter()
        .map(|p| format!("removed {}", p.display()))
        .collect();
    v.extend(files::leftovers(folder).iter().map(|p| {
        format!(
            "left by an older run, look at it and remove it: {}",
            p.display()
        )
    }));
    v
}

/// The letters for the relay, one at a time: counted as attempted before they go, marked with
/// the relay's reply after.
async fn relay_letters(
    db: &Store,
    key: &TransitKey,
    relay: &Relay,
    open: Vec<Open>,
    out: &mut Delivered,
) -> anyhow::Result<()> {
    match relay.check().await {
        Sent::Accepted(_) => {}
        Sent::Misconfigured(m) => {
            out.misconfigured = Some(m);
            return Ok(());
        }
        Sent::Later(m) | Sent::Refused(m) => {
            out.later = Some(m);
            return Ok(());
        }
    }
    for o in open {
        let message_id = o.message_id.as_deref().unwrap_or_default();
        let bytes = key.open(message_id, o.sealed.as_deref().unwrap_or_default())?;
        let mut tx = db.begin().await?;
        deliveries::attempt(&mut tx, &[o.id], "handed to the relay").await?;
        tx.commit().await?;
        let sent = relay.send(&o.target, bytes.as_bytes()).await;
        let mut tx = db.begin().await?;
        match sent {
            Sent::Accepted(reply) => {
                deliveries::delivered(&mut tx, &[o.id], &reply, crate::context::real_now()).await?;
                out.sent += 1;
                out.waiting -= 1;
            }
            Sent::Refused(reply) => {
                deliveries::failed(&mut tx, o.id, &reply, crate::context::real_now()).await?;
                out.failed
                    .push(format!("request {} <{}>: {reply}", o.request_id, o.target));
                out.waiting -= 1;
            }
            Sent::Later(reply) => {
                tx.rollback().await?;
                deliveries::deferred(db, o.id, &reply).await?;
                out.later = Some(reply);
                return Ok(());
            }
            Sent::Misconfigured(m) => {
                tx.rollback().await?;
                out.misconfigured = Some(m);
                return Ok(());
            }
        }
        tx.commit().await?;
    }
    Ok(())
}
