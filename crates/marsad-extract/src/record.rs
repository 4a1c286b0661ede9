//! The interchange format: input [`Document`]s and output [`EventRecord`]s.
//!
//! Field names and values follow `docs/event-format.md` (ACLED column names where ACLED has
//! one). Offsets in records are Unicode code points into the document text, because that is
//! what JSON consumers index strings with; inside the engine everything is byte [`Span`]s.
//!
//! [`Span`]: marsad_text::Span

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One article, as `marsad extract` and `marsad ingest` read it (one JSON object per line).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub doc_id: String,
    pub text: String,
    #[serde(default)]
    pub published: Option<NaiveDate>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// ACLED event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventType {
    #[serde(rename = "Battles")]
    Battles,
    #[serde(rename = "Explosions/Remote violence")]
    ExplosionsRemoteViolence,
    #[serde(rename = "Violence against civilians")]
    ViolenceAgainstCivilians,
    #[serde(rename = "Protests")]
    Protests,
    #[serde(rename = "Riots")]
    Riots,
    #[serde(rename = "Strategic developments")]
    StrategicDevelopments,
}

/// Generates [`SubEventType`] with its ACLED name and its event type from one table, so the
/// two can never disagree.
macro_rules! sub_event_types {
    ($($variant:ident => $name:literal, $event:ident;)*) => {
        /// ACLED sub-event types.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum SubEventType {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl SubEventType {
            /// Every sub-event type, in ACLED's order.
            pub const ALL: &'static [SubEventType] = &[$(SubEventType::$variant),*];

            /// ACLED's name, e.g. `Armed clash`.
            pub fn as_str(self) -> &'static str {
                match self { $(SubEventType::$variant => $name,)* }
            }

            /// The event type this sub-event type belongs to.
            pub fn event_type(self) -> EventType {
                match self { $(SubEventType::$variant => EventType::$event,)* }
            }

            /// Parses ACLED's name.
            pub fn from_name(name: &str) -> Option<SubEventType> {
                match name { $($name => Some(SubEventType::$variant),)* _ => None }
            }
        }
    };
}

sub_event_types! {
    ArmedClash => "Armed clash", Battles;
    GovernmentRegainsTerritory => "Government regains territory", Battles;
    NonStateActorOvertakesTerritory => "Non-state actor overtakes territory", Battles;
    ChemicalWeapon => "Chemical weapon", ExplosionsRemoteViolence;
    AirDroneStrike => "Air/drone strike", ExplosionsRemoteViolence;
    SuicideBomb => "Suicide bomb", ExplosionsRemoteViolence;
    ShellingArtilleryMissileAttack => "Shelling/artillery/missile attack", ExplosionsRemoteViolence;
    RemoteExplosiveLandmineIed => "Remote explosive/landmine/IED", ExplosionsRemoteViolence;
    Grenade => "Grenade", ExplosionsRemoteViolence;
    SexualViolence => "Sexual violence", ViolenceAgainstCivilians;
    Attack => "Attack", ViolenceAgainstCivilians;
    AbductionForcedDisappearance => "Abduction/forced disappearance", ViolenceAgainstCivilians;
    PeacefulProtest => "Peaceful protest", Protests;
    ProtestWithIntervention => "Protest with intervention", Protests;
    ExcessiveForceAgainstProtesters => "Excessive force against protesters", Protests;
    ViolentDemonstration => "Violent demonstration", Riots;
    MobViolence => "Mob violence", Riots;
    Agreement => "Agreement", StrategicDevelopments;
    Arrests => "Arrests", StrategicDevelopments;
    ChangeToGroupActivity => "Change to group/activity", StrategicDevelopments;
    DisruptedWeaponsUse => "Disrupted weapons use", StrategicDevelopments;
    HeadquartersOrBaseEstablished => "Headquarters or base established", StrategicDevelopments;
    LootingPropertyDestruction => "Looting/property destruction", StrategicDevelopments;
    NonViolentTransferOfTerritory => "Non-violent transfer of territory", StrategicDevelopments;
    Other => "Other", StrategicDevelopments;
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Battles => "Battles",
            EventType::ExplosionsRemoteViolence => "Explosions/Remote violence",
            EventType::ViolenceAgainstCivilians => "Violence against civilians",
            EventType::Protests => "Protests",
            EventType::Riots => "Riots",
            EventType::StrategicDevelopments => "Strategic developments",
        }
    }
}

/// Words of the article, by code-point offsets into its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub sentence: String,
    pub start: usize,
    pub end: usize,
}

/// An actor of an event: canonical name, the article's words, and where they are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Canonical English name in ACLED style, e.g. `Islamic State (Syria)`.
    pub name: String,
    /// The Arabic words in the article.
    pub text: Option<String>,
    /// Dictionary id, or null for an actor inferred without a dictionary entry.
    pub id: Option<String>,
    /// ACLED actor type code (1 state forces … 8 external/other forces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter: Option<u8>,
    /// Code-point offsets of `text` in the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

/// Where an event happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// English name of the most precise place.
    pub name: String,
    /// The Arabic words in the article (null when the place came from document context).
    pub text: Option<String>,
    pub geonameid: Option<i64>,
    pub latitude: f64,
    pub longitude: f64,
    /// ACLED: 1 the town itself, 2 near it or part of a region, 3 only the province known.
    pub geo_precision: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
}

/// The word(s) an event was recognized by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// One event, as `marsad extract` writes it (one JSON object per line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    pub doc_id: String,
    /// Stable across runs for the same input and resources: `doc_id#n`.
    pub event_id: String,
    pub event_type: EventType,
    pub sub_event_type: SubEventType,
    /// PLOVER event type, e.g. `ASSAULT`.
    pub plover: String,
    pub plover_mode: Option<String>,
    pub event_date: Option<NaiveDate>,
    /// ACLED: 1 day, 2 week, 3 month.
    pub time_precision: Option<u8>,
    pub actor1: Option<Actor>,
    pub actor2: Option<Actor>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub location: Option<Location>,
    /// ACLED's lowest credible count of deaths; null when none is reported.
    pub fatalities: Option<u32>,
    pub fatalities_text: Option<String>,
    /// Wounded, kept apart from deaths.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injuries: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Trigger>,
    pub evidence: Vec<Evidence>,
    pub confidence: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sub_event_type_round_trips_through_its_acled_name() {
        for &sub in SubEventType::ALL {
            assert_eq!(SubEventType::from_name(sub.as_str()), Some(sub));
            let json = serde_json::to_string(&sub).unwrap();
            assert_eq!(json, format!("\"{}\"", sub.as_str()));
        }
        assert_eq!(SubEventType::ALL.len(), 25);
        assert_eq!(
            SubEventType::Grenade.event_type(),
            EventType::ExplosionsRemoteViolence
        );
    }

    #[test]
    fn documents_read_the_input_contract() {
        let doc: Document = serde_json::from_str(
            r#"{"doc_id":"a","text":"قتل 3","published":"2022-01-24","source":null}"#,
        )
        .unwrap();
        assert_eq!(doc.published, NaiveDate::from_ymd_opt(2022, 1, 24));
        assert!(serde_json::from_str::<Document>(r#"{"doc_id":"a"}"#).is_err());
    }
}
