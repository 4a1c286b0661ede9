//! Reading inputs as documents: `.txt`, `.jsonl` (also `.jsonl.gz`), `.html`/`.htm` (main
//! text extracted, boilerplate dropped), RSS/Atom (`.xml`, `.rss`, `.atom`) and WARC
//! (`.warc`, `.warc.gz`, HTML responses inside).
//!
//! Readers hand out [`Item`]s one at a time, so a file of any size streams. Bad input is an
//! item too ([`Item::Skipped`], naming the file and the line or record), and reading goes on
//! with the next line or record where that is possible (a truncated gzip stream or WARC file
//! ends its file, with a message, after what could be read).
//!
//! Document ids: JSONL keeps its `doc_id` and `source`; a text or HTML file is named by its
//! path relative to the folder given on the command line, without extension; a feed item by
//! its guid (its source is the feed's title); a WARC response by its `WARC-Target-URI` (its
//! source is the host name, and its publication date the page's own metadata or else the
//! crawl date).
//!
//! The WARC reader is our own (about a hundred lines) rather than the `warc` crate's: that one
//! reads bodies line by line and cannot find the next record after a corrupt one.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use marsad_extract::input::JsonlDocuments;
use marsad_extract::Document;

use crate::ingest::SourcedDocument;
use crate::types::Skipped;

/// Documents larger than this (bytes of the file, the HTML page or the text) are skipped by
/// default.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 << 20;

/// One thing read from an input: a document, or input that could not be one.
#[derive(Clone, Debug)]
pub enum Item {
    Document(SourcedDocument),
    Skipped(Skipped),
}

/// The kinds of input files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Jsonl,
    Html,
    Feed,
    Warc,
}

impl Kind {
    /// The kind of a file by its name; `None` for other files.
    pub fn of(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let ends = |s: &str| name.ends_with(s);
        Some(if ends(".txt") {
            Kind::Text
        } else if ends(".jsonl") || ends(".jsonl.gz") || ends(".ndjson") {
            Kind::Jsonl
        } else if ends(".html") || ends(".htm") {
            Kind::Html
        } else if ends(".xml") || ends(".rss") || ends(".atom") {
            Kind::Feed
        } else if ends(".warc") || ends(".warc.gz") {
            Kind::Warc
        } else {
            return None;
        })
    }
}

/// An input file and the folder its document ids are relative to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub root: PathBuf,
    pub kind: Kind,
}

/// Expands files and folders (recursively, in name order) into input files. A path that does
/// not exist, or a file given by name whose kind is unknown, is reported; files of other
/// kinds inside folders are counted in the second value and left alone.
///
/// Each folder and file is read once, whatever the links that lead to it (a symbolic link
/// back to a parent folder would otherwise be followed until the path is too long, storing
/// every article again under each path).
pub fn collect_files(paths: &[PathBuf]) -> (Vec<InputFile>, usize, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut ignored = 0;
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => problems.push(Skipped {
                origin: path.display().to_string(),
                reason: format!("cannot read: {e}"),
            }),
            Ok(meta) if meta.is_dir() => {
                walk(
                    path,
                    path,
                    &mut files,
                    &mut ignored,
                    &mut problems,
                    &mut seen,
                );
            }
            Ok(_) if !first_visit(&mut seen, path) => {}
            Ok(_) => match Kind::of(path) {
                Some(kind) => files.push(InputFile {
                    path: path.clone(),
                    root: path.parent().map(Path::to_path_buf).unwrap_or_default(),
                    kind,
                }),
                None => problems.push(Skipped {
                    origin: path.display().to_string(),
                    reason: "unknown kind of file (expected .txt, .jsonl, .html, .xml/.rss/.atom, \
                             .warc or .warc.gz)"
                        .into(),
                }),
            },
        }
    }
    (files, ignored, problems)
}

/// Whether `path` (a file or folder, links resolved) is met for the first time.
fn first_visit(seen: &mut HashSet<PathBuf>, path: &Path) -> bool {
    seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<InputFile>,
    ignored: &mut usize,
    problems: &mut Vec<Skipped>,
    seen: &mut HashSet<PathBuf>,
) {
    if !first_visit(seen, dir) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Skipped {
                origin: dir.display().to_string(),
                reason: format!("cannot list folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(root, &path, files, ignored, problems, seen);
        } else if let Some(kind) = Kind::of(&path) {
            if !first_visit(seen, &path) {
                continue;
            }
            files.push(InputFile {
                path,
                root: root.to_path_buf(),
                kind,
            });
        } else {
            *ignored += 1;
        }
    }
}

/// Reading limits.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions {
    /// Larger documents are skipped with a message.
    pub max_doc_bytes: u64,
    /// The publication date of plain-text articles, which carry none (relative dates such as
    /// "yesterday" resolve against it, and deduplication compares days).
    pub text_published: Option<chrono::NaiveDate>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            text_published: None,
        }
    }
}

/// Reads one input file, handing each item to `sink`; stops early when `sink` fails.
pub fn read_file<E>(
    file: &InputFile,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Item) -> Result<(), E>,
) -> Result<(), E> {
    let name = file.path.display().to_string();
    let skipped = |reason: String| {
        Item::Skipped(Skipped {
            origin: name.clone(),
            reason,
        })
    };
    // a FIFO would block the open, a device such as /dev/zero never end
    match std::fs::metadata(&file.path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => {
            return sink(skipped(
                "not a regular file (a FIFO, device or socket); only files are read".into(),
            ))
        }
        Err(e) => return sink(skipped(format!("cannot read: {e}"))),
    }
    let open = || File::open(&file.path);
    match file.kind {
        Kind::Jsonl => {
            let f = match open() {
                Ok(f) => f,
                Err(e) => return sink(skipped(format!("cannot open: {e}"))),
            };
            let (reader, broken) = match plain_or_verified_gzip(f, &file.path) {
                Ok(r) => r,
                Err(e) => return sink(skipped(format!("cannot read: {e}"))),
            };
            let limited = LineLimit {
                inner: reader,
                max: max_line_bytes(options),
                len: 0,
                line: 1,
                cut: Default::default(),
            };
            let cut = limited.cut.clone();
            let reader = LineCounting::new(BufReader::with_capacity(1 << 16, limited));
            let position = reader.position.clone();
            let mut docs = JsonlDocuments::new(reader);
            while let Some(item) = docs.next() {
                for w in docs.take_warnings() {
                    eprintln!("marsad: {name}: {w}");
                }
                let origin = |doc: &Document| {
                    format!("{name}:{} (doc_id {:?})", position.line(), doc.doc_id)
                };
                let line = item.as_ref().map_or_else(|e| e.line, |_| position.line());
                match item {
                    _ if cut.borrow().contains(&line) => sink(Item::Skipped(Skipped {
                        origin: format!("{name}:{line}"),
                        reason: format!(
                            "line longer than {:.1} MiB (four times --max-doc-mib, room for a \
                             JSON-escaped text), cut while reading",
                            max_line_bytes(options) as f64 / (1u64 << 20) as f64
                        ),
                    }))?,
                    Ok(doc) if doc.text.len() as u64 > options.max_doc_bytes => {
                        sink(Item::Skipped(Skipped {
                            origin: origin(&doc),
                            reason: too_large(doc.text.len() as u64, options),
                        }))?
                    }
                    Ok(document) => sink(Item::Document(SourcedDocument {
                        origin: origin(&document),
                        document,
                    }))?,
                    Err(e) => sink(Item::Skipped(Skipped {
                        origin: format!("{name}:{}", e.line),
                        reason: e.message,
                    }))?,
                }
            }
            broken.map_or(Ok(()), |reason| sink(skipped(reason)))
        }
        Kind::Text | Kind::Html | Kind::Feed => {
            let bytes = match read_limited(&file.path, options.max_doc_bytes) {
                Ok(b) => b,
                Err(reason) => return sink(skipped(reason)),
            };
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                    return sink(skipped(format!(
                        "invalid UTF-8 at line {line} (byte {at}); only UTF-8 is read"
                    )));
                }
            };
            let doc_id = relative_id(&file.root, &file.path);
            match file.kind {
                Kind::Text => sink(Item::Document(SourcedDocument {
                    origin: name.clone(),
                    document: Document {
                        doc_id,
                        text: text.trim_start_matches('\u{FEFF}').to_string(),
                        published: options.text_published,
                        ..Document::default()
                    },
                })),
                Kind::Html => match html_document(&text, None) {
                    Ok(mut document) => {
                        document.doc_id = doc_id;
                        sink(Item::Document(SourcedDocument {
                            origin: name.clone(),
                            document,
                        }))
                    }
                    Err(reason) => sink(skipped(reason)),
                },
                _ => match feed_documents(text.as_bytes(), &name) {
                    Ok(items) => items.into_iter().try_for_each(|d| sink(Item::Document(d))),
                    Err(reason) => sink(skipped(reason)),
                },
            }
        }
        Kind::Warc => {
            let f = match open() {
                Ok(f) => f,
                Err(e) => return sink(skipped(format!("cannot open: {e}"))),
            };
            let (reader, broken) = match plain_or_verified_gzip(f, &file.path) {
                Ok(r) => r,
                Err(e) => return sink(skipped(format!("cannot read: {e}"))),
            };
            read_warc(reader, &name, options, sink)?;
            broken.map_or(Ok(()), |reason| sink(skipped(reason)))
        }
    }
}

/// A reader of the file's content: the file itself, or for a `.gz` file the text of its gzip
/// members whose checksums hold, up to the first that does not (with the message saying
/// so). Every member is decompressed and checked once before any of its text is handed out,
/// so no line of a corrupt or truncated member is parsed, let alone stored; that pass keeps
/// nothing in memory.
fn plain_or_verified_gzip(
    file: File,
    path: &Path,
) -> io::Result<(Box<dyn BufRead>, Option<String>)> {
    let gz = path
        .to_str()
        .is_some_and(|p| p.to_ascii_lowercase().ends_with(".gz"));
    if !gz {
        return Ok((Box::new(BufReader::with_capacity(1 << 16, file)), None));
    }
    let mut input = BufReader::new(File::open(path)?);
    let mut good = 0u64;
    let mut member = 0;
    let mut broken = None;
    while !input.fill_buf()?.is_empty() {
        member += 1;
        let start = io::Seek::stream_position(&mut input)?;
        match io::copy(
            &mut flate2::bufread::GzDecoder::new(&mut input),
            &mut io::sink(),
        ) {
            Ok(n) => good += n,
            Err(e) => {
                broken = Some(format!(
                    "corrupt gzip: {e} (member {member}, from byte {start} of the file); \
                     nothing of it or after it is read{}",
                    if member == 1 {
                        ", so nothing of this file is stored"
                    } else {
                        ""
                    }
                ));
                break;
            }
        }
    }
    let text = flate2::read::MultiGzDecoder::new(BufReader::new(file)).take(good);
    Ok((Box::new(BufReader::with_capacity(1 << 16, text)), broken))
}

/// The longest JSONL line read: four times the document limit (a JSON-escaped Arabic text
/// takes three times its UTF-8 bytes) and 1 MiB for the other fields.
fn max_line_bytes(options: &ReadOptions) -> u64 {
    options
        .max_doc_bytes
        .saturating_mul(4)
        .saturating_add(1 << 20)
}

/// A reader that passes on at most `max` bytes of each line and drops the rest of a longer
/// one (noting its number in `cut`), so that a line without end (a huge file or gzip stream
/// of one line) is never held in memory whole.
struct LineLimit<R> {
    inner: R,
    max: u64,
    /// Bytes of the current line read so far.
    len: u64,
    /// The current line's 1-based number.
    line: usize,
    cut: std::rc::Rc<std::cell::RefCell<HashSet<usize>>>,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            let n = self.inner.read(out)?;
            if n == 0 {
                return Ok(0);
            }
            let mut kept = 0;
            for i in 0..n {
                let byte = out[i];
                if byte == b'\n' {
                    self.len = 0;
                    self.line += 1;
                } else {
                    self.len += 1;
                    if self.len > self.max {
                        if self.len == self.max + 1 {
                            self.cut.borrow_mut().insert(self.line);
                        }
                        continue;
                    }
                }
                out[kept] = byte;
                kept += 1;
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

/// A reader that follows the line it has read up to, so that a JSONL document's origin
/// names its line.
struct LineCounting<R> {
    inner: R,
    position: std::rc::Rc<LinePosition>,
}

/// How far a [`LineCounting`] reader has read: whole lines, and whether it is inside one.
#[derive(Default)]
struct LinePosition {
    ended: std::cell::Cell<usize>,
    inside: std::cell::Cell<bool>,
}

impl LinePosition {
    /// The 1-based number of the line read last.
    fn line(&self) -> usize {
        self.ended.get() + usize::from(self.inside.get())
    }

    fn passed(&self, bytes: &[u8]) {
        if let Some(&last) = bytes.last() {
            let ends = bytes.iter().filter(|&&b| b == b'\n').count();
            self.ended.set(self.ended.get() + ends);
            self.inside.set(last != b'\n');
        }
    }
}

impl<R: BufRead> LineCounting<R> {
    fn new(inner: R) -> Self {
        LineCounting {
            inner,
            position: Default::default(),
        }
    }
}

impl<R: BufRead> Read for LineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.position.passed(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LineCounting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // the bytes consumed are those fill_buf just returned (no read happens here)
        if let Ok(buf) = self.inner.fill_buf() {
            self.position.passed(&buf[..amount.min(buf.len())]);
        }
        self.inner.consume(amount);
    }
}

/// The message for a document over the size limit, in MiB as the option counts them.
fn too_large(len: u64, options: &ReadOptions) -> String {
    const MIB: f64 = (1u64 << 20) as f64;
    format!(
        "document of {:.1} MiB ({len} bytes) is over the limit of {:.1} MiB (raise it with \
         --max-doc-mib)",
        len as f64 / MIB,
        options.max_doc_bytes as f64 / MIB
    )
}

/// Reads a whole file unless it is over the limit, checked while reading (a file may grow,
/// or its size be unknown).
fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let limit = ReadOptions {
        max_doc_bytes: max,
        ..ReadOptions::default()
    };
    let too_large = |len| too_large(len, &limit);
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > max {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// `folder/sub/name` for `root/folder/sub/name.ext`.
fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        if let Some(stem) = Path::new(last.as_str()).file_stem() {
            *last = stem.to_string_lossy().into_owned();
        }
    }
    parts.join("/")
}

/// An HTML page as a document: its main text (boilerplate such as menus and footers
/// dropped), title and publication date from its metadata. The `doc_id` is the URL when
/// given, else empty (the caller names it).
///
/// A page nested deeper than [`MAX_HTML_DEPTH`] elements is read as plain text
/// ([`strip_html`]): readability's time grows with the square of the depth (16,000 nested
/// `<div>` took 90 s), and no article is nested that deep.
pub fn html_document(html: &str, url: Option<&str>) -> Result<Document, String> {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let parsed = if html_depth(html) > MAX_HTML_DEPTH {
        Err(dom_smoothie::ReadabilityError::GrabFailed)
    } else {
        dom_smoothie::Readability::new(html, url, Some(config)).and_then(|mut r| r.parse())
    };
    let (title, text, published) = match parsed {
        Ok(article) => (
            Some(article.title.trim().to_string()).filter(|t| !t.is_empty()),
            article.text_content.to_string(),
            article
                .published_time
                .as_deref()
                .and_then(parse_date_prefix),
        ),
        // Pages too short for readability: keep their plain text.
        Err(_) => (None, strip_html(html), None),
    };
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err("the page has no text".into());
    }
    Ok(Document {
        doc_id: url.unwrap_or_default().to_string(),
        text,
        published,
        source: None,
        url: url.map(str::to_string),
        title,
    })
}

/// Deepest element nesting [`html_document`] hands to readability.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements without content, and those whose end tag may be left out: neither counts as
/// an open element.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rp", "optgroup", "caption", "html", "head", "body",
];

/// The deepest nesting of elements in a page, estimated in one pass over its tags (comments,
/// declarations, scripts and styles skipped; unclosed elements count as still open).
pub fn html_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(lt) = memchr(b'<', &bytes[at..]) {
        at += lt + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at += find(rest, b"-->").map_or(rest.len(), |i| i + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let end = memchr(b'>', rest).map_or(rest.len(), |i| i + 1);
        if name_len == 0 {
            // `<!doctype>`, `<?xml?>` or a bare `<` in text
            at += if rest.first().is_some_and(|b| b"!?".contains(b)) {
                end
            } else {
                0
            };
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let name = std::str::from_utf8(&name).unwrap_or_default();
        at += end;
        if closing {
            if !NOT_NESTING.contains(&name) {
                depth = depth.saturating_sub(1);
            }
        } else if name == "script" || name == "style" {
            let close = format!("</{name}");
            at += find_ignore_case(&bytes[at..], close.as_bytes()).unwrap_or(bytes.len() - at);
        } else if !NOT_NESTING.contains(&name) && !rest[..end].ends_with(b"/>") {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where `needle` (ASCII) first occurs in `haystack`, ignoring ASCII case; no copy.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn parse_date_prefix(s: &str) -> Option<NaiveDate> {
    s.get(..10)?.parse().ok()
}

/// Plain text of an HTML fragment (feed summaries): tags dropped, block ends as new lines,
/// entities decoded, scripts and styles removed.
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        // an unclosed tag runs to the end (cutting one byte off it could split a character)
        let close = rest.find('>');
        let tag = rest[1..close.unwrap_or(rest.len())]
            .trim()
            .to_ascii_lowercase();
        let end = close.map_or(rest.len(), |i| i + 1);
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[end..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            // no lower-cased copy of the rest per script: that was quadratic in scripts
            let close = format!("</{name}");
            let pos = find_ignore_case(rest.as_bytes(), close.as_bytes()).unwrap_or(rest.len());
            rest = &rest[pos..];
            continue;
        }
        if matches!(
            name.as_str(),
            "p" | "br" | "div" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "tr" | "article"
        ) {
            out.push('\n');
        }
    }
    out.push_str(&decode_entities(rest));
    let lines: Vec<String> = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // an entity is at most 12 bytes long; the ';' found is on a character boundary
        let Some(semi) = rest.bytes().take(12).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            _ if entity.starts_with("#x") || entity.starts_with("#X") => {
                u32::from_str_radix(&entity[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The items of an RSS or Atom feed as documents. `origin` names the feed in messages.
pub fn feed_documents(bytes: &[u8], origin: &str) -> Result<Vec<SourcedDocument>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not an RSS/Atom feed: {e}"))?;
    let source = feed
        .title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    let mut out = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let url = entry.links.first().map(|l| l.href.clone());
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
            .unwrap_or_default();
        let text = strip_html(&body);
        let title = entry.title.as_ref().map(|t| strip_html(&t.content));
        let text = if text.is_empty() {
            title.clone().unwrap_or_default()
        } else {
            text
        };
        let published = entry.published.or(entry.updated).map(|d| d.date_naive());
        let doc_id = if entry.id.is_empty() {
            url.clone().unwrap_or_else(|| format!("{origin}#{}", i + 1))
        } else {
            entry.id.clone()
        };
        out.push(SourcedDocument {
            origin: format!("{origin}: item {} ({doc_id})", i + 1),
            document: Document {
                doc_id,
                text,
                published,
                source: source.clone(),
                url,
                title,
            },
        });
    }
    Ok(out)
}

/// Reads a WARC stream; HTML `response` records become documents.
///
/// A record's `Content-Length` is trusted only when the block it measures is followed by the
/// blank line that ends a record: when a record starts inside what it would cover (a false
/// length), that record is read from there, so no good record after a bad one is lost.
fn read_warc<E>(
    reader: Box<dyn BufRead>,
    name: &str,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Item) -> Result<(), E>,
) -> Result<(), E> {
    let mut reader = Pushback {
        front: io::Cursor::new(Vec::new()),
        inner: reader,
    };
    let mut number = 0usize;
    let mut line = Vec::new();
    let mut resync = false;
    loop {
        // the version line (blank lines between records are skipped)
        line.clear();
        match read_line_limited(&mut reader, &mut line, 1 << 16) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) => return sink(warc_stop(name, number, &e)),
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !line.starts_with(b"WARC/") {
            if !resync {
                resync = true;
                sink(Item::Skipped(Skipped {
                    origin: format!("{name}: after record {number}"),
                    reason: "corrupt data where a WARC record should start; skipping to the next \
                             record"
                        .into(),
                }))?;
            }
            continue;
        }
        resync = false;
        number += 1;
        let origin = format!("{name}: record {number}");
        // headers
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            line.clear();
            match read_line_limited(&mut reader, &mut line, 1 << 16) {
                Ok(0) => {
                    return sink(Item::Skipped(Skipped {
                        origin,
                        reason: "the file ends inside the record's headers (truncated)".into(),
                    }))
                }
                Ok(_) => {}
                Err(e) => return sink(warc_stop(name, number, &e)),
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                break;
            }
            if let Some((k, v)) = text.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let header = |k: &str| {
            headers
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        let Some(length) = header("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            sink(Item::Skipped(Skipped {
                origin,
                reason: "no valid Content-Length; skipping to the next record".into(),
            }))?;
            resync = true;
            continue;
        };
        let wanted = header("warc-type") == Some("response")
            && header("content-type").is_some_and(|c| c.contains("application/http"));
        if length > options.max_doc_bytes.saturating_mul(2) {
            // a length this large is not trusted to skip by (a false one swallowed the
            // records after it): the body is passed over up to the next record's start
            if wanted {
                sink(Item::Skipped(Skipped {
                    origin,
                    reason: too_large(length, options),
                }))?;
            }
            resync = true;
            continue;
        }
        // the block and the blank line after it
        let mut body = Vec::new();
        if let Err(e) = (&mut reader).take(length + 4).read_to_end(&mut body) {
            return sink(warc_stop(name, number, &e));
        }
        // (fewer bytes than asked for means the file ends there)
        let closed = body.len() as u64 >= length
            && body[length as usize..].iter().all(u8::is_ascii_whitespace);
        if !closed {
            match record_start(&body) {
                // the blank line was short: the next record starts right after the block
                Some(at) if at as u64 >= length => reader.push_back(&body[at..]),
                Some(at) => {
                    reader.push_back(&body[at..]);
                    sink(Item::Skipped(Skipped {
                        origin,
                        reason: format!(
                            "its Content-Length ({length}) runs past the start of the next \
                             record (at byte {at} of the block); skipped, reading on from there"
                        ),
                    }))?;
                    continue;
                }
                None if (body.len() as u64) < length => {
                    return sink(Item::Skipped(Skipped {
                        origin,
                        reason: "the file ends inside the record (truncated)".into(),
                    }))
                }
                None => {
                    sink(Item::Skipped(Skipped {
                        origin,
                        reason: format!(
                            "the record does not end where its Content-Length ({length}) says; \
                             skipping to the next record"
                        ),
                    }))?;
                    resync = true;
                    continue;
                }
            }
        }
        if !wanted {
            continue;
        }
        body.truncate(length as usize);
        let uri = header("warc-target-uri")
            .map(|u| u.trim_matches(|c| c == '<' || c == '>').to_string())
            .unwrap_or_default();
        let crawl_date = header("warc-date").and_then(parse_date_prefix);
        let origin = format!("{origin} ({uri})");
        match http_html(&body, options) {
            Ok(None) => {}
            Ok(Some(html)) => match html_document(&html, Some(&uri)) {
                Ok(mut document) => {
                    document.source = host_of(&uri);
                    document.published = document.published.or(crawl_date);
                    sink(Item::Document(SourcedDocument { origin, document }))?;
                }
                Err(reason) => sink(Item::Skipped(Skipped { origin, reason }))?,
            },
            Err(reason) => sink(Item::Skipped(Skipped { origin, reason }))?,
        }
    }
}

/// Where a WARC record starts in `bytes`: a line beginning with `WARC/1.` after the first byte.
fn record_start(bytes: &[u8]) -> Option<usize> {
    const START: &[u8] = b"\nWARC/1.";
    bytes
        .windows(START.len())
        .position(|w| w == START)
        .map(|at| at + 1)
}

/// A reader that can be handed back bytes it has read, to be read again first.
struct Pushback {
    front: io::Cursor<Vec<u8>>,
    inner: Box<dyn BufRead>,
}

impl Pushback {
    fn push_back(&mut self, bytes: &[u8]) {
        let position = self.front.position() as usize;
        let mut front = bytes.to_vec();
        front.extend_from_slice(&self.front.get_ref()[position..]);
        self.front = io::Cursor::new(front);
    }
}

impl Read for Pushback {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Pushback {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if (self.front.position() as usize) < self.front.get_ref().len() {
            self.front.fill_buf()
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, amount: usize) {
        if (self.front.position() as usize) < self.front.get_ref().len() {
            self.front.consume(amount);
        } else {
            self.inner.consume(amount);
        }
    }
}

fn warc_stop(name: &str, number: usize, e: &io::Error) -> Item {
    Item::Skipped(Skipped {
        origin: format!("{name}: after record {number}"),
        reason: format!(
            "cannot read further ({e}); a truncated or corrupt gzip stream ends the file here"
        ),
    })
}

/// Reads one line of at most `max` bytes (a longer one is cut and the rest read on).
fn read_line_limited(reader: &mut impl BufRead, line: &mut Vec<u8>, max: u64) -> io::Result<usize> {
    reader.take(max).read_until(b'\n', line)
}

/// The host of a URL, for a document's source.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    Some(host.trim_start_matches("www.").to_string()).filter(|h| !h.is_empty())
}

/// The HTML of an HTTP response message: `Ok(None)` for responses that are not HTML pages
/// (images, redirects, errors), `Err` for HTML that cannot be read.
fn http_html(message: &[u8], options: &ReadOptions) -> Result<Option<String>, String> {
    let Some(split) = message.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Err("the HTTP response has no header end".into());
    };
    let head = String::from_utf8_lossy(&message[..split]);
    let mut body = message[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse::<u16>().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    let header = |k: &str| {
        headers
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    let content_type = header("content-type").unwrap_or("");
    if status != 200 || !(content_type.contains("html")) {
        return Ok(None);
    }
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).ok_or("malformed chunked body")?;
    }
    if header("content-encoding").is_some_and(|t| t.contains("gzip")) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(options.max_doc_bytes + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("gzip body cannot be read: {e}"))?;
        if out.len() as u64 > options.max_doc_bytes {
            return Err(too_large(out.len() as u64, options));
        }
        body = out;
    }
    if let Some(charset) = content_type.split("charset=").nth(1) {
        let charset = charset.trim_matches(|c: char| c == '"' || c == ';' || c.is_whitespace());
        if !matches!(charset, "utf-8" | "utf8" | "us-ascii") {
            return Err(format!(
                "charset {charset} is not supported (only UTF-8 is read)"
            ));
        }
    }
    String::from_utf8(body).map(Some).map_err(|e| {
        format!(
            "the page is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_told_in_mib_as_the_option_counts_them() {
        let options = ReadOptions::default();
        assert_eq!(
            too_large(17 << 20, &options),
            "document of 17.0 MiB (17825792 bytes) is over the limit of 16.0 MiB (raise it with \
             --max-doc-mib)"
        );
    }

    #[test]
    fn html_depth_counts_open_elements_only() {
        let page = "<!doctype html><html><head><meta charset=utf-8><script>if (a<b) \
                    document.write('<div><div><div>')</SCRIPT></head><body><!-- <div><div> -->\
                    <div><p>one<br><img src=x /><p>two<ul><li>a<li>b</ul></div>\
                    <div><span>x</span></div></body></html>";
        assert_eq!(html_depth(page), 2);
        let deep = format!("{}x{}", "<div>".repeat(300), "</div>".repeat(300));
        assert_eq!(html_depth(&deep), 300);
        assert_eq!(html_depth("a < b and <"), 0);
    }

    #[test]
    fn a_page_nested_too_deep_is_read_as_plain_text() {
        // Readability took 90 s on 16,000 nested divs; the plain-text reader is linear.
        let n = 20_000;
        let words = "قتل 11 جنديا";
        let page = format!(
            "<html><body>{}<p>{words}</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        assert!(html_depth(&page) > MAX_HTML_DEPTH);
        let doc = html_document(&page, None).unwrap();
        assert_eq!(doc.text, words);
    }

    #[test]
    fn many_scripts_are_skipped_in_one_pass() {
        let page = "<script>x</script><p>a</p>".repeat(2_000) + "<SCRIPT>never closed <p>b";
        let text = strip_html(&page);
        assert_eq!(text.lines().count(), 2_000);
        assert!(!text.contains('x') && !text.contains('b'));
    }

    #[test]
    fn fragments_lose_tags_and_keep_text() {
        assert_eq!(
            strip_html("<p>قتل &amp; جرح</p><script>x()</script><br>ثلاثة&#1607;"),
            "قتل & جرح\nثلاثةه"
        );
    }

    /// Byte slices that cut a character panicked (`ingest` and `watch` ended with exit 101).
    #[test]
    fn entities_and_unclosed_tags_before_arabic_do_not_split_characters() {
        assert_eq!(
            decode_entities("&#8220;مسؤول&#8221;"),
            "\u{201c}مسؤول\u{201d}"
        );
        assert_eq!(decode_entities("قتل &في هجوم"), "قتل &في هجوم");
        assert_eq!(decode_entities("&ب"), "&ب");
        assert_eq!(decode_entities("&amp"), "&amp");
        assert_eq!(strip_html("قتل <ب"), "قتل");
        assert_eq!(strip_html("<ة"), "");
        assert_eq!(strip_html("a<"), "a");
        assert_eq!(
            strip_html("<p>&#8220;مسؤول&#8221; <b"),
            "\u{201c}مسؤول\u{201d}"
        );
    }

    #[test]
    fn jsonl_documents_are_named_by_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        let line = |id: &str| format!("{{\"doc_id\":\"{id}\",\"text\":\"قتل\"}}");
        let text = format!("{}\n\n{}\nnot json\n{}", line("a"), line("b"), line("c"));
        std::fs::write(&path, text).unwrap();
        let file = InputFile {
            path,
            root: dir.path().to_path_buf(),
            kind: Kind::Jsonl,
        };
        let mut origins = Vec::new();
        read_file(&file, &ReadOptions::default(), &mut |item| {
            origins.push(match item {
                Item::Document(d) => d.origin,
                Item::Skipped(s) => s.origin,
            });
            Ok::<_, ()>(())
        })
        .unwrap();
        let name = file.path.display();
        assert_eq!(
            origins,
            [
                format!("{name}:1 (doc_id \"a\")"),
                format!("{name}:3 (doc_id \"b\")"),
                format!("{name}:4"),
                format!("{name}:5 (doc_id \"c\")"),
            ]
        );
    }

    #[test]
    fn kinds_and_ids_come_from_names() {
        assert_eq!(Kind::of(Path::new("a/b.WARC.gz")), Some(Kind::Warc));
        assert_eq!(Kind::of(Path::new("a/b.png")), None);
        assert_eq!(
            relative_id(Path::new("in"), Path::new("in/2022/a.txt")),
            "2022/a"
        );
        assert_eq!(
            host_of("https://www.example.org:8080/x?y"),
            Some("example.org".into())
        );
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
    }
}
