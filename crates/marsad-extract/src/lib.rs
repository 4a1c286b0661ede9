//! # marsad-extract: from an Arabic article to event records
//!
//! The data flow of one document:
//!
//! 1. the text core ([`marsad_text`]) cuts tokens and sentences and finds quantities and time
//!    expressions;
//! 2. the [`lexicon`]s (actors, triggers, cues, engine words; tables under `data/`) and the
//!    geocoder ([`marsad_geo`]) add mention layers ([`mentions`]);
//! 3. [`frame`] turns the triggers of each clause into candidate events with arguments, and
//!    [`factuality`] names what looks wrong with a candidate (negated, planned, history…);
//! 4. [`decide`] keeps the candidates that are events, by a decision learned from gold
//!    ([`model`]; trained and cross-validated over [`gold`] articles with the reference
//!    scorer's matching, [`score`]);
//! 5. [`document`] resolves anaphors and fallbacks, merges the mentions of one occurrence
//!    (a decision learned on pairs of candidates, [`occurrence`]) and writes [`EventRecord`]s
//!    (the interchange format of [`record`]).
//!
//! ```
//! use marsad_extract::{Document, Extractor};
//! let extractor = Extractor::load_default().unwrap();
//! let doc = Document {
//!     doc_id: "d1".into(),
//!     text: "قتل 11 جنديًا في هجوم لعناصر تنظيم داعش على مقر للجيش العراقي في ديالى أمس.".into(),
//!     published: chrono::NaiveDate::from_ymd_opt(2022, 1, 24),
//!     ..Document::default()
//! };
//! let events = extractor.extract(&doc);
//! assert_eq!(events[0].event_type.as_str(), "Battles");
//! assert_eq!(events[0].fatalities, Some(11));
//! assert_eq!(events[0].admin1.as_deref(), Some("Diyala"));
//! ```

pub mod actor_choice;
pub mod args;
mod countries;
pub mod decide;
pub mod document;
pub mod factuality;
pub mod frame;
pub mod gold;
pub mod input;
pub mod keys;
pub mod learn;
pub mod lexicon;
pub mod mentions;
pub mod model;
pub mod occurrence;
pub mod record;
pub mod score;

use std::sync::Arc;

use marsad_geo::Gazetteer;
use marsad_text::analysis::Analyzer;

pub use record::{Document, EventRecord};

use actor_choice::ActorDecision;
use decide::EventDecision;
use document::{Candidate, Layers};
use marsad_text::analysis::Analysis;
use occurrence::MergeDecision;

use lexicon::cues::CueClass;
use lexicon::Lexicons;
use mentions::{
    CueMention, Mentions, PlaceRef, RangeCover, TimeMention, TriggerMention, WordMention,
};

/// Why the extraction resources could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// A dictionary table is malformed.
    #[error("{path}: line {line}: {message}")]
    Resource {
        path: String,
        line: usize,
        message: String,
    },
    /// The gazetteer could not be loaded.
    #[error(transparent)]
    Gazetteer(#[from] marsad_geo::GeoError),
}

/// Turns documents into event records. Loaded once; immutable and shared across threads.
pub struct Extractor {
    analyzer: Analyzer,
    lexicons: Lexicons,
    gazetteer: Arc<Gazetteer>,
    decisions: Decisions,
}

/// The decisions an extraction runs with: learned ones, or the rules they replace.
#[derive(Clone, Debug, Default)]
pub struct Decisions {
    /// Is a drafted candidate an event?
    pub event: EventDecision,
    /// Which option is the actor of each role?
    pub actors: ActorDecision,
    /// Do two kept candidates describe one occurrence?
    pub merge: MergeDecision,
}

impl Decisions {
    /// The decisions shipped with marsad (`data/models/`).
    pub fn embedded() -> Decisions {
        Decisions {
            event: EventDecision::embedded(),
            actors: ActorDecision::embedded(),
            merge: MergeDecision::embedded(),
        }
    }
}

impl Extractor {
    /// Loads the dictionaries and the gazetteer bundled with marsad.
    pub fn load_default() -> Result<Extractor, ExtractError> {
        Ok(Extractor {
            analyzer: Analyzer::new(),
            lexicons: Lexicons::load_default()?,
            gazetteer: Gazetteer::load_default()?,
            decisions: Decisions::embedded(),
        })
    }

    /// An extractor over given resources (tests, custom dictionaries).
    pub fn new(lexicons: Lexicons, gazetteer: Arc<Gazetteer>) -> Extractor {
        Extractor {
            analyzer: Analyzer::new(),
            lexicons,
            gazetteer,
            decisions: Decisions::embedded(),
        }
    }

    /// The same extractor deciding candidates another way (a model being evaluated, or the
    /// rules' gates alone).
    pub fn with_decision(mut self, decision: EventDecision) -> Extractor {
        self.decisions.event = decision;
        self
    }

    /// The same extractor choosing actors another way (a model being evaluated, or the rules).
    pub fn with_actor_decision(mut self, actors: ActorDecision) -> Extractor {
        self.decisions.actors = actors;
        self
    }

    /// The same extractor grouping candidates into occurrences another way.
    pub fn with_merge_decision(mut self, merge: MergeDecision) -> Extractor {
        self.decisions.merge = merge;
        self
    }

    pub fn decisions(&self) -> &Decisions {
        &self.decisions
    }

    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The events of one document.
    pub fn extract(&self, doc: &Document) -> Vec<EventRecord> {
        self.extract_explained(doc).0
    }

    /// The events of one document and a readable account of how each was found (and of the
    /// candidates that were not events, and why).
    pub fn extract_explained(&self, doc: &Document) -> (Vec<EventRecord>, String) {
        self.extract_decided(doc, &self.decisions)
    }

    /// [`Extractor::extract_explained`] with other decisions (models under evaluation, or the
    /// rules' gates and actor choice).
    pub fn extract_decided(
        &self,
        doc: &Document,
        decisions: &Decisions,
    ) -> (Vec<EventRecord>, String) {
        let analysis = self.analyzer.analyze(&doc.text);
        let layers = self.layers(doc, &analysis);
        let mut explanation = String::new();
        let events = document::events_of(
            doc,
            &analysis,
            &self.lexicons,
            &layers,
            decisions,
            &mut explanation,
        );
        (events, explanation)
    }

    /// Every candidate event of one document before the decision, with its features: what
    /// `marsad train` learns from.
    pub fn candidates(&self, doc: &Document) -> Vec<Candidate> {
        let analysis = self.analyzer.analyze(&doc.text);
        let layers = self.layers(doc, &analysis);
        document::candidates_of(doc, &analysis, &self.lexicons, &layers)
    }

    /// The mention layers of an analysed document: actors, triggers, cues, words, places,
    /// quantities and times.
    fn layers(&self, doc: &Document, analysis: &Analysis) -> Layers {
        let text = doc.text.as_str();
        let tokens = &analysis.tokens;
        let scan = self.lexicons.scan(text, tokens);
        let actors = Mentions::actors_from(&scan.actors, &scan.words, &self.lexicons.words, |i| {
            i < tokens.len() && analysis.keys.get(i) == "من"
        });
        let names = RangeCover::new(actors.iter().map(|a| a.name_tokens.clone()));
        let mut mentions = Mentions {
            // a trigger word inside an actor's name (ميليشيات التمرد) is part of the name; at
            // its head (غارات التحالف) it is still the event
            triggers: scan
                .triggers
                .iter()
                .filter(|f| !names.continues_through(f.tokens.start))
                .map(|f| TriggerMention {
                    tokens: f.tokens.clone(),
                    entries: f.entries.clone(),
                })
                .collect(),
            actors,
            cues: scan
                .cues
                .iter()
                .map(|f| {
                    let entry = &self.lexicons.cues[f.entries[0] as usize];
                    CueMention {
                        tokens: f.tokens.clone(),
                        class: entry.class,
                        scope: entry.scope,
                    }
                })
                .collect(),
            words: scan
                .words
                .iter()
                .map(|f| WordMention {
                    tokens: f.tokens.clone(),
                    class: self.lexicons.words[f.entries[0] as usize],
                })
                .collect(),
            places: Vec::new(),
            particles: scan.particles.clone(),
            quantities: marsad_text::number::find_quantities(text, tokens, &analysis.keys),
            times: document::time_mentions(
                &marsad_text::time::find_times(text, tokens, &analysis.keys, doc.published),
                doc.published,
            ),
        };
        let place_mentions = self.gazetteer.find_mentions(text, tokens, &analysis.keys);
        let context = document::geo_context(text, analysis, &self.lexicons, &mentions);
        let resolved = self.gazetteer.resolve(&place_mentions, &context);
        // a place name inside an actor's name (تنظيم القاعدة، ولاية سيناء) is the actor
        mentions.places = resolved
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let m = &place_mentions[r.mention];
                PlaceRef {
                    tokens: m.tokens.clone(),
                    resolved: i,
                    mention: r.mention,
                    within: m.within,
                    origin: m.origin,
                    locative: m.locative,
                    whole_country: r.place.kind == marsad_geo::PlaceKind::Country,
                    country: r.place.country.clone(),
                }
            })
            .filter(|p| !names.overlaps(&p.tokens))
            .collect();
        mentions.sort_by_position();
        // a date inside a place name (حي واحد حزيران، شارع 26 يوليو) is part of the name: a
        // known place, or a number-led date right after a feature word (حي، شارع، ساحة)
        let cues = self.gazetteer.lexicon();
        let named_after_date = |t: &TimeMention| {
            // the number that leads the date: in it, or just before its month (واحد حزيران)
            let start = t.tokens.start;
            let quantities = &mentions.quantities;
            let i = quantities.partition_point(|q| q.tokens.start < start);
            let lead = quantities
                .get(i)
                .filter(|q| q.tokens.start == start)
                .or_else(|| {
                    let before = quantities.get(i.checked_sub(1)?)?;
                    (before.tokens.end == start).then_some(before)
                });
            lead.is_some_and(|q| {
                q.tokens.start > 0
                    && cues
                        .feature(analysis.keys.get(q.tokens.start - 1))
                        .is_some()
            })
        };
        let places = RangeCover::new(mentions.places.iter().map(|p| p.tokens.clone()));
        mentions
            .times
            .retain(|t| !named_after_date(t) && !places.overlaps(&t.tokens));
        // a cue word inside a place name (طوال in قطاع الطوال) is part of the name; place
        // nouns and prepositions are the name's own words
        mentions.cues.retain(|c| {
            matches!(c.class, CueClass::PlaceNoun | CueClass::PlacePrep)
                || !places.overlaps(&c.tokens)
        });
        Layers {
            mentions,
            resolved,
            place_mentions,
        }
    }
}
