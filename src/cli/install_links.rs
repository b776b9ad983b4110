//! `strom install-links DIR`: symlinks named like Kafka's scripts, pointing at this binary.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::applet::APPLETS;

#[derive(Debug, Args)]
pub struct InstallLinksArgs {
    /// Directory to create the links in (created if missing).
    pub dir: PathBuf,
    /// Also create the `.sh` names (kafka-topics.sh) beside the plain ones.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    pub sh: bool,
    /// Replace existing files of the same names.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: InstallLinksArgs) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().context("cannot find the path of this executable")?;
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create {}", args.dir.display()))?;
    let mut made = 0;
    for (_, name) in APPLETS {
        let mut names = vec![name.to_string()];
        if args.sh {
            names.push(format!("{name}.sh"));
        }
        for n in names {
            let link = args.dir.join(&n);
            if link.symlink_metadata().is_ok() {
                if !args.force {
                    eprintln!(
                        "{} exists; skipped (use --force to replace)",
                        link.display()
                    );
                    continue;
                }
                std::fs::remove_file(&link)
                    .with_context(|| format!("cannot remove {}", link.display()))?;
            }
            std::os::unix::fs::symlink(&exe, &link)
                .with_context(|| format!("cannot create link {}", link.display()))?;
            made += 1;
        }
    }
    println!("Created {made} links in {}", args.dir.display());
    Ok(ExitCode::SUCCESS)
}
