//! `skud man --out DIR` and `skud completions SHELL`: documentation generated from the clap
//! definitions, so it cannot drift from the code. `man/` holds the generated English pages,
//! `man/ru` and `man/kk` the Russian and Kazakh ones (checked in; a test fails when they are out
//! of date: regenerate with `scripts/man`).

use crate::exit::Exit;
use crate::i18n::Lang;
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

/// The pages in English, or in the language `--lang` (or `SKUD_LANG`) names: `skud man --lang
/// ru --out man/ru`. The locale alone does not choose: `man/` holds the English pages.
pub fn man(ctx: &crate::context::Context, a: ManArgs) -> anyhow::Result<Exit> {
    use crate::context::Source;
    let lang = match ctx.lang_source {
        Source::Flag | Source::Env => ctx.lang,
        _ => Lang::En,
    };
    std::fs::create_dir_all(&a.out)?;
    let cmd = super::help::localized(super::Cli::command(), lang);
    write_pages(&cmd, "skud", &a.out, lang)?;
    Ok(Exit::Ok)
}

/// clap_mangen's section headings in the page's language.
fn headings(page: Vec<u8>, lang: Lang) -> Vec<u8> {
    if lang == Lang::En {
        return page;
    }
    let text = String::from_utf8_lossy(&page);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        match line.trim_end().strip_prefix(".SH ") {
            Some(h) => {
                let key = format!("man-heading-{}", h.trim_matches('"').to_lowercase());
                let name = lang.lookup(&key).unwrap_or_else(|| h.to_owned());
                out.push_str(&format!(".SH \"{name}\"\n"));
            }
            None => out.push_str(line),
        }
    }
    out.into_bytes()
}

fn write_pages(cmd: &clap::Command, name: &str, dir: &Path, lang: Lang) -> anyhow::Result<()> {
    let cmd = cmd
        .clone()
        .name(name.to_owned())
        .bin_name(name.replace('-', " "));
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    crate::files::write(
        &dir.join(format!("{name}.1")),
        &crate::files::Rules::public("man"),
        &headings(buf, lang),
    )?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), dir, lang)?;
    }
    Ok(())
}

pub fn completions(a: CompletionsArgs) -> anyhow::Result<Exit> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(a.shell, &mut cmd, "skud", &mut std::io::stdout());
    Ok(Exit::Ok)
}
