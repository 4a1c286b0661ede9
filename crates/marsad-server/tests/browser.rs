//! The web page in real headless Chromium: starts the real server on a loopback port over a
//! real store and runs `web/tests/browser.mjs` (playwright-core driving Debian's chromium).
//!
//! Needs `node`, `web/node_modules` (`npm ci` in `web/`) and `/usr/bin/chromium` (or
//! `$CHROMIUM`). Without them the test says so and passes, so a fresh clone's `cargo test`
//! works; CI installs them and sets `MARSAD_BROWSER_TESTS=require`, which turns a missing
//! piece into a failure. Screenshots go to `web/test-artifacts/` (or `$MARSAD_ARTIFACTS`).

mod common;

use std::path::PathBuf;
use std::process::Command;

fn missing_piece() -> Option<String> {
    let web = common::repo().join("web");
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    if !web.join("node_modules/playwright-core").is_dir() {
        return Some("web/node_modules is missing (run `npm ci` in web/)".into());
    }
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !PathBuf::from(&chromium).exists() {
        return Some(format!(
            "{chromium} is missing (apt-get install chromium fonts-noto-core)"
        ));
    }
    None
}

#[test]
fn the_page_works_in_headless_chromium() {
    if let Some(why) = missing_piece() {
        if std::env::var("MARSAD_BROWSER_TESTS").as_deref() == Ok("require") {
            panic!("browser tests required but {why}");
        }
        eprintln!("SKIPPED browser tests: {why}");
        return;
    }
    let world = common::world();
    let artifacts = std::env::var("MARSAD_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| common::repo().join("web/test-artifacts"));
    let output = Command::new("node")
        .arg(common::repo().join("web/tests/browser.mjs"))
        .arg(format!("http://{}", world.main))
        .arg(&artifacts)
        .output()
        .expect("running node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "browser tests failed (screenshots in {})",
        artifacts.display()
    );
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}
