//! The web page in real headless Chromium: starts the real server on a loopback port over a
//! real store and runs `web/tests/browser.mjs` (playwright-core driving Debian's chromium).
//!
//! Needs `node`, `web/node_modules` (`npm ci` in `web/`) and `/usr/bin/chromium` (or
//! `$CHROMIUM`), so it is ignored (with that reason in the summary) unless run with
//! `cargo test -- --ignored needs_`, as CI does after installing them; run, a missing piece
//! is a failure. Screenshots go to `web/test-artifacts/` (or `$MARSAD_ARTIFACTS`).

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

mod needs_browser {
    use super::*;

    #[test]
    #[ignore = "needs node, web/node_modules (npm ci in web/) and Chromium; run with \
            `cargo test -- --ignored needs_` (.ci/run does)"]
    fn the_page_works_in_headless_chromium() {
        if let Some(why) = missing_piece() {
            panic!("the browser test cannot run: {why}");
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
}
