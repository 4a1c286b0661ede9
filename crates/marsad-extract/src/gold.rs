//! Gold articles: hand-coded events of real articles (`docs/annotation-guidelines.md`), the
//! data that decisions are learned from and measured on.
//!
//! A gold file is one JSON object: `doc_id`, `published`, `source`, the article's `text` (or a
//! `text_ref`: a file path, or `file.jsonl#doc_id` (`.jsonl.gz` too), relative to a root folder) and its `events`.
//! Reading is forgiving by item: a file that does not parse, an event of an unknown sub-event
//! type or whose evidence is not in the text is reported (file and event) and left out; the
//! rest is read.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::record::{Document, SubEventType};

/// One gold article.
#[derive(Clone, Debug)]
pub struct GoldArticle {
    pub doc: Document,
    pub events: Vec<GoldEvent>,
    /// The file it was read from.
    pub path: PathBuf,
}

/// One hand-coded event.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldEvent {
    pub event_type: String,
    pub sub_event_type: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub actor1: Option<GoldName>,
    #[serde(default)]
    pub actor2: Option<GoldName>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default)]
    pub location: Option<GoldLocation>,
    #[serde(default)]
    pub fatalities: Option<u32>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    evidence_span: Option<(usize, usize)>,
    /// A careful coder could include or leave it out: neither required nor counted against.
    #[serde(default)]
    pub optional: bool,
}

/// An actor as the gold names it (ACLED's English name, the Arabic words).
#[derive(Clone, Debug, Deserialize)]
pub struct GoldName {
    pub name: String,
    #[serde(default)]
    pub ar: Option<String>,
}

/// A place as the gold names it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct GoldLocation {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub ar: Option<String>,
    #[serde(default)]
    pub geonameid: Option<i64>,
}

#[derive(Deserialize)]
struct GoldFile {
    doc_id: String,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    text_ref: Option<String>,
    events: Vec<serde_json::Value>,
}

/// What reading a set of gold folders gave: the articles and the problems met on the way.
#[derive(Debug, Default)]
pub struct GoldSet {
    pub articles: Vec<GoldArticle>,
    /// One line per file or event left out, naming it and why.
    pub problems: Vec<String>,
}

impl GoldSet {
    /// Reads every `*.json` file of the folders, in name order; `text_ref`s start from `root`,
    /// else from the nearest folder above the gold file where the referenced file exists.
    pub fn read(dirs: &[PathBuf], root: Option<&Path>) -> GoldSet {
        let mut set = GoldSet::default();
        let mut corpora: HashMap<PathBuf, HashMap<String, String>> = HashMap::new();
        for dir in dirs {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
                Ok(entries) => entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|e| e == "json"))
                    .collect(),
                Err(e) => {
                    set.problems
                        .push(format!("{}: cannot read the folder: {e}", dir.display()));
                    continue;
                }
            };
            files.sort();
            for path in files {
                match read_file(&path, root, &mut corpora, &mut set.problems) {
                    Ok(article) => set.articles.push(article),
                    Err(message) => set.problems.push(format!("{}: {message}", path.display())),
                }
            }
        }
        set
    }

    /// Gold events over all articles, required and optional.
    pub fn event_count(&self) -> usize {
        self.articles.iter().map(|a| a.events.len()).sum()
    }
}

fn read_file(
    path: &Path,
    root: Option<&Path>,
    corpora: &mut HashMap<PathBuf, HashMap<String, String>>,
    problems: &mut Vec<String>,
) -> Result<GoldArticle, String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let file: GoldFile = serde_json::from_str(&raw).map_err(|e| format!("not a gold file: {e}"))?;
    let text = match (file.text, &file.text_ref) {
        (Some(text), _) => text,
        (None, Some(reference)) => {
            let file = reference.split('#').next().unwrap_or(reference);
            let root = match root {
                Some(r) => r.to_path_buf(),
                None => std::path::absolute(path)
                    .unwrap_or_else(|_| path.to_path_buf())
                    .ancestors()
                    .skip(1)
                    .find(|a| a.join(file).is_file())
                    .ok_or_else(|| format!("text_ref {file}: not found above the gold file"))?
                    .to_path_buf(),
            };
            resolve_text_ref(&root, reference, corpora)?
        }
        (None, None) => return Err("neither text nor text_ref".into()),
    };
    let published = match file.published.as_deref() {
        None | Some("") => None,
        Some(d) => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|e| format!("published {d:?}: {e}"))?,
        ),
    };
    let mut events = Vec::with_capacity(file.events.len());
    for (i, value) in file.events.into_iter().enumerate() {
        let where_ = format!("{}: event {i}", path.display());
        let mut event: GoldEvent = match serde_json::from_value(value) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("{where_}: left out: {e}"));
                continue;
            }
        };
        if SubEventType::from_name(&event.sub_event_type)
            .is_none_or(|s| s.event_type().as_str() != event.event_type)
        {
            problems.push(format!(
                "{where_}: left out: unknown sub-event type {:?} of {:?}",
                event.sub_event_type, event.event_type
            ));
            continue;
        }
        if event.evidence.is_empty() {
            if let Some((a, b)) = event.evidence_span {
                event.evidence = text.chars().skip(a).take(b.saturating_sub(a)).collect();
            }
        }
        if event.evidence.is_empty() || !text.contains(event.evidence.as_str()) {
            problems.push(format!(
                "{where_}: left out: its evidence is not in the article's text"
            ));
            continue;
        }
        events.push(event);
    }
    Ok(GoldArticle {
        doc: Document {
            doc_id: file.doc_id,
            text,
            published,
            source: file.source,
            url: None,
            title: file.title,
        },
        events,
        path: path.to_path_buf(),
    })
}

/// The text a `text_ref` names: a file, or `file.jsonl#doc_id` (one line of a JSONL corpus,
/// read once and kept).
fn resolve_text_ref(
    root: &Path,
    reference: &str,
    corpora: &mut HashMap<PathBuf, HashMap<String, String>>,
) -> Result<String, String> {
    let (file, doc) = match reference.split_once('#') {
        Some((f, d)) => (root.join(f), Some(d)),
        None => (root.join(reference), None),
    };
    let Some(doc) = doc else {
        return std::fs::read_to_string(&file)
            .map_err(|e| format!("text_ref {}: {e}", file.display()));
    };
    if !corpora.contains_key(&file) {
        let raw = read_corpus(&file).map_err(|e| format!("text_ref {}: {e}", file.display()))?;
        let mut texts = HashMap::new();
        for line in raw.lines().filter(|l| !l.trim().is_empty()) {
            if let Ok(d) = serde_json::from_str::<Document>(line) {
                texts.insert(d.doc_id, d.text);
            }
        }
        corpora.insert(file.clone(), texts);
    }
    corpora[&file]
        .get(doc)
        .cloned()
        .ok_or_else(|| format!("text_ref: no article {doc:?} in {}", file.display()))
}

/// A corpus file's text, gunzipped when its name ends in `.gz`.
fn read_corpus(file: &Path) -> std::io::Result<String> {
    if file.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(file)?).read_to_string(&mut text)?;
        Ok(text)
    } else {
        std::fs::read_to_string(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) {
        std::fs::write(dir.join(name), body).unwrap();
    }

    #[test]
    fn bad_files_and_events_are_named_and_left_out() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let event = |sub: &str, evidence: &str| {
            format!(
                r#"{{"event_type":"Battles","sub_event_type":"{sub}","country":"SY","evidence":"{evidence}"}}"#
            )
        };
        write(
            &dir,
            "a.json",
            &format!(
                r#"{{"doc_id":"a","published":"2015-07-01","text":"اشتباكات في حلب.","events":[{},{},{}]}}"#,
                event("Armed clash", "اشتباكات في حلب."),
                event("Armed fight", "اشتباكات في حلب."),
                event("Armed clash", "ليس في النص"),
            ),
        );
        write(&dir, "b.json", "{not json");
        write(
            &dir,
            "c.json",
            r#"{"doc_id":"c","text_ref":"corpus.jsonl#x","events":[]}"#,
        );
        write(&dir, "corpus.jsonl", r#"{"doc_id":"x","text":"نص"}"#);
        let set = GoldSet::read(std::slice::from_ref(&dir), None);
        assert_eq!(set.articles.len(), 2);
        assert_eq!(set.articles[0].events.len(), 1);
        assert_eq!(set.articles[1].doc.text, "نص");
        let problems = set.problems.join("\n");
        assert!(problems.contains("a.json: event 1: left out: unknown sub-event type"));
        assert!(problems.contains("a.json: event 2: left out: its evidence is not"));
        assert!(problems.contains("b.json: not a gold file"));
    }

    #[test]
    fn text_refs_read_gzipped_corpora() {
        use std::io::Write as _;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("gold");
        std::fs::create_dir(&dir).unwrap();
        let corpus = tmp.path().join("corpus.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&corpus).unwrap(),
            flate2::Compression::default(),
        );
        writeln!(gz, r#"{{"doc_id":"y","text":"قصف على حمص."}}"#).unwrap();
        gz.finish().unwrap();
        write(
            &dir,
            "y.json",
            r#"{"doc_id":"y","text_ref":"corpus.jsonl.gz#y","events":[]}"#,
        );
        write(
            &dir,
            "z.json",
            r#"{"doc_id":"z","text_ref":"corpus.jsonl.gz#z","events":[]}"#,
        );
        let set = GoldSet::read(std::slice::from_ref(&dir), None);
        assert_eq!(set.articles.len(), 1, "{:?}", set.problems);
        assert_eq!(set.articles[0].doc.text, "قصف على حمص.");
        assert!(
            set.problems.join("\n").contains("no article \"z\""),
            "{:?}",
            set.problems
        );
    }
}
