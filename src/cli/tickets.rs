//! `skud tickets`: support tickets (§12-§15) — a user's report of a technical failure, or a
//! question through the feedback form — due within three calendar days of submission (§15).

use super::output;
use crate::context::{Context, local_time, rfc3339};
use crate::domain::ticket::{MAX_ATTACHMENT, due_day};
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use crate::store::tickets::{self, NewTicket};
use std::path::PathBuf;

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Record a ticket: §13 (full name, position, login, reason, phone, e-mail) or §14 (subject,
    /// text, attachment, e-mail). Due at the end of the third calendar day after submission (§15)
    Open(OpenArgs),
    /// Close a ticket with what was done
    Close {
        id: i64,
        #[arg(long)]
        resolution: String,
    },
    /// Tickets by number; --overdue: those open past their deadline (exit 3)
    List {
        /// Only open tickets
        #[arg(long)]
        open: bool,
        /// Only tickets still open past their deadline (§15); exit 3 when there are any
        #[arg(long)]
        overdue: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct OpenArgs {
    /// The user's full name (§13.1)
    #[arg(long)]
    full_name: String,
    /// Position (§13.1)
    #[arg(long)]
    position: Option<String>,
    /// The user's login (§13.1)
    #[arg(long)]
    login: Option<String>,
    /// The reason of the report (§13.2)
    #[arg(long)]
    reason: Option<String>,
    /// Phone (§13.3)
    #[arg(long)]
    phone: Option<String>,
    /// E-mail (§13.3, §14.5)
    #[arg(long)]
    email: Option<String>,
    /// The information system concerned (a code of the catalogue)
    #[arg(long)]
    system: Option<String>,
    /// Subject (§14.3)
    #[arg(long)]
    subject: Option<String>,
    /// Text (§14.4)
    #[arg(long)]
    text: Option<String>,
    /// A file sent with it (§14.2): kept by its SHA-256 with its name and size, never opened
    #[arg(long, value_name = "FILE")]
    attachment: Option<PathBuf>,
    /// When it was submitted: DD.MM.YYYY or YYYY-MM-DD, with HH:MM (Asia/Almaty; default: the
    /// as-of moment)
    #[arg(long, value_name = "DATE[ HH:MM]", value_parser = super::when::moment)]
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    match cmd {
        Cmd::Open(a) => open(ctx, a).await,
        Cmd::Close { id, resolution } => close(ctx, id, &resolution).await,
        Cmd::List { open, overdue } => list(ctx, open, overdue).await,
    }
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

async fn open(ctx: &Context, a: OpenArgs) -> anyhow::Result<Exit> {
    let full_name = a.full_name.trim();
    if full_name.is_empty() {
        return Err(UsageError(tr!(ctx.lang, "ticket-no-name")).into());
    }
    if given(&a.reason).is_none() && given(&a.subject).is_none() && given(&a.text).is_none() {
        return Err(UsageError(tr!(ctx.lang, "ticket-no-subject")).into());
    }
    if given(&a.phone).is_none() && given(&a.email).is_none() {
        return Err(UsageError(tr!(ctx.lang, "ticket-no-contact")).into());
    }
    if let Some(e) = given(&a.email)
        && e.parse::<lettre::Address>().is_err()
    {
        let why = tr!(ctx.lang, "reject-invalid-email", value = e);
        return Err(UsageError(format!("--email: {why}")).into());
    }
    let submitted = match &a.at {
        Some(at) => super::accounts::moment(ctx, *at)?,
        None => ctx.as_of.with_timezone(&chrono::Utc),
    };
    let day = submitted
        .with_timezone(&crate::context::almaty())
        .date_naive();
    let due = Context::end_of_day(due_day(day));
    // The attachment: read whole, refused past the limit, kept by its hash; never opened.
    let attachment = match &a.attachment {
        None => None,
        Some(path) => {
            let content = read_attachment(path)
                .map_err(|e| UsageError(format!("--attachment {}: {e}", path.display())))?;
            let sha = {
                use sha2::Digest;
                hex::encode(sha2::Sha256::digest(&content))
            };
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "attachment".into());
            Some((sha, name, content))
        }
    };
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    if let Some(code) = given(&a.system)
        && !crate::store::requests::system_codes(&mut tx)
            .await?
            .contains(code)
    {
        return Err(UsageError(tr!(ctx.lang, "ticket-unknown-system", code = code)).into());
    }
    if let Some((sha, _, content)) = &attachment {
        tickets::store_attachment(&mut tx, sha, content).await?;
    }
    let t = NewTicket {
        full_name,
        position: given(&a.position),
        login: given(&a.login),
        reason: given(&a.reason),
        phone: given(&a.phone),
        email: given(&a.email),
        system_code: given(&a.system),
        subject: given(&a.subject),
        body: given(&a.text),
        attachment: attachment
            .as_ref()
            .map(|(s, n, c)| (s.as_str(), n.as_str(), c.len() as i64)),
        submitted_at: submitted,
        due_at: due,
        recorded_at: ctx.now,
    };
    let id = tickets::open(&mut tx, &t).await?;
    let entry = ctx.audit_entry(
        "tickets.open",
        serde_json::json!([id]),
        1,
        serde_json::json!({ "login": t.login, "system": t.system_code,
            "attachment_sha256": attachment.as_ref().map(|a| a.0.clone()) }),
    );
    crate::store::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    if ctx.json {
        output::json(
            &serde_json::json!({ "id": id, "submitted_at": rfc3339(submitted), "due_at": rfc3339(due),
            "attachment_sha256": attachment.as_ref().map(|a| a.0.clone()) }),
        )?;
    } else {
        println!(
            "{}",
            tr!(ctx.lang, "ticket-opened", id = id, due = local_time(due))
        );
    }
    Ok(Exit::Ok)
}

async fn close(ctx: &Context, id: i64, resolution: &str) -> anyhow::Result<Exit> {
    if resolution.trim().is_empty() {
        return Err(UsageError(tr!(ctx.lang, "ticket-no-resolution")).into());
    }
    let (db, _) = super::open(ctx).await?;
    let mut tx = db.begin().await?;
    let at = ctx.as_of.with_timezone(&chrono::Utc);
    if !tickets::close(&mut tx, id, resolution.trim(), at).await? {
        let key = if tickets::exists(&mut tx, id).await? {
            "ticket-closed-already"
        } else {
            "ticket-unknown"
        };
        return Err(UsageError(tr!(ctx.lang, key, id = id)).into());
    }
    let entry = ctx.audit_entry(
        "tickets.close",
        serde_json::json!([id]),
        1,
        serde_json::json!({}),
    );
    crate::store::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    if ctx.json {
        output::json(&serde_json::json!({ "id": id, "closed_at": rfc3339(at) }))?;
    } else {
        println!("{}", tr!(ctx.lang, "ticket-closed", id = id));
    }
    Ok(Exit::Ok)
}

async fn list(ctx: &Context, open: bool, overdue: bool) -> anyhow::Result<Exit> {
    let (db, _) = super::open(ctx).await?;
    let now = ctx.as_of.with_timezone(&chrono::Utc);
    let rows = tickets::list(&db, open, overdue.then_some(now), None).await?;
    if ctx.json {
        output::json(&serde_json::json!({ "tickets": rows }))?;
    } else {
        let header: Vec<String> = [
            "col-id",
            "col-submitted",
            "col-due",
            "col-closed",
            "col-full-name",
            "col-login",
            "col-subject",
        ]
        .map(|k| tr!(ctx.lang, k))
        .to_vec();
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|t| {
                vec![
                    t.id.to_string(),
                    local_time(t.submitted_at),
                    local_time(t.due_at),
                    t.closed_at.map(local_time).unwrap_or_default(),
                    t.full_name.clone(),
                    t.login.clone().unwrap_or_default(),
                    t.reason
                        .clone()
                        .or_else(|| t.subject.clone())
                        .unwrap_or_default(),
                ]
            })
            .collect();
        output::table(&header, &table)?;
    }
    Ok(if overdue && !rows.is_empty() {
        Exit::Attention
    } else {
        Exit::Ok
    })
}

/// Reads an attachment: a regular file only, opened without following a symlink
/// (`O_NOFOLLOW`), its type and size checked on the opened file (no device, FIFO or socket),
/// and what is read must be the size the file claims (a /proc or /sys file claims 0 and is
/// refused), at most [`MAX_ATTACHMENT`].
fn read_attachment(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                "is a symbolic link; name the file itself".to_owned()
            } else {
                e.to_string()
            }
        })?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file (a folder, device, FIFO or socket is refused)".into());
    }
    if meta.len() > MAX_ATTACHMENT {
        return Err(format!(
            "{} bytes, more than the {} MiB kept",
            meta.len(),
            MAX_ATTACHMENT / 1024 / 1024
        ));
    }
    let mut content = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_ATTACHMENT + 1)
        .read_to_end(&mut content)
        .map_err(|e| e.to_string())?;
    if content.len() as u64 != meta.len() {
        return Err(format!(
            "the file claims {} bytes and gives {}: not a regular file on disk (/proc, /sys?)",
            meta.len(),
            content.len()
        ));
    }
    Ok(content)
}
