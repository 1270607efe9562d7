//! `skud journal export`: the journal of Appendix 1 (§25) as XLSX or CSV.

use super::output;
use crate::context::Context;
use crate::exit::{Exit, UsageError};
use crate::i18n::tr;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Cmd {
    /// Export the journal: the form's title and headers in the chosen language
    Export {
        /// The file to write: .xlsx or .csv
        #[arg(long, value_name = "FILE.xlsx|FILE.csv")]
        out: PathBuf,
        /// Only logins issued on or after this day
        #[arg(long, value_name = "DATE", value_parser = super::when::day)]
        from: Option<chrono::NaiveDate>,
        /// Only logins issued on or before this day
        #[arg(long, value_name = "DATE", value_parser = super::when::day)]
        to: Option<chrono::NaiveDate>,
        /// Only rows that name this system
        #[arg(long, value_name = "CODE")]
        system: Option<String>,
        /// Replace the file if it exists
        #[arg(long)]
        force: bool,
    },
}

pub async fn run(ctx: &Context, cmd: Cmd) -> anyhow::Result<Exit> {
    let Cmd::Export {
        out,
        from,
        to,
        system,
        force,
    } = cmd;
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xlsx" && ext != "csv" {
        let out = out.display().to_string();
        return Err(UsageError(tr!(ctx.lang, "journal-out-kind", out = out)).into());
    }
    if out.is_dir() {
        let out = out.display().to_string();
        return Err(UsageError(format!("--out {out}: {}", tr!(ctx.lang, "out-folder"))).into());
    }
    let system = system.map(|s| s.trim().to_uppercase());
    let what = crate::app::journal::Export {
        out: out.clone(),
        xlsx: ext == "xlsx",
        from,
        to,
        system: system.clone(),
        force,
    };
    let written = crate::app::journal::export(ctx, what).await?;
    if ctx.json {
        output::json(
            &serde_json::json!({ "out": out, "rows": written, "from": from, "to": to, "system": system }),
        )?;
    } else {
        println!(
            "{}",
            tr!(
                ctx.lang,
                "journal-exported",
                rows = written,
                path = out.display().to_string()
            )
        );
    }
    Ok(Exit::Ok)
}
