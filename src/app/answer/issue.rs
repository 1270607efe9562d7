//! `skud logins issue`: grant and reactivate requests answered with a login and a temporary
//! password (§22, §25, §26).

use super::{Report, Run, Selection, begin};
use crate::app::deliver::{self, Letters, letter_route};
use crate::context::Context;
use crate::domain::login::{self, NameParts};
use crate::domain::request::RequestKind;
use crate::exit::UsageError;
use crate::export::letters::Answer;
use crate::i18n::tr;
use crate::secrets::TransitKey;
use crate::store::accounts::{self, JournalEntry, NewAccount};
use crate::store::deliveries::{self, Channel, NewDelivery};
use crate::store::requests::{self as store, RequestRow};
use chrono::Utc;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What `logins issue` is asked to do.
pub struct Issue {
    pub selection: Selection,
    /// Where the logins and temporary passwords go (a new file, mode 0600).
    pub credentials: PathBuf,
    /// The folder for reply letters, if any.
    pub outbox: Option<PathBuf>,
}

/// What a run needs to issue logins: the policy, the logins that cannot be given (§26), the
/// transit key the passwords are sealed with, and where the credentials go.
struct Issuer {
    template: String,
    taken: HashSet<String>,
    reserved: HashSet<String>,
    transit: Option<TransitKey>,
    credentials: String,
}

/// A temporary password and its Argon2id hash.
type Secret = (String, String);

/// `skud logins issue`: answers pending grant and reactivate requests.
pub async fn issue(ctx: &Context, what: Issue) -> anyhow::Result<Report> {
    what.selection.check(ctx)?;
    if ctx.admin_source == crate::context::Source::Default {
        return Err(UsageError(tr!(ctx.lang, "admin-required")).into());
    }
    let template = ctx.login_template()?;
    // Checked before anything is answered: a file of passwords is never written over, nor
    // through a symlink.
    crate::files::check(
        &what.credentials,
        &crate::files::Rules::private(crate::files::CREDENTIALS),
    )?;
    let credentials = absolute(&what.credentials)?;
    let route = letter_route(ctx, what.outbox)?;
    let sel = &what.selection;
    let kinds = [RequestKind::Grant, RequestKind::Reactivate];
    let (db, mut tx, pending, report) = match begin(ctx, sel, kinds, "requests apply").await? {
        Ok(started) => started,
        Err(nothing) => return Ok(nothing),
    };
    // A dry run makes no key and seals nothing.
    let transit = match sel.dry_run {
        true => None,
        false => Some(deliver::transit_key(ctx)?),
    };
    let systems = store::system_codes(&mut tx).await?;
    // §26: every login ever issued, and every login the directory was seen to hold.
    let mut taken = accounts::all_logins(&mut tx).await?;
    taken.extend(crate::store::directory::directory_logins(&mut tx).await?);
    let mut issuer = Issuer {
        template,
        taken,
        reserved: crate::context::host_system_accounts(),
        transit: transit.clone(),
        credentials,
    };
    let mut run = Run {
        db,
        tx,
        letters: Letters {
            route,
            key: transit,
        },
        systems,
        report,
        audit: Vec::new(),
    };
    // The passwords are hashed on the other cores while the database work goes on.
    let (send, mut secrets) = tokio::sync::mpsc::channel(4);
    let n = pending.len();
    let hashing = tokio::task::spawn_blocking(move || crate::secrets::stream_passwords(n, send));
    let mut ready: std::vec::IntoIter<Secret> = Vec::new().into_iter();
    for r in &pending {
        let secret = match ready.next() {
            Some(pair) => pair,
            None => {
                let batch = secrets
                    .recv()
                    .await
                    .ok_or_else(|| anyhow::anyhow!("the password hashing thread stopped"))??;
                ready = batch.into_iter();
                ready
                    .next()
                    .ok_or_else(|| anyhow::anyhow!("the password hashing thread sent nothing"))?
            }
        };
        if !run.refused_now(ctx, r).await? {
            issuer.answer(ctx, &mut run, r, secret).await?;
        }
    }
    drop(secrets);
    hashing.await?;
    run.finish(ctx, "logins.issue").await
}

impl Issuer {
    /// Answers one request that passed the rules: the account, the journal row, the request's
    /// status, the credentials row and the letter.
    async fn answer(
        &mut self,
        ctx: &Context,
        run: &mut Run,
        r: &RequestRow,
        (password, hash): Secret,
    ) -> anyhow::Result<()> {
        let reactivation = r.kind == RequestKind::Reactivate;
        let login = if reactivation {
            self.reactivate(ctx, run, r, &password, &hash).await?
        } else {
            match self.create(ctx, run, r, &password, &hash).await? {
                Some(login) => login,
                None => {
                    // Left pending for the administrator: the name must be corrected first.
                    let name = r.full_name();
                    let why = tr!(ctx.lang, "login-cannot-generate", id = r.id, name = name);
                    run.report.unanswered.push(why);
                    return Ok(());
                }
            }
        };
        let no = journal(ctx, run, r, &login, reactivation).await?;
        run.mark_done(ctx, r, &login).await?;
        self.queue_credentials(ctx, run, r, &login, &password)
            .await?;
        let (answer, what) = match reactivation {
            true => (
                Answer::Reactivated {
                    login: &login,
                    password: &password,
                },
                "reactivated",
            ),
            false => (
                Answer::Issued {
                    login: &login,
                    password: &password,
                },
                "issued",
            ),
        };
        run.letter(ctx, r, &answer, what).await?;
        run.audit
            .push(serde_json::json!({ "request": r.id, "login": login, "journal_no": no }));
        run.report.count_done(r, login);
        Ok(())
    }

    /// A reactivation: the account's new password (and the sealed copy for the push).
    async fn reactivate(
        &self,
        ctx: &Context,
        run: &mut Run,
        r: &RequestRow,
        password: &str,
        hash: &str,
    ) -> anyhow::Result<String> {
        let login = r.login.clone().unwrap_or_default();
        let sealed = self.seal_for_push(ctx, &login, password)?;
        let at = ctx.as_of.with_timezone(&Utc);
        if !accounts::reactivate(&mut run.tx, &login, hash, sealed.as_deref(), at).await? {
            anyhow::bail!(
                "request {}: the account {login} changed during the run; nothing was written",
                r.id
            );
        }
        Ok(login)
    }

    /// A grant: a new login from the name (§20, §26) and its account with its systems. None
    /// when the name gives no free login.
    async fn create(
        &mut self,
        ctx: &Context,
        run: &mut Run,
        r: &RequestRow,
        password: &str,
        hash: &str,
    ) -> anyhow::Result<Option<String>> {
        let parts = NameParts {
            surname: &r.surname,
            name: &r.name,
            patronymic: r.patronymic.as_deref(),
        };
        let taken = &self.taken;
        let is_taken = |l: &str| taken.contains(l);
        let Some(login) = login::generate(&self.template, parts, &is_taken, &self.reserved) else {
            return Ok(None);
        };
        self.taken.insert(login.clone());
        let sealed = self.seal_for_push(ctx, &login, password)?;
        let account = NewAccount {
            login: &login,
            iin: &r.iin,
            surname: &r.surname,
            name: &r.name,
            patronymic: r.patronymic.as_deref(),
            password_hash: hash,
            password_sealed: sealed.as_deref(),
            at: ctx.as_of.with_timezone(&Utc),
            request_id: r.id,
        };
        accounts::create(&mut run.tx, &account).await?;
        let systems = r.system_codes();
        accounts::set_systems(&mut run.tx, &login, &systems, r.functions.as_deref()).await?;
        Ok(Some(login))
    }

    /// The sealed password for the directory push, only where a directory is configured.
    fn seal_for_push(
        &self,
        ctx: &Context,
        login: &str,
        password: &str,
    ) -> anyhow::Result<Option<String>> {
        match (&self.transit, &ctx.config.ldap) {
            (Some(key), Some(_)) => Ok(Some(key.seal(login, password)?)),
            _ => Ok(None),
        }
    }

    /// The row of the credentials file, sealed until it is delivered after the commit.
    async fn queue_credentials(
        &self,
        ctx: &Context,
        run: &mut Run,
        r: &RequestRow,
        login: &str,
        password: &str,
    ) -> anyhow::Result<()> {
        let Some(key) = &self.transit else {
            return Ok(());
        };
        let id = r.id.to_string();
        let name = crate::files::defuse(&r.full_name());
        let line = credentials_line([
            &id,
            r.kind.as_str(),
            login,
            password,
            &name,
            &r.iin,
            &r.reply_email,
        ])?;
        let delivery = NewDelivery {
            request_id: r.id,
            channel: Channel::Credentials,
            what: r.kind.as_str(),
            target: &self.credentials,
            message_id: None,
            sealed: &key.seal(&deliver::credentials_ad(r.id), &line)?,
            at: ctx.as_of.with_timezone(&Utc),
        };
        deliveries::add(&mut run.tx, &delivery).await?;
        Ok(())
    }
}

/// The journal row of an issued login (§25); its number.
async fn journal(
    ctx: &Context,
    run: &mut Run,
    r: &RequestRow,
    login: &str,
    reactivation: bool,
) -> anyhow::Result<i64> {
    let (basis, basis_kind) = match (&r.basis_order_no, r.basis_order_date) {
        (Some(no), Some(date)) if !reactivation => {
            // The rules were checked just now, so the order is on record.
            let Some((stored_no, kind)) = store::basis_order(&mut run.tx, &r.iin, no, date).await?
            else {
                anyhow::bail!(
                    "request {}: its basis order disappeared during the run",
                    r.id
                );
            };
            (format!("№ {stored_no}, {}", date.format("%d.%m.%Y")), kind)
        }
        _ => (String::new(), "reactivation".to_owned()),
    };
    let systems: Vec<String> = match reactivation {
        true => accounts::system_codes_in(&mut run.tx, login).await?,
        false => r.system_codes(),
    };
    let entry = JournalEntry {
        issued_on: ctx.today(),
        login,
        request_id: r.id,
        letter: &letter_column(r),
        systems: &systems.join(","),
        basis: &basis,
        basis_kind: &basis_kind,
        admin: &ctx.admin,
        full_name: &r.full_name(),
        reactivation,
        replaces: None,
    };
    Ok(accounts::journal_append(&mut run.tx, &entry).await?)
}

/// The journal's letter column: region / outgoing letter / incoming registration.
fn letter_column(r: &RequestRow) -> String {
    let d = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d.%m.%Y").to_string());
    let numbered = |no: &Option<String>, date: Option<String>| match (no, date) {
        (Some(n), Some(d)) => Some(format!("№ {n}, {d}")),
        (Some(n), None) => Some(format!("№ {n}")),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    };
    [
        r.region.clone(),
        numbered(&r.letter_no, d(r.letter_date)),
        numbered(&r.incoming_no, d(r.incoming_date)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" / ")
}

/// One row of the credentials file, as CSV text (a line).
fn credentials_line(fields: [&str; 7]) -> anyhow::Result<String> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(fields)?;
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?,
    )?)
}

/// The absolute path of a file to be written (its folder must exist).
fn absolute(path: &Path) -> anyhow::Result<String> {
    let folder = crate::files::folder_of(path);
    let folder = folder
        .canonicalize()
        .map_err(|e| UsageError(format!("{}: cannot write there: {e}", folder.display())))?;
    let name = path
        .file_name()
        .ok_or_else(|| UsageError(format!("{}: name a file", path.display())))?;
    Ok(folder.join(name).display().to_string())
}
