//! Place mentions in a text: one left-to-right pass over the token keys, walking the name trie
//! from each token under each proclitic reading (وحلب، بالحسكة، للموصل), taking the longest
//! name, with the cue words around it: a feature word before it (حي، مدينة، سجن، محافظة…),
//! directions and nearness (جنوبي، شمال شرق، بالقرب من، ريف … الشمالي), containment links to
//! the next mention (في، ب، التابعة ل، a comma), person cues (السيد، بن) and anaphors
//! (المدينة، السجن) that point back to an earlier mention.
//!
//! Overlap rule: mentions never overlap; at each token the longest name wins, and a feature
//! word that is itself the start of a longer name (قطاع غزة) is read as part of the name.
//!
//! After the feature word of a settlement, words the gazetteer lacks and the language lexicon
//! has not seen (قرية كوندوغا) are an unknown place's name: the resolver places it by what the
//! text says it lies in or near.

use std::ops::Range;

use marsad_text::normalize::TokenKeys;
use marsad_text::tokenize::{Token, TokenKind};
use marsad_text::Span;
use serde::Serialize;

use crate::gazetteer::StopTier;
use crate::index::Entry;
use crate::keys::{proclitic_readings, Cue, Direction, Feature, Reading};
use crate::Gazetteer;

/// A place named (or referred to) in the text.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceMention {
    /// The words a reader sees as the place: feature word and name, without proclitics
    /// (`سجن غويران`, `مدينة لودر`, `الحسكة` from `بالحسكة`).
    pub span: Span,
    /// The name alone.
    pub name_span: Span,
    /// The tokens of the name.
    pub tokens: Range<usize>,
    /// The normalized name as matched (`الحسكه`), or the anaphor's feature word.
    pub key: String,
    /// The feature word before the name, if any.
    pub feature: Option<Feature>,
    /// A direction said about the place (جنوبي المدينة، ريف حلب الشمالي).
    pub direction: Option<Direction>,
    /// Near the place rather than in it (قرب، محيط، أطراف).
    pub near: bool,
    /// Where a movement started (قادمة من X، انطلاقا من X), not where the event happened.
    pub origin: bool,
    /// A locative word or clitic precedes the name (في، من، إلى، ب، ل).
    pub locative: bool,
    /// A person cue surrounds the name (a title before it, بن after it).
    pub person_cue: bool,
    /// The place this one is said to be in or near (index of a later mention).
    pub within: Option<usize>,
    /// `within` is nearness (قرب Y، شمال Y) rather than containment (في Y).
    pub within_near: bool,
    /// `المدينة`, `السجن`…: refers to an earlier mention rather than naming a place.
    pub anaphor: bool,
    /// The name is a correction of a misspelling (الكسحة → الحسكة).
    pub fuzzy: bool,
    /// A name the gazetteer lacks, after the feature word of a settlement (قرية كوندوغا): placed
    /// by the place it is said to lie in or near, if the text names one.
    pub unknown: bool,
    /// The only locative cue is a ب or ل glued to the name.
    #[serde(skip)]
    pub clitic_locative: bool,
    /// The name stands right after «علي»: a locative (on) or the given name Ali.
    #[serde(skip)]
    pub after_ali: bool,
    /// A country adjective right after the name (بلدة سروج التركية): its country.
    pub country_qualifier: Option<[u8; 2]>,
    /// The feature word is plural (قرى، مناطق).
    #[serde(skip)]
    pub plural_feature: bool,
    /// The name stands alone in quotes (ل"الرياض": a newspaper, a title).
    #[serde(skip)]
    pub quoted: bool,
    /// For `العاصمة الأفغانية`: the country whose capital is meant.
    pub capital_of: Option<[u8; 2]>,
    /// The places the name can be, with how it names them.
    #[serde(skip)]
    pub entries: Vec<Entry>,
}

const LOCATIVE: &[&str] = &[
    "في",
    "من",
    "الي",
    "الى",
    "علي",
    "قرب",
    "نحو",
    "داخل",
    "عند",
    "بين",
    "باتجاه",
    "صوب",
    "حتي",
];

/// Upper bound of mentions kept per document (bad input: a list of 10,000 names is processed,
/// but no more than this many mentions are returned).
pub const MAX_MENTIONS: usize = 20_000;

impl Gazetteer {
    /// Finds the place mentions of a text. `tokens` are [`marsad_text::tokenize::tokenize`]'s,
    /// `keys` their [`TokenKeys`].
    pub fn find_mentions(
        &self,
        text: &str,
        tokens: &[Token],
        keys: &TokenKeys,
    ) -> Vec<PlaceMention> {
        let n = tokens.len().min(keys.len());
        let mut out: Vec<PlaceMention> = Vec::new();
        let mut scratch = String::new();
        let mut fuzzy_ids = Vec::new();
        let mut i = 0;
        while i < n {
            if tokens[i].kind != TokenKind::Arabic {
                i += 1;
                continue;
            }
            if out.len() >= MAX_MENTIONS {
                break;
            }
            let here = self.longest_name(tokens, keys, i, n, &mut scratch);
            let feature_here = self.feature_at(keys.get(i), &mut scratch);
            // a feature word followed by a name: prefer the name after it unless the feature
            // word starts a longer name of its own (قطاع غزة، مخيم اليرموك)
            if let Some((
                Feature::Street | Feature::Institution,
                FeatureReading {
                    skip_is_article: false,
                    ..
                },
            )) = feature_here
            {
                // شارع الثورة، شارع أسيوط: a street named after something else; skip its name
                let skip = (i + 1 < n)
                    .then(|| self.longest_name(tokens, keys, i + 1, n, &mut scratch))
                    .flatten()
                    .map_or(i + 1, |m| m.end);
                i = skip;
                continue;
            }
            if let Some((feature, freading)) = feature_here {
                // the name may stand in quotes: سجن "الصناعة"، جبهة "عكد"
                let mut j = i + 1;
                while j < n
                    && j <= i + 2
                    && tokens[j].kind == TokenKind::Punct
                    && is_quote(keys.get(j))
                {
                    j += 1;
                }
                // مناطق قضاء الحويجة: the second feature word heads the name
                if here.is_none()
                    && j < n
                    && tokens[j].kind == TokenKind::Arabic
                    && self.feature_at(keys.get(j), &mut scratch).is_some()
                {
                    i += 1;
                    continue;
                }
                // المدينة، السجن: an anaphor, never the head of the next name
                let next =
                    (!freading.skip_is_article && j < n && tokens[j].kind == TokenKind::Arabic)
                        .then(|| self.longest_name(tokens, keys, j, n, &mut scratch))
                        .flatten();
                // حاجز للجيش: a name after a feature word carries no proclitic
                let next = next.filter(|nx| nx.reading.skip == 0);
                let take_own = match (&here, &next) {
                    // a full name that starts with the feature word (قطاع غزة، سجن غويران), unless
                    // the feature word contradicts it (العاصمة صنعاء is the city, not the province)
                    (Some(h), Some(nx)) => {
                        h.end > nx.end
                            || (h.end == nx.end
                                && self.index.entries(h.node).iter().any(|e| {
                                    crate::resolve::feature_fit(feature, self.place(e.place).kind)
                                        > -2.0
                                }))
                    }
                    (Some(h), None) => {
                        !self.is_bare_feature(&self.materialize(h, tokens, keys).key)
                    }
                    _ => false,
                };
                if take_own {
                    let h = here.expect("checked");
                    let end = h.end;
                    let h = self.materialize(&h, tokens, keys);
                    self.push(&mut out, text, tokens, keys, i, i, h, Some(feature));
                    i = end;
                    continue;
                }
                if let Some(nx) = next {
                    let end = nx.end;
                    let nx = self.materialize(&nx, tokens, keys);
                    self.push(&mut out, text, tokens, keys, i, j, nx, Some(feature));
                    i = end;
                    continue;
                }
                // a misspelt name after the feature word of a notable kind (مدينة الكسحة)
                let notable_feature = matches!(
                    feature,
                    Feature::City | Feature::Town | Feature::Admin1 | Feature::Admin2
                );
                if notable_feature
                    && !freading.skip_is_article
                    && j < n
                    && tokens[j].kind == TokenKind::Arabic
                {
                    if let Some(m) = self.fuzzy_name(keys.get(j), &mut fuzzy_ids, &mut scratch) {
                        self.push(&mut out, text, tokens, keys, i, j, m, Some(feature));
                        out.last_mut().expect("pushed").fuzzy = true;
                        i = j + 1;
                        continue;
                    }
                }
                // a name the gazetteer lacks after the feature word of a settlement (قرية
                // كوندوغا، منطقة خايرام): an unknown place, placed later by its container
                let settlement = matches!(
                    feature,
                    Feature::Village
                        | Feature::Town
                        | Feature::City
                        | Feature::Neighbourhood
                        | Feature::Camp
                        | Feature::Area
                );
                if settlement
                    && !freading.skip_is_article
                    && !self.lexicon.is_plural(keys.get(i))
                    && j < n
                    && tokens[j].kind == TokenKind::Arabic
                    && self.looks_like_unknown_name(text, tokens[j], keys.get(j), &mut scratch)
                {
                    // a name of two or three such words (منطقة كانجر خارسو)
                    let mut end = j + 1;
                    while end < n
                        && end < j + 3
                        && tokens[end].kind == TokenKind::Arabic
                        // و opens the next name of a list (قرية كوندوغا وغواسكا)
                        && !keys.get(end).starts_with('و')
                        && self
                            .longest_name(tokens, keys, end, n, &mut scratch)
                            .is_none()
                        && self.looks_like_unknown_name(
                            text,
                            tokens[end],
                            keys.get(end),
                            &mut scratch,
                        )
                    {
                        end += 1;
                    }
                    let first = strip_clitics(text, tokens[i].span, freading.skip_letters);
                    let span = Span::new(first.start(), tokens[end - 1].span.end());
                    let mut m = self.bare_mention(tokens, keys, i, j, end, span);
                    m.name_span = tokens[j].span.cover(tokens[end - 1].span);
                    m.feature = Some(feature);
                    m.key = (j..end).map(|t| keys.get(t)).collect::<Vec<_>>().join(" ");
                    m.unknown = true;
                    out.push(m);
                    i = end;
                    continue;
                }
                // an anaphor: المدينة، السجن (with the article, no name after it)
                if freading.skip_is_article
                    && anaphoric(feature)
                    && !self.lexicon.is_plural(keys.get(i))
                {
                    let span = strip_clitics(text, tokens[i].span, freading.skip_letters);
                    let mut m = self.bare_mention(tokens, keys, i, i, i + 1, span);
                    m.feature = Some(feature);
                    m.anaphor = true;
                    m.key = keys.get(i).to_string();
                    if i + 1 < n {
                        m.capital_of = self.lexicon.demonym(keys.get(i + 1));
                    }
                    out.push(m);
                }
                i += 1;
                continue;
            }
            if let Some(h) = here {
                let end = h.end;
                // a one-word name that is a common word, with no feature word: not a place
                // (checked before anything is copied: most such tokens are function words)
                if end == i + 1 && self.word_stop_tier(h.first_word) == Some(StopTier::Common) {
                    i += 1;
                    continue;
                }
                let h = self.materialize(&h, tokens, keys);
                self.push(&mut out, text, tokens, keys, i, i, h, None);
                i = end;
                continue;
            }
            i += 1;
        }
        self.link(&mut out, tokens, keys);
        self.drop_unsupported(out)
    }

    /// A notable place: a country, a province, a district, a city, a town of 20,000 people or
    /// more, or a curated place.
    pub(crate) fn is_notable(&self, place: u32) -> bool {
        use crate::model::PlaceKind as K;
        let p = self.place(place);
        p.curated
            || matches!(p.kind, K::Country | K::Admin1 | K::Admin2 | K::City)
            || (p.kind == K::Town && (p.population >= 20_000 || p.feature.ends_with("PPLA2")))
    }

    /// One-word names of minor places only (villages, neighbourhoods, spots) need evidence:
    /// a feature word, a locative word or clitic, or a containment link.
    fn drop_unsupported(&self, out: Vec<PlaceMention>) -> Vec<PlaceMention> {
        let linked_from: Vec<bool> = (0..out.len())
            .map(|i| i > 0 && out[i - 1].within == Some(i))
            .collect();
        let keep: Vec<bool> = out
            .iter()
            .enumerate()
            .map(|(i, m)| {
                if m.quoted && m.feature.is_none() {
                    return false; // ل"الرياض": a newspaper
                }
                m.anaphor
                    || m.feature.is_some()
                    || (m.locative && !m.clitic_locative)
                    || m.within.is_some()
                    || linked_from[i]
                    || m.tokens.len() > 1
                    || m.entries.iter().any(|e| self.is_notable(e.place))
            })
            .collect();
        let mut new_index = vec![None; out.len()];
        let mut n = 0;
        for (i, k) in keep.iter().enumerate() {
            if *k {
                new_index[i] = Some(n);
                n += 1;
            }
        }
        out.into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(mut m, _)| {
                m.within = m.within.and_then(|w| new_index[w]);
                if m.within.is_none() {
                    m.within_near = false;
                }
                m
            })
            .collect()
    }

    /// Is `key` a feature word (after proclitics)? Returns the feature and how it was read.
    fn feature_at(&self, key: &str, scratch: &mut String) -> Option<(Feature, FeatureReading)> {
        for r in proclitic_readings(key).iter() {
            r.write_stem(key, scratch);
            if let Some(f) = self.lexicon.feature(scratch) {
                return Some((f, FeatureReading::new(*r, false)));
            }
            if let Some(stem) = scratch.strip_prefix("ال") {
                if let Some(f) = self.lexicon.feature(stem) {
                    return Some((f, FeatureReading::new(*r, true)));
                }
            }
        }
        None
    }

    /// Whether the word after a settlement's feature word can be a name the gazetteer lacks:
    /// Arabic letters, not a word the language lexicon saw more than twice (صغيرة، حدودية،
    /// مجاورة are words; كوندوغا، خايرام are not), not a cue word (a direction, a link, a verb
    /// of where people live: قرية يقطنها), a country adjective or a stop name.
    fn looks_like_unknown_name(
        &self,
        text: &str,
        token: Token,
        key: &str,
        scratch: &mut String,
    ) -> bool {
        let word = token.span.slice(text);
        if key.chars().count() < 4
            || !self.lexicon.cues(key).is_empty()
            || self.feature_at(key, scratch).is_some()
            || self.lexicon.demonym(key).is_some()
            || self.stop_tier(key).is_some()
        {
            return false;
        }
        let segmenter = marsad_text::segment::Segmenter::shared();
        // the word as written, its stem without clitics (وجزيرة is جزيرة), and an adjective's
        // masculine (درزية is درزي)
        let stem = segmenter.segment(word).stem().slice(word);
        let bare = word.strip_prefix("ال").unwrap_or(word);
        let masculine = bare.strip_suffix('ة').unwrap_or(bare);
        [word, bare, stem, masculine]
            .iter()
            .map(|w| segmenter.form_count(w))
            .max()
            .unwrap_or(0)
            <= 2
    }

    /// A one-word match that is only the feature word itself read as a name (مدينة as a place).
    fn is_bare_feature(&self, k: &str) -> bool {
        self.lexicon.feature(k).is_some()
            || k.strip_prefix("ال")
                .is_some_and(|s| self.lexicon.feature(s).is_some())
            || self.stopnames.contains_key(k)
    }

    /// The longest name starting at token `i`, over its proclitic readings.
    fn longest_name(
        &self,
        tokens: &[Token],
        keys: &TokenKeys,
        i: usize,
        n: usize,
        scratch: &mut String,
    ) -> Option<LightMatch> {
        let key = keys.get(i);
        let mut best: Option<(u32, usize, Reading, u32)> = None;
        for r in proclitic_readings(key).iter() {
            r.write_stem(key, scratch);
            let Some(w) = self.index.word(scratch) else {
                continue;
            };
            let Some(mut node) = self.index.start(w) else {
                continue;
            };
            let mut found = (!self.index.entries(node).is_empty()).then_some((node, i + 1));
            let mut j = i + 1;
            while self.index.has_children(node) && j < n {
                // hyphens and quotes inside a name (بعلبك - الهرمل، سجن "الصناعة") are skipped
                if tokens[j].kind == TokenKind::Punct
                    && (is_hyphen(keys.get(j)) || is_quote(keys.get(j)))
                {
                    j += 1;
                    continue;
                }
                if tokens[j].kind != TokenKind::Arabic && tokens[j].kind != TokenKind::Number {
                    break;
                }
                let Some(wj) = self.index.word(keys.get(j)) else {
                    break;
                };
                let Some(next) = self.index.step(node, wj) else {
                    break;
                };
                node = next;
                j += 1;
                if !self.index.entries(node).is_empty() {
                    found = Some((node, j));
                }
            }
            if let Some((node, end)) = found {
                if best.is_none_or(|b| end > b.1) {
                    best = Some((node, end, *r, w));
                }
            }
        }
        let (node, end, reading, first_word) = best?;
        Some(LightMatch {
            start: i,
            node,
            end,
            reading,
            first_word,
        })
    }

    /// The full match (entries and key) of a light one.
    fn materialize(&self, lm: &LightMatch, tokens: &[Token], keys: &TokenKeys) -> NameMatch {
        let (i, end, reading, node) = (lm.start, lm.end, lm.reading, lm.node);
        let key = keys.get(i);
        let mut k = String::with_capacity(32);
        reading.write_stem(key, &mut k);
        for (t, token) in tokens.iter().enumerate().take(end).skip(i + 1) {
            if token.kind != TokenKind::Punct {
                k.push(' ');
                k.push_str(keys.get(t));
            }
        }
        let mut entries = self.index.entries(node).to_vec();
        // the same name with or without the article (الطيبة / طيبة): weaker candidates
        let toggled = match k.strip_prefix("ال") {
            Some(rest) if rest.chars().count() >= 3 => rest.to_string(),
            Some(_) => String::new(),
            None if k.chars().count() >= 3 => format!("ال{k}"),
            None => String::new(),
        };
        if !toggled.is_empty() {
            for e in self.index.lookup(&toggled) {
                if !entries.iter().any(|x| x.place == e.place) {
                    entries.push(Entry {
                        place: e.place,
                        flags: e.flags | crate::index::flags::ARTICLE_VARIANT,
                    });
                }
            }
        }
        NameMatch {
            end,
            entries,
            reading,
            key: k,
        }
    }

    /// Corrections of a misspelt one-word name (see [`crate::fuzzy`]): every notable name one
    /// edit or one swap away; the resolver keeps one only when the article supports it.
    fn fuzzy_name(&self, key: &str, ids: &mut Vec<u32>, scratch: &mut String) -> Option<NameMatch> {
        if self.stopnames.contains_key(key) || self.lexicon.cues(key).iter().next().is_some() {
            return None;
        }
        let mut words: Vec<(u32, Reading)> = Vec::new();
        for r in proclitic_readings(key).iter() {
            r.write_stem(key, scratch);
            if self.index.word(scratch).is_some() {
                return None; // a known word is not a typo
            }
            self.fuzzy
                .candidates(scratch, ids, |id| self.index.word_text(id).to_string());
            for &id in ids.iter() {
                if !words.iter().any(|(w, _)| *w == id) {
                    words.push((id, *r));
                }
            }
        }
        if words.is_empty() || words.len() > 4 {
            return None;
        }
        let mut entries = Vec::new();
        for (id, _) in &words {
            if let Some(node) = self.index.start(*id) {
                entries.extend_from_slice(self.index.entries(node));
            }
        }
        Some(NameMatch {
            end: 0, // one token, at the caller's position
            entries,
            reading: words[0].1,
            key: self.index.word_text(words[0].0).to_string(),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        out: &mut Vec<PlaceMention>,
        text: &str,
        tokens: &[Token],
        keys: &TokenKeys,
        start: usize,
        name_start: usize,
        m: NameMatch,
        feature: Option<Feature>,
    ) {
        let end = if m.end == 0 { name_start + 1 } else { m.end };
        // drop clitics from the first word (the feature word's when there is one)
        let first_span = if start < name_start {
            let (_, fr) = self
                .feature_at(keys.get(start), &mut String::new())
                .unwrap_or((Feature::Area, FeatureReading::default()));
            strip_clitics(text, tokens[start].span, fr.skip_letters)
        } else {
            strip_clitics(text, tokens[start].span, clitic_letters(&m.reading))
        };
        let name_first = if start < name_start {
            tokens[name_start].span
        } else {
            first_span
        };
        let last = tokens[end - 1].span;
        let span = Span::new(first_span.start(), last.end());
        let name_span = Span::new(name_first.start(), last.end());
        let mut mention = self.bare_mention(tokens, keys, start, name_start, end, span);
        mention.name_span = name_span;
        mention.key = m.key;
        mention.feature = feature;
        mention.plural_feature = start < name_start && self.lexicon.is_plural(keys.get(start));
        if start == name_start && m.reading.skip > 0 {
            let clitics = &keys.get(start)[..m.reading.skip];
            if clitics.contains(['ب', 'ل']) {
                // ب، ل on the name itself: a locative, but a weak one (بالقوة، لفيصل)
                mention.clitic_locative = !mention.locative;
                mention.locative = true;
            }
            if clitics.starts_with(['و', 'ف']) {
                // حول الحسكة وحلب وكوباني: a list shares the locative of its first member
                if let Some(prev) = out.last() {
                    let gap = &tokens[prev.tokens.end.min(start)..start];
                    let adjacent = gap.iter().all(|t| t.kind == TokenKind::Punct) && gap.len() <= 1;
                    if adjacent && prev.locative {
                        mention.locative = true;
                        mention.clitic_locative = prev.clitic_locative;
                    }
                    // محافظتي الضالع وتعز: the second name shares the dual/plural head word
                    if adjacent && prev.plural_feature && mention.feature.is_none() {
                        mention.feature = prev.feature;
                        mention.plural_feature = true;
                    }
                }
            }
        }
        let feature = mention.feature;
        if start < name_start {
            let fk = keys.get(start);
            if matches!(fk.chars().next(), Some('ب' | 'ل')) && self.lexicon.feature(fk).is_none()
            {
                mention.locative = true;
            }
        }
        mention.entries = m.entries;
        // names that are also common words or given names need evidence
        let single = end - name_start == 1;
        if single && !self.lexicon.cues(&mention.key).is_empty() {
            return; // شرقي، قرب: a cue word, not a name
        }
        if self.stopnames.contains_key(mention.key.as_str()) && mention.key.chars().count() <= 2 {
            return;
        }
        // tanween marks an indefinite noun or an adverb (درعاً، سلميةً): never a place name
        if feature.is_none()
            && tokens[name_start..end].iter().any(|t| {
                t.span
                    .slice(text)
                    .chars()
                    .any(|c| matches!(c, '\u{064B}'..='\u{064D}'))
            })
        {
            return;
        }
        if self.stopnames.get(mention.key.as_str()) == Some(&StopTier::Common)
            && (mention.plural_feature
                || matches!(
                    feature,
                    Some(Feature::Area | Feature::Road | Feature::Mountain | Feature::Valley)
                ))
        {
            return; // مناطق واسعة، جبهة النصرة: a common word after a loose head
        }
        let key_is_feature = self.lexicon.feature(&mention.key).is_some()
            || mention
                .key
                .strip_prefix("ال")
                .is_some_and(|k| self.lexicon.feature(k).is_some());
        if feature.is_some() && single && key_is_feature {
            return; // ميناء المدينة: "the city" after a head word is an anaphor, not a name
        }
        if !single && feature.is_none() && !mention.locative {
            // أحمد داود (أوغلو): a name that starts with a given name is a person's
            let first = mention.key.split(' ').next().unwrap_or("");
            if self.stopnames.get(first) == Some(&StopTier::Person) {
                return;
            }
        }
        match self.stopnames.get(mention.key.as_str()) {
            Some(StopTier::Common) if single && feature.is_none() => return,
            Some(StopTier::Person)
                if feature.is_none()
                    && (!mention.locative || mention.person_cue || mention.after_ali) =>
            {
                return
            }
            _ => {}
        }
        if mention.person_cue && feature.is_none() && single {
            // a title before or بن after: a person unless the place is notable
            mention.entries.retain(|e| {
                let p = self.place(e.place);
                p.kind == crate::model::PlaceKind::Country
                    || p.kind == crate::model::PlaceKind::Admin1
                    || p.population >= 100_000
            });
            if mention.entries.is_empty() {
                return;
            }
        }
        // one-letter and two-letter names need a feature word
        if feature.is_none() && mention.key.chars().filter(|c| *c != ' ').count() <= 2 {
            return;
        }
        out.push(mention);
    }

    /// A mention with its surrounding cues, before its name is known.
    fn bare_mention(
        &self,
        tokens: &[Token],
        keys: &TokenKeys,
        start: usize,
        name_start: usize,
        end: usize,
        span: Span,
    ) -> PlaceMention {
        let mut m = PlaceMention {
            span,
            name_span: span,
            tokens: name_start..end,
            key: String::new(),
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
            entries: Vec::new(),
        };
        // look back over up to three words: directions, nearness, من، locatives, titles
        let mut j = start;
        let mut steps = 0;
        let mut dirs: Vec<Direction> = Vec::new();
        while j > 0 && steps < 3 {
            j -= 1;
            steps += 1;
            if tokens[j].kind != TokenKind::Arabic {
                break;
            }
            let k = keys.get(j);
            let mut matched = false;
            for r in proclitic_readings(k).iter() {
                let stem = &k[r.skip..];
                for cue in self.lexicon.cues(stem) {
                    match cue {
                        Cue::Direction(d) => {
                            dirs.push(*d);
                            matched = true;
                        }
                        Cue::Near => {
                            m.near = true;
                            matched = true;
                        }
                        Cue::PersonTitle | Cue::Kin if steps == 1 => {
                            m.person_cue = true;
                        }
                        _ if steps == 1 => {}
                        _ => {}
                    }
                }
                if matched {
                    break;
                }
            }
            if matched {
                continue;
            }
            if steps == 1 || m.near || !dirs.is_empty() {
                if LOCATIVE.contains(&k) {
                    m.locative = true;
                    if k == "من" && (m.near || !dirs.is_empty()) {
                        continue; // بالقرب من، شمال من
                    }
                    break;
                }
                if steps == 1 && matches!(k.chars().next(), Some('ب' | 'ل')) {
                    // بمدينة، لمدينة is handled by the feature; here: a clitic preposition word
                }
            }
            break;
        }
        dirs.reverse();
        if let Some(&first) = dirs.first() {
            m.direction = Some(dirs[1..].iter().fold(first, |a, d| a.combine(*d)));
        }
        if start > 0 && keys.get(start - 1) == "علي" {
            m.after_ali = true;
        }
        // القيادي فرحان الجاسم، العقيد المنشق نديم الحسن: a title, one or two words of a
        // person's name, then the name: the family name of a person
        let name_words_after_title = (1..=2).any(|w| {
            start > w
                && (start - w..start).all(|t| {
                    let k = keys.get(t);
                    tokens[t].kind == TokenKind::Arabic
                        && !LOCATIVE.contains(&k)
                        && k != "ان"
                        && self.lexicon.cues(k).is_empty()
                })
                && self.lexicon.has(keys.get(start - w - 1), Cue::PersonTitle)
        });
        if name_words_after_title {
            m.person_cue = true;
        }
        // قادمة من (مدينة) X
        if start > 1
            && keys.get(start - 1) == "من"
            && tokens[start - 2].kind == TokenKind::Arabic
            && self.lexicon.has(keys.get(start - 2), Cue::Origin)
        {
            m.origin = true;
        }
        // حسن نصر الله: right after a given name
        if start > 0
            && tokens[start - 1].kind == TokenKind::Arabic
            && self.stopnames.get(keys.get(start - 1)) == Some(&StopTier::Person)
        {
            m.person_cue = true;
        }
        if start > 0
            && end < tokens.len()
            && is_quote(keys.get(start - 1))
            && is_quote(keys.get(end))
            && end - start == 1
        {
            m.quoted = true;
        }
        // a direction adjective after the name (ريف حلب الشمالي), a country adjective
        if end < tokens.len() && tokens[end].kind == TokenKind::Arabic {
            let k = keys.get(end);
            m.country_qualifier = self.lexicon.demonym(k);
            if k.starts_with("ال") {
                if let Some(d) = self.lexicon.direction(k) {
                    if m.direction.is_none() {
                        m.direction = Some(d);
                    }
                }
            }
            if self.lexicon.has(k, Cue::Kin) || self.stopnames.get(k) == Some(&StopTier::Person) {
                m.person_cue = true; // ناصرة أحمد، X بن Y
            }
        }
        m
    }

    /// Links each mention to the next one when the words between them say "in" or "near".
    fn link(&self, out: &mut [PlaceMention], tokens: &[Token], keys: &TokenKeys) {
        for a in 0..out.len().saturating_sub(1) {
            let b = a + 1;
            let a_end = out[a].tokens.end;
            // where b's cue words begin: its feature word and direction words
            let b_first = first_token_of(&out[b], tokens);
            if b_first < a_end {
                continue;
            }
            let gap = &tokens[a_end..b_first];
            if gap.len() > 4 {
                continue;
            }
            let mut link = false;
            let mut link_word = false;
            let mut words = 0;
            let mut ok = true;
            for (o, t) in gap.iter().enumerate() {
                let k = keys.get(a_end + o);
                match t.kind {
                    TokenKind::Punct => {
                        if !(k == "," || is_hyphen(k) || is_quote(k) || k == "(") {
                            ok = false;
                        } else {
                            link = true;
                        }
                    }
                    TokenKind::Arabic => {
                        let cues = self.lexicon.cues(k);
                        if cues.contains(&Cue::Link) || cues.contains(&Cue::Near) {
                            link = true;
                            // right before the next name (في ولاية بورنو)
                            link_word = o + 1 == gap.len();
                        } else if cues.iter().any(|c| matches!(c, Cue::Direction(_))) {
                            // التي تقع شمال شرقي Y: the direction is Y's (b.direction)
                        } else if k == "ل" || k == "من" {
                            // التابعة ل، بالقرب من
                        } else {
                            words += 1;
                        }
                    }
                    _ => ok = false,
                }
            }
            let b_tok = keys.get(b_first);
            let clitic_in = b_tok.starts_with('ب') && {
                let r = proclitic_readings(b_tok);
                r.len() > 1
            };
            if gap.is_empty() && clitic_in {
                link = true;
            }
            if out[b].near || out[b].direction.is_some_and(|d| d != Direction::Center) {
                link = true; // X (…) جنوبي Y، X قرب Y
            }
            // (after a link word right before it, a و is the next name's own letter: في ولاية)
            let coordinated = !link_word
                && (b_tok.starts_with('و') || b_tok.starts_with('ف'))
                && proclitic_readings(b_tok).len() > 1;
            if coordinated {
                continue; // X و Y: a list, not X in Y
            }
            if gap.is_empty() && !link && out[b].entries.iter().any(|e| self.is_notable(e.place)) {
                // two names side by side: the second, a notable place, qualifies the first
                // (قيفة رداع)
                link = true;
            }
            if ok && link && words <= 2 && !out[a].anaphor {
                out[a].within = Some(b);
                out[a].within_near =
                    out[b].near || out[b].direction.is_some_and(|d| d != Direction::Center);
            }
        }
    }
}

/// How a feature word was read.
#[derive(Clone, Copy, Debug, Default)]
struct FeatureReading {
    skip_letters: usize,
    skip_is_article: bool,
}

impl FeatureReading {
    fn new(r: Reading, article: bool) -> FeatureReading {
        FeatureReading {
            skip_letters: clitic_letters(&r),
            skip_is_article: article,
        }
    }
}

/// A name found in the trie, before its entries are copied.
#[derive(Clone, Copy, Debug)]
struct LightMatch {
    start: usize,
    node: u32,
    end: usize,
    reading: Reading,
    first_word: u32,
}

/// A name found in the trie.
#[derive(Clone, Debug)]
struct NameMatch {
    /// Token after the name (0: one token, set by the caller).
    end: usize,
    entries: Vec<Entry>,
    reading: Reading,
    key: String,
}

fn anaphoric(f: Feature) -> bool {
    matches!(
        f,
        Feature::City
            | Feature::Town
            | Feature::Village
            | Feature::Camp
            | Feature::Prison
            | Feature::Airport
            | Feature::Base
            | Feature::Neighbourhood
            | Feature::Admin1
            | Feature::Site
            | Feature::Institution
    )
}

fn is_quote(k: &str) -> bool {
    k.chars()
        .all(|c| matches!(c, '"' | '\'' | '«' | '»' | '“' | '”'))
}

fn is_hyphen(k: &str) -> bool {
    matches!(k, "-" | "–" | "—" | "‐")
}

/// Letters taken by the clitics of a reading (every clitic is one letter; ل+ال keeps its ل).
fn clitic_letters(r: &Reading) -> usize {
    r.skip / 2
}

/// The span of `span` without its first `letters` letters (and their diacritics).
fn strip_clitics(text: &str, span: Span, letters: usize) -> Span {
    if letters == 0 {
        return span;
    }
    let s = span.slice(text);
    let mut seen = 0;
    let mut cut = 0;
    for (i, c) in s.char_indices() {
        if marsad_text::normalize::is_diacritic(c) || c == '\u{0640}' {
            continue;
        }
        if seen == letters {
            cut = i;
            break;
        }
        seen += 1;
    }
    if cut == 0 {
        return span;
    }
    Span::new(span.start() + cut, span.end())
}

/// The first token of a mention's cue words (its feature word).
fn first_token_of(m: &PlaceMention, tokens: &[Token]) -> usize {
    let mut t = m.tokens.start;
    while t > 0 && tokens[t - 1].span.end() > m.span.start() {
        t -= 1;
    }
    t
}
