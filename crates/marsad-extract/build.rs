//! Embeds the tables under `data/actors/`, `data/triggers/` and `data/extract/` in the library, so
//! the `marsad` binary works from any directory. Reads only files of this repository.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let data = manifest.join("../../data");
    let mut code = String::new();
    // (constant, folder, file name prefix)
    for (name, dir, prefix) in [
        ("ACTOR_TABLES", "actors", ""),
        ("TRIGGER_TABLES", "triggers", ""),
        ("ENGINE_TABLES", "extract", "words"),
    ] {
        let dir = data.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "tsv"))
                    .filter(|p| {
                        p.file_name()
                            .and_then(|n| n.to_str())
                            .is_some_and(|n| n.starts_with(prefix))
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        writeln!(
            code,
            "/// (relative path, contents) of each embedded table."
        )
        .unwrap();
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for file in &files {
            println!("cargo:rerun-if-changed={}", file.display());
            let relative = relative_to(file, &data);
            writeln!(
                code,
                "    ({:?}, include_str!({:?})),",
                format!("data/{relative}"),
                file.canonicalize()
                    .expect("listed file")
                    .display()
                    .to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it")).join("tables.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

fn relative_to(file: &Path, base: &Path) -> String {
    let base = base.canonicalize().expect("data dir exists");
    let file = file.canonicalize().expect("listed file");
    file.strip_prefix(&base)
        .expect("file under base")
        .to_string_lossy()
        .replace('\\', "/")
}
