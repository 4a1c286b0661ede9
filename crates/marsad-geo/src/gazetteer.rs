//! Loading a gazetteer: the compact file (embedded or on disk), the curated supplement and
//! the user's own supplements, into an immutable, indexed [`Gazetteer`] shared by threads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::format::{Compiled, KeyedPlace, PlaceRef, Record};
use crate::fuzzy::FuzzyIndex;
use crate::hash::FxBuild;
use crate::index::{flags, Entry, NameIndex};
use crate::keys::Lexicon;
use crate::model::{Admin, AdminRow, Place, PlaceKind, PlaceRow};
use crate::supplement::{parse_supplement, SupplementRow};
use crate::{GeoError, Warning};

/// The compact gazetteer shipped in the repository (`data/gazetteer/marsad-gazetteer.bin`).
pub const DEFAULT_GAZETTEER: &[u8] = include_bytes!("../../../data/gazetteer/marsad-gazetteer.bin");
/// The curated supplements shipped in the repository: (path in the repository, rows).
pub const DEFAULT_SUPPLEMENTS: &[(&str, &str)] = &[
    (
        "data/gazetteer/supplement.tsv",
        include_str!("../../../data/gazetteer/supplement.tsv"),
    ),
    (
        "data/gazetteer/supplement-turkey.tsv",
        include_str!("../../../data/gazetteer/supplement-turkey.tsv"),
    ),
    (
        "data/gazetteer/supplement-world.tsv",
        include_str!("../../../data/gazetteer/supplement-world.tsv"),
    ),
];
/// Names that are also common words or given names (`data/gazetteer/stopnames.tsv`).
pub const DEFAULT_STOPNAMES: &str = include_str!("../../../data/gazetteer/stopnames.tsv");
/// Capitals by geonameid (`data/gazetteer/capitals.tsv`).
pub const DEFAULT_CAPITALS: &str = include_str!("../../../data/gazetteer/capitals.tsv");
/// The environment variable naming extra supplement files (separated like `PATH`).
pub const SUPPLEMENT_ENV: &str = "MARSAD_GAZETTEER_SUPPLEMENT";
/// The environment variable naming a compact gazetteer file to load instead of the embedded
/// one (built by `marsad gazetteer build`).
pub const GAZETTEER_ENV: &str = "MARSAD_GAZETTEER";

/// Attribution the data licences ask for; show it wherever the gazetteer's data is shown.
pub const ATTRIBUTION: &str = "Place data © GeoNames (CC BY 4.0, geonames.org), Who's On First (whosonfirst.org, see its license), OpenSyria / UN OCHA (CC BY 4.0 / CC BY 3.0 IGO); curated supplement © marsad contributors.";

/// How much evidence a name needs before it counts as a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopTier {
    /// A common word (a noun, an adjective): needs a feature word (مدينة، قرية…) or a
    /// containment cue with another place.
    Common,
    /// Also a given name: needs a locative cue (في، ب، من…) and no person cue.
    Person,
}

/// Load options.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Extra supplement files (same columns as `data/gazetteer/supplement.tsv`).
    pub supplements: Vec<PathBuf>,
    /// Skip the curated supplement shipped with marsad.
    pub without_default_supplement: bool,
}

/// An immutable, indexed gazetteer. `Send + Sync`: share it behind an [`Arc`].
#[derive(Debug)]
pub struct Gazetteer {
    pub(crate) places: Vec<Place>,
    pub(crate) admin1: Vec<Admin>,
    pub(crate) admin2: Vec<Admin>,
    /// `"SY\t01"` -> admin1 index
    admin1_by_code: HashMap<Box<str>, u32, FxBuild>,
    /// `"SY\t01\t123"` -> admin2 index
    admin2_by_code: HashMap<Box<str>, u32, FxBuild>,
    /// ids that are not `gn:<geonameid>` (supplement, WOF, OCHA) -> place
    by_other_id: HashMap<Box<str>, u32, FxBuild>,
    by_geonameid: HashMap<u32, u32, FxBuild>,
    /// country code -> place of the country
    countries: HashMap<[u8; 2], u32, FxBuild>,
    /// country code -> its capital (P.PPLC)
    capitals: HashMap<[u8; 2], u32, FxBuild>,
    pub(crate) index: NameIndex,
    pub(crate) lexicon: Lexicon,
    pub(crate) stopnames: HashMap<String, StopTier, FxBuild>,
    pub(crate) fuzzy: FuzzyIndex,
    /// stop tier per word id of the name index (0 none, 1 common, 2 person)
    word_stop: Vec<u8>,
    description: String,
    warnings: Vec<Warning>,
}

impl Gazetteer {
    /// The gazetteer shipped with marsad (embedded in the binary), or the file named by
    /// `MARSAD_GAZETTEER`, with the curated supplement and the files named by
    /// `MARSAD_GAZETTEER_SUPPLEMENT`.
    pub fn load_default() -> Result<Arc<Gazetteer>, GeoError> {
        let mut options = LoadOptions::default();
        if let Some(v) = std::env::var_os(SUPPLEMENT_ENV) {
            options.supplements = std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
        }
        match std::env::var_os(GAZETTEER_ENV).filter(|v| !v.is_empty()) {
            Some(path) => Gazetteer::load_with(Path::new(&path), &options),
            None => Gazetteer::load_default_with(&options),
        }
    }

    /// The embedded gazetteer with explicit options (the environment is not read).
    pub fn load_default_with(options: &LoadOptions) -> Result<Arc<Gazetteer>, GeoError> {
        Gazetteer::from_bytes(
            DEFAULT_GAZETTEER,
            Path::new("<embedded data/gazetteer/marsad-gazetteer.bin>"),
            options,
        )
        .map(Arc::new)
    }

    /// A compact gazetteer file (built by [`crate::build::build_from_dir`]), with the curated
    /// supplement and `options`.
    pub fn load(path: &Path) -> Result<Arc<Gazetteer>, GeoError> {
        Gazetteer::load_with(path, &LoadOptions::default())
    }

    /// [`Gazetteer::load`] with options.
    pub fn load_with(path: &Path, options: &LoadOptions) -> Result<Arc<Gazetteer>, GeoError> {
        let bytes = std::fs::read(path).map_err(|e| GeoError::io(path, e))?;
        Gazetteer::from_bytes(&bytes, path, options).map(Arc::new)
    }

    /// A small gazetteer from rows in memory (tests, tools). No supplement is added.
    pub fn from_rows(admins: Vec<AdminRow>, rows: Vec<PlaceRow>) -> Gazetteer {
        let mut report = crate::build::BuildReport {
            sources: "rows".into(),
            ..Default::default()
        };
        let compiled = crate::build::compile(admins, rows, &mut report);
        let options = LoadOptions {
            without_default_supplement: true,
            ..Default::default()
        };
        Gazetteer::from_compiled(compiled, &options).expect("no supplement files to read")
    }

    /// A compact gazetteer in memory (`path` names it in errors): checked, then indexed
    /// straight from the decompressed text, then the supplements are added.
    pub fn from_bytes(
        bytes: &[u8],
        path: &Path,
        options: &LoadOptions,
    ) -> Result<Gazetteer, GeoError> {
        let mut g = Gazetteer::empty(String::new(), 200_000);
        let description = crate::format::visit(bytes, path, |r| match r {
            Record::Admin(a) => g.add_admin(a),
            Record::Place(p) => {
                g.add_place(p, false, None, None);
            }
        })?;
        g.description = description;
        g.finish_load(options)?;
        Ok(g)
    }

    /// Builds the indexes over compiled records, then adds the supplements.
    pub fn from_compiled(compiled: Compiled, options: &LoadOptions) -> Result<Gazetteer, GeoError> {
        let mut g = Gazetteer::empty(compiled.description, compiled.places.len());
        for a in compiled.admins {
            g.add_admin(a);
        }
        for kp in compiled.places {
            g.add_keyed(kp, false, None, None);
        }
        g.finish_load(options)?;
        Ok(g)
    }

    fn empty(description: String, capacity: usize) -> Gazetteer {
        let mut g = Gazetteer {
            places: Vec::with_capacity(capacity + 256),
            admin1: Vec::new(),
            admin2: Vec::new(),
            admin1_by_code: HashMap::default(),
            admin2_by_code: HashMap::default(),
            by_other_id: HashMap::default(),
            by_geonameid: HashMap::with_capacity_and_hasher(capacity, FxBuild::default()),
            countries: HashMap::default(),
            capitals: HashMap::default(),
            index: NameIndex::with_capacity(capacity),
            lexicon: Lexicon::default_cues(),
            stopnames: HashMap::default(),
            fuzzy: FuzzyIndex::default(),
            word_stop: Vec::new(),
            description,
            warnings: Vec::new(),
        };
        g.load_stopnames(DEFAULT_STOPNAMES);
        g
    }

    fn add_admin(&mut self, a: AdminRow) {
        let Some(cc) = cc2(&a.country) else { return };
        let admin = Admin {
            country: cc,
            admin1: a.admin1.into(),
            admin2: a.admin2.into(),
            name_en: a.name_en.into(),
            name_ar: a.name_ar.into(),
            geonameid: a.geonameid,
            place: None,
        };
        let country = String::from_utf8_lossy(&cc).into_owned();
        if admin.admin2.is_empty() {
            let key = format!("{country}\t{}", admin.admin1);
            self.admin1_by_code
                .insert(key.into(), self.admin1.len() as u32);
            self.admin1.push(admin);
        } else {
            let key = format!("{country}\t{}\t{}", admin.admin1, admin.admin2);
            self.admin2_by_code
                .insert(key.into(), self.admin2.len() as u32);
            self.admin2.push(admin);
        }
    }

    /// Links admin units to their places, reads the capitals, adds the supplements, builds the
    /// misspelling index.
    fn finish_load(&mut self, options: &LoadOptions) -> Result<(), GeoError> {
        let g = self;
        // admin units point at their place rows (coordinates for precision-3 locations)
        for i in 0..g.places.len() {
            let p = &g.places[i];
            match p.kind {
                PlaceKind::Admin1 => {
                    if let Some(a) = p.admin1 {
                        let unit = &mut g.admin1[a as usize];
                        if unit.place.is_none() || unit.geonameid == p.geonameid {
                            unit.place = Some(i as u32);
                        }
                    }
                }
                PlaceKind::Admin2 => {
                    if let Some(a) = p.admin2 {
                        let unit = &mut g.admin2[a as usize];
                        if unit.place.is_none() || unit.geonameid == p.geonameid {
                            unit.place = Some(i as u32);
                        }
                    }
                }
                _ => {}
            }
        }
        for line in DEFAULT_CAPITALS.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if let (Some(cc), Some(Ok(id))) = (
                f.first().and_then(|c| cc2(c)),
                f.get(1).map(|g| g.parse::<u32>()),
            ) {
                if let Some(p) = g.place_by_geonameid(id) {
                    g.capitals.insert(cc, p);
                }
            }
        }
        if !options.without_default_supplement {
            for (path, text) in DEFAULT_SUPPLEMENTS {
                g.add_supplement_text(text, Path::new(path), true)?;
            }
        }
        for path in &options.supplements {
            let text = std::fs::read_to_string(path).map_err(|e| GeoError::io(path, e))?;
            g.add_supplement_text(&text, path, false)?;
        }
        g.fuzzy = FuzzyIndex::build(g);
        g.word_stop = (0..g.index.vocab_len() as u32)
            .map(|w| match g.stopnames.get(g.index.word_text(w)) {
                Some(StopTier::Common) => 1,
                Some(StopTier::Person) => 2,
                None => 0,
            })
            .collect();
        Ok(())
    }

    fn load_stopnames(&mut self, text: &str) {
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(word), tier) = (f.next(), f.next()) else {
                continue;
            };
            let key = crate::keys::word_key(word);
            if key.is_empty() {
                continue;
            }
            let tier = if tier.map(str::trim) == Some("person") {
                StopTier::Person
            } else {
                StopTier::Common
            };
            self.stopnames.insert(key, tier);
        }
    }

    fn add_keyed(
        &mut self,
        kp: KeyedPlace,
        curated: bool,
        fixed_precision: Option<u8>,
        parent: Option<u32>,
    ) -> u32 {
        let r = &kp.row;
        let keys = kp.keys.join("|");
        let other_keys = kp.other_keys.join("|");
        let p = PlaceRef {
            id: &r.id,
            geonameid: r.geonameid,
            name_en: &r.name_en,
            name_ar: &r.name_ar,
            feature_class: &r.feature_class,
            feature_code: &r.feature_code,
            country: &r.country,
            admin1: &r.admin1,
            admin2: &r.admin2,
            latitude: r.latitude,
            longitude: r.longitude,
            population: r.population,
            keys: &keys,
            other_keys: &other_keys,
        };
        self.add_place(p, curated, fixed_precision, parent)
    }

    fn add_place(
        &mut self,
        r: PlaceRef<'_>,
        curated: bool,
        fixed_precision: Option<u8>,
        parent: Option<u32>,
    ) -> u32 {
        let cc = cc2(r.country).unwrap_or(*b"ZZ");
        let mut code = String::with_capacity(16);
        code.push_str(r.country);
        code.push('\t');
        code.push_str(r.admin1);
        let admin1 = self.admin1_by_code.get(code.as_str()).copied();
        let admin2 = if r.admin2.is_empty() {
            None
        } else {
            code.push('\t');
            code.push_str(r.admin2);
            self.admin2_by_code.get(code.as_str()).copied()
        };
        let kind = if r.feature_class == "X" {
            PlaceKind::parse(&r.feature_code.to_ascii_lowercase()).unwrap_or(PlaceKind::Site)
        } else {
            PlaceKind::from_geonames(r.feature_class, r.feature_code, r.population)
        };
        let idx = self.places.len() as u32;
        let base = if curated { flags::CURATED } else { 0 };
        for (i, k) in r.keys.split('|').filter(|k| !k.is_empty()).enumerate() {
            let f = if i == 0 { flags::PRIMARY } else { 0 };
            self.index.insert(
                k,
                Entry {
                    place: idx,
                    flags: f | base,
                },
            );
        }
        for k in r.other_keys.split('|').filter(|k| !k.is_empty()) {
            self.index.insert(
                k,
                Entry {
                    place: idx,
                    flags: flags::OTHER_SCRIPT | base,
                },
            );
        }
        if kind == PlaceKind::Country {
            self.countries.entry(cc).or_insert(idx);
        }
        if r.feature_code == "PPLC" {
            let pop = r.population;
            match self.capitals.get(&cc) {
                Some(&c) if self.places[c as usize].population >= pop => {}
                _ => {
                    self.capitals.insert(cc, idx);
                }
            }
        }
        if !r.id.starts_with("gn:") || r.geonameid.is_none() {
            self.by_other_id.insert(r.id.into(), idx);
        }
        if let Some(g) = r.geonameid {
            // the first row with a geonameid wins (a supplement never steals it)
            self.by_geonameid.entry(g).or_insert(idx);
        }
        self.places.push(Place {
            id: r.id.into(),
            geonameid: r.geonameid,
            name_en: r.name_en.into(),
            name_ar: r.name_ar.into(),
            feature: format!("{}.{}", r.feature_class, r.feature_code).into(),
            kind,
            country: cc,
            admin1,
            admin2,
            latitude: r.latitude,
            longitude: r.longitude,
            population: r.population,
            fixed_precision,
            parent,
            curated,
        });
        idx
    }

    /// Adds the rows of a supplement file (see `data/gazetteer/supplement.tsv`). Rows that
    /// cannot be used are skipped with a warning ([`Gazetteer::warnings`]); a file that is not
    /// a supplement at all (wrong header) is an error.
    fn add_supplement_text(
        &mut self,
        text: &str,
        path: &Path,
        curated: bool,
    ) -> Result<(), GeoError> {
        let (rows, warnings) = parse_supplement(text, path)?;
        self.warnings.extend(warnings);
        for SupplementRow {
            line,
            id,
            names,
            name_en,
            kind,
            country,
            parent,
            coords,
            precision,
        } in rows
        {
            let warn = |m: String| Warning {
                path: path.to_path_buf(),
                line,
                message: m,
            };
            let parent_idx = match &parent {
                Some(p) => match self.place_by_id(p) {
                    Some(i) => Some(i),
                    None => {
                        self.warnings.push(warn(format!(
                            "parent {p} is not in the gazetteer: row skipped"
                        )));
                        continue;
                    }
                },
                None => None,
            };
            let keys: Vec<String> = names
                .iter()
                .filter_map(|n| crate::keys::name_keys(n).map(|k| k.join(" ")))
                .collect();
            if keys.is_empty() {
                self.warnings.push(warn(
                    "no usable Arabic name (empty or one letter): row skipped".into(),
                ));
                continue;
            }
            let Some(kind) = kind else {
                // an alias row: more names for the parent itself
                let Some(pi) = parent_idx else {
                    self.warnings
                        .push(warn("alias row without parent: row skipped".into()));
                    continue;
                };
                for k in &keys {
                    self.index.insert(
                        k,
                        Entry {
                            place: pi,
                            flags: if curated { flags::CURATED } else { 0 },
                        },
                    );
                }
                if !name_en.is_empty() {
                    self.places[pi as usize].name_en = name_en.as_str().into();
                }
                continue;
            };
            let parent_place = parent_idx.map(|i| self.places[i as usize].clone());
            let (lat, lon) = match (coords, &parent_place) {
                (Some(c), _) => c,
                (None, Some(p)) => (p.latitude, p.longitude),
                (None, None) => {
                    self.warnings.push(warn(
                        "no coordinates and no parent to take them from: row skipped".into(),
                    ));
                    continue;
                }
            };
            let cc = match (&country, &parent_place) {
                (Some(c), _) => c.clone(),
                (None, Some(p)) => p.country_str().to_string(),
                (None, None) => {
                    self.warnings.push(warn("no country: row skipped".into()));
                    continue;
                }
            };
            if self.place_by_id(&id).is_some() {
                self.warnings
                    .push(warn(format!("id {id} already exists: row skipped")));
                continue;
            }
            let (mut a1, a2) = parent_place
                .as_ref()
                .map(|p| {
                    (
                        p.admin1.map(|a| self.admin1[a as usize].admin1.to_string()),
                        p.admin2.map(|a| self.admin2[a as usize].admin2.to_string()),
                    )
                })
                .unwrap_or((None, None));
            // a first-level unit of its own (a country the bulk sources do not cover): its id
            // is the unit's code, and the row is the unit's place
            let new_unit = kind == PlaceKind::Admin1 && parent_place.is_none();
            if new_unit {
                self.add_admin(AdminRow {
                    country: cc.clone(),
                    admin1: id.clone(),
                    admin2: String::new(),
                    name_en: name_en.clone(),
                    name_ar: names.first().cloned().unwrap_or_default(),
                    geonameid: None,
                });
                a1 = Some(id.clone());
            }
            let kp = KeyedPlace {
                row: PlaceRow {
                    id: id.clone(),
                    geonameid: None,
                    name_en: name_en.clone(),
                    name_ar: names.first().cloned().unwrap_or_default(),
                    feature_class: "X".into(),
                    feature_code: kind.as_str().to_ascii_uppercase(),
                    country: cc,
                    admin1: a1.unwrap_or_default(),
                    admin2: a2.unwrap_or_default(),
                    latitude: lat,
                    longitude: lon,
                    population: 0,
                    ..Default::default()
                },
                keys,
                other_keys: Vec::new(),
            };
            let idx = self.add_keyed(kp, curated, precision, parent_idx);
            if new_unit {
                if let Some(unit) = self.places[idx as usize].admin1 {
                    self.admin1[unit as usize].place = Some(idx);
                }
            }
        }
        Ok(())
    }

    /// Warnings from loading (supplement rows skipped).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Where the data came from.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// A place by index.
    pub fn place(&self, idx: u32) -> &Place {
        &self.places[idx as usize]
    }

    /// All places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The index of a place by id (`gn:173811`, `sup:ghwayran`).
    pub fn place_by_id(&self, id: &str) -> Option<u32> {
        if let Some(g) = id.strip_prefix("gn:").and_then(|g| g.parse::<u32>().ok()) {
            if let Some(&p) = self.by_geonameid.get(&g) {
                if &*self.places[p as usize].id == id {
                    return Some(p);
                }
            }
        }
        self.by_other_id.get(id).copied()
    }

    /// The index of a place by GeoNames id.
    pub fn place_by_geonameid(&self, geonameid: u32) -> Option<u32> {
        self.by_geonameid.get(&geonameid).copied()
    }

    /// The place of a country.
    pub fn country_place(&self, cc: [u8; 2]) -> Option<u32> {
        self.countries.get(&cc).copied()
    }

    /// The capital of a country (its most populous P.PPLC place).
    pub fn capital(&self, cc: [u8; 2]) -> Option<u32> {
        self.capitals.get(&cc).copied()
    }

    /// English name of a place's admin1.
    pub fn admin1_name(&self, place: &Place) -> Option<&str> {
        place.admin1.map(|a| &*self.admin1[a as usize].name_en)
    }

    /// English name of a place's admin2. For an admin2 unit itself, its own name.
    pub fn admin2_name(&self, place: &Place) -> Option<&str> {
        place.admin2.map(|a| &*self.admin2[a as usize].name_en)
    }

    /// The admin1 unit (for its place row).
    pub fn admin1(&self, idx: u32) -> &Admin {
        &self.admin1[idx as usize]
    }

    /// The places a name key (space-separated normalized words) leads to.
    pub fn lookup_key(&self, key: &str) -> &[Entry] {
        self.index.lookup(key)
    }

    /// The name index.
    pub fn index(&self) -> &NameIndex {
        &self.index
    }

    /// The cue words.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The stop tier of a word of the name index, by id.
    #[inline]
    pub(crate) fn word_stop_tier(&self, word: u32) -> Option<StopTier> {
        match self.word_stop.get(word as usize) {
            Some(1) => Some(StopTier::Common),
            Some(2) => Some(StopTier::Person),
            _ => None,
        }
    }

    /// The tier of a name that is also a common word or a given name.
    pub fn stop_tier(&self, key: &str) -> Option<StopTier> {
        self.stopnames.get(key).copied()
    }

    /// Memory held by the indexes and records (an estimate, bytes).
    pub fn memory_bytes(&self) -> usize {
        let places: usize = self
            .places
            .iter()
            .map(|p| {
                std::mem::size_of::<Place>()
                    + p.id.len()
                    + p.name_en.len()
                    + p.name_ar.len()
                    + p.feature.len()
            })
            .sum();
        places
            + self.index.memory_bytes()
            + self.by_other_id.capacity() * 40
            + self.by_geonameid.capacity() * 12
            + self.fuzzy.memory_bytes()
    }
}

fn cc2(s: &str) -> Option<[u8; 2]> {
    let b = s.as_bytes();
    (b.len() == 2).then(|| [b[0], b[1]])
}
