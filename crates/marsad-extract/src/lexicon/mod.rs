//! The dictionaries: actors, event triggers, cue words and the engine's word classes, built
//! from the tables under
//! `data/` into token-level phrase automata sharing one vocabulary.
//!
//! Building (parsing and compiling the tables) happens once, at load; the runtime only encodes
//! a document's tokens and runs the automata ([`Lexicons::scan`]).

pub mod actors;
pub mod ambiguity;
pub mod cues;
pub mod phrase;
pub mod states;
pub mod table;
pub mod triggers;
pub mod words;

use marsad_text::tokenize::{tokenize, Token};

use crate::keys::{is_transparent, word_key, word_key_segmented, Particles};
use crate::ExtractError;
use actors::ActorEntry;
use ambiguity::Ambiguity;
use cues::CueEntry;
use phrase::{PhraseSet, PhraseSetBuilder, Vocabulary};
use triggers::TriggerEntry;
use words::WordClass;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));

    pub const COUNTRIES: (&str, &str) = (
        "data/extract/countries.tsv",
        include_str!("../../../../data/extract/countries.tsv"),
    );

    pub const AMBIGUOUS_ALIASES: (&str, &str) = (
        "data/actors/ambiguous.txt",
        include_str!("../../../../data/actors/ambiguous.txt"),
    );
}

/// The state forces of every country of the country table ([`states`]): adds the entries the
/// hand tables lack to `actors` and returns each generated alias with its entry. Aliases a hand
/// table has, and aliases two entries would share, are left out.
fn generate_states(
    path: &str,
    text: &str,
    actors: &mut Vec<ActorEntry>,
    hand_keys: &std::collections::HashSet<String>,
) -> Result<Vec<(String, u32)>, ExtractError> {
    let mut generated: Vec<(String, String, u32)> = Vec::new();
    for country in states::parse(path, text)? {
        for role in states::roles(&country) {
            let index = match states::target(actors, &country, role).map_err(|message| {
                ExtractError::Resource {
                    path: path.to_string(),
                    line: 0,
                    message,
                }
            })? {
                Ok(i) => i,
                Err(entry) => {
                    actors.push(entry);
                    actors.len() as u32 - 1
                }
            };
            for alias in states::aliases(&country, role) {
                let key = Lexicons::phrase_key(&alias);
                if !key.is_empty() && !hand_keys.contains(&key) {
                    generated.push((key, alias, index));
                }
            }
        }
    }
    let mut entries_of_key: std::collections::HashMap<&str, Vec<u32>> = Default::default();
    for (key, _, index) in &generated {
        let list = entries_of_key.entry(key.as_str()).or_default();
        if !list.contains(index) {
            list.push(*index);
        }
    }
    Ok(generated
        .iter()
        .filter(|(key, _, _)| entries_of_key[key.as_str()].len() == 1)
        .map(|(_, alias, index)| (alias.clone(), *index))
        .collect())
}

/// All dictionaries, compiled.
pub struct Lexicons {
    vocabulary: Vocabulary,
    pub actors: Vec<ActorEntry>,
    pub triggers: Vec<TriggerEntry>,
    pub cues: Vec<CueEntry>,
    pub words: Vec<WordClass>,
    /// Aliases resolved by the event's country.
    pub ambiguity: Ambiguity,
    actor_set: PhraseSet<u32>,
    trigger_set: PhraseSet<u32>,
    cue_set: PhraseSet<u32>,
    word_set: PhraseSet<u32>,
}

/// A dictionary phrase found in a document: token range and entry indexes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Token indexes into the document's tokens, `start..end`.
    pub tokens: std::ops::Range<usize>,
    /// Indexes of the matching entries in the lexicon's entry list.
    pub entries: Vec<u32>,
}

/// Every dictionary match in one document.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The particles attached to each token (future س, purpose ل).
    pub particles: Vec<Particles>,
    pub actors: Vec<Found>,
    pub triggers: Vec<Found>,
    pub cues: Vec<Found>,
    pub words: Vec<Found>,
}

/// Collects phrases for the three lexicons, turning each phrase into word keys.
struct Compiler {
    vocabulary: Vocabulary,
    key: String,
}

impl Compiler {
    fn phrase_keys(&mut self, phrase: &str) -> Vec<String> {
        let tokens = tokenize(phrase);
        tokens
            .iter()
            .filter(|t| !is_transparent(phrase, **t))
            .map(|t| {
                word_key(t.span.slice(phrase), &mut self.key);
                self.key.clone()
            })
            .filter(|k| !k.is_empty())
            .collect()
    }

    fn add(&mut self, set: &mut PhraseSetBuilder<u32>, phrase: &str, entry: u32) {
        let keys = self.phrase_keys(phrase);
        set.add(&mut self.vocabulary, keys.iter().map(String::as_str), entry);
    }
}

impl Lexicons {
    /// The dictionaries bundled with marsad.
    pub fn load_default() -> Result<Lexicons, ExtractError> {
        Lexicons::from_tables(
            embedded::ACTOR_TABLES,
            Some(embedded::AMBIGUOUS_ALIASES),
            Some(embedded::COUNTRIES),
            embedded::TRIGGER_TABLES,
            embedded::ENGINE_TABLES,
        )
    }

    /// The matching keys of a phrase, joined by spaces (how [`Ambiguity`] is keyed).
    pub fn phrase_key(phrase: &str) -> String {
        let mut key = String::new();
        let tokens = tokenize(phrase);
        let mut out = String::new();
        for t in tokens.iter().filter(|t| !is_transparent(phrase, **t)) {
            word_key(t.span.slice(phrase), &mut key);
            if !key.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&key);
            }
        }
        out
    }

    /// Builds from `(path, contents)` tables: actor tables, the country rules of ambiguous
    /// aliases, the country table the state forces of every country are generated from
    /// ([`states`]), the trigger directory's tables (`cues.tsv` is told apart by name, the others
    /// hold triggers), and engine word tables.
    pub fn from_tables(
        actor_tables: &[(&str, &str)],
        ambiguous_aliases: Option<(&str, &str)>,
        countries: Option<(&str, &str)>,
        trigger_tables: &[(&str, &str)],
        word_tables: &[(&str, &str)],
    ) -> Result<Lexicons, ExtractError> {
        let mut compiler = Compiler {
            vocabulary: Vocabulary::default(),
            key: String::new(),
        };
        let mut actors = Vec::new();
        let mut actor_set = PhraseSetBuilder::default();
        let mut hand_keys = std::collections::HashSet::new();
        for (path, text) in actor_tables {
            for (entry, aliases) in actors::parse(path, text)? {
                let index = actors.len() as u32;
                for alias in aliases {
                    compiler.add(&mut actor_set, alias, index);
                    hand_keys.insert(Lexicons::phrase_key(alias));
                }
                actors.push(entry);
            }
        }
        if let Some((path, text)) = countries {
            for (alias, index) in generate_states(path, text, &mut actors, &hand_keys)? {
                compiler.add(&mut actor_set, &alias, index);
            }
        }
        let ambiguity = match ambiguous_aliases {
            Some((path, text)) => Ambiguity::parse(path, text, Lexicons::phrase_key, |id| {
                actors
                    .iter()
                    .position(|a: &ActorEntry| &*a.id == id)
                    .map(|p| p as u32)
            })?,
            None => Ambiguity::default(),
        };
        let mut triggers = Vec::new();
        let mut trigger_set = PhraseSetBuilder::default();
        let mut cues = Vec::new();
        let mut cue_set = PhraseSetBuilder::default();
        for (path, text) in trigger_tables {
            if path.ends_with("cues.tsv") {
                for (form, entry) in cues::parse(path, text)? {
                    let index = cues.len() as u32;
                    compiler.add(&mut cue_set, form, index);
                    cues.push(entry);
                }
            } else {
                for (form, entry) in triggers::parse(path, text)? {
                    let index = triggers.len() as u32;
                    compiler.add(&mut trigger_set, form, index);
                    triggers.push(entry);
                }
            }
        }
        let mut words = Vec::new();
        let mut word_set = PhraseSetBuilder::default();
        for (path, text) in word_tables {
            for (form, class) in words::parse(path, text)? {
                let index = words.len() as u32;
                compiler.add(&mut word_set, form, index);
                words.push(class);
            }
        }
        Ok(Lexicons {
            vocabulary: compiler.vocabulary,
            actors,
            triggers,
            cues,
            actor_set: actor_set.build(),
            trigger_set: trigger_set.build(),
            cue_set: cue_set.build(),
            words,
            ambiguity,
            word_set: word_set.build(),
        })
    }

    /// Finds every dictionary phrase in a tokenized text.
    pub fn scan(&self, text: &str, tokens: &[Token]) -> Scan {
        let mut positions = Vec::with_capacity(tokens.len());
        let mut key = String::new();
        let mut encoded = String::with_capacity(tokens.len() * 4);
        let mut particles = vec![Particles::default(); tokens.len()];
        for (i, token) in tokens.iter().enumerate() {
            if is_transparent(text, *token) {
                continue;
            }
            let seg = word_key_segmented(token.span.slice(text), &mut key);
            particles[i] = Particles::of(&seg);
            self.vocabulary.push_encoded(&key, &mut encoded);
            positions.push(i);
        }
        let collect = |set: &PhraseSet<u32>| -> Vec<Found> {
            set.find(&encoded)
                .map(|m| Found {
                    tokens: positions[m.start]..positions[m.end - 1] + 1,
                    entries: set.values(m).to_vec(),
                })
                .collect()
        };
        Scan {
            particles,
            actors: collect(&self.actor_set),
            triggers: collect(&self.trigger_set),
            cues: collect(&self.cue_set),
            words: collect(&self.word_set),
        }
    }
}
