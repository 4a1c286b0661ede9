//! Disambiguation: from the candidates of each mention to one place, with the reasons a reader
//! would give: the country the whole article is about (other places, actors, the dateline,
//! country adjectives), containment and nearness cues between mentions (حي الزهور في الحسكة),
//! the feature word (محافظة → the province, مدينة → the town), admin level and population,
//! and nearness to the article's other places. Then ACLED's geo_precision.
//!
//! Scores are sums of named terms (see [`Candidate::score`]); `marsad geocode` prints them.

use std::collections::HashMap;

use marsad_text::normalize::TokenKeys;
use marsad_text::tokenize::{tokenize, TokenKind};
use serde::Serialize;

use crate::hash::FxBuild;
use crate::index::flags;
use crate::keys::{Direction, Feature};
use crate::mention::PlaceMention;
use crate::model::{approx_distance_km as distance_km, PlaceKind};
use crate::Gazetteer;

/// What the article says about where it is, beyond its place names.
#[derive(Clone, Debug, Default)]
pub struct DocContext {
    /// Countries the article is about, with a weight (1.0 = one clear actor mention, e.g.
    /// "الجيش العراقي" → IQ). ISO 3166-1 alpha-2.
    pub country_hints: Vec<(String, f32)>,
    /// The dateline place as written (`بغداد`), if the article has one.
    pub dateline: Option<String>,
}

impl DocContext {
    /// The context a text gives by itself: its country adjectives (السورية، العراقي، اليمنيين),
    /// half a hint each, at most three per country. Add actor hints and the dateline to it.
    pub fn from_text(
        gazetteer: &Gazetteer,
        tokens: &[marsad_text::tokenize::Token],
        keys: &TokenKeys,
    ) -> DocContext {
        let mut counts: HashMap<[u8; 2], u32> = HashMap::new();
        for (i, t) in tokens.iter().enumerate().take(keys.len()) {
            if t.kind != TokenKind::Arabic {
                continue;
            }
            let k = keys.get(i);
            // adjectives end in ي، يه، يين، يون (the cheap test first)
            if k.len() < 8 || !(k.ends_with('ي') || k.ends_with('ه') || k.ends_with('ن')) {
                continue;
            }
            if let Some(cc) = gazetteer.lexicon.demonym(k) {
                *counts.entry(cc).or_default() += 1;
            }
        }
        let mut hints: Vec<(String, f32)> = counts
            .into_iter()
            .map(|(cc, n)| {
                (
                    String::from_utf8_lossy(&cc).into_owned(),
                    0.5 * n.min(3) as f32,
                )
            })
            .collect();
        hints.sort_by(|a, b| a.0.cmp(&b.0));
        DocContext {
            country_hints: hints,
            dateline: None,
        }
    }

    /// A context with one country hint.
    pub fn with_country(cc: &str) -> DocContext {
        DocContext {
            country_hints: vec![(cc.to_string(), 1.0)],
            dateline: None,
        }
    }
}

/// A candidate place for a mention, with its score.
#[derive(Clone, Debug, Serialize)]
pub struct Candidate {
    /// Index into the gazetteer.
    #[serde(skip)]
    pub place: u32,
    pub id: String,
    pub geonameid: Option<u32>,
    pub name: String,
    pub name_ar: String,
    pub kind: PlaceKind,
    pub feature_code: String,
    pub country: String,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
    pub population: u64,
    /// For a curated spot or area: the place that contains it (whose coordinates it may use).
    pub parent_name: Option<String>,
    /// Sum of the terms below.
    pub score: f32,
    /// `(term, value)`: prior, population, context, feature, link, proximity…
    pub terms: Vec<(&'static str, f32)>,
}

/// A mention resolved to one place.
#[derive(Clone, Debug, Serialize)]
pub struct ResolvedPlace {
    /// Index of the mention in `find_mentions`' output.
    pub mention: usize,
    /// The chosen place.
    pub place: Candidate,
    /// ACLED geo_precision: 1 the town itself or a spot in it, 2 near it or part of a
    /// region/district, 3 only the province.
    pub geo_precision: u8,
    /// The chosen candidate's score minus the runner-up's (confidence of the choice).
    pub margin: f32,
    /// The other candidates, best first (at most 4).
    pub alternatives: Vec<Candidate>,
    /// For an anaphor (المدينة): the mention it refers to.
    pub antecedent: Option<usize>,
}

/// The location object of an event record (`shared/docs/event-format.md`), plus the admin
/// fields of the record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Location {
    pub name: String,
    /// The Arabic words of the article.
    pub text: String,
    pub geonameid: Option<u32>,
    pub latitude: f64,
    pub longitude: f64,
    pub geo_precision: u8,
    #[serde(skip)]
    pub country: String,
    #[serde(skip)]
    pub admin1: Option<String>,
    #[serde(skip)]
    pub admin2: Option<String>,
}

impl ResolvedPlace {
    /// The event-format location, with the mention's words from `text`.
    pub fn location(&self, text: &str, mentions: &[PlaceMention]) -> Location {
        let words = mentions
            .get(self.mention)
            .and_then(|m| text.get(m.span.start()..m.span.end()))
            .unwrap_or("")
            .to_string();
        Location {
            name: self.place.name.clone(),
            text: words,
            geonameid: self.place.geonameid,
            latitude: self.place.latitude,
            longitude: self.place.longitude,
            geo_precision: self.geo_precision,
            country: self.place.country.clone(),
            admin1: self.place.admin1.clone(),
            admin2: self.place.admin2.clone(),
        }
    }
}

/// Mentions whose best score is below this are left unresolved (not a silent wrong place).
pub const MIN_SCORE: f32 = 1.0;

/// Proximity is measured against the places named within this many mentions of a mention,
/// when there are any (the article's other places otherwise).
const LOCAL_MENTIONS: usize = 3;

/// A village this far from the closest places named on either side of it needs more than the
/// country to be chosen.
const FAR_FROM_NEIGHBOURS_KM: f64 = 150.0;

struct Scored {
    place: u32,
    score: f32,
    terms: Terms,
}

/// The named terms of a score, without allocation.
#[derive(Clone, Copy)]
struct Terms {
    items: [(&'static str, f32); 20],
    len: usize,
}

impl Terms {
    fn new() -> Terms {
        Terms {
            items: [("", 0.0); 20],
            len: 0,
        }
    }
    #[inline]
    fn push(&mut self, t: (&'static str, f32)) {
        if self.len < self.items.len() {
            self.items[self.len] = t;
            self.len += 1;
        }
    }
    #[inline]
    fn iter(&self) -> std::slice::Iter<'_, (&'static str, f32)> {
        self.items[..self.len].iter()
    }
}

impl Gazetteer {
    /// Resolves mentions (from [`Gazetteer::find_mentions`] on one document) to places.
    /// Returns one [`ResolvedPlace`] per mention that could be resolved, in mention order.
    pub fn resolve(&self, mentions: &[PlaceMention], ctx: &DocContext) -> Vec<ResolvedPlace> {
        let countries = self.country_weights(mentions, ctx);
        // places named exactly somewhere in the article (to confirm misspellings)
        let named: std::collections::HashSet<u32, FxBuild> = mentions
            .iter()
            .filter(|m| !m.fuzzy)
            .flat_map(|m| m.entries.iter().map(|e| e.place))
            .collect();
        // pass 1: without proximity; then the anaphors (المدينة) take their antecedents'
        // places; pass 2: with the places chosen so far (proximity, containers)
        let mut chosen: Vec<Option<(u32, f32)>> = vec![None; mentions.len()];
        let mut scored: Vec<Vec<Scored>> = Vec::with_capacity(mentions.len());
        for pass in 0..2 {
            let anchors = if pass == 0 {
                Vec::new()
            } else {
                self.anchors(mentions, &chosen)
            };
            // provinces the article names as provinces (محافظة صعدة), confidently
            let named_admin1: std::collections::HashSet<u32, FxBuild> = chosen
                .iter()
                .flatten()
                .filter(|(p, margin)| *margin >= 1.0 && self.place(*p).kind == PlaceKind::Admin1)
                .filter_map(|(p, _)| self.place(*p).admin1)
                .collect();
            scored.clear();
            for (mi, m) in mentions.iter().enumerate() {
                let mut list = self.score_mention(
                    mi,
                    m,
                    mentions,
                    &countries,
                    &anchors,
                    &chosen,
                    pass,
                    &named,
                    &named_admin1,
                );
                list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.cmp(&b.place)));
                if !m.anaphor {
                    chosen[mi] = list
                        .first()
                        .filter(|c| c.score >= MIN_SCORE)
                        .map(|c| (c.place, c.score - list.get(1).map_or(0.0, |s| s.score)));
                }
                scored.push(list);
            }
            if pass == 0 {
                for r in self.finish(mentions, &scored, true) {
                    if mentions[r.mention].anaphor {
                        chosen[r.mention] = Some((r.place.place, r.margin));
                    }
                }
            }
        }
        self.finish(mentions, &scored, false)
    }

    /// Chooses the best candidate of each mention and resolves the anaphors.
    /// `light`: without alternatives and score terms (the pass that only feeds the anaphors).
    fn finish(
        &self,
        mentions: &[PlaceMention],
        scored: &[Vec<Scored>],
        light: bool,
    ) -> Vec<ResolvedPlace> {
        let mut out = Vec::new();
        for (mi, m) in mentions.iter().enumerate() {
            if m.anaphor {
                if let Some(r) = self.resolve_anaphor(mi, m, mentions, &out) {
                    out.push(r);
                }
                continue;
            }
            let list = &scored[mi];
            let Some(best) = list.first().filter(|c| c.score >= MIN_SCORE) else {
                continue;
            };
            let place = self.candidate(best);
            let precision = self.precision(m, &place);
            out.push(ResolvedPlace {
                mention: mi,
                margin: best.score - list.get(1).map_or(0.0, |s| s.score),
                alternatives: if light {
                    Vec::new()
                } else {
                    list[1..]
                        .iter()
                        .take(4)
                        .map(|s| self.candidate(s))
                        .collect()
                },
                place,
                geo_precision: precision,
                antecedent: None,
            });
        }
        self.place_unknowns(mentions, &mut out);
        out
    }

    /// A name the gazetteer lacks (قرية كوندوغا في ولاية بورنو) takes the place it is said to lie
    /// in or near, at ACLED's precision for a spot near a known place (2) or only in a province
    /// (3); one the text places nowhere, or only in a whole country, stays unresolved.
    fn place_unknowns(&self, mentions: &[PlaceMention], out: &mut Vec<ResolvedPlace>) {
        let mut added = false;
        // from the last: an unknown place may lie in another (قرية مارهوت بمنطقة سورانكوت)
        for (mi, m) in mentions.iter().enumerate().rev() {
            let Some(container) = m.within.filter(|_| m.unknown) else {
                continue;
            };
            // a whole country places nothing (the event would read as placed in it)
            let Some(r) = out
                .iter()
                .find(|r| r.mention == container && r.place.kind != PlaceKind::Country)
            else {
                continue;
            };
            let precision = if r.place.kind.is_admin() { 3 } else { 2 };
            let place = Candidate {
                terms: Vec::new(),
                ..r.place.clone()
            };
            out.push(ResolvedPlace {
                mention: mi,
                place,
                geo_precision: precision.max(r.geo_precision),
                margin: 0.0,
                alternatives: Vec::new(),
                antecedent: None,
            });
            added = true;
        }
        if added {
            out.sort_by_key(|r| r.mention);
        }
    }

    fn candidate(&self, s: &Scored) -> Candidate {
        let p = self.place(s.place);
        Candidate {
            parent_name: p.parent.map(|q| self.place(q).name_en.to_string()),
            place: s.place,
            id: p.id.to_string(),
            geonameid: p.geonameid,
            // an admin unit is named as the admin tables name it (one English name per unit
            // across the gazetteer: "Aleppo", not a record's "H'alab")
            name: match p.kind {
                PlaceKind::Admin1 => self.admin1_name(p),
                PlaceKind::Admin2 => self.admin2_name(p),
                _ => None,
            }
            .unwrap_or(&p.name_en)
            .to_string(),
            name_ar: p.name_ar.to_string(),
            kind: p.kind,
            feature_code: p.feature.to_string(),
            country: p.country_str().to_string(),
            admin1: self.admin1_name(p).map(str::to_string),
            admin2: self.admin2_name(p).map(str::to_string),
            latitude: p.latitude,
            longitude: p.longitude,
            population: p.population,
            score: s.score,
            terms: s.terms.iter().copied().collect(),
        }
    }

    /// ACLED geo_precision of a mention placed at `place`.
    fn precision(&self, m: &PlaceMention, place: &Candidate) -> u8 {
        let p = self.place(place.place);
        let mut precision = p.fixed_precision.unwrap_or_else(|| p.kind.own_precision());
        let off_center = m.direction.is_some_and(|d| d != Direction::Center);
        if m.near || off_center {
            precision = precision.max(2);
        }
        if m.feature == Some(Feature::Countryside) {
            precision = if p.kind.is_admin() || off_center {
                precision.max(2)
            } else {
                3
            };
            if p.kind == PlaceKind::Admin1 {
                precision = 3;
            }
        }
        if matches!(
            m.feature,
            Some(Feature::Mountain | Feature::Valley | Feature::Road)
        ) && p.kind.is_populated()
        {
            precision = precision.max(2);
        }
        precision
    }

    /// Country weights of the document: hints, dateline, country names, adjectives,
    /// unambiguous mentions. Normalized to sum to 1 (empty when nothing is known).
    fn country_weights(
        &self,
        mentions: &[PlaceMention],
        ctx: &DocContext,
    ) -> HashMap<[u8; 2], f32, FxBuild> {
        let mut w: HashMap<[u8; 2], f32, FxBuild> = HashMap::default();
        for (cc, weight) in &ctx.country_hints {
            if let [a, b] = cc.as_bytes() {
                *w.entry([a.to_ascii_uppercase(), b.to_ascii_uppercase()])
                    .or_default() += 2.0 * weight.clamp(0.0, 10.0);
            }
        }
        if let Some(d) = &ctx.dateline {
            if let Some(c) = self.geocode_phrase(d, None).first() {
                if let [a, b] = c.country.as_bytes() {
                    *w.entry([*a, *b]).or_default() += 3.0;
                }
            }
        }
        let mut per_name: HashMap<&str, f32> = HashMap::new();
        for m in mentions {
            if m.entries.is_empty() {
                continue;
            }
            // the country of the notable places the name can be (hamlets of the same name
            // elsewhere do not make a name ambiguous between countries)
            let mut notable_cc = m
                .entries
                .iter()
                .filter(|e| self.is_notable(e.place))
                .map(|e| self.place(e.place).country);
            let first = notable_cc.next();
            let same = first.is_some() && notable_cc.all(|c| Some(c) == first);
            let first = first.unwrap_or(*b"ZZ");
            let is_country = m
                .entries
                .iter()
                .any(|e| self.place(e.place).kind == PlaceKind::Country);
            if same && !m.fuzzy {
                let seen = per_name.entry(m.key.as_str()).or_default();
                if *seen < 3.0 {
                    let add = if is_country { 1.5 } else { 1.0 };
                    *seen += 1.0;
                    *w.entry(first).or_default() += add;
                }
            } else if is_country {
                for e in &m.entries {
                    let p = self.place(e.place);
                    if p.kind == PlaceKind::Country {
                        *w.entry(p.country).or_default() += 1.0;
                    }
                }
            }
        }
        let total: f32 = w.values().sum();
        if total > 0.0 {
            for v in w.values_mut() {
                *v /= total;
            }
        }
        w
    }

    /// Confidently chosen places (for proximity), at most 64.
    fn anchors(
        &self,
        mentions: &[PlaceMention],
        chosen: &[Option<(u32, f32)>],
    ) -> Vec<(usize, u32)> {
        let mut out: Vec<(usize, u32, f32)> = chosen
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|(p, margin)| (i, p, margin)))
            .filter(|(i, _, margin)| *margin >= 1.0 && !mentions[*i].fuzzy)
            .filter(|(_, p, _)| self.place(*p).kind != PlaceKind::Country)
            .collect();
        out.sort_by(|a, b| b.2.total_cmp(&a.2));
        out.truncate(64);
        out.into_iter().map(|(i, p, _)| (i, p)).collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn score_mention(
        &self,
        mi: usize,
        m: &PlaceMention,
        mentions: &[PlaceMention],
        countries: &HashMap<[u8; 2], f32, FxBuild>,
        anchors: &[(usize, u32)],
        chosen: &[Option<(u32, f32)>],
        pass: usize,
        named: &std::collections::HashSet<u32, FxBuild>,
        named_admin1: &std::collections::HashSet<u32, FxBuild>,
    ) -> Vec<Scored> {
        // the places named around this one (the same or the next sentences) say more than
        // the article's far ends: proximity is measured against them when there are any
        let others: Vec<(usize, u32)> = anchors
            .iter()
            .copied()
            .filter(|&(ai, _)| ai != mi && mentions[ai].key != m.key)
            .collect();
        let local: Vec<(usize, u32)> = others
            .iter()
            .copied()
            .filter(|&(ai, _)| ai.abs_diff(mi) <= LOCAL_MENTIONS)
            .collect();
        let use_local = !local.is_empty();
        let neighbours = if use_local { &local } else { &others };
        // the closest place named on each side: the namesake test looks at these alone, so a
        // place that the next sentence happens to name near a namesake does not rescue it
        let adjacent: Vec<u32> = [
            local.iter().filter(|a| a.0 < mi).max_by_key(|a| a.0),
            local.iter().filter(|a| a.0 > mi).min_by_key(|a| a.0),
        ]
        .into_iter()
        .flatten()
        .map(|a| a.1)
        .collect();
        let has_populated = m
            .entries
            .iter()
            .any(|e| self.place(e.place).kind.is_populated());
        let mut out = Vec::with_capacity(m.entries.len());
        for e in &m.entries {
            let p = self.place(e.place);
            let mut terms = Terms::new();
            let prior = match p.kind {
                PlaceKind::Country => 3.0,
                PlaceKind::Admin1 => 2.0,
                PlaceKind::City => 2.0,
                PlaceKind::Admin2 => 1.3,
                PlaceKind::Town => 1.3,
                PlaceKind::Admin3 => 0.9,
                PlaceKind::Camp | PlaceKind::Prison | PlaceKind::Airport | PlaceKind::Base => 1.0,
                PlaceKind::Site | PlaceKind::Area => 0.8,
                PlaceKind::Village => 0.6,
                PlaceKind::Neighbourhood => 0.5,
            };
            terms.push(("prior", prior));
            if p.population > 0 {
                terms.push((
                    "population",
                    0.3 * ((p.population as f32).log10() - 3.0).max(0.0),
                ));
            }
            if p.curated {
                terms.push(("curated", 1.5));
            }
            if self.capital(p.country) == Some(e.place) {
                terms.push(("national_capital", 1.5));
            }
            if e.flags & flags::PRIMARY != 0 {
                terms.push(("primary_name", 0.2));
            }
            if e.flags & flags::ARTICLE_VARIANT != 0 {
                terms.push(("article_variant", -0.8));
            }
            if e.flags & flags::OTHER_SCRIPT != 0 {
                terms.push(("other_script_name", -1.2));
            }
            if p.feature.ends_with("PPLQ") || p.feature.ends_with("PPLH") {
                terms.push(("abandoned", -0.8));
            }
            // admin unit vs the populated place of the same name: the town, unless محافظة…
            let feature_admin = m.feature.is_some_and(Feature::is_admin);
            if p.kind.is_admin() && p.kind != PlaceKind::Country && has_populated && !feature_admin
            {
                terms.push(("admin_vs_town", -1.5));
            }
            if let Some(f) = m.feature {
                let v = feature_fit(f, p.kind);
                if v != 0.0 {
                    terms.push(("feature", v));
                }
            }
            if let Some(q) = m.country_qualifier {
                if q != p.country {
                    terms.push(("country_adjective", -4.0));
                } else {
                    terms.push(("country_adjective", 1.0));
                }
            }
            if !countries.is_empty()
                && self.stop_tier(&m.key).is_some()
                && countries.get(&p.country).copied().unwrap_or(0.0) < 0.02
            {
                // a common word that names a place in a country the article is not about
                terms.push(("common_word_elsewhere", -3.0));
            }
            if !countries.is_empty() {
                let c = countries.get(&p.country).copied().unwrap_or(0.0);
                terms.push((
                    "country_context",
                    4.0 * c - if c < 0.02 { 1.2 } else { 0.6 },
                ));
            }
            // containment / nearness with the next mention (and the previous one's)
            let mut link = 0.0f32;
            if let Some(b) = m.within {
                link += self.link_fit(e.place, &mentions[b], chosen[b], m.within_near, pass);
            }
            if mi > 0 && mentions[mi - 1].within == Some(mi) {
                let a = &mentions[mi - 1];
                link += 0.5 * self.inverse_link_fit(e.place, a, mentions[mi - 1].within_near);
            }
            if link != 0.0 {
                terms.push(("containment", link));
            }
            // حي اليرموك … غربي بعقوبة: a place said to be in (or near) a confidently resolved
            // place cannot be one far away; an unknown neighbourhood stays unresolved
            let big = matches!(
                p.kind,
                PlaceKind::Country | PlaceKind::Admin1 | PlaceKind::City
            );
            if let (1, Some(b), false) = (pass, m.within, big) {
                if let Some((q, margin)) = chosen[b] {
                    if margin >= 1.0 && self.fit(e.place, q, m.within_near) < 0.0 {
                        terms.push(("outside_container", -6.0));
                    }
                }
            }
            if pass == 1 {
                if let Some(a1) = p.admin1 {
                    if named_admin1.contains(&a1) && p.kind != PlaceKind::Admin1 {
                        terms.push(("province_named", 1.0));
                    }
                }
            }
            if pass == 1 && !anchors.is_empty() {
                let mut best = f64::MAX;
                let mut same_admin1 = false;
                for &(_, ap) in neighbours.iter().filter(|&&(_, ap)| ap != e.place) {
                    let q = self.place(ap);
                    best = best.min(distance_km(
                        p.latitude,
                        p.longitude,
                        q.latitude,
                        q.longitude,
                    ));
                    same_admin1 |= p.admin1.is_some() && p.admin1 == q.admin1;
                }
                if best < f64::MAX {
                    let v = if best < 30.0 {
                        1.0
                    } else if best < 100.0 {
                        0.6
                    } else if best < 300.0 {
                        0.2
                    } else {
                        0.0
                    } + if same_admin1 { 0.3 } else { 0.0 };
                    if v > 0.0 {
                        terms.push(("proximity", v));
                    }
                    // a minor place far from every place named around it, and not said to lie
                    // in one, is a namesake
                    let minor = !p.curated && !p.kind.is_admin() && p.population < 5_000;
                    let nearest_adjacent = adjacent
                        .iter()
                        .filter(|&&q| q != e.place)
                        .map(|&q| {
                            let q = self.place(q);
                            distance_km(p.latitude, p.longitude, q.latitude, q.longitude)
                        })
                        .fold(f64::MAX, f64::min);
                    let far =
                        nearest_adjacent > FAR_FROM_NEIGHBOURS_KM && nearest_adjacent < f64::MAX;
                    if use_local && minor && link == 0.0 && far {
                        terms.push(("far_from_neighbours", -4.0));
                    }
                }
            }
            if m.fuzzy {
                terms.push(("misspelling", -0.5));
                if named.contains(&e.place) {
                    terms.push(("misspelling_confirmed", 2.5));
                } else {
                    terms.push(("misspelling_unconfirmed", -3.0));
                }
                // a correction must be backed by the article's country
                if countries.get(&p.country).copied().unwrap_or(0.0) < 0.2 {
                    terms.push(("misspelling_without_context", -5.0));
                }
            }
            if terms.iter().any(|t| t.0 == "outside_container") {
                continue; // not a candidate at all
            }
            if !m.locative
                && m.feature.is_none()
                && m.within.is_none()
                && m.tokens.len() == 1
                && !p.kind.is_admin()
            {
                terms.push(("no_locative_cue", -0.4));
            }
            let score = terms.iter().map(|t| t.1).sum();
            out.push(Scored {
                place: e.place,
                score,
                terms,
            });
        }
        out
    }

    /// How well `p` sits in the place mention `b` names (containment or nearness).
    fn link_fit(
        &self,
        p: u32,
        b: &PlaceMention,
        b_choice: Option<(u32, f32)>,
        near: bool,
        pass: usize,
    ) -> f32 {
        let q_list: Vec<u32> = match (pass, b_choice) {
            (1, Some((q, _))) => vec![q],
            _ => b.entries.iter().map(|e| e.place).collect(),
        };
        let mut best = 0.0f32;
        for q in q_list {
            best = best.max(self.fit(p, q, near));
        }
        best
    }

    fn inverse_link_fit(&self, q: u32, a: &PlaceMention, near: bool) -> f32 {
        a.entries
            .iter()
            .map(|e| self.fit(e.place, q, near))
            .fold(0.0, f32::max)
    }

    /// `p` inside (or near) `q`.
    fn fit(&self, p: u32, q: u32, near: bool) -> f32 {
        if p == q {
            return 0.0;
        }
        let (pp, qq) = (self.place(p), self.place(q));
        if pp.country != qq.country {
            return -0.5;
        }
        let d = distance_km(pp.latitude, pp.longitude, qq.latitude, qq.longitude);
        match qq.kind {
            PlaceKind::Country => 1.0,
            PlaceKind::Admin1 => {
                if pp.admin1.is_some() && pp.admin1 == qq.admin1 {
                    2.5
                } else if d < 60.0 {
                    1.0
                } else {
                    -0.5
                }
            }
            PlaceKind::Admin2 | PlaceKind::Admin3 | PlaceKind::Area => {
                if pp.admin2.is_some() && pp.admin2 == qq.admin2 && qq.kind == PlaceKind::Admin2 {
                    2.5
                } else if d < 40.0 {
                    2.0
                } else if pp.admin1 == qq.admin1 && pp.admin1.is_some() {
                    0.8
                } else {
                    -0.5
                }
            }
            PlaceKind::City | PlaceKind::Town if pp.kind == PlaceKind::Neighbourhood => {
                // a neighbourhood lies in its town
                if d < 15.0 {
                    2.5
                } else {
                    -0.5
                }
            }
            _ => {
                let limit = if near { 40.0 } else { 25.0 };
                if d < limit {
                    2.5
                } else if d < 80.0 {
                    1.0
                } else if pp.admin1 == qq.admin1 && pp.admin1.is_some() {
                    0.3
                } else {
                    -0.5
                }
            }
        }
    }

    fn resolve_anaphor(
        &self,
        mi: usize,
        m: &PlaceMention,
        mentions: &[PlaceMention],
        resolved: &[ResolvedPlace],
    ) -> Option<ResolvedPlace> {
        let f = m.feature?;
        if m.key.ends_with("عاصمه") {
            return self.resolve_capital(mi, m, mentions, resolved);
        }
        // the nearest earlier resolved mention of the same kind, else of a compatible kind
        let earlier = || {
            resolved
                .iter()
                .rev()
                .filter(|r| r.mention < mi && !mentions[r.mention].anaphor)
                .take(50)
        };
        let r = earlier()
            .find(|r| mentions[r.mention].feature == Some(f) || feature_fit(f, r.place.kind) >= 1.2)
            .or_else(|| {
                earlier().find(|r| {
                    feature_fit(f, r.place.kind) > 0.0
                        && mentions[r.mention]
                            .feature
                            .is_none_or(|g| g == f || !g.is_site() || f.is_site())
                })
            })?;
        let mut out = r.clone();
        out.mention = mi;
        out.antecedent = Some(r.mention);
        out.geo_precision = self.precision(m, &r.place).max(r.geo_precision);
        Some(out)
    }

    /// `العاصمة` (the capital): of the country its adjective names (العاصمة الأفغانية), else of
    /// the country of the nearest earlier resolved place.
    fn resolve_capital(
        &self,
        mi: usize,
        m: &PlaceMention,
        mentions: &[PlaceMention],
        resolved: &[ResolvedPlace],
    ) -> Option<ResolvedPlace> {
        let cc = m.capital_of.or_else(|| {
            resolved
                .iter()
                .rev()
                .find(|r| r.mention < mi && !mentions[r.mention].anaphor)
                .and_then(|r| {
                    let b = r.place.country.as_bytes();
                    (b.len() == 2).then(|| [b[0], b[1]])
                })
        })?;
        let capital = self.capital(cc)?;
        let scored = Scored {
            place: capital,
            score: 5.0,
            terms: {
                let mut t = Terms::new();
                t.push(("capital_of_country", 5.0));
                t
            },
        };
        let place = self.candidate(&scored);
        Some(ResolvedPlace {
            mention: mi,
            geo_precision: self.precision(m, &place),
            place,
            margin: 5.0,
            alternatives: Vec::new(),
            antecedent: None,
        })
    }

    /// Candidates for one place phrase (`حي الزهور في الحسكة`, `طرابلس`), best first, scored as
    /// in an article made of that phrase: what `marsad geocode` shows.
    pub fn geocode_phrase(&self, phrase: &str, country_hint: Option<&str>) -> Vec<Candidate> {
        let (_, resolved) = self.explain_phrase(phrase, country_hint);
        let Some(first) = resolved.first() else {
            return Vec::new();
        };
        let mut out = vec![first.place.clone()];
        out.extend(first.alternatives.iter().cloned());
        out
    }

    /// Every mention of a phrase with its resolution.
    pub fn explain_phrase(
        &self,
        phrase: &str,
        country_hint: Option<&str>,
    ) -> (Vec<PlaceMention>, Vec<ResolvedPlace>) {
        let tokens = tokenize(phrase);
        let keys = TokenKeys::build(phrase, &tokens);
        let mut mentions = self.find_mentions(phrase, &tokens, &keys);
        if mentions.is_empty() {
            // a bare name that needs evidence in running text (a common word) is still a
            // name when it is the whole phrase
            let words: Vec<usize> = (0..tokens.len())
                .filter(|&i| tokens[i].kind == TokenKind::Arabic)
                .collect();
            if !words.is_empty() {
                let key: Vec<&str> = words.iter().map(|&i| keys.get(i)).collect();
                let entries = self.lookup_key(&key.join(" "));
                if !entries.is_empty() {
                    let span = tokens[words[0]]
                        .span
                        .cover(tokens[*words.last().expect("non-empty")].span);
                    mentions.push(PlaceMention {
                        span,
                        name_span: span,
                        tokens: words[0]..words[words.len() - 1] + 1,
                        key: key.join(" "),
                        feature: None,
                        direction: None,
                        near: false,
                        origin: false,
                        locative: false,
                        person_cue: false,
                        within: None,
                        within_near: false,
                        anaphor: false,
                        fuzzy: false,
                        unknown: false,
                        capital_of: None,
                        after_ali: false,
                        clitic_locative: false,
                        country_qualifier: None,
                        quoted: false,
                        plural_feature: false,
                        entries: entries.to_vec(),
                    });
                }
            }
        }
        let ctx = match country_hint {
            Some(cc) => DocContext::with_country(cc),
            None => DocContext::from_text(self, &tokens, &keys),
        };
        let resolved = self.resolve(&mentions, &ctx);
        (mentions, resolved)
    }
}

/// How well a feature word fits a kind of place.
pub(crate) fn feature_fit(f: Feature, k: PlaceKind) -> f32 {
    use Feature as F;
    use PlaceKind as K;
    match (f, k) {
        (F::Admin1, K::Admin1) => 3.0,
        (F::Admin1, K::Admin2) => 2.0,
        (F::Admin2, K::Admin2) => 3.0,
        (F::Admin2 | F::Admin3, K::Admin3) => 2.5,
        (F::Admin3, K::Admin2) => 1.5,
        (F::Admin1 | F::Admin2 | F::Admin3, K::City | K::Town) => 0.5,
        (F::Admin1 | F::Admin2 | F::Admin3, _) => -1.0,
        (F::City, K::City) => 1.5,
        (F::City, K::Town) => 1.2,
        (F::City, K::Village) => 0.6,
        (F::City, K::Admin1 | K::Admin2 | K::Admin3 | K::Country) => -2.0,
        (F::Town | F::Village, K::Town | K::Village) => 1.2,
        (F::Town | F::Village, K::City) => 0.6,
        (F::Town | F::Village, K::Admin1 | K::Admin2 | K::Country) => -2.0,
        (F::Neighbourhood, K::Neighbourhood) => 2.0,
        (F::Neighbourhood, K::Village | K::Town) => 0.5,
        (F::Neighbourhood, K::Admin1 | K::Admin2 | K::Country | K::City) => -1.5,
        (F::Camp, K::Camp) => 2.5,
        (F::Prison, K::Prison) => 2.5,
        (F::Airport, K::Airport) => 2.5,
        (F::Base, K::Base | K::Airport) => 2.5,
        (F::Site | F::Institution, K::Site) => 1.5,
        (
            F::Camp | F::Prison | F::Airport | F::Base | F::Site,
            K::City | K::Town | K::Village | K::Neighbourhood,
        ) => 0.5,
        (F::Camp | F::Prison | F::Airport | F::Base | F::Site, K::Admin1 | K::Country) => -1.5,
        (F::Countryside, K::City | K::Town | K::Admin1 | K::Admin2) => 1.0,
        (F::Area, K::Area | K::Admin3 | K::Admin2) => 1.0,
        (F::Area, K::Neighbourhood | K::Village | K::Town) => 0.5,
        (F::Mountain | F::Valley, K::Area) => 1.5,
        _ => 0.0,
    }
}
