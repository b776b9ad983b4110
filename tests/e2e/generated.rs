//! completions/ and man/ match what the current command-line definitions generate.

use std::path::{Path, PathBuf};

use crate::harness::strom;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    strom()
        .arg("generate-assets")
        .arg(tmp.path())
        .assert()
        .success();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["completions", "man"] {
        let fresh = files(&tmp.path().join(sub));
        assert!(
            fresh.len() > 10,
            "generate-assets wrote only {} files to {sub}",
            fresh.len()
        );
        let names = |v: &[PathBuf]| {
            v.iter()
                .map(|p| p.file_name().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        let checked_in = files(&repo.join(sub));
        assert_eq!(
            names(&fresh),
            names(&checked_in),
            "{sub}/ is stale: run `cargo run -- generate-assets .`"
        );
        for f in fresh {
            let name = f.file_name().unwrap();
            let want = std::fs::read(&f).unwrap();
            let have = std::fs::read(repo.join(sub).join(name)).unwrap();
            assert!(
                want == have,
                "{sub}/{} is stale: run `cargo run -- generate-assets .`",
                name.to_string_lossy()
            );
        }
    }
}

#[test]
fn completions_print_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = strom().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("console-consumer"), "{shell}: {text}");
    }
}
