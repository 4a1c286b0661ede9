//! Prints the ISRI root ([`marsad_text::stem::root`]) of every line of standard input, one per
//! line: the Rust side of `bench/isri/compare.py`.

use std::io::{BufRead, BufWriter, Write};

fn main() {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut root = String::new();
    for line in stdin.lock().lines() {
        let line = line.expect("read standard input");
        root.clear();
        marsad_text::stem::root_into(line.trim_end_matches('\r'), &mut root);
        if writeln!(out, "{root}").is_err() {
            return; // broken pipe: the reader has what it wanted
        }
    }
    let _ = out.flush();
}
