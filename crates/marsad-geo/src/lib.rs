//! # marsad-geo: Arabic place mentions to gazetteer places, with ACLED geo_precision
//!
//! Where did it happen? This crate answers for every place an Arabic article names: country,
//! first- and second-level divisions (English names, GeoNames divisions as ACLED uses them),
//! the place itself with its geonameid and coordinates, and ACLED's `geo_precision` (1 the
//! town or a spot in it, 2 near it or part of a district/area, 3 only the province known).
//!
//! - [`build`]: builds the compact gazetteer from GeoNames dumps or marsad's derived tables
//!   (`marsad gazetteer build --from DIR`); [`format`](mod@format) is that file (magic bytes,
//!   version, checked on load). Building is separate from loading.
//! - [`Gazetteer`]: the loaded, immutable, indexed gazetteer (`load_default` embeds
//!   `data/gazetteer/marsad-gazetteer.bin`; `load`, `from_rows` for tiny test gazetteers), with
//!   the curated [`supplement`] and the user's own (`MARSAD_GAZETTEER_SUPPLEMENT`). `Send +
//!   Sync`: share one `Arc<Gazetteer>` across threads.
//! - [`Gazetteer::find_mentions`] ([`mention`]): place mentions in a tokenized text in one pass
//!   over the token keys: proclitics (بالحسكة، وحلب، للموصل), multiword names (دير الزور), feature
//!   words (حي، سجن، محافظة), directions (جنوبي المدينة، ريف حلب الشمالي), containment (X في Y),
//!   anaphors (المدينة، السجن، العاصمة الأفغانية), misspellings (الكسحة), and evidence rules for
//!   names that are also common words or given names.
//! - [`Gazetteer::resolve`] ([`resolve`]): disambiguation in the document's context (countries
//!   of its notable places, country adjectives, the caller's actor hints and dateline), admin
//!   level and population priors, containment and proximity; then [`ResolvedPlace::location`]
//!   gives the event-format [`Location`].
//! - [`Gazetteer::geocode_phrase`]: scored candidates for one phrase (`marsad geocode`).
//!
//! Data © GeoNames (CC BY 4.0), Who's On First, OpenSyria / UN OCHA: see [`ATTRIBUTION`] and
//! `data/gazetteer/NOTICE.md`.
//!
//! ```
//! use marsad_geo::{DocContext, Gazetteer};
//! use marsad_text::{normalize::TokenKeys, tokenize::tokenize};
//!
//! let gaz = Gazetteer::load_default().unwrap();
//! let text = "قتل ثلاثة مدنيين في حي الزهور بالحسكة شمال شرقي سوريا";
//! let tokens = tokenize(text);
//! let keys = TokenKeys::build(text, &tokens);
//! let mentions = gaz.find_mentions(text, &tokens, &keys);
//! let places = gaz.resolve(&mentions, &DocContext::default());
//! let hasakah = places.iter().find(|p| mentions[p.mention].key == "الحسكه").unwrap();
//! assert_eq!(hasakah.place.country, "SY");
//! assert_eq!(hasakah.place.admin1.as_deref(), Some("Al-Hasakah"));
//! assert_eq!(hasakah.location(text, &mentions).text, "الحسكة");
//! assert_eq!(hasakah.geo_precision, 1);
//! ```

pub mod build;
mod error;
pub mod format;
pub mod fuzzy;
mod gazetteer;
mod hash;
pub mod index;
pub mod keys;
pub mod mention;
pub mod model;
pub mod resolve;
pub mod supplement;

pub use error::{GeoError, Warning};
pub use gazetteer::{
    Gazetteer, LoadOptions, StopTier, ATTRIBUTION, DEFAULT_GAZETTEER, GAZETTEER_ENV, SUPPLEMENT_ENV,
};
pub use keys::{Direction, Feature};
pub use mention::PlaceMention;
pub use model::{Place, PlaceKind};
pub use resolve::{Candidate, DocContext, Location, ResolvedPlace};

#[cfg(test)]
mod send_sync {
    #[test]
    fn gazetteer_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<super::Gazetteer>();
    }
}
