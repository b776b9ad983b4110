//! Shell completions and man pages, generated from the same clap definitions that parse the
//! command line. `strom completions <shell>` prints a script; the hidden `generate-assets DIR`
//! writes `completions/` and `man/` (checked in, and a test fails when they are stale).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;
use super::applet::APPLETS;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print a completion script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
pub struct GenerateAssetsArgs {
    /// The repository root: files go to DIR/completions and DIR/man.
    pub dir: PathBuf,
}

pub fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "strom", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

const SHELLS: [Shell; 4] = [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell];

/// The subcommand as its `kafka-*` link presents itself.
fn applet_command(sub: &str, shown: &'static str) -> Option<clap::Command> {
    let cmd = Cli::command().find_subcommand(sub)?.clone();
    Some(
        cmd.name(shown)
            .bin_name(shown)
            .display_name(shown)
            .version(env!("CARGO_PKG_VERSION"))
            .arg(super::color_arg()),
    )
}

pub fn generate_assets(args: GenerateAssetsArgs) -> anyhow::Result<ExitCode> {
    let comp = args.dir.join("completions");
    let man = args.dir.join("man");
    for d in [&comp, &man] {
        std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
    }
    for shell in SHELLS {
        clap_complete::generate_to(shell, &mut Cli::command(), "strom", &comp)?;
    }
    write_man(&man, Cli::command(), "strom")?;
    for sub in Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
    {
        let name = format!("strom-{}", sub.get_name());
        let cmd = sub
            .clone()
            .name(name.clone())
            .display_name(name.clone())
            .version(env!("CARGO_PKG_VERSION"));
        write_man(&man, cmd, &name)?;
    }
    for (sub, shown) in APPLETS {
        let Some(cmd) = applet_command(sub, shown) else {
            continue;
        };
        for shell in SHELLS {
            clap_complete::generate_to(shell, &mut cmd.clone(), *shown, &comp)?;
        }
        write_man(&man, cmd, shown)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_man(dir: &Path, cmd: clap::Command, name: &str) -> anyhow::Result<()> {
    let mut out = Vec::new();
    let is_server = name.ends_with("server-start");
    clap_mangen::Man::new(cmd).render(&mut out)?;
    if is_server {
        out.extend_from_slice(configuration_section().as_bytes());
    }
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, out).with_context(|| format!("cannot write {}", path.display()))
}

fn roff(text: &str) -> String {
    text.replace('\\', "\\\\").replace('-', "\\-")
}

/// The broker's configuration keys, from the table `server.properties` is parsed with.
fn configuration_section() -> String {
    use strom_core::config::keys::BROKER_KEYS;
    let mut s = String::from(
        ".SH CONFIGURATION\nKeys of server.properties (and \\fB\\-\\-override\\fR), with their defaults.\n",
    );
    for k in BROKER_KEYS {
        let default = k.default.map_or_else(
            || "null".to_string(),
            |d| {
                if d.is_empty() {
                    "\"\"".to_string()
                } else {
                    d.to_string()
                }
            },
        );
        s.push_str(&format!(
            ".TP\n\\fB{}\\fR (default: {})\n{}\n",
            roff(k.name),
            roff(&default),
            roff(k.doc)
        ));
    }
    s
}
