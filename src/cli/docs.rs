//! `skud man --out DIR` and `skud completions SHELL`: documentation generated from the clap
//! definitions, so it cannot drift from the code. `man/` holds the generated pages (checked in;
//! a test fails when they are out of date: regenerate with `skud man --out man`).

use crate::exit::Exit;
use clap::CommandFactory;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Folder to write skud.1 and skud-COMMAND.1 pages into
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub fn man(a: ManArgs) -> anyhow::Result<Exit> {
    std::fs::create_dir_all(&a.out)?;
    let cmd = super::Cli::command();
    write_pages(&cmd, "skud", &a.out)?;
    Ok(Exit::Ok)
}

fn write_pages(cmd: &clap::Command, name: &str, dir: &Path) -> anyhow::Result<()> {
    let cmd = cmd
        .clone()
        .name(name.to_owned())
        .bin_name(name.replace('-', " "));
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    crate::files::write(
        &dir.join(format!("{name}.1")),
        &crate::files::Rules::public("man"),
        &buf,
    )?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir)?;
    }
    Ok(())
}

pub fn completions(a: CompletionsArgs) -> anyhow::Result<Exit> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(a.shell, &mut cmd, "skud", &mut std::io::stdout());
    Ok(Exit::Ok)
}
