//! Load time and index size of the embedded gazetteer: `cargo run --release -p marsad-geo --example load_time`.

fn main() {
    let t0 = std::time::Instant::now();
    let g = marsad_geo::Gazetteer::load_default().unwrap();
    eprintln!(
        "load {:?} ({} places, ~{} MB index)",
        t0.elapsed(),
        g.len(),
        g.memory_bytes() / 1_000_000
    );
}
