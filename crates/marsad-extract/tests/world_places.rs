//! Construction tests of places of the wider world (issue 15): towns of countries outside the
//! Middle East from `data/gazetteer/world/`, supplement places that are never stop names, common
//! words that are not places, and datelines written with a date. Every sentence was written for
//! this file in the style of Arabic wire news; none is taken from the gold. Each runs through the
//! whole extraction chain (`Extractor::load_default()`, rules' decision as in constructions.rs).

use std::sync::OnceLock;

use chrono::NaiveDate;
use marsad_extract::actor_choice::ActorDecision;
use marsad_extract::decide::EventDecision;
use marsad_extract::{Document, EventRecord, Extractor};

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fn extract(text: &str) -> Vec<EventRecord> {
    let extractor = EXTRACTOR.get_or_init(|| {
        Extractor::load_default()
            .expect("bundled resources load")
            .with_decision(EventDecision::Gates)
            .with_actor_decision(ActorDecision::Rules)
    });
    extractor.extract(&Document {
        doc_id: "world".into(),
        text: text.into(),
        published: NaiveDate::from_ymd_opt(2018, 5, 14),
        ..Default::default()
    })
}

/// The single event of `text`.
fn only(text: &str) -> EventRecord {
    let mut events = extract(text);
    assert_eq!(events.len(), 1, "one event in {text:?}: {events:#?}");
    events.remove(0)
}

fn place(record: &EventRecord) -> Option<&str> {
    record.location.as_ref().map(|l| l.name.as_str())
}

#[test]
fn a_town_of_indonesia_is_placed() {
    let r = only("قتل ثلاثة أشخاص في انفجار قنبلة أمام كنيسة في مدينة سورابايا صباح اليوم.");
    assert_eq!(place(&r), Some("Surabaya"), "{r:#?}");
    assert_eq!(r.country.as_deref(), Some("ID"));
}

#[test]
fn a_town_of_nicaragua_is_placed() {
    let r = only("قتل شرطيان في اشتباكات مع محتجين في مدينة ماسايا أمس.");
    assert_eq!(place(&r), Some("Masaya"), "{r:#?}");
    assert_eq!(r.country.as_deref(), Some("NI"));
}

#[test]
fn kashmir_of_the_supplement_is_a_place_not_a_stop_name() {
    let r = only("قتل جنديان في هجوم شنه مسلحون على دورية للجيش في كشمير أمس.");
    assert_eq!(r.country.as_deref(), Some("IN"), "{r:#?}");
    assert_eq!(r.admin1.as_deref(), Some("Jammu and Kashmir"));
}

#[test]
fn smoke_is_not_dukhan_in_qatar() {
    let r =
        only("قتل أربعة أشخاص في انفجار سيارة مفخخة في مدينة الموصل وتصاعد دخان كثيف من المكان.");
    assert_eq!(r.country.as_deref(), Some("IQ"), "{r:#?}");
    assert_eq!(place(&r), Some("Mosul"));
}

#[test]
fn its_start_is_not_bidiyah_in_oman() {
    let events = extract("قتل خمسة مدنيين في قصف على بلدة في ريف إدلب منذ بدئه صباح اليوم.");
    assert!(
        events.iter().all(|e| e.country.as_deref() != Some("OM")),
        "{events:#?}"
    );
}

#[test]
fn a_dateline_with_a_date_gives_the_place() {
    let r = only("بغداد 15 - 5 (اف ب) - قتل ثلاثة أشخاص في هجوم مسلح استهدف نقطة تفتيش فجر اليوم.");
    assert_eq!(place(&r), Some("Baghdad"), "{r:#?}");
    assert_eq!(r.country.as_deref(), Some("IQ"));
}

#[test]
fn world_capitals_named_by_the_press_are_places() {
    // exonyms that the stop names had taken for common words (باريس، لندن، مدريد…) or that
    // the world tables hold without an Arabic name
    for (text, expected, country) in [
        ("قتل شرطي في هجوم بسكين في باريس أمس.", "Paris", "FR"),
        (
            "أصيب خمسة أشخاص في انفجار قنبلة في لندن أمس.",
            "London",
            "GB",
        ),
        ("اعتقلت الشرطة ثلاثة مشتبه بهم في مدريد أمس.", "Madrid", "ES"),
        ("تظاهر آلاف الأشخاص في برلين أمس ضد الحرب.", "Berlin", "DE"),
        ("تظاهر مئات الطلاب في روما أمس.", "Rome", "IT"),
    ] {
        let r = only(text);
        assert_eq!(place(&r), Some(expected), "{text}: {r:#?}");
        assert_eq!(r.country.as_deref(), Some(country), "{text}");
    }
}

#[test]
fn an_event_at_a_village_the_gazetteer_lacks_is_placed_in_its_province() {
    let r = only("قتل عشرون شخصا في هجوم شنه مسلحون على قرية كوندوغا في ولاية بورنو أمس.");
    assert_eq!(r.country.as_deref(), Some("NG"), "{r:#?}");
    assert_eq!(r.admin1.as_deref(), Some("Borno"));
    let location = r.location.as_ref().expect("a location");
    assert_eq!(location.text.as_deref(), Some("قرية كوندوغا"));
    assert_eq!(location.geo_precision, 3);
}
