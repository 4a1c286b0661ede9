//! Rebuilds the compact gazetteer: `cargo run --release -p marsad-geo --example build_gazetteer
//! -- SOURCE_DIR OUT_FILE` (the `marsad gazetteer build --from DIR` command does the same).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, out] = args.as_slice() else {
        eprintln!("usage: build_gazetteer SOURCE_DIR OUT_FILE");
        return ExitCode::from(2);
    };
    match marsad_geo::build::build_from_dir(&PathBuf::from(from), &PathBuf::from(out)) {
        Ok(r) => {
            println!("sources: {}", r.sources);
            println!(
                "rows read {}, places written {} ({} with Arabic names), admin units {}, keys {}, capital aliases dropped {}, {} bytes",
                r.rows_read, r.places, r.places_with_arabic, r.admins, r.keys, r.capital_aliases_dropped, r.bytes
            );
            println!("warnings: {}", r.warnings_total);
            for w in r.warnings.iter().take(20) {
                println!("  {w}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
