//! # marsad-geo: Arabic place mentions to gazetteer places, with ACLED geo_precision
//!
//! - [`build`]: builds the compact gazetteer from GeoNames dumps or marsad's derived tables
//!   (`marsad gazetteer build --from DIR`); [`format`](mod@format) is that file (magic bytes, version,
//!   checked on load);
//! - [`Gazetteer`]: the loaded, immutable, indexed gazetteer (`load_default`, `load`,
//!   `from_rows`), with the curated [`supplement`] and the user's own;
//! - [`Gazetteer::find_mentions`] ([`mention`]): place mentions in a tokenized text, clitics,
//!   multiword names, feature words, directions, containment, anaphors, misspellings;
//! - [`Gazetteer::resolve`] ([`resolve`]): disambiguation in the document's context, and the
//!   event-format [`Location`] with ACLED `geo_precision`;
//! - [`Gazetteer::geocode_phrase`]: candidates and scores for one phrase (`marsad geocode`).
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
    Gazetteer, LoadOptions, StopTier, ATTRIBUTION, DEFAULT_GAZETTEER, SUPPLEMENT_ENV,
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
