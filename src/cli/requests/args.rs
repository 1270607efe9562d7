//! The flags of `requests add`: one request's fields, as the Appendix 2 form names them.

use crate::domain::request::{RawRequest, ReqField, RequestKind};
use std::path::PathBuf;

/// `--kind`: the request kinds (`domain::request::RequestKind`), as flag values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    /// Register the user and grant rights (§19): answered with a login and a temporary password
    Grant,
    /// Replace the user's rights (§27)
    Change,
    /// Block the account
    Block,
    /// Unblock a blocked account with a new temporary password (§29)
    Reactivate,
}

impl KindArg {
    fn kind(self) -> RequestKind {
        match self {
            KindArg::Grant => RequestKind::Grant,
            KindArg::Change => RequestKind::Change,
            KindArg::Block => RequestKind::Block,
            KindArg::Reactivate => RequestKind::Reactivate,
        }
    }
}

/// The fields of one request (`requests add`).
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// grant, change, block or reactivate
    #[arg(long, value_enum)]
    kind: KindArg,
    /// The user's IIN (a block: read from the account when not given)
    #[arg(long)]
    iin: Option<String>,
    /// Full name (surname, name, patronymic), instead of the three flags below
    #[arg(long, conflicts_with_all = ["surname", "name", "patronymic"])]
    full_name: Option<String>,
    /// Surname (with --name and --patronymic, instead of --full-name)
    #[arg(long)]
    surname: Option<String>,
    /// Given name
    #[arg(long)]
    name: Option<String>,
    /// Patronymic, if any
    #[arg(long)]
    patronymic: Option<String>,
    /// The account concerned (change, block, reactivate)
    #[arg(long)]
    login: Option<String>,
    /// Work phone, as written
    #[arg(long)]
    work_phone: Option<String>,
    /// Mobile phone, as written
    #[arg(long)]
    cell_phone: Option<String>,
    /// IPv4 or IPv6 address of the user's computer (all but block)
    #[arg(long)]
    ip: Option<String>,
    /// The user's position (all but block)
    #[arg(long)]
    position: Option<String>,
    /// The user's structural division (all but block)
    #[arg(long)]
    department: Option<String>,
    /// System codes from the catalogue, separated by commas (grant, change)
    #[arg(long)]
    systems: Option<String>,
    /// change: system codes to add, the other rights kept (needs a basis order, §23)
    #[arg(long, value_name = "CODES")]
    add_systems: Option<String>,
    /// change: system codes to take away, the other rights kept (no basis order needed)
    #[arg(long, value_name = "CODES")]
    remove_systems: Option<String>,
    /// The functions (actions) requested
    #[arg(long)]
    functions: Option<String>,
    /// The number of the order the request rests on (§23)
    #[arg(long)]
    basis_order_no: Option<String>,
    /// The date of that order
    #[arg(long, value_name = "DATE")]
    basis_order_date: Option<String>,
    /// Where the answer goes (§22)
    #[arg(long)]
    reply_email: String,
    /// The applicant's region
    #[arg(long)]
    region: Option<String>,
    /// The applicant's outgoing letter number
    #[arg(long)]
    letter_no: Option<String>,
    /// The date of that letter
    #[arg(long, value_name = "DATE")]
    letter_date: Option<String>,
    /// The owner's incoming registration number
    #[arg(long)]
    incoming_no: Option<String>,
    /// The date of that registration
    #[arg(long, value_name = "DATE")]
    incoming_date: Option<String>,
    /// When the request was received: DD.MM.YYYY or YYYY-MM-DD, with HH:MM, Asia/Almaty (default:
    /// the as-of moment)
    #[arg(long)]
    received_at: Option<String>,
    /// Write a reply letter into this folder if the request is refused
    #[arg(long, value_name = "DIR")]
    pub(super) outbox: Option<PathBuf>,
    /// Check and report; write nothing
    #[arg(long)]
    pub(super) dry_run: bool,
}

impl AddArgs {
    pub(super) fn raw(&self) -> RawRequest {
        use ReqField as F;
        let mut r = RawRequest::default();
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        r.set(F::Kind, self.kind.kind().as_str());
        r.set(F::Iin, &opt(&self.iin));
        if let Some(full) = &self.full_name {
            let (s, n, p) = crate::domain::order::split_full_name(full);
            r.set(F::Surname, s);
            r.set(F::Name, n);
            r.set(F::Patronymic, p);
        } else {
            r.set(F::Surname, &opt(&self.surname));
            r.set(F::Name, &opt(&self.name));
            r.set(F::Patronymic, &opt(&self.patronymic));
        }
        for (f, v) in [
            (F::Login, &self.login),
            (F::WorkPhone, &self.work_phone),
            (F::CellPhone, &self.cell_phone),
            (F::Systems, &self.systems),
            (F::AddSystems, &self.add_systems),
            (F::RemoveSystems, &self.remove_systems),
            (F::Functions, &self.functions),
            (F::BasisOrderNo, &self.basis_order_no),
            (F::BasisOrderDate, &self.basis_order_date),
            (F::Region, &self.region),
            (F::LetterNo, &self.letter_no),
            (F::LetterDate, &self.letter_date),
            (F::IncomingNo, &self.incoming_no),
            (F::IncomingDate, &self.incoming_date),
            (F::ReceivedAt, &self.received_at),
        ] {
            r.set(f, &opt(v));
        }
        r.set(F::Ip, &opt(&self.ip));
        r.set(F::Position, &opt(&self.position));
        r.set(F::Department, &opt(&self.department));
        r.set(F::ReplyEmail, &self.reply_email);
        r
    }
}
