//! The progress bar of the long commands (ingest, export, dedup --rebuild): one style, on
//! stderr, hidden with --quiet (and by indicatif when stderr is not a terminal).

use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `total` steps drawn with `template` (indicatif's template syntax), or a hidden
/// one when `quiet`.
pub fn bar(quiet: bool, total: u64, template: &str) -> ProgressBar {
    let bar = if quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(total)
    };
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
