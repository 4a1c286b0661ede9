//! Document level: from one article's frames to its event records.
//!
//! - the publication date anchors relative dates (in [`marsad_text::time`]);
//! - the dateline (`عدن - `, `بغداد (أ ف ب) -`) and the article's main country give the
//!   geocoder its context and events their fallback place;
//! - anaphors (التنظيم، الميليشيا) resolve to the group the article named, generic role nouns
//!   (الجيش، مدنيون) and template names (`Islamic State ({country})`) to the event's country;
//! - kept candidates about one occurrence ([`crate::occurrence`]) merge into one record keeping
//!   all evidence; records get stable ids `doc_id#n` in text order.

use std::fmt::Write as _;
use std::ops::Range;

use marsad_geo::{DocContext, ResolvedPlace};
use marsad_text::analysis::Analysis;
use marsad_text::sentence::Sentence;
use marsad_text::CharOffsets;

use crate::actor_choice::{self, ActorDecision, ActorOption, ArticleActors};
use crate::args::Condition;
use crate::decide::{self, EventDecision};
use crate::frame::{self, Context, Frame};
use crate::lexicon::actors::{ActorEntry, ActorKind};
use crate::lexicon::ambiguity::Resolution;
use crate::lexicon::triggers::TriggerRole;
use crate::lexicon::words::WordClass;
use crate::lexicon::Lexicons;
use crate::mentions::{ActorMention, Mentions};
use crate::occurrence::{Identity, MergeDecision};
use crate::record::{
    Actor, Document, EventRecord, EventType, Evidence, Location, SubEventType, Trigger,
};
use crate::Decisions;
use crate::{countries, factuality};

/// The per-document facts events fall back on.
struct DocFacts {
    /// ISO2 of the country the article is mostly about.
    main_country: Option<String>,
    /// The place events fall back on: the dateline, else the most named place of the main
    /// country.
    main_place: Option<usize>,
}

/// An event being assembled: a frame (or several merged) with resolved fields.
struct Draft {
    frames: Vec<Frame>,
    record: EventRecord,
    /// Specificity of the trigger that set the sub-event type.
    specificity: u8,
    explanation: Vec<String>,
    /// What the rules object to ([`factuality`], the argument needs, the placement check).
    gate: Option<&'static str>,
    /// What the learned decision reads ([`decide::candidate_features`]).
    features: Vec<String>,
    /// Who could be actor1 and actor2 ([`actor_choice`]).
    actor_options: Vec<ActorOption>,
    /// The actors the rules read in the frame's clause.
    clause_actors: [Option<Actor>; 2],
    /// What each merged candidate said about its occurrence (what merging compares).
    identities: Vec<Identity>,
}

/// A drafted candidate before the decision: its record (one mention, unmerged), what the
/// rules object to, and the features the learned decision reads.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub record: EventRecord,
    pub gate: Option<&'static str>,
    pub features: Vec<String>,
    pub actor_options: Vec<ActorOption>,
    /// What it says about its occurrence (what the merge decision compares).
    pub identity: Identity,
}

/// The mention layers of one analysed document: what the frames read.
pub struct Layers {
    pub mentions: Mentions,
    pub resolved: Vec<ResolvedPlace>,
    pub place_mentions: Vec<marsad_geo::PlaceMention>,
}

/// Runs frames, the event decision and document-level resolution over one analysed document.
pub fn events_of(
    doc: &Document,
    analysis: &Analysis,
    lexicons: &Lexicons,
    layers: &Layers,
    decisions: &Decisions,
    explain: &mut String,
) -> Vec<EventRecord> {
    let cx = Context {
        analysis,
        lexicons,
        mentions: &layers.mentions,
    };
    let offsets = CharOffsets::new(&doc.text);
    let drafts = drafts_of(&cx, doc, layers, &offsets);
    let mut drafts: Vec<Draft> = drafts
        .into_iter()
        .filter_map(|d| decide(&cx, d, &decisions.event, &doc.doc_id, explain))
        .collect();
    if let ActorDecision::Learned(model) = &decisions.actors {
        let article_actors = ArticleActors::new(&cx);
        for d in &mut drafts {
            d.actor_options = actor_options_of(&cx, &article_actors, &offsets, d);
            choose_actors(&cx, d, model);
        }
    }
    share_death_tolls(&mut drafts);
    drop_summaries(&mut drafts, &doc.doc_id, explain);
    let mut drafts = merge(drafts, &decisions.merge);
    date_by_report_day(&cx, &mut drafts);
    let mut records = Vec::with_capacity(drafts.len());
    for (n, mut d) in drafts.into_iter().enumerate() {
        d.record.event_id = format!("{}#{}", doc.doc_id, n + 1);
        hold_invariants(&mut d, doc.published);
        let _ = writeln!(
            explain,
            "{} {} / {} (confidence {:.2})",
            d.record.event_id,
            d.record.event_type.as_str(),
            d.record.sub_event_type.as_str(),
            d.record.confidence
        );
        for line in &d.explanation {
            let _ = writeln!(explain, "  {line}");
        }
        records.push(d.record);
    }
    records
}

/// Every candidate of one analysed document, before any decision (what decisions learn from).
pub fn candidates_of(
    doc: &Document,
    analysis: &Analysis,
    lexicons: &Lexicons,
    layers: &Layers,
) -> Vec<Candidate> {
    let cx = Context {
        analysis,
        lexicons,
        mentions: &layers.mentions,
    };
    let article_actors = ArticleActors::new(&cx);
    let offsets = CharOffsets::new(&doc.text);
    drafts_of(&cx, doc, layers, &offsets)
        .into_iter()
        .map(|mut d| Candidate {
            actor_options: actor_options_of(&cx, &article_actors, &offsets, &d),
            identity: d.identities.swap_remove(0),
            record: d.record,
            gate: d.gate,
            features: d.features,
        })
        .collect()
}

/// Drafts every candidate frame of the document, with the rules' objection (if any) and the
/// decision's features.
fn drafts_of(cx: &Context, doc: &Document, layers: &Layers, offsets: &CharOffsets) -> Vec<Draft> {
    let (resolved, place_mentions) = (&layers.resolved, &layers.place_mentions);
    let facts = doc_facts(cx, resolved, place_mentions);
    let mut drafts: Vec<Draft> = Vec::new();
    for (s, sentence) in cx.analysis.sentences.iter().enumerate() {
        let clauses = frame::clauses(cx, sentence);
        // the countries the sentence names as places, read once for its frames without a place
        let mut sentence_countries: Option<Vec<(usize, &'static str)>> = None;
        for clause in &clauses {
            for mut f in frame::candidates(cx, s, clause, sentence) {
                frame::fill_arguments(cx, &mut f, sentence, &clauses);
                let inter = |a: usize| {
                    resolve_entry(cx, &cx.mentions.actors[a], a, facts.main_country.as_deref())
                        .map(|e| e.inter)
                };
                let gate = factuality::check(cx, &f, sentence, doc.published)
                    .and_then(|()| frame::check_needs(cx, &f, inter))
                    .and_then(|()| located(cx, &f, resolved, place_mentions))
                    .err();
                let countries: &[(usize, &'static str)] = if f.place.is_none() {
                    sentence_countries.get_or_insert_with(|| countries_named_in(cx, sentence))
                } else {
                    &[]
                };
                for f in frame::split_by_coordinated_places(cx, f) {
                    let mut d = draft(
                        cx,
                        doc,
                        &facts,
                        resolved,
                        place_mentions,
                        offsets,
                        sentence,
                        countries,
                        f,
                    );
                    d.gate = gate;
                    d.features = decide::candidate_features(
                        cx,
                        &d.frames[0],
                        &d.identities[0].trigger,
                        sentence,
                        &d.record,
                        gate,
                        doc.published,
                    );
                    drafts.push(d);
                }
            }
        }
    }
    decide::add_context_features(
        drafts.iter_mut().map(|d| {
            let f = &d.frames[0];
            let placement = decide::Placement {
                sentence: f.sentence,
                clause: f.clause.clone(),
                kind: d.record.event_type,
                place: d.record.location.as_ref().map(|l| l.name.clone()),
            };
            (placement, &mut d.features)
        }),
        cx.analysis.sentences.len(),
    );
    drafts
}

/// The event decision on one draft: kept (with the reason in its explanation) or dropped
/// (with the reason in `explain`).
fn decide(
    cx: &Context,
    mut d: Draft,
    decision: &EventDecision,
    doc_id: &str,
    explain: &mut String,
) -> Option<Draft> {
    let f = &d.frames[0];
    let trigger_text = span_text(cx, &cx.mentions.triggers[f.trigger].tokens);
    let (keep, reason) = match decision {
        EventDecision::Gates => (d.gate.is_none(), d.gate.unwrap_or("").to_string()),
        EventDecision::Learned(_) if d.gate.is_some_and(factuality::is_final) => {
            (false, d.gate.unwrap_or("").to_string())
        }
        EventDecision::Learned(model) => {
            let p = model.probability(&d.features);
            let strongest = model
                .strongest(&d.features, 3)
                .iter()
                .map(|(f, w)| format!("{f} {w:+.2}"))
                .collect::<Vec<_>>()
                .join(", ");
            let gate = d
                .gate
                .map(|g| format!("; the rules object: {g}"))
                .unwrap_or_default();
            (
                p >= model.threshold,
                format!("learned decision p={p:.2}{gate} ({strongest})"),
            )
        }
    };
    if keep {
        if !reason.is_empty() {
            d.explanation.insert(1, format!("event: {reason}"));
        }
        Some(d)
    } else {
        let _ = writeln!(
            explain,
            "{doc_id}: not an event: «{trigger_text}» ({}): {reason}",
            f.sub_event.as_str(),
        );
        None
    }
}

/// The learned actor choice ([`actor_choice::choose`]) replaces the rules' actors of a kept
/// draft, and the coding that follows from actors (recodings, defaults) is settled again.
fn choose_actors(cx: &Context, d: &mut Draft, model: &crate::model::LinearModel) {
    let (first, second) = actor_choice::choose(model, &d.actor_options);
    let mut lines = Vec::new();
    for (label, option) in [("actor1", first), ("actor2", second)] {
        let Some(o) = option else { continue };
        let Some(a) = &o.actor else { continue };
        let words = match o.pick {
            actor_choice::Pick::Mention(_) => format!("«{}»", a.text.as_deref().unwrap_or("")),
            _ => "the event country's forces, unnamed".to_string(),
        };
        let runner_up = actor_choice::runner_up(model, &d.actor_options, o)
            .map(|(name, p)| format!("; next: {name}, p={p:.2}"))
            .unwrap_or_default();
        lines.push(format!(
            "{label}: {} ← {words} (learned choice, p={:.2}{runner_up})",
            a.name,
            model.probability(&o.features)
        ));
    }
    let pick = |o: Option<&ActorOption>| o.and_then(|o| o.actor.clone());
    let country_name = d.record.country.as_deref().and_then(countries::name);
    let coding = settle_actors(
        cx,
        &d.frames[0],
        pick(first),
        pick(second),
        country_name,
        &mut lines,
    );
    let is_actor_line = |l: &String| {
        l.starts_with("actor1:")
            || l.starts_with("actor2:")
            || (l.starts_with("type:") && l.ends_with("(recoded by its actors)"))
    };
    let at = d
        .explanation
        .iter()
        .position(is_actor_line)
        .unwrap_or(d.explanation.len());
    d.explanation.retain(|l| !is_actor_line(l));
    let at = at.min(d.explanation.len());
    d.explanation.splice(at..at, lines);
    let r = &mut d.record;
    r.event_type = coding.sub_event.event_type();
    r.sub_event_type = coding.sub_event;
    r.plover = coding.plover;
    r.plover_mode = coding.plover_mode;
    r.actor1 = coding.actor1;
    r.actor2 = coding.actor2;
}

/// What no record may say, whatever the rules and decisions before: an event reported before it
/// happened (a date after its article's publication is a misread date: the record is left
/// undated), or an actor against itself (the second side is dropped).
fn hold_invariants(d: &mut Draft, published: Option<chrono::NaiveDate>) {
    let r = &mut d.record;
    if let (Some(date), Some(published)) = (r.event_date, published) {
        if date > published {
            r.event_date = None;
            r.time_precision = None;
            d.explanation.push(format!(
                "date: none (the date read, {date}, is after publication)"
            ));
        }
    }
    if let (Some(a), Some(b)) = (&r.actor1, &r.actor2) {
        if a.name == b.name {
            d.explanation
                .push(format!("actor2: dropped ({} on both sides)", b.name));
            r.actor2 = None;
        }
    }
}

/// A campaign over a whole province followed, in its sentence, by events of the same type at
/// places of that province (حملة اعتقالات في مناطق الضفة الغربية … اعتقلت ستة من مخيم عايدة)
/// summarizes them: only the located events are kept.
fn drop_summaries(drafts: &mut Vec<Draft>, doc_id: &str, explain: &mut String) {
    let precision = |d: &Draft| d.record.location.as_ref().map(|l| l.geo_precision);
    let sentence = |d: &Draft| d.frames.first().map(|f| f.sentence);
    let summaries: Vec<usize> = (0..drafts.len())
        .filter(|&i| {
            let d = &drafts[i];
            precision(d) == Some(3)
                && drafts.iter().any(|e| {
                    sentence(e) == sentence(d)
                        && e.record.event_type == d.record.event_type
                        && e.record.admin1.is_some()
                        && e.record.admin1 == d.record.admin1
                        && precision(e).is_some_and(|p| p < 3)
                })
        })
        .collect();
    for &i in summaries.iter().rev() {
        let d = drafts.remove(i);
        let _ = writeln!(
            explain,
            "{doc_id}: not an event: {} at the province level: a summary of the events its sentence places in the province",
            d.record.sub_event_type.as_str(),
        );
    }
}

/// An event must be placed by its own sentence, below the level of a whole country: a
/// sentence that names no place reports a pattern or a comment, not an occurrence. A region of
/// a country (في شمال غرب الهند) is told apart from the whole country (في سوريا): wire news
/// places many an occurrence no closer.
fn located(
    cx: &Context,
    f: &Frame,
    resolved: &[ResolvedPlace],
    place_mentions: &[marsad_geo::PlaceMention],
) -> Result<(), &'static str> {
    let Some(p) = &f.place else {
        return Err("no place named in its sentence");
    };
    let r = &resolved[cx.mentions.places[p.value].resolved];
    if r.place.kind != marsad_geo::PlaceKind::Country {
        return Ok(());
    }
    let region = place_mentions[r.mention]
        .direction
        .is_some_and(|d| d != marsad_geo::Direction::Center);
    Err(if region {
        "only a region of a country named"
    } else {
        "only a whole country named"
    })
}

/// The countries a sentence names as places (`في الهند`, `بباكستان`, `شمال غرب الهند`,
/// `في روسيا البيضاء`), each with its token: where an event its sentence places nowhere closer
/// happened. A country named otherwise (التحالف بقيادة السعودية، جيش جنوب السودان) is a party,
/// not a place.
fn countries_named_in(cx: &Context, sentence: &Sentence) -> Vec<(usize, &'static str)> {
    let tokens = sentence.tokens.clone();
    let mut key = String::new();
    let stems: Vec<(String, bool)> = tokens
        .clone()
        .map(|t| {
            let seg = crate::keys::word_key_segmented(cx.token_text(t), &mut key);
            let bi = seg
                .proclitics()
                .iter()
                .any(|&(_, p)| p == marsad_text::segment::Proclitic::Bi);
            (key.clone(), bi)
        })
        .collect();
    // after ب or a word that comes before a place (في، داخل، شمال غرب: cues.tsv place_prep)
    let locative = |i: usize| {
        stems[i].1
            || cx
                .cue_at(
                    &(tokens.start..tokens.start + i),
                    crate::CueClass::PlacePrep,
                )
                .any(|c| c.end == tokens.start + i)
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < stems.len() {
        // a name of two words first (روسيا البيضاء، جنوب السودان)
        let (country, len) = match stems
            .get(i + 1)
            .and_then(|next| countries::of_name_keys(&[stems[i].0.as_str(), next.0.as_str()]))
        {
            Some(c) => (Some(c), 2),
            None => (countries::of_name_keys(&[stems[i].0.as_str()]), 1),
        };
        if let Some(c) = country.filter(|_| locative(i)) {
            found.push((tokens.start + i, c));
        }
        i += len;
    }
    found
}

fn span_text<'a>(cx: &Context<'a>, tokens: &Range<usize>) -> &'a str {
    let t = &cx.analysis.tokens;
    let span = t[tokens.start].span.cover(t[tokens.end - 1].span);
    span.slice(cx.analysis.text)
}

/// The main country and fallback place of the article.
fn doc_facts(
    cx: &Context,
    resolved: &[ResolvedPlace],
    place_mentions: &[marsad_geo::PlaceMention],
) -> DocFacts {
    let mut weights: Vec<(String, f32)> = Vec::new();
    let mut add = |cc: &str, w: f32| match weights.iter_mut().find(|(c, _)| c == cc) {
        Some((_, total)) => *total += w,
        None => weights.push((cc.to_string(), w)),
    };
    // (a place the gazetteer lacks counts too, as its container: evidence of the country,
    // which leaving it out cost 0.004 of CV F1)
    for r in resolved {
        add(
            &r.place.country,
            if r.place.kind == marsad_geo::PlaceKind::Country {
                1.0
            } else {
                2.0
            },
        );
    }
    for a in &cx.mentions.actors {
        if let Some(cc) = a
            .entries
            .first()
            .and_then(|&e| cx.lexicons.actors[e as usize].country.as_deref())
        {
            if cx.lexicons.actors[a.entries[0] as usize].inter != 8 {
                add(cc, 1.0);
            }
        }
    }
    weights.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let main_country = weights.first().map(|(c, _)| c.clone());
    // the most named sub-national place of the main country, earliest on ties (not a place the
    // gazetteer lacks: its container counts where the text names it)
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for (i, r) in resolved.iter().enumerate() {
        if Some(&r.place.country) != main_country.as_ref()
            || r.place.kind == marsad_geo::PlaceKind::Country
            || place_mentions[r.mention].unknown
        {
            continue;
        }
        match counts
            .iter_mut()
            .find(|(j, _)| resolved[*j].place.place == r.place.place)
        {
            Some((_, n)) => *n += 1,
            None => counts.push((i, 1)),
        }
    }
    let main_place = counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|&(i, _)| i);
    DocFacts {
        main_country,
        main_place,
    }
}

/// The geocoder context of a document: country hints from actors named with a country, and
/// the dateline place.
pub fn geo_context(
    text: &str,
    analysis: &Analysis,
    lexicons: &Lexicons,
    mentions: &Mentions,
) -> DocContext {
    let mut hints: Vec<(String, f32)> = Vec::new();
    for a in &mentions.actors {
        let Some(&e) = a.entries.first() else {
            continue;
        };
        let entry = &lexicons.actors[e as usize];
        if let (Some(cc), false) = (entry.country.as_deref(), entry.inter == 8) {
            match hints.iter_mut().find(|(c, _)| c == cc) {
                Some((_, w)) => *w += 1.0,
                None => hints.push((cc.to_string(), 1.0)),
            }
        }
    }
    DocContext {
        country_hints: hints,
        dateline: dateline(text, analysis),
    }
}

/// The dateline place: the words before a dash (or a parenthesized agency and a dash) at the
/// start of the article or of its second line (after a headline).
fn dateline(text: &str, analysis: &Analysis) -> Option<String> {
    for sentence in analysis.sentences.iter().take(2) {
        let tokens = &analysis.tokens[sentence.tokens.clone()];
        let dash = tokens
            .iter()
            .take(6)
            .position(|t| matches!(t.span.slice(text), "-" | "–" | "—"))?;
        if dash == 0 {
            continue;
        }
        let mut end = dash;
        // skip "(أ ف ب)" or "(رويترز)" before the dash
        if let Some(open) = tokens[..dash]
            .iter()
            .position(|t| t.span.slice(text) == "(")
        {
            end = open;
        }
        // a date after the place ("بغداد 15 - 7 (أ ف ب) -"): the place is the words before the day
        if let Some(day) = tokens[..end]
            .iter()
            .position(|t| t.span.slice(text).chars().all(char::is_numeric))
        {
            end = day;
        }
        if end > 0 && end <= 3 {
            let span = tokens[0].span.cover(tokens[end - 1].span);
            return Some(span.slice(text).to_string());
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn draft(
    cx: &Context,
    doc: &Document,
    facts: &DocFacts,
    resolved: &[ResolvedPlace],
    place_mentions: &[marsad_geo::PlaceMention],
    offsets: &CharOffsets,
    sentence: &Sentence,
    sentence_countries: &[(usize, &'static str)],
    f: Frame,
) -> Draft {
    let text = cx.analysis.text;
    let entry = &cx.lexicons.triggers[f.entry as usize];
    let mut explanation = Vec::new();
    let trigger_range = &cx.mentions.triggers[f.trigger].tokens;
    let trigger_span = token_span(cx, trigger_range);
    explanation.push(format!(
        "trigger: «{}» ({})",
        trigger_span.slice(text),
        f.type_rule
    ));

    // place: the frame's, else the document's, unless its sentence names another country
    // (a round-up of the world's news: «قنبلة انفجرت في قطار … في الهند»)
    let sentence_country = sentence_countries
        .iter()
        .min_by_key(|&&(t, _)| t.abs_diff(trigger_range.start))
        .map(|&(_, c)| c);
    let main_place_country = facts.main_place.map(|p| resolved[p].place.country.as_str());
    let (place, place_rule) = match (&f.place, sentence_country) {
        (Some(p), _) => (Some(cx.mentions.places[p.value].resolved), p.rule),
        (None, Some(c)) if main_place_country != Some(c) => (
            None,
            "none: its sentence names a country the article's main place is not in",
        ),
        (None, _) => (
            facts.main_place,
            "the article's main place (no place in the sentence)",
        ),
    };
    let mut location = place.map(|r| {
        let l = resolved[r].location(text, place_mentions);
        (l, f.place.is_some())
    });
    let mut country = location.as_ref().map(|(l, _)| l.country.clone());
    // actors
    let actor_country = |c: &Option<frame::Chosen<usize>>| {
        c.as_ref().and_then(|c| {
            let m = &cx.mentions.actors[c.value];
            let e = resolve_entry(cx, m, c.value, None)?;
            (e.inter != 8)
                .then(|| e.country.as_deref().map(str::to_string))
                .flatten()
        })
    };
    if country.is_none() {
        country = sentence_country
            .map(str::to_string)
            .or_else(|| actor_country(&f.actor1))
            .or_else(|| actor_country(&f.actor2))
            .or_else(|| facts.main_country.clone());
    }
    let country_name = country.as_deref().and_then(countries::name);
    let mut record_actor = |chosen: &Option<frame::Chosen<usize>>, label: &str| -> Option<Actor> {
        let c = chosen.as_ref()?;
        let actor = mention_actor(cx, offsets, c.value, country.as_deref(), country_name)?;
        explanation.push(format!(
            "{label}: {} ← «{}» ({})",
            actor.name,
            actor.text.as_deref().unwrap_or(""),
            c.rule
        ));
        Some(actor)
    };
    let actor1 = record_actor(&f.actor1, "actor1");
    let actor2 = record_actor(&f.actor2, "actor2");
    let coding = settle_actors(cx, &f, actor1, actor2, country_name, &mut explanation);
    // time
    let (event_date, time_precision) = match &f.time {
        Some(t) => {
            let time = &cx.mentions.times[t.value];
            explanation.push(format!(
                "date: {} ← «{}» ({})",
                plain_date(time.date),
                time.span.slice(text),
                t.rule
            ));
            (time.date, time.precision)
        }
        None => (None, None),
    };
    if let Some((l, in_sentence)) = &mut location {
        explanation.push(format!(
            "place: {} ({}, {}) ← «{}» ({})",
            l.name,
            l.admin1.as_deref().unwrap_or("?"),
            l.country,
            l.text,
            place_rule
        ));
        if !*in_sentence {
            l.geo_precision = l.geo_precision.max(2);
        }
    } else if let Some(c) = sentence_country {
        explanation.push(format!("place: {place_rule}; country {c}"));
    }
    let deaths = f.casualties.deaths;
    let fatalities_text = f
        .casualties
        .death_phrases
        .first()
        .map(|r| token_span(cx, r).slice(text).to_string());
    if let Some(d) = deaths {
        explanation.push(format!(
            "fatalities: {d} ← «{}»",
            fatalities_text.as_deref().unwrap_or("")
        ));
    }
    let sentence_span = sentence.span;
    let (s_start, s_end) = offsets.char_span(sentence_span);
    let (t_start, t_end) = offsets.char_span(trigger_span);
    let mut confidence: f64 = 0.45;
    confidence += 0.1 * f64::from(entry.specificity.min(3) - 1);
    confidence += if f.actor1.is_some() { 0.1 } else { 0.0 };
    confidence += if f.place.is_some() { 0.1 } else { -0.1 };
    confidence += if f.time.is_some() { 0.05 } else { 0.0 };
    let (loc_record, admin1, admin2) = match location {
        Some((l, in_sentence)) => {
            let (start, end) = if in_sentence {
                let m = &place_mentions[resolved[place.expect("location has a place")].mention];
                let (a, b) = offsets.char_span(m.span);
                (Some(a), Some(b))
            } else {
                (None, None)
            };
            (
                Some(Location {
                    name: l.name,
                    text: in_sentence.then_some(l.text),
                    geonameid: l.geonameid.map(i64::from),
                    latitude: l.latitude,
                    longitude: l.longitude,
                    geo_precision: l.geo_precision,
                    start,
                    end,
                }),
                l.admin1,
                l.admin2,
            )
        }
        None => (None, None, None),
    };
    let record = EventRecord {
        doc_id: doc.doc_id.clone(),
        event_id: String::new(),
        event_type: coding.sub_event.event_type(),
        sub_event_type: coding.sub_event,
        plover: coding.plover,
        plover_mode: coding.plover_mode,
        event_date,
        time_precision,
        actor1: coding.actor1,
        actor2: coding.actor2,
        country,
        admin1,
        admin2,
        location: loc_record,
        fatalities: deaths,
        fatalities_text,
        injuries: f.casualties.injuries,
        trigger: Some(Trigger {
            text: trigger_span.slice(text).to_string(),
            start: t_start,
            end: t_end,
        }),
        evidence: vec![Evidence {
            sentence: sentence_span.slice(text).to_string(),
            start: s_start,
            end: s_end,
        }],
        confidence: confidence.clamp(0.05, 0.95),
    };
    let clause_actors = [record.actor1.clone(), record.actor2.clone()];
    let identity = Identity::of(
        &record,
        &clause_actors,
        f.sentence,
        decide::trigger_key(cx, &f),
    );
    Draft {
        frames: vec![f],
        specificity: entry.specificity,
        explanation,
        gate: None,
        features: Vec::new(),
        actor_options: Vec::new(),
        clause_actors,
        identities: vec![identity],
        record,
    }
}

/// Who could be the draft's actor1 and actor2 ([`actor_choice::options`]): reckoned for the
/// candidates the decision keeps (and for every candidate when learning), as they cost a
/// sixth of the extraction time.
fn actor_options_of(
    cx: &Context,
    article_actors: &ArticleActors,
    offsets: &CharOffsets,
    d: &Draft,
) -> Vec<ActorOption> {
    let f = &d.frames[0];
    let country = d.record.country.as_deref();
    let country_name = country.and_then(countries::name);
    actor_choice::options(
        cx,
        article_actors,
        f,
        f.sub_event,
        country,
        country_name,
        default_actor1(f.sub_event.event_type(), f.sub_event, country_name).as_ref(),
        |a| mention_actor(cx, offsets, a, country, country_name),
    )
}

/// How a frame is coded once its actors are chosen: civilians are never the authors of
/// political violence, the trigger row's recodings by actor type (if=), crowds named as ACLED
/// names them, and the event type's default actors.
struct Coding {
    sub_event: SubEventType,
    plover: String,
    plover_mode: Option<String>,
    actor1: Option<Actor>,
    actor2: Option<Actor>,
}

fn settle_actors(
    cx: &Context,
    f: &Frame,
    actor1: Option<Actor>,
    actor2: Option<Actor>,
    country_name: Option<&str>,
    explanation: &mut Vec<String>,
) -> Coding {
    let entry = &cx.lexicons.triggers[f.entry as usize];
    let (mut actor1, mut actor2) = (actor1, actor2);
    // the sides as the clause names them, before civilians are read as victims
    let sides = [&actor1, &actor2].map(|a| a.as_ref().and_then(|a| a.inter));
    let side = |inters: &[u8]| sides.iter().flatten().any(|i| inters.contains(i));
    let as_named = (actor1.clone(), actor2.clone());
    // civilians are the targets of political violence, never its authors (ACLED codes them
    // as actor2 only): a civilian actor1 is the victim a passive verb names first (وقتل 15
    // مدنيا في قصف من طيران حربي)
    if actor1.as_ref().is_some_and(|a| a.inter == Some(7))
        && !matches!(
            f.sub_event.event_type(),
            EventType::Protests | EventType::Riots
        )
    {
        let civilians = actor1.take();
        if actor2.is_none() {
            explanation.push("actor1: civilians, the victims: moved to actor2".into());
            actor2 = civilians;
        } else {
            explanation.push("actor1: civilians, the victims: dropped".into());
        }
    }
    if actor1.is_some() && actor1.as_ref().map(|a| &a.name) == actor2.as_ref().map(|a| &a.name) {
        actor2 = None;
    }
    // the row's recodings (if=), by the actors found: the first that holds wins
    let mut sub_event = f.sub_event;
    let mut plover = entry.plover.to_string();
    let mut plover_mode = entry.plover_mode.as_deref().map(str::to_string);
    let agent_inter = actor1.as_ref().and_then(|a| a.inter);
    let target_inter = actor2.as_ref().and_then(|a| a.inter);
    let aerial_clause = f.triggers.iter().any(|&t| {
        cx.mentions.triggers[t].entries.iter().any(|&e| {
            let t = &cx.lexicons.triggers[e as usize];
            t.role == TriggerRole::Weapon && t.sub_event == SubEventType::AirDroneStrike
        })
    });
    let holds = |c: &Condition| match c {
        Condition::AgentState => matches!(agent_inter, Some(1 | 8)),
        Condition::AgentNonstate => matches!(agent_inter, Some(2..=4)),
        Condition::AgentProtesters => agent_inter == Some(6),
        Condition::AgentMob => agent_inter == Some(5),
        Condition::AgentAerial => aerial_clause,
        Condition::TargetCivilian => target_inter == Some(7),
        Condition::TargetArmed => matches!(target_inter, Some(1..=4 | 8)),
        Condition::TargetProtesters => target_inter == Some(6),
        Condition::TargetPerson => actor2.is_some(),
        Condition::TargetGoods => false,
        Condition::ObjectWeapon => false,
        Condition::SideProtesters => side(&[6]),
        Condition::SideCivilian => side(&[7]),
        Condition::SideState => side(&[1]),
    };
    if let Some(r) = entry
        .args
        .recode
        .iter()
        .find(|r| r.conditions.iter().all(holds))
    {
        explanation.push(format!(
            "type: {} (recoded by its actors)",
            r.sub_event.as_str()
        ));
        sub_event = r.sub_event;
        plover = r.plover.to_string();
        plover_mode = r.plover_mode.as_deref().map(str::to_string);
        // recoded to a crowd's event, civilians are a side again, not the victims
        if matches!(
            sub_event.event_type(),
            EventType::Protests | EventType::Riots
        ) {
            (actor1, actor2) = as_named;
        }
    }
    // protesters and rioters are people, not armed forces; named people become the crowd
    if matches!(
        sub_event.event_type(),
        EventType::Protests | EventType::Riots
    ) {
        // the crowd is actor1, whichever side the clause named it on (اشتباكات بين قوات
        // الأمن والمتظاهرين)
        let crowd = |a: &Option<Actor>| a.as_ref().is_some_and(|a| matches!(a.inter, Some(5..=7)));
        if !crowd(&actor1) && crowd(&actor2) {
            std::mem::swap(&mut actor1, &mut actor2);
        }
        if let Some(a) = &mut actor1 {
            match a.inter {
                Some(5..=7) => {
                    let crowd = if sub_event.event_type() == EventType::Protests {
                        ("Protesters", 6)
                    } else {
                        ("Rioters", 5)
                    };
                    if let Some(c) = country_name {
                        a.name = format!("{} ({c})", crowd.0);
                        a.inter = Some(crowd.1);
                    }
                }
                _ => {
                    explanation.push(format!("actor1: {} is not a crowd; dropped", a.name));
                    actor1 = None;
                }
            }
        }
    }
    if actor1.is_none() {
        actor1 = default_actor1(sub_event.event_type(), sub_event, country_name);
        if let Some(a) = &actor1 {
            explanation.push(format!("actor1: {} (default for the event type)", a.name));
        }
    }
    if actor2.is_none() && sub_event.event_type() == EventType::ViolenceAgainstCivilians {
        actor2 = country_name.map(|c| generic_actor(format!("Civilians ({c})"), 7));
    }
    Coding {
        sub_event,
        plover,
        plover_mode,
        actor1,
        actor2,
    }
}

fn token_span(cx: &Context, tokens: &Range<usize>) -> marsad_text::Span {
    let t = &cx.analysis.tokens;
    t[tokens.start].span.cover(t[tokens.end - 1].span)
}

/// The record's actor for an actor mention, in an event of `country` (None when the mention
/// resolves to no known actor).
fn mention_actor(
    cx: &Context,
    offsets: &CharOffsets,
    a: usize,
    country: Option<&str>,
    country_name: Option<&str>,
) -> Option<Actor> {
    let m = &cx.mentions.actors[a];
    let e = resolve_entry(cx, m, a, country)?;
    let span = token_span(cx, &m.tokens);
    let (start, end) = offsets.char_span(span);
    Some(Actor {
        name: e.name_in(country_name),
        text: Some(span.slice(cx.analysis.text).to_string()),
        id: Some(e.id.to_string()),
        inter: Some(e.inter),
        start: Some(start),
        end: Some(end),
    })
}

/// The dictionary entry a mention stands for: the entry of its own words, or, for an anaphor,
/// the group the article named most recently before it (else most often).
fn resolve_entry<'l>(
    cx: &Context<'l>,
    m: &ActorMention,
    index: usize,
    country: Option<&str>,
) -> Option<&'l ActorEntry> {
    let actors = &cx.lexicons.actors;
    if !m.entries.is_empty() {
        let name = Lexicons::phrase_key(span_text(cx, &m.name_tokens));
        return match cx.lexicons.ambiguity.resolve(&name, country) {
            Resolution::Entry(e) => Some(&actors[e as usize]),
            Resolution::Unresolved => None,
            // among several entries, the one of the event's country
            Resolution::NotListed => Some(
                m.entries
                    .iter()
                    .map(|&e| &actors[e as usize])
                    .find(|e| country.is_some() && e.country.as_deref() == country)
                    .unwrap_or(&actors[m.entries[0] as usize]),
            ),
        };
    }
    let class = m.anaphor?;
    let fits = |e: &ActorEntry| {
        e.kind == ActorKind::Named
            && match class {
                // ACLED inter codes: 2 rebel group, 3 political militia, 4 identity militia
                WordClass::AnaphorRebels => e.inter == 2,
                _ => (2..=4).contains(&e.inter),
            }
    };
    let named = |a: &ActorMention| {
        a.entries
            .first()
            .map(|&e| &actors[e as usize])
            .filter(|e| fits(e))
    };
    // a group named with the anaphor's own noun comes first (التنظيم: تنظيم داعش, not the
    // forces named since; الحركة: حركة حماس)
    let noun = cx.key(m.name_tokens.start);
    let noun = noun.strip_prefix("ال").unwrap_or(noun);
    let same_noun = |a: &&ActorMention| {
        a.name_tokens.clone().any(|t| {
            let k = cx.key(t);
            k == noun || k.strip_prefix("ال") == Some(noun)
        })
    };
    let before = &cx.mentions.actors[..index];
    before
        .iter()
        .rev()
        .filter(same_noun)
        .find_map(named)
        .or_else(|| before.iter().rev().find_map(named))
        .or_else(|| cx.mentions.actors.iter().filter(same_noun).find_map(named))
        .or_else(|| cx.mentions.actors.iter().find_map(named))
}

fn generic_actor(name: String, inter: u8) -> Actor {
    Actor {
        name,
        text: None,
        id: None,
        inter: Some(inter),
        start: None,
        end: None,
    }
}

/// ACLED's actor when the text names none: protesters, rioters, the police for arrests, an
/// unidentified armed group for violence.
fn default_actor1(
    event_type: EventType,
    sub_event: SubEventType,
    country: Option<&str>,
) -> Option<Actor> {
    let country = country?;
    Some(match event_type {
        EventType::Protests => generic_actor(format!("Protesters ({country})"), 6),
        EventType::Riots => generic_actor(format!("Rioters ({country})"), 5),
        EventType::StrategicDevelopments if sub_event == SubEventType::Arrests => {
            generic_actor(format!("Police Forces of {country}"), 1)
        }
        EventType::StrategicDevelopments => return None,
        _ => generic_actor(format!("Unidentified Armed Group ({country})"), 3),
    })
}

/// Merges drafts about one occurrence: same event type and place, compatible day and actors.
/// One death toll, one event: when events drafted from one clause both count the same
/// death phrase (مقتل 18 مدنيا ... وإحراق سيارات جراء سقوط قذائف), the most specific trigger
/// keeps the count (ties: the first) and the others report none, so a toll is not doubled.
fn share_death_tolls(drafts: &mut [Draft]) {
    // drafts come sentence by sentence: compare each only with those of its own sentence
    let sentence = |d: &Draft| d.frames.first().map(|f| f.sentence);
    for i in 0..drafts.len() {
        for j in i + 1..drafts.len() {
            if sentence(&drafts[j]) != sentence(&drafts[i]) {
                break;
            }
            let (a, b) = (&drafts[i], &drafts[j]);
            let shared = |x: &Draft, y: &Draft| {
                x.frames.iter().any(|fx| {
                    y.frames.iter().any(|fy| {
                        // frames of one trigger split by place share the toll already
                        fx.clause == fy.clause
                            && fx.trigger != fy.trigger
                            && fx
                                .casualties
                                .death_phrases
                                .iter()
                                .any(|p| fy.casualties.death_phrases.contains(p))
                    })
                })
            };
            if a.record.fatalities.is_none() || b.record.fatalities.is_none() || !shared(a, b) {
                continue;
            }
            let loser = if b.specificity > a.specificity { i } else { j };
            let d = &mut drafts[loser];
            d.record.fatalities = None;
            d.record.fatalities_text = None;
            d.explanation.push(
                "fatalities: none (the toll belongs to a more specific event of its clause)".into(),
            );
        }
    }
}

/// Dates an event that none of its mentions dates by the day of the report around its
/// first mention ([`frame::report_day`]). Done after merging: a day only inferred from an
/// earlier sentence must not keep two mentions of one occurrence apart.
///
/// An event that no day of the article dates stays undated: the publication date alone does
/// not say when (an opinion piece on an attack of ten days before). Without a publication date
/// nothing is inferred (issue 13: a background span must not date them).
fn date_by_report_day(cx: &Context, drafts: &mut [Draft]) {
    for d in drafts.iter_mut().filter(|d| d.record.event_date.is_none()) {
        let Some(f) = d.frames.first() else { continue };
        let sentence = &cx.analysis.sentences[f.sentence];
        let Some(day) =
            frame::report_day(cx, sentence).or_else(|| frame::article_report_day(cx, sentence))
        else {
            continue;
        };
        let time = &cx.mentions.times[day.value];
        d.record.event_date = time.date;
        d.record.time_precision = time.precision;
        d.explanation.push(format!(
            "date: {} ← «{}» ({})",
            plain_date(time.date),
            time.span.slice(cx.analysis.text),
            day.rule
        ));
    }
}

/// A date as an explanation prints it: `2022-01-20`, or `unresolved`.
fn plain_date(date: Option<chrono::NaiveDate>) -> String {
    date.map_or_else(|| "unresolved".to_string(), |d| d.to_string())
}

/// Groups kept drafts into occurrences in text order: each joins the earlier event of its type
/// and country that the decision ([`MergeDecision::join`]) finds surest, if any, among the
/// [`RECENT_EVENTS`] latest (so that a long article stays linear).
fn merge(drafts: Vec<Draft>, decision: &MergeDecision) -> Vec<Draft> {
    let mut out: Vec<Draft> = Vec::new();
    for d in drafts {
        let from = out.len().saturating_sub(RECENT_EVENTS);
        let best = out
            .iter()
            .enumerate()
            .skip(from)
            .filter(|(_, o)| {
                o.record.event_type == d.record.event_type && o.record.country == d.record.country
            })
            .map(|(i, o)| (i, decision.join(&o.identities, &d.identities[0])))
            .filter(|(_, (_, joins))| *joins)
            .fold(None::<(usize, f32)>, |best, (i, (p, _))| match best {
                Some((_, q)) if q >= p => best,
                _ => Some((i, p)),
            });
        match best {
            Some((i, p)) => absorb(&mut out[i], d, p),
            None => out.push(d),
        }
    }
    out
}

/// How many of the latest events a kept draft may join.
const RECENT_EVENTS: usize = 64;

/// The record's place is named by its own sentence (not the article's fallback place).
fn placed_by_text(r: &EventRecord) -> bool {
    r.location.as_ref().is_some_and(|l| l.text.is_some())
}

/// A side is filled from the other mention unless that makes both sides one actor (an attack
/// is never by a group on itself: "the IS attack" names the attacker again).
fn fill_sides(into: [&mut Option<Actor>; 2], from: [Option<Actor>; 2]) {
    let has_text = |x: &Option<Actor>| x.as_ref().is_some_and(|x| x.text.is_some());
    let same = |x: &Option<Actor>, y: &Option<Actor>| matches!((x, y), (Some(x), Some(y)) if x.name == y.name);
    let [into1, into2] = into;
    let [from1, from2] = from;
    if !has_text(into1) && has_text(&from1) && !same(&from1, into2) {
        *into1 = from1;
    }
    if !has_text(into2) && has_text(&from2) && !same(&from2, into1) {
        *into2 = from2;
    }
}

/// Folds `d` into `o`: evidence appended, missing fields filled, the more specific sub-event
/// type and the higher death toll (a later toll updates an earlier one) kept.
fn absorb(o: &mut Draft, d: Draft, p: f32) {
    let (a, b) = (&mut o.record, d.record);
    if d.specificity > o.specificity {
        a.sub_event_type = b.sub_event_type;
        a.plover = b.plover.clone();
        a.plover_mode = b.plover_mode.clone();
        a.trigger = b.trigger.clone();
        o.specificity = d.specificity;
    }
    if a.event_date.is_none() {
        a.event_date = b.event_date;
        a.time_precision = b.time_precision;
    }
    // a place the text names wins over the article's fallback place
    if !placed_by_text(a) && placed_by_text(&b) {
        a.admin1 = b.admin1;
        a.admin2 = b.admin2;
        a.location = b.location;
    }
    fill_sides([&mut a.actor1, &mut a.actor2], [b.actor1, b.actor2]);
    let [c1, c2] = d.clause_actors;
    let [o1, o2] = &mut o.clause_actors;
    fill_sides([o1, o2], [c1, c2]);
    if b.fatalities > a.fatalities {
        a.fatalities = b.fatalities;
        a.fatalities_text = b.fatalities_text;
    }
    if b.injuries > a.injuries {
        a.injuries = b.injuries;
    }
    for e in b.evidence {
        if !a.evidence.iter().any(|x| x.start == e.start) {
            a.evidence.push(e);
        }
    }
    a.confidence = a.confidence.max(b.confidence);
    o.frames.extend(d.frames);
    o.identities.extend(d.identities);
    o.explanation.push(format!(
        "merged with a later mention of the same occurrence (p={p:.2}):"
    ));
    o.explanation
        .extend(d.explanation.into_iter().map(|l| format!("  {l}")));
}

/// Turns the time layer of the text core into time mentions.
pub fn time_mentions(
    times: &[marsad_text::time::TimeExpr],
    published: Option<chrono::NaiveDate>,
) -> Vec<crate::mentions::TimeMention> {
    use marsad_text::time::{Precision, TimeKind};
    let recent = |t: &marsad_text::time::TimeExpr| match (t.date, published) {
        (Some(d), Some(p)) => t.relative && (0..=7).contains(&(p - d).num_days()),
        _ => false,
    };
    times
        .iter()
        .map(|t| {
            // `منذ صباح أمس`: what goes on since a day of the report week began that day
            let recent_start =
                t.kind == TimeKind::Since && t.precision == Some(Precision::Day) && recent(t);
            crate::mentions::TimeMention {
                tokens: t.tokens.clone(),
                span: t.span,
                date: if recent_start { t.date } else { t.event_date() },
                precision: t.precision.map(|p| p.acled_code()),
                duration: !recent_start && matches!(t.kind, TimeKind::Duration | TimeKind::Since),
                recent_day: t.precision == Some(Precision::Day) && recent(t),
            }
        })
        .collect()
}
