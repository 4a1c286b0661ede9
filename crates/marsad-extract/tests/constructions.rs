//! Construction tests for the public extraction API: one test per Arabic construction the
//! extractor must handle (event types, actor cues, places, dates, fatalities, factuality,
//! document-level resolution, robustness and evidence offsets).
//!
//! Every sentence here was written for this file in the style of Arabic wire news; none is
//! taken from the dev gold or the sample articles. Each test builds a `Document` with a
//! publication date, runs `Extractor::extract` and asserts the coded fields with the values
//! `docs/event-format.md` and the annotation guidelines prescribe. Every extraction also checks
//! that the code-point offsets of each record slice the input to the reported words.
//!
//! These tests check the rules (candidates, arguments, factuality objections) under the rules'
//! own decision ([`EventDecision::Gates`]); the learned decision that ships is measured by
//! cross-validation (`marsad eval`, `crates/marsad/tests/gold.rs`), and its own guarantees are
//! tested at the end of this file.
//!
//! Tests marked `#[ignore = "known gap: ..."]` state the correct behaviour for a construction
//! the extractor still gets wrong; run them with `cargo test -- --ignored`.

use std::sync::OnceLock;

use chrono::NaiveDate;
use marsad_extract::actor_choice::ActorDecision;
use marsad_extract::decide::EventDecision;
use marsad_extract::document::Candidate;
use marsad_extract::record::{Actor, EventType, SubEventType};
use marsad_extract::{Document, EventRecord, Extractor};

/// Publication date of most test documents: Monday 24 January 2022.
const PUBLISHED: (i32, u32, u32) = (2022, 1, 24);

static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();

fn extractor() -> &'static Extractor {
    EXTRACTOR.get_or_init(|| {
        Extractor::load_default()
            .expect("bundled resources load")
            .with_decision(EventDecision::Gates)
            .with_actor_decision(ActorDecision::Rules)
    })
}

static SHIPPED: OnceLock<Extractor> = OnceLock::new();

/// The extractor as it ships, with the learned event decision.
fn shipped() -> &'static Extractor {
    SHIPPED.get_or_init(|| Extractor::load_default().expect("bundled resources load"))
}

fn shipped_events(text: &str) -> Vec<EventRecord> {
    shipped().extract(&Document {
        doc_id: "construction".into(),
        text: text.into(),
        published: Some(published()),
        ..Default::default()
    })
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn published() -> NaiveDate {
    day(PUBLISHED.0, PUBLISHED.1, PUBLISHED.2)
}

/// The code points `start..end` of `text`.
fn slice(text: &str, start: usize, end: usize) -> String {
    assert!(start <= end, "span {start}..{end} is reversed");
    assert!(
        end <= text.chars().count(),
        "span {start}..{end} runs past the text"
    );
    text.chars().skip(start).take(end - start).collect()
}

/// Every offset a record reports slices `text` to the words it reports.
fn assert_spans(text: &str, record: &EventRecord) {
    assert!(!record.evidence.is_empty(), "no evidence: {record:?}");
    for evidence in &record.evidence {
        assert!(evidence.start < evidence.end, "empty evidence: {record:?}");
        assert_eq!(
            slice(text, evidence.start, evidence.end),
            evidence.sentence,
            "evidence offsets of {}",
            record.event_id
        );
    }
    if let Some(trigger) = &record.trigger {
        assert_eq!(
            slice(text, trigger.start, trigger.end),
            trigger.text,
            "trigger offsets of {}",
            record.event_id
        );
    }
    for actor in [&record.actor1, &record.actor2].into_iter().flatten() {
        if let (Some(words), Some(start), Some(end)) = (&actor.text, actor.start, actor.end) {
            assert_eq!(
                &slice(text, start, end),
                words,
                "actor offsets of {}",
                record.event_id
            );
        }
    }
    if let Some(location) = &record.location {
        if let (Some(words), Some(start), Some(end)) =
            (&location.text, location.start, location.end)
        {
            assert_eq!(
                &slice(text, start, end),
                words,
                "location offsets of {}",
                record.event_id
            );
        }
    }
}

/// The events of `text` published on `date`; the offsets of every record are checked.
fn extract_at(text: &str, date: NaiveDate) -> Vec<EventRecord> {
    let doc = Document {
        doc_id: "construction".into(),
        text: text.into(),
        published: Some(date),
        ..Default::default()
    };
    let events = extractor().extract(&doc);
    for record in &events {
        assert_spans(text, record);
    }
    events
}

fn extract(text: &str) -> Vec<EventRecord> {
    extract_at(text, published())
}

/// Every candidate the rules draft from `text` (before any decision), with its objection and
/// features.
fn candidates(text: &str) -> Vec<Candidate> {
    extractor().candidates(&Document {
        doc_id: "construction".into(),
        text: text.into(),
        published: Some(published()),
        ..Default::default()
    })
}

/// The single event of `text`.
fn only(text: &str) -> EventRecord {
    let mut events = extract(text);
    assert_eq!(
        events.len(),
        1,
        "expected one event in {text:?}: {events:#?}"
    );
    events.remove(0)
}

fn name(actor: &Option<Actor>) -> Option<&str> {
    actor.as_ref().map(|a| a.name.as_str())
}

fn place(record: &EventRecord) -> Option<&str> {
    record.location.as_ref().map(|l| l.name.as_str())
}

/// The event of `events` placed at `name`.
fn at<'r>(events: &'r [EventRecord], name: &str) -> &'r EventRecord {
    events
        .iter()
        .find(|e| place(e) == Some(name))
        .unwrap_or_else(|| panic!("no event at {name}: {events:#?}"))
}

fn precision(record: &EventRecord) -> Option<u8> {
    record.location.as_ref().map(|l| l.geo_precision)
}

fn assert_kind(record: &EventRecord, event_type: &str, sub_event_type: &str) {
    assert_eq!(record.event_type.as_str(), event_type, "{record:#?}");
    assert_eq!(
        record.sub_event_type.as_str(),
        sub_event_type,
        "{record:#?}"
    );
}

/// `affirmative` reports an event; `hedged`, the same report under a cue that makes it not a
/// material event, yields none.
fn assert_only_the_affirmative_is_an_event(affirmative: &str, hedged: &str) {
    assert!(
        !extract(affirmative).is_empty(),
        "control sentence yields no event: {affirmative:?}"
    );
    let events = extract(hedged);
    assert!(
        events.is_empty(),
        "not a material event: {hedged:?} -> {events:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Event types
// ---------------------------------------------------------------------------------------------

#[test]
fn armed_clash_between_two_named_groups() {
    let r = only(
        "اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وعناصر تنظيم داعش في ريف دير الزور الشرقي أمس.",
    );
    assert_kind(&r, "Battles", "Armed clash");
    assert_eq!(r.event_type, EventType::Battles);
    assert_eq!(r.sub_event_type, SubEventType::ArmedClash);
    assert_eq!(name(&r.actor1), Some("SDF: Syrian Democratic Forces"));
    assert_eq!(name(&r.actor2), Some("Islamic State (Syria)"));
    assert_eq!(r.country.as_deref(), Some("SY"));
    assert_eq!(r.admin1.as_deref(), Some("Deir ez-Zor"));
    assert_eq!(r.event_date, Some(day(2022, 1, 23)));
    assert_eq!(r.time_precision, Some(1));
    assert_eq!(r.fatalities, None);
}

#[test]
fn air_strike_noun() {
    let r = only("قتل أربعة مدنيين في غارة جوية استهدفت سوقا شعبيا في مدينة إدلب.");
    assert_kind(&r, "Explosions/Remote violence", "Air/drone strike");
    assert_eq!(r.country.as_deref(), Some("SY"));
    assert_eq!(r.admin1.as_deref(), Some("Idlib"));
    assert_eq!(place(&r), Some("Idlib"));
    assert_eq!(r.fatalities, Some(4));
}

#[test]
fn shelling_with_the_shelling_force_in_the_genitive() {
    let r = only("قصف مدفعي لقوات النظام على بلدة كفرنبل في ريف إدلب الجنوبي أسفر عن مقتل طفلين.");
    assert_kind(
        &r,
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    );
    assert_eq!(name(&r.actor1), Some("Military Forces of Syria"));
    assert_eq!(place(&r), Some("Kafr Nabl"));
    assert_eq!(r.admin1.as_deref(), Some("Idlib"));
    assert_eq!(r.fatalities, Some(2));
}

#[test]
fn car_bomb_and_roadside_bomb_are_remote_explosives() {
    let r = only("انفجرت سيارة مفخخة قرب حاجز للشرطة في مدينة كركوك ما أسفر عن مقتل ستة أشخاص.");
    assert_kind(
        &r,
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    );
    assert_eq!(place(&r), Some("Kirkuk"));
    assert_eq!(r.admin1.as_deref(), Some("Kirkuk"));
    assert_eq!(r.fatalities, Some(6));

    let r = only("انفجرت عبوة ناسفة زرعت على جانب طريق رئيسي في قضاء المقدادية صباح اليوم.");
    assert_kind(
        &r,
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    );
    assert_eq!(name(&r.actor1), Some("Unidentified Armed Group (Iraq)"));
    assert_eq!(place(&r), Some("Muqdadiya"));
    assert_eq!(r.admin1.as_deref(), Some("Diyala"));
    assert_eq!(r.event_date, Some(published()));
    assert_eq!(r.fatalities, None);
}

#[test]
fn suicide_bomber_with_an_explosive_belt() {
    let r = only("فجر انتحاري حزامه الناسف داخل مسجد في مدينة القطيف.");
    assert_kind(&r, "Explosions/Remote violence", "Suicide bomb");
    assert_eq!(r.country.as_deref(), Some("SA"));
    assert_eq!(place(&r), Some("Al Qatif"));

    let r = only("انتحاري يفجر نفسه عند مدخل سوق شعبي في مدينة الرمادي.");
    assert_kind(&r, "Explosions/Remote violence", "Suicide bomb");
    assert_eq!(place(&r), Some("Ramadi"));
}

#[test]
#[ignore = "known gap: فجر انتحاري نفسه is coded Remote explosive/landmine/IED, not Suicide bomb"]
fn suicide_bomber_who_blew_himself_up() {
    for text in [
        "فجر انتحاري نفسه داخل مسجد في مدينة القطيف أثناء صلاة الجمعة.",
        "فجر انتحاري نفسه وسط تجمع لعناصر الشرطة في مدينة الرمادي ما أدى إلى مقتل سبعة منهم.",
    ] {
        let r = only(text);
        assert_kind(&r, "Explosions/Remote violence", "Suicide bomb");
    }
}

#[test]
fn abduction_with_the_agent_after_the_verb() {
    let r = only("اختطف مسلحون مجهولون ثلاثة عمال إغاثة في مدينة تعز مساء أمس.");
    assert_kind(
        &r,
        "Violence against civilians",
        "Abduction/forced disappearance",
    );
    assert_eq!(name(&r.actor1), Some("Unidentified Armed Group (Yemen)"));
    assert_eq!(name(&r.actor2), Some("Civilians (Yemen)"));
    assert_eq!(r.country.as_deref(), Some("YE"));
    assert_eq!(place(&r), Some("Ta'izz"));
    assert_eq!(r.event_date, Some(day(2022, 1, 23)));
}

#[test]
fn arrests_by_security_forces_and_raid_campaigns() {
    let r = only("اعتقلت قوات الأمن العراقية خمسة مطلوبين في حملة مداهمات بمدينة الموصل.");
    assert_kind(&r, "Strategic developments", "Arrests");
    assert_eq!(name(&r.actor1), Some("Police Forces of Iraq"));
    assert_eq!(place(&r), Some("Mosul"));
    assert_eq!(r.admin1.as_deref(), Some("Nineveh"));

    let r = only("نفذت قوات الأمن حملة مداهمات في أحياء مدينة الرمادي.");
    assert_kind(&r, "Strategic developments", "Arrests");
    assert_eq!(name(&r.actor1), Some("Police Forces of Iraq"));
    assert_eq!(place(&r), Some("Ramadi"));
}

#[test]
#[ignore = "known gap: the arresting force becomes actor2 and actor1 is a copy of it without words"]
fn arrests_keep_the_arresting_force_as_actor1_only() {
    for text in [
        "اعتقلت الشرطة العراقية ناشطا بارزا في مدينة البصرة.",
        "اعتقل ناشط من قبل قوات الأمن في مدينة البصرة.",
    ] {
        let r = only(text);
        assert_kind(&r, "Strategic developments", "Arrests");
        let actor1 = r.actor1.as_ref().expect("an arresting force");
        assert_eq!(actor1.name, "Police Forces of Iraq", "{text}");
        assert!(actor1.text.is_some(), "actor1 has no words: {text}");
        assert_ne!(name(&r.actor2), Some("Police Forces of Iraq"), "{text}");
    }
}

#[test]
fn peaceful_protest() {
    let r = only("تظاهر المئات في ساحة التحرير وسط بغداد يوم السبت للمطالبة بتوفير فرص العمل.");
    assert_kind(&r, "Protests", "Peaceful protest");
    assert_eq!(name(&r.actor1), Some("Protesters (Iraq)"));
    assert_eq!(place(&r), Some("Baghdad"));
    assert_eq!(r.event_date, Some(day(2022, 1, 22)));
    assert_eq!(r.fatalities, None);
}

#[test]
fn riot_with_arson() {
    let r =
        only("أقدم مئات المحتجين على إحراق مبنى مجلس المحافظة في مدينة الناصرية خلال أعمال شغب.");
    assert_kind(&r, "Riots", "Violent demonstration");
    assert_eq!(name(&r.actor1), Some("Rioters (Iraq)"));
    assert_eq!(place(&r), Some("Nasiriyah"));
    assert_eq!(r.admin1.as_deref(), Some("Dhi Qar"));
}

/// Clashes are battles only between organised armed groups: with protesters or residents on
/// either side they are a riot (a crowd against the security forces: a violent
/// demonstration; residents against residents: mob violence), and the crowd is actor1.
#[test]
fn clashes_with_a_crowd_on_either_side_are_riots() {
    for text in [
        "اندلعت اشتباكات بين قوات الأمن والمتظاهرين في مدينة الناصرية مساء أمس.",
        "اندلعت اشتباكات بين المتظاهرين وقوات الأمن في مدينة الناصرية مساء أمس.",
    ] {
        let r = only(text);
        assert_kind(&r, "Riots", "Violent demonstration");
        assert_eq!(name(&r.actor1), Some("Rioters (Iraq)"), "{text}");
        assert_eq!(place(&r), Some("Nasiriyah"));
    }
    let r = only("وقعت اشتباكات بين الأهالي وقوات الشرطة في مدينة الناصرية بعد قطع الطريق.");
    assert_kind(&r, "Riots", "Violent demonstration");
    let r = only("قتل شخص في اشتباكات بين عائلات في مدينة الناصرية أمس.");
    assert_kind(&r, "Riots", "Mob violence");
    // two armed forces stay a battle
    let r = only("اندلعت اشتباكات بين قوات الأمن ومسلحين في مدينة الناصرية مساء أمس.");
    assert_kind(&r, "Battles", "Armed clash");
}

#[test]
fn non_state_actor_overtakes_territory() {
    let r = only("سيطر مسلحو الحوثي على مديرية حرض في محافظة حجة.");
    assert_kind(&r, "Battles", "Non-state actor overtakes territory");
    assert_eq!(name(&r.actor1), Some("Houthis"));
    assert_eq!(r.country.as_deref(), Some("YE"));
    assert_eq!(r.admin1.as_deref(), Some("Hajjah"));
    assert_eq!(place(&r), Some("Harad"));
}

#[test]
fn government_regains_territory() {
    let r = only("استعادت القوات العراقية السيطرة على بلدة تلعفر.");
    assert_kind(&r, "Battles", "Government regains territory");
    assert_eq!(name(&r.actor1), Some("Military Forces of Iraq"));
    assert_eq!(place(&r), Some("Tall 'Afar"));
    assert_eq!(r.admin1.as_deref(), Some("Nineveh"));
}

#[test]
#[ignore = "known gap: a clash noun after استعاد السيطرة (بعد معارك/اشتباكات مع) replaces Government regains territory by Armed clash"]
fn government_regains_territory_after_fighting() {
    for text in [
        "استعاد الجيش العراقي السيطرة على قرية البو حمدان بعد معارك مع داعش.",
        "استعادت القوات العراقية السيطرة على بلدة الشرقاط بعد اشتباكات عنيفة مع مسلحي داعش.",
    ] {
        let events = extract(text);
        let regained = events
            .iter()
            .find(|r| r.sub_event_type == SubEventType::GovernmentRegainsTerritory)
            .unwrap_or_else(|| panic!("no Government regains territory in {text:?}: {events:#?}"));
        assert_eq!(name(&regained.actor1), Some("Military Forces of Iraq"));
        assert_eq!(name(&regained.actor2), Some("Islamic State (Iraq)"));
    }
}

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------

#[test]
fn agent_after_the_verb_and_object_as_target() {
    let r = only("هاجم مسلحون مجهولون نقطة تفتيش للشرطة العراقية في قضاء الطارمية.");
    assert_kind(&r, "Battles", "Armed clash");
    assert_eq!(name(&r.actor1), Some("Unidentified Armed Group (Iraq)"));
    assert_eq!(name(&r.actor2), Some("Police Forces of Iraq"));
    assert_eq!(place(&r), Some("Tarmia"));
}

#[test]
#[ignore = "known gap: in هاجم عناصر من تنظيم داعش the group after عناصر من becomes actor2 and actor1 is Unidentified Armed Group"]
fn agent_after_the_verb_as_members_of_a_group() {
    for text in [
        "هاجم عناصر من تنظيم داعش حاجزا للجيش العراقي في قضاء الطارمية.",
        "هاجم مقاتلون من داعش قرية في ريف كركوك.",
    ] {
        let r = only(text);
        assert_eq!(name(&r.actor1), Some("Islamic State (Iraq)"), "{text}");
        assert_ne!(name(&r.actor2), Some("Islamic State (Iraq)"), "{text}");
    }
}

#[test]
fn agent_in_a_relative_clause_after_the_attack_noun() {
    let r = only("قتل ثلاثة جنود في هجوم نفذه مسلحو داعش على نقطة عسكرية في ديالى.");
    assert_kind(&r, "Battles", "Armed clash");
    assert_eq!(name(&r.actor1), Some("Islamic State (Iraq)"));
    assert_eq!(name(&r.actor2), Some("Military Forces of Iraq"));
    assert_eq!(r.admin1.as_deref(), Some("Diyala"));
    assert_eq!(r.fatalities, Some(3));

    let r = only("قتل جنديان في هجوم شنه تنظيم داعش على موقع للجيش العراقي في قضاء الطارمية.");
    assert_eq!(name(&r.actor1), Some("Islamic State (Iraq)"));
    assert_eq!(name(&r.actor2), Some("Military Forces of Iraq"));
    assert_eq!(r.fatalities, Some(2));
}

#[test]
fn agent_after_min_qibal() {
    let r = only("تعرض صحفي للاختطاف من قبل مسلحين مجهولين في مدينة تعز.");
    assert_kind(
        &r,
        "Violence against civilians",
        "Abduction/forced disappearance",
    );
    assert_eq!(name(&r.actor1), Some("Unidentified Armed Group (Yemen)"));
    assert_eq!(name(&r.actor2), Some("Civilians (Yemen)"));

    let r = only("قتل مدني برصاص قناص من قبل قوات النظام في درعا.");
    assert_eq!(name(&r.actor1), Some("Military Forces of Syria"));
    assert_eq!(place(&r), Some("Daraa"));
    assert_eq!(r.fatalities, Some(1));
}

#[test]
fn agent_after_ala_yad() {
    for (text, killers, victims) in [
        (
            "قتل ثلاثة مدنيين على يد مسلحي داعش في ريف كركوك.",
            "Islamic State (Iraq)",
            "Civilians (Iraq)",
        ),
        (
            "قتل شاب على يد عناصر من الشرطة في مدينة البصرة.",
            "Police Forces of Iraq",
            "Civilians (Iraq)",
        ),
    ] {
        let r = only(text);
        assert_eq!(name(&r.actor1), Some(killers), "{text}");
        assert_eq!(name(&r.actor2), Some(victims), "{text}");
    }
}

#[test]
fn target_after_didd() {
    let r = only("نفذ الجيش الإسرائيلي هجوما ضد عناصر من حركة حماس شرقي مدينة غزة.");
    assert_kind(&r, "Battles", "Armed clash");
    assert_eq!(name(&r.actor1), Some("Military Forces of Israel"));
    assert_eq!(name(&r.actor2), Some("Hamas"));
    assert_eq!(r.country.as_deref(), Some("PS"));
    assert_eq!(r.admin1.as_deref(), Some("Gaza Strip"));
}

#[test]
#[ignore = "known gap: after the support verb شن/شنت the subject is dropped and the target after على/ضد becomes actor1"]
fn support_verb_shanna_keeps_its_subject_as_actor1() {
    for (text, attacker, target) in [
        (
            "شنت مقاتلات التحالف الدولي غارات جوية على مواقع لتنظيم داعش قرب مدينة الرقة فجر اليوم.",
            "Coalition",
            "Islamic State (Syria)",
        ),
        (
            "شن طيران التحالف الدولي غارات جوية على مواقع لتنظيم داعش قرب مدينة الرقة.",
            "Coalition",
            "Islamic State (Syria)",
        ),
        (
            "شن الجيش الإسرائيلي هجوما ضد مسلحي حركة حماس في مدينة غزة.",
            "Military Forces of Israel",
            "Hamas",
        ),
        (
            "شن مسلحو داعش هجوما ضد قوات البيشمركة في قضاء مخمور.",
            "Islamic State (Iraq)",
            "Peshmerga (Kurdistan Regional Government)",
        ),
    ] {
        let r = only(text);
        assert_eq!(name(&r.actor1), Some(attacker), "{text}");
        assert_eq!(name(&r.actor2), Some(target), "{text}");
    }
}

#[test]
fn target_of_istahdafa() {
    for (text, attacker, target) in [
        (
            "استهدف مسلحون مجهولون دورية للجيش العراقي بعبوة ناسفة في قضاء الطارمية.",
            "Unidentified Armed Group (Iraq)",
            "Military Forces of Iraq",
        ),
        (
            "قتل جنديان بانفجار عبوة ناسفة استهدفت دورية للجيش العراقي في قضاء الطارمية.",
            "Unidentified Armed Group (Iraq)",
            "Military Forces of Iraq",
        ),
    ] {
        let r = only(text);
        assert_eq!(name(&r.actor1), Some(attacker), "{text}");
        assert_eq!(name(&r.actor2), Some(target), "{text}");
    }
    // a missile on a city: the launcher is the attacker, never the target
    let r = only("استهدف الحوثيون بصاروخ باليستي مدينة مأرب.");
    assert_eq!(name(&r.actor1), Some("Houthis"));
    assert_ne!(name(&r.actor2), Some("Houthis"));
}

#[test]
fn passive_killing_makes_the_victims_actor2() {
    let r = only("قُتل ثلاثة جنود عراقيين في قضاء بيجي مساء أمس.");
    assert_kind(&r, "Battles", "Armed clash");
    assert_eq!(name(&r.actor1), Some("Unidentified Armed Group (Iraq)"));
    assert_eq!(name(&r.actor2), Some("Military Forces of Iraq"));
    assert_eq!(
        r.actor2.as_ref().and_then(|a| a.text.as_deref()),
        Some("جنود عراقيين")
    );
    assert_eq!(place(&r), Some("Baiji"));
    assert_eq!(r.admin1.as_deref(), Some("Salah ad Din"));
    assert_eq!(r.event_date, Some(day(2022, 1, 23)));
    assert_eq!(r.fatalities, Some(3));
}

#[test]
fn passive_victims_stay_actor2_beside_a_weapon_noun() {
    for (text, victims) in [
        (
            "قُتل ثلاثة جنود عراقيين في انفجار عبوة ناسفة بقضاء الطارمية.",
            "Military Forces of Iraq",
        ),
        (
            "قتل أربعة مدنيين في غارة جوية استهدفت سوقا شعبيا في مدينة إدلب.",
            "Civilians (Syria)",
        ),
    ] {
        let r = only(text);
        assert_ne!(name(&r.actor1), Some(victims), "{text}");
        assert_eq!(name(&r.actor2), Some(victims), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

#[test]
fn neighbourhood_nested_in_a_city() {
    let r = only("سقطت قذائف هاون على حي الأعظمية في بغداد.");
    assert_kind(
        &r,
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    );
    assert_eq!(place(&r), Some("Adamiyah"));
    assert_eq!(precision(&r), Some(1));
    assert_eq!(r.country.as_deref(), Some("IQ"));
    assert_eq!(r.admin1.as_deref(), Some("Baghdad"));
}

#[test]
fn place_with_an_attached_preposition() {
    let r = only("انفجرت عبوة ناسفة بالموصل صباح اليوم.");
    assert_eq!(place(&r), Some("Mosul"));
    assert_eq!(
        r.location.as_ref().and_then(|l| l.text.as_deref()),
        Some("الموصل")
    );
    assert_eq!(r.admin1.as_deref(), Some("Nineveh"));

    let r = only("قتل خمسة من عناصر الشرطة في هجوم مسلح على نقطة تفتيش بالرمادي.");
    assert_eq!(place(&r), Some("Ramadi"));
    assert_eq!(r.admin1.as_deref(), Some("Al Anbar"));
    assert_eq!(r.fatalities, Some(5));
}

#[test]
fn near_and_direction_of_a_city_are_geo_precision_2() {
    let r = only("اندلعت اشتباكات بين قوات النظام ومسلحي داعش قرب مدينة تدمر.");
    assert_eq!(place(&r), Some("Palmyra"));
    assert_eq!(precision(&r), Some(2));
    assert_eq!(r.admin1.as_deref(), Some("Homs"));
    assert_eq!(name(&r.actor1), Some("Military Forces of Syria"));
    assert_eq!(name(&r.actor2), Some("Islamic State (Syria)"));

    let r = only("انفجرت عبوة ناسفة في قرية تقع جنوبي الموصل.");
    assert_eq!(place(&r), Some("Mosul"));
    assert_eq!(precision(&r), Some(2));
    assert_eq!(r.admin1.as_deref(), Some("Nineveh"));
}

#[test]
fn coordinated_places_give_one_event_each() {
    for text in [
        "تظاهر آلاف السوريين في إدلب وحلب ضد النظام.",
        "خرجت مظاهرات حاشدة في إدلب وحلب للمطالبة بإسقاط النظام.",
    ] {
        let events = extract(text);
        let mut places: Vec<&str> = events.iter().filter_map(place).collect();
        places.sort_unstable();
        assert_eq!(places, ["Aleppo", "Idlib"], "{text}");
        assert!(events
            .iter()
            .all(|r| r.sub_event_type == SubEventType::PeacefulProtest));
    }
    // a toll the text does not break down is divided evenly, the remainder to the first place
    let events = extract("قتل خمسة مدنيين في قصف لقوات النظام على إدلب وحلب.");
    let mut tolls: Vec<(&str, Option<u32>)> = events
        .iter()
        .map(|r| (place(r).unwrap_or(""), r.fatalities))
        .collect();
    tolls.sort_unstable();
    assert_eq!(tolls, [("Aleppo", Some(2)), ("Idlib", Some(3))]);
    // a road between two towns is one place, not two events
    let events = extract("اندلعت اشتباكات بين قوات النظام وداعش على الطريق بين حمص وتدمر.");
    assert_eq!(events.len(), 1, "{events:?}");
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

#[test]
fn dates_resolve_against_the_publication_date() {
    // published Monday 24 January 2022: last Thursday is the 20th
    let r =
        only("اندلعت يوم الخميس الماضي اشتباكات بين الجيش العراقي وعناصر داعش في قضاء الحويجة.");
    assert_eq!(r.event_date, Some(day(2022, 1, 20)));
    assert_eq!(r.time_precision, Some(1));
    assert_eq!(name(&r.actor1), Some("Military Forces of Iraq"));
    assert_eq!(name(&r.actor2), Some("Islamic State (Iraq)"));
    assert_eq!(r.admin1.as_deref(), Some("Kirkuk"));

    // an explicit date with a Levantine month name
    let r = only(
        "وقعت اشتباكات بين الجيش العراقي ومسلحي داعش في قضاء الحويجة في 15 كانون الثاني 2022.",
    );
    assert_eq!(r.event_date, Some(day(2022, 1, 15)));
    assert_eq!(r.time_precision, Some(1));

    // yesterday, against another publication date
    let r = extract_at(
        "انفجرت عبوة ناسفة في سوق شعبي ببغداد أمس ما أسفر عن مقتل شخصين.",
        day(2021, 3, 1),
    );
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].event_date, Some(day(2021, 2, 28)));
}

#[test]
fn an_undated_event_takes_the_day_of_its_report() {
    // the report's day is named a sentence before (published Monday 24 January 2022)
    let r = extract(
        "قال المرصد السوري لحقوق الإنسان أمس إن الطيران قصف مناطق في محافظة إدلب. \
         وقتل طفلان في غارة من طائرات حربية على مدينة أريحا.",
    );
    assert_eq!(at(&r, "Ariha").event_date, Some(day(2022, 1, 23)), "{r:#?}");
    // a date that is not a day of the report (a month's day, months back) is not inherited,
    // and the publication date alone does not date an event: it stays undated
    let r = extract(
        "وصل الصحافيون إلى سوريا في العاشر من تموز. \
         وقتل طفلان في غارة من طائرات حربية على مدينة أريحا.",
    );
    assert_eq!(at(&r, "Ariha").event_date, None, "{r:#?}");
    // the article's own weekday corrects a feed's late date: its yesterday is Saturday
    let r = extract(
        "ذكر المرصد السوري اليوم (الأحد) أن الوضع متوتر. \
         وانفجرت عبوة ناسفة مساء أمس في سوق شعبي ببغداد.",
    );
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].event_date, Some(day(2022, 1, 22)), "{r:#?}");
}

#[test]
fn a_round_up_item_without_a_time_word_takes_the_day_of_the_bulletin() {
    // the item comes first, the bulletin's day later in the article (published Monday 24
    // January 2022): the item belongs to that day, not to the publication date
    let r = extract(
        "انفجرت عبوة ناسفة في سوق شعبي بمدينة بعقوبة ما أسفر عن مقتل ثلاثة مدنيين. \
         وكانت مصادر أمنية قد ذكرت مساء أمس أن الأوضاع في المحافظة متوترة.",
    );
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].event_date, Some(day(2022, 1, 23)), "{r:#?}");
    // many sentences after the bulletin's day, an undated item still belongs to it
    let r = extract(
        "قال مصدر في الشرطة العراقية يوم السبت إن الأوضاع الأمنية في ديالى متوترة. \
         وأضاف المصدر أن التعزيزات وصلت إلى المحافظة. \
         وأوضح أن الطرق الرئيسية أغلقت أمام حركة السير. \
         وأشار إلى أن المدارس علقت الدوام. \
         وتابع أن الأسواق أغلقت أبوابها. \
         ولفت إلى أن الأهالي لزموا منازلهم. \
         وقتل شرطيان في هجوم مسلح على نقطة تفتيش في مدينة بعقوبة.",
    );
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].event_date, Some(day(2022, 1, 22)), "{r:#?}");
}

#[test]
fn without_a_publication_date_nothing_dates_an_event_by_inference() {
    // no publication date: a background span does not date the article's event, and no
    // relative day or fallback does either
    let text = "سيطر التنظيم على المدينة بين عامي 2017 و2019. \
                وانفجرت عبوة ناسفة في سوق شعبي ببغداد ما أسفر عن مقتل شخصين.";
    let doc = Document {
        doc_id: "construction".into(),
        text: text.into(),
        published: None,
        ..Default::default()
    };
    let r = extractor().extract(&doc);
    let ied = r
        .iter()
        .find(|e| e.sub_event_type == SubEventType::RemoteExplosiveLandmineIed)
        .unwrap_or_else(|| panic!("no IED: {r:#?}"));
    assert_eq!(ied.event_date, None, "{r:#?}");
}

#[test]
fn the_night_between_two_days_is_its_first_day_until_midnight() {
    // published Monday 24 January 2022: the night of Saturday into Sunday is Saturday's...
    let r = only("قتل ثلاثة مدنيين ليل السبت الأحد في غارة جوية على بلدة سراقب في ريف إدلب.");
    assert_eq!(r.event_date, Some(day(2022, 1, 22)), "{r:#?}");
    // ...and what came after its midnight is Sunday's
    let r =
        only("قتل ثلاثة مدنيين بعد منتصف ليل السبت - الأحد في غارة جوية على بلدة سراقب في ريف إدلب.");
    assert_eq!(r.event_date, Some(day(2022, 1, 23)), "{r:#?}");
    // the night before last
    let r = only("انفجرت عبوة ناسفة في ساعة متأخرة الليلة قبل الماضية في سوق شعبي ببغداد.");
    assert_eq!(r.event_date, Some(day(2022, 1, 22)), "{r:#?}");
}

#[test]
fn what_goes_on_since_a_recent_day_is_dated_by_that_day() {
    let r = only("تتواصل الاشتباكات منذ صباح أمس بين الجيش العراقي ومسلحي داعش في قضاء الحويجة.");
    assert_eq!(r.event_date, Some(day(2022, 1, 23)), "{r:#?}");
    // a start months back is no date of the event
    let r =
        only("تتواصل الاشتباكات منذ أكتوبر الماضي بين الجيش العراقي ومسلحي داعش في قضاء الحويجة.");
    assert_ne!(r.event_date, Some(day(2021, 10, 1)), "{r:#?}");
}

#[test]
fn a_time_carries_forward_to_the_clauses_after_it() {
    // the abduction's day, named after the second shelling in another clause, does not date
    // it: the day named before it in the sentence does
    let r = extract(
        "قصفت قوات النظام مساء أمس مناطق سكنية وزراعية واسعة في مدينة داريا بريف دمشق الغربي، \
         كما قصفت مدينة دوما، فيما خطف يوم أول أمس مسلحون شابا في مدينة قدسيا.",
    );
    let shelling: Vec<_> = r
        .iter()
        .filter(|e| e.sub_event_type == SubEventType::ShellingArtilleryMissileAttack)
        .collect();
    assert!(!shelling.is_empty(), "no shelling: {r:#?}");
    for e in shelling {
        assert_eq!(e.event_date, Some(day(2022, 1, 23)), "{r:#?}");
    }
    let abduction = r
        .iter()
        .find(|e| e.sub_event_type == SubEventType::AbductionForcedDisappearance)
        .unwrap_or_else(|| panic!("no abduction: {r:#?}"));
    assert_eq!(abduction.event_date, Some(day(2022, 1, 22)), "{r:#?}");
}

#[test]
fn civilians_are_never_the_authors_of_violence() {
    // the unvocalized قتل reads as active: the civilians it names first are the victims
    let r =
        only("وقتل 15 مدنيا بينهم نساء وأطفال في قصف من طيران حربي على بلدة سراقب في ريف إدلب.");
    assert_kind(&r, "Explosions/Remote violence", "Air/drone strike");
    assert_eq!(name(&r.actor1), Some("Unidentified Armed Group (Syria)"));
    assert_eq!(name(&r.actor2), Some("Civilians (Syria)"));
    assert_eq!(
        r.actor2.as_ref().and_then(|a| a.text.as_deref()),
        Some("مدنيا")
    );
    assert_eq!(r.fatalities, Some(15));
}

#[test]
fn one_death_toll_is_not_counted_twice_in_one_clause() {
    // the shelling killed them; the burning it caused is not a second toll
    let r = extract(
        "أفادت مصادر محلية بمقتل 6 مدنيين وإحراق عدد من المحال التجارية جراء سقوط قذائف هاون على منازل في مدينة الفلوجة مساء أمس.",
    );
    let shelling = r
        .iter()
        .find(|e| e.sub_event_type == SubEventType::ShellingArtilleryMissileAttack)
        .unwrap_or_else(|| panic!("no shelling: {r:#?}"));
    assert_eq!(shelling.fatalities, Some(6));
    let total: u32 = r.iter().filter_map(|e| e.fatalities).sum();
    assert_eq!(total, 6, "{r:#?}");
}

#[test]
fn a_place_named_after_a_date_is_not_the_date() {
    // neighbourhoods and streets named after dates (حي 14 تموز، شارع 26 يوليو): the event's
    // date is the other expression, or none
    let r = extract("انفجرت عبوة ناسفة أمس في حي 14 تموز بمدينة الموصل ما أسفر عن مقتل شخصين.");
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].event_date, Some(day(2022, 1, 23)));
    let r = extract("انفجرت عبوة ناسفة في شارع 26 يوليو بالقاهرة ما أسفر عن مقتل شرطي.");
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].event_date, None, "{r:#?}");
}

#[test]
fn duration_is_neither_a_date_nor_a_death_count() {
    let r = only(
        "اندلعت اشتباكات بين قوات سوريا الديمقراطية وتنظيم داعش في مدينة الحسكة يوم الخميس واستمرت خلال 4 أيام وأسفرت عن مقتل 11 عنصرا.",
    );
    assert_eq!(r.event_date, Some(day(2022, 1, 20)));
    assert_eq!(r.fatalities, Some(11));
    assert_eq!(place(&r), Some("Al-Hasakah"));
}

// ---------------------------------------------------------------------------------------------
// Fatalities
// ---------------------------------------------------------------------------------------------

#[test]
fn numeral_with_tanween_after_maqtal() {
    let r = only("أسفر هجوم لمسلحي داعش على ثكنة عسكرية في محافظة ديالى عن مقتل 11 جنديًا.");
    assert_eq!(r.fatalities, Some(11));
    assert_eq!(r.fatalities_text.as_deref(), Some("11 جنديًا"));
    assert_eq!(name(&r.actor1), Some("Islamic State (Iraq)"));
    assert_eq!(r.admin1.as_deref(), Some("Diyala"));
}

#[test]
fn laqiya_hatfahum_counts_the_dead() {
    for (text, dead) in [
        (
            "لقي 5 أشخاص حتفهم في انفجار سيارة مفخخة وسط مدينة الرمادي.",
            5,
        ),
        (
            "لقي خمسة جنود حتفهم في انفجار عبوة ناسفة بقضاء الطارمية.",
            5,
        ),
    ] {
        let r = only(text);
        assert_eq!(r.fatalities, Some(dead), "{text}");
    }
}

#[test]
fn more_than_takes_the_lowest_credible_count() {
    let r = only("خلفت الغارات الجوية على مدينة إدلب أكثر من 120 قتيلًا خلال يومين.");
    assert_kind(&r, "Explosions/Remote violence", "Air/drone strike");
    assert_eq!(r.fatalities, Some(120));
    assert!(r
        .fatalities_text
        .as_deref()
        .is_some_and(|t| t.contains("120")));
}

#[test]
fn rising_death_toll_gives_the_new_total() {
    let r = only(
        "أعلنت مصادر طبية ارتفاع حصيلة القتلى إلى 20 في التفجير الانتحاري الذي ضرب سوقا بمدينة الصدر.",
    );
    assert_kind(&r, "Explosions/Remote violence", "Suicide bomb");
    assert_eq!(r.fatalities, Some(20));
    assert_eq!(place(&r), Some("Sadr City"));
}

#[test]
fn wounded_are_kept_apart_from_the_dead() {
    let r = only("قتل ثلاثة جنود وإصابة 7 آخرين في انفجار عبوة ناسفة بقضاء خانقين.");
    assert_eq!(r.fatalities, Some(3));
    assert_eq!(r.injuries, Some(7));

    let r = only("أصيب ثلاثة جنود في هجوم شنه مسلحو داعش على نقطة للجيش العراقي في قضاء خانقين.");
    assert_eq!(r.fatalities, None);
    assert_eq!(r.injuries, Some(3));
}

#[test]
fn a_count_of_the_dead_and_wounded_together_is_a_plural_of_dead() {
    // the guidelines: a quantity covering dead and wounded together says only that the dead
    // are a plural (3); a count of the dead alone, when given, wins
    for text in [
        "أسفر قصف مدفعي على بلدة الأتارب في ريف حلب الغربي عن مقتل وإصابة العشرات.",
        "أدى انفجار سيارة مفخخة في مدينة الرمادي إلى مقتل وجرح 15 شخصا.",
        "خلف قصف جوي على بلدة الأتارب في ريف حلب الغربي عشرات القتلى والجرحى.",
        "أسفر انفجار عبوة ناسفة في مدينة الرمادي عن سقوط 20 قتيلا وجريحا.",
    ] {
        let r = only(text);
        assert_eq!(r.fatalities, Some(3), "{text}: {r:#?}");
    }
    for (text, dead) in [
        (
            "أسفر قصف مدفعي على بلدة الأتارب في ريف حلب الغربي عن مقتل وإصابة العشرات بينهم 5 قتلى.",
            5,
        ),
        (
            "أسفر انفجار عبوة ناسفة في مدينة الرمادي عن سقوط 15 قتيلا وإصابة آخرين.",
            15,
        ),
        (
            "أسفر انفجار عبوة ناسفة في مدينة الرمادي عن سقوط 15 قتيلا وإصابة 30 آخرين.",
            15,
        ),
        (
            "قال مصدر إن 15 من مسلحي الحوثي قتلوا وجرح آخرون في غارة جوية على مدينة الرمادي أمس.",
            15,
        ),
    ] {
        let r = only(text);
        assert_eq!(r.fatalities, Some(dead), "{text}: {r:#?}");
    }
    // the wounded counted after a counted dead stay the wounded
    let r = only("أسفر انفجار عبوة ناسفة في مدينة الرمادي عن سقوط 15 قتيلا وإصابة 30 آخرين.");
    assert_eq!(r.injuries, Some(30), "{r:#?}");
}

#[test]
fn death_word_without_a_number() {
    // a bare plural is three (ACLED), a dual victim noun two
    let r = only("أدى قصف مدفعي على بلدة معرة النعمان إلى سقوط قتلى.");
    assert_eq!(r.fatalities, Some(3));
    assert_eq!(r.fatalities_text.as_deref(), Some("سقوط قتلى"));
    assert_eq!(place(&r), Some("Ma'arrat an Nu'man"));

    for text in [
        "أسفر انفجار عبوة ناسفة على طريق في قضاء المقدادية عن مقتل شخصين.",
        "أدى انفجار عبوة ناسفة في الرمادي إلى مقتل جنديين.",
        "قتل طفلان في قصف مدفعي على بلدة الأتارب في ريف حلب الغربي.",
    ] {
        let r = only(text);
        assert_eq!(r.fatalities, Some(2), "{text}");
    }
}

#[test]
fn death_toll_told_before_the_event_or_far_after_its_verb() {
    // the toll in the clauses before the sentence's first event
    for (text, deaths) in [
        ("قال مصدر أمني إن أربعة أشخاص قتلوا، بينما أصيب آخرون، في انفجار عبوة ناسفة في الرمادي.", 4),
        ("قتلت سيارة مفخخة ركنها مجهولون قرب السوق، صباح اليوم، خمسة مدنيين في مدينة الرمادي.", 5),
    ] {
        let r = only(text);
        assert_kind(&r, "Explosions/Remote violence", "Remote explosive/landmine/IED");
        assert_eq!(r.fatalities, Some(deaths), "{text}");
    }
    // people counted far after a death verb but claimed by an injury word are the wounded
    let r = only("قتلت سيارة مفخخة ركنها مجهولون قرب السوق جنديا وأصيب خمسة مدنيين في الرمادي.");
    assert_eq!(r.fatalities, Some(1));
}

#[test]
fn dual_of_policeman_counts_two() {
    for text in [
        "أدى انفجار عبوة ناسفة في الرمادي إلى مقتل شرطيين.",
        "قتل شرطيان في هجوم مسلح على نقطة تفتيش في كركوك.",
    ] {
        let r = only(text);
        assert_eq!(r.fatalities, Some(2), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Factuality
// ---------------------------------------------------------------------------------------------

#[test]
fn negated_event_is_not_an_event() {
    assert_only_the_affirmative_is_an_event(
        "اندلعت اشتباكات بين الجيش العراقي وتنظيم داعش في الأنبار.",
        "لم تسجل أي اشتباكات بين الجيش العراقي وتنظيم داعش في الأنبار.",
    );
    assert_only_the_affirmative_is_an_event(
        "وقعت اشتباكات في قضاء الحويجة.",
        "نفى الجيش وقوع اشتباكات في قضاء الحويجة.",
    );
}

#[test]
#[ignore = "known gap: a denial (نفى) is missed when its subject has three words or more"]
fn denial_with_a_long_subject_is_not_an_event() {
    assert_only_the_affirmative_is_an_event(
        "وقعت اشتباكات مع مسلحي داعش في قضاء الحويجة.",
        "نفى مسؤول أمني عراقي وقوع اشتباكات مع مسلحي داعش في قضاء الحويجة.",
    );
    assert_only_the_affirmative_is_an_event(
        "وقعت اشتباكات مع مسلحي داعش في قضاء الحويجة.",
        "نفى الجيش العراقي وقوع اشتباكات مع مسلحي داعش في قضاء الحويجة.",
    );
}

#[test]
fn fears_and_warnings_are_not_events() {
    assert_only_the_affirmative_is_an_event(
        "شن تنظيم داعش هجمات انتحارية في بغداد.",
        "حذر مسؤولون من هجمات انتحارية قد يشنها تنظيم داعش في بغداد.",
    );
    assert_only_the_affirmative_is_an_event(
        "شن تنظيم داعش هجمات على السجون في الحسكة.",
        "ما زالت المخاوف قائمة من شن تنظيم داعش هجمات جديدة على السجون في الحسكة.",
    );
}

#[test]
fn intentions_and_plans_are_not_events() {
    assert_only_the_affirmative_is_an_event(
        "قصفت الطائرات العراقية مواقع داعش في صحراء الأنبار.",
        "سوف تقصف الطائرات العراقية مواقع داعش في صحراء الأنبار.",
    );
    assert_only_the_affirmative_is_an_event(
        "شن تنظيم داعش هجمات على السجون في الحسكة.",
        "يخطط تنظيم داعش لشن هجمات على السجون في الحسكة.",
    );
    assert_only_the_affirmative_is_an_event(
        "شنت القوات العراقية هجوما على مواقع داعش في الأنبار.",
        "من المقرر أن تشن القوات العراقية هجوما على مواقع داعش في الأنبار.",
    );
}

#[test]
#[ignore = "known gap: future سوف/سـ on the support verb شن does not reach the event noun after its subject"]
fn future_support_verb_is_not_an_event() {
    assert_only_the_affirmative_is_an_event(
        "شنت القوات العراقية هجوما واسعا على مواقع داعش في صحراء الأنبار.",
        "سوف تشن القوات العراقية هجوما واسعا على مواقع داعش في صحراء الأنبار.",
    );
    assert_only_the_affirmative_is_an_event(
        "شنت القوات العراقية هجوما على مواقع داعش في الأنبار.",
        "ستشن القوات العراقية هجوما على مواقع داعش في الأنبار.",
    );
}

#[test]
fn questions_and_conditionals_are_not_events() {
    assert_only_the_affirmative_is_an_event(
        "قصفت الطائرات التركية مواقع حزب العمال الكردستاني في سنجار.",
        "هل قصفت الطائرات التركية مواقع حزب العمال الكردستاني في سنجار؟",
    );
    assert_only_the_affirmative_is_an_event(
        "هاجم تنظيم داعش السجن واندلعت اشتباكات في أحياء الحسكة.",
        "إذا هاجم تنظيم داعش السجن فإن الاشتباكات ستمتد إلى أحياء الحسكة.",
    );
    assert_only_the_affirmative_is_an_event(
        "اندلعت اشتباكات بين الجيش وقسد في منبج.",
        "وفي حال اندلعت اشتباكات بين الجيش وقسد في منبج فإن المدنيين سيدفعون الثمن.",
    );
}

#[test]
fn background_history_is_not_an_event() {
    assert_only_the_affirmative_is_an_event(
        "سيطر تنظيم داعش على مدينة الموصل.",
        "يذكر أن تنظيم داعش سيطر على مدينة الموصل في عام 2014.",
    );
    assert_only_the_affirmative_is_an_event(
        "استعاد الجيش العراقي السيطرة على مدينة الموصل.",
        "وكان الجيش العراقي قد استعاد السيطرة على مدينة الموصل في تموز 2017 بعد معارك استمرت تسعة أشهر.",
    );
}

// ---------------------------------------------------------------------------------------------
// Document level
// ---------------------------------------------------------------------------------------------

#[test]
fn dateline_is_the_fallback_place() {
    let text = "بغداد - قتل ثلاثة أشخاص في هجوم مسلح استهدف نقطة تفتيش فجر اليوم.";
    let r = only(text);
    assert_eq!(place(&r), Some("Baghdad"));
    assert_eq!(r.country.as_deref(), Some("IQ"));
    assert_eq!(r.admin1.as_deref(), Some("Baghdad"));
    assert_eq!(r.event_date, Some(published()));
    assert_eq!(r.fatalities, Some(3));

    let r = only(
        "الموصل (رويترز) - اعتقلت قوات الأمن العراقية ثلاثة أشخاص يشتبه بانتمائهم إلى خلية مسلحة.",
    );
    assert_kind(&r, "Strategic developments", "Arrests");
    assert_eq!(place(&r), Some("Mosul"));
    assert_eq!(r.admin1.as_deref(), Some("Nineveh"));
}

#[test]
fn the_organization_refers_back_to_the_group_named_earlier() {
    let events = extract(
        "شن مسلحو داعش هجوما على سجن الصناعة في مدينة الحسكة مساء الخميس. وقالت مصادر محلية إن التنظيم فجر سيارة مفخخة عند بوابة السجن.",
    );
    let bomb = events
        .iter()
        .find(|r| r.sub_event_type == SubEventType::RemoteExplosiveLandmineIed)
        .unwrap_or_else(|| panic!("no car bomb event: {events:#?}"));
    let actor1 = bomb.actor1.as_ref().expect("the bomber");
    assert_eq!(actor1.name, "Islamic State (Syria)");
    assert_eq!(actor1.text.as_deref(), Some("التنظيم"));
    assert_eq!(bomb.admin1.as_deref(), Some("Al-Hasakah"));
}

#[test]
fn two_sentences_about_one_bombing_make_one_event() {
    let r = only(
        "انفجرت سيارة مفخخة في سوق مزدحم بمدينة الصدر شرقي بغداد صباح السبت. وأفادت مصادر أمنية بأن انفجار السيارة المفخخة في مدينة الصدر أسفر عن مقتل تسعة أشخاص.",
    );
    assert_kind(
        &r,
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    );
    assert_eq!(r.evidence.len(), 2);
    assert_eq!(r.event_date, Some(day(2022, 1, 22)));
    assert_eq!(place(&r), Some("Sadr City"));
    assert_eq!(r.fatalities, Some(9));
}

#[test]
#[ignore = "known gap: a follow-up sentence that names no place is dropped, and the deaths it reports are lost"]
fn follow_up_sentence_without_a_place_adds_its_deaths() {
    let r = only(
        "انفجرت سيارة مفخخة في سوق مزدحم بمدينة الصدر شرقي بغداد صباح السبت. وأدى انفجار السيارة المفخخة إلى مقتل تسعة أشخاص.",
    );
    assert_eq!(r.fatalities, Some(9));
    assert_eq!(r.evidence.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Robustness and evidence
// ---------------------------------------------------------------------------------------------

#[test]
fn text_without_arabic_words_gives_no_event_and_no_panic() {
    for text in [
        "",
        "   \n\t  ",
        "Clashes erupted in Aleppo yesterday, killing 12 people.",
        "1234 5678 2022-01-01 99.5 3,000,000 ١٢٣ ٤٥٦",
        "!!! ... ؟؟؟ ،،، — «» () [] {} *** ؛؛ ..",
    ] {
        let events = extract(text);
        assert!(events.is_empty(), "{text:?} -> {events:#?}");
    }
}

#[test]
fn evidence_trigger_actor_and_location_offsets_slice_the_input() {
    // a dateline, a clash with two dictionary actors and a car bomb attributed by anaphora
    let text = "الحسكة - قال مصدر أمني. اندلعت اشتباكات بين قوات سوريا الديمقراطية وعناصر تنظيم داعش في مدينة الحسكة أمس. وقالت مصادر محلية إن التنظيم فجر سيارة مفخخة عند بوابة سجن الصناعة.";
    let events = extract(text);
    assert_eq!(events.len(), 2, "{events:#?}");
    let clash = &events[0];
    assert_kind(clash, "Battles", "Armed clash");
    let trigger = clash.trigger.as_ref().expect("a trigger");
    assert_eq!(trigger.text, "اشتباكات");
    assert_eq!(slice(text, trigger.start, trigger.end), "اشتباكات");
    let actor1 = clash.actor1.as_ref().expect("actor1");
    assert_eq!(
        slice(text, actor1.start.unwrap(), actor1.end.unwrap()),
        "قوات سوريا الديمقراطية"
    );
    let location = clash.location.as_ref().expect("a location");
    assert_eq!(
        slice(text, location.start.unwrap(), location.end.unwrap()),
        "مدينة الحسكة"
    );
    assert_eq!(
        slice(text, clash.evidence[0].start, clash.evidence[0].end),
        "اندلعت اشتباكات بين قوات سوريا الديمقراطية وعناصر تنظيم داعش في مدينة الحسكة أمس."
    );
    let bomb = &events[1];
    let actor1 = bomb.actor1.as_ref().expect("actor1");
    assert_eq!(
        slice(text, actor1.start.unwrap(), actor1.end.unwrap()),
        "التنظيم"
    );
    assert!(bomb.evidence[0].sentence.contains("فجر سيارة مفخخة"));
    // the two events are distinct and ordered by their place in the text
    assert!(clash.evidence[0].end <= bomb.evidence[0].start);
    assert_ne!(clash.event_id, bomb.event_id);
}

#[test]
fn the_event_place_is_not_a_landmark_an_origin_or_a_person() {
    // a place said to lie somewhere (التي تقع جنوب شرقي إدلب) is where the event is
    let r = only("في بلدة سراقب التي تقع جنوب شرقي إدلب قصفت طائرات النظام سوقا شعبيا.");
    assert_eq!(place(&r), Some("Saraqib"));
    assert_eq!(r.admin1.as_deref(), Some("Idlib"));
    // where the car came from (قادمة من) is not where the strike hit it
    let r = only("استهدفت غارة جوية سيارة قادمة من مدينة المكلا عند وصولها إلى بلدة المحفد.");
    assert_eq!(place(&r), Some("Al Mahfid"));
    assert_eq!(r.admin1.as_deref(), Some("Abyan"));
    // a title, a given name, then a family name that is also a town: a person
    let r = only("خطف مسلحون القيادي فرحان الجاسم أثناء عودته إلى مدينة اعزاز.");
    assert_eq!(r.admin1.as_deref(), Some("Aleppo"));
}

#[test]
fn a_country_gives_way_to_a_place_inside_it_named_in_the_sentence() {
    // the clause names the country first (في شرق ليبيا), the town later in the sentence
    let r = only(
        "قتل خمسة أشخاص أمس خلال اشتباكات في شرق ليبيا بين قوات موالية للحكومة ومسلحين في بلدة أجدابيا.",
    );
    assert_eq!(place(&r), Some("Ajdabiya"), "{r:#?}");
    assert_eq!(r.country.as_deref(), Some("LY"));
    // a place of another country does not place it
    let text = "قصفت طائرات تركية مواقع لمسلحين في سوريا بعد يوم من هجوم على بلدة كلس التركية.";
    let candidates = candidates(text);
    let strike = candidates
        .iter()
        .map(|c| &c.record)
        .find(|r| r.sub_event_type.as_str() == "Air/drone strike")
        .unwrap_or_else(|| panic!("the strike: {candidates:#?}"));
    assert_eq!(place(strike), Some("Syria"), "{strike:#?}");
}

#[test]
fn a_region_of_a_country_is_told_apart_from_the_whole_country() {
    // what the learned decision weighs: wire news places many an occurrence no closer than a
    // region of its country, while a bare country mostly frames a comment
    let gate = |text: &str| -> Vec<Option<&'static str>> {
        candidates(text).into_iter().map(|c| c.gate).collect()
    };
    assert_eq!(
        gate("قتل عشرة أشخاص أمس في انفجار قنبلة في قطار في شمال غرب العراق."),
        [Some("only a region of a country named")]
    );
    assert_eq!(
        gate("قتل عشرة أشخاص أمس في انفجار قنبلة في قطار في العراق."),
        [Some("only a whole country named")]
    );
}

#[test]
fn an_agreement_is_one_between_sides_of_a_conflict() {
    // ACLED's agreements are between conflict actors: a trade or defence accord between two
    // governments' ministers is diplomacy
    let events = extract("وقع وزيرا الدفاع السعودي والجنوب أفريقي اتفاقية للتعاون في الرياض أمس.");
    assert!(
        events
            .iter()
            .all(|r| r.sub_event_type.as_str() != "Agreement"),
        "{events:#?}"
    );
    let r = only("وقع الجيش والمتمردون اتفاقا في مدينة جوبا أمس.");
    assert_eq!(r.sub_event_type.as_str(), "Agreement", "{r:#?}");
}

#[test]
fn a_round_up_item_in_another_country_is_not_placed_at_the_main_place() {
    // a digest datelined in one country whose item happened in a country the gazetteer does
    // not hold as a place: the item keeps its own country and no place
    let text = "القدس - قتل جندي إسرائيلي في هجوم على حاجز في مدينة الخليل أمس. \
                وفي خبر آخر، قتل عشرة أشخاص عندما انفجرت قنبلة في قطار بالهند أمس.";
    let candidates = candidates(text);
    let train = candidates
        .iter()
        .map(|c| &c.record)
        .find(|r| r.fatalities == Some(10))
        .unwrap_or_else(|| panic!("the train bomb: {candidates:#?}"));
    assert_eq!(train.country.as_deref(), Some("IN"), "{train:#?}");
    assert_eq!(train.location, None);
}

#[test]
fn the_decision_reads_how_precise_the_events_date_is() {
    // a toll over a whole month sums many events; the learned decision weighs the date's
    // precision (a day, a week, a month)
    let features = |text: &str| -> Vec<String> {
        let candidates = candidates(text);
        assert_eq!(candidates.len(), 1, "{candidates:#?}");
        candidates[0].features.clone()
    };
    let month = features("قتل 25 جنديا في هجمات على مدينة الرمادي خلال شهر ديسمبر.");
    assert!(month.iter().any(|f| f == "time_precision=3"), "{month:?}");
    let day = features("قتل 25 جنديا في هجوم على مدينة الرمادي أمس.");
    assert!(day.iter().any(|f| f == "time_precision=1"), "{day:?}");
}

#[test]
fn where_a_statement_was_made_is_not_where_the_event_was() {
    let events = extract("وقال رئيس الوزراء أمام الصحافيين في أنقرة إن التفجير نفذه انتحاري.");
    assert!(
        events.iter().all(|r| place(r) != Some("Ankara")),
        "{events:?}"
    );
}

#[test]
fn a_subject_with_its_place_stands_between_underwent_and_the_attack() {
    // تعرضت … لمقذوف: the لـ is what the patrol underwent, and طوال in the place name
    // (قطاع الطوال) is not the "throughout" of a running total
    let r = only(
        "تعرضت دورية من حرس الحدود بقطاع الطوال بمنطقة جازان لمقذوف عسكري من داخل الأراضي اليمنية.",
    );
    assert_eq!(
        r.sub_event_type,
        SubEventType::ShellingArtilleryMissileAttack
    );
    assert_eq!(r.admin1.as_deref(), Some("Jazan"));
}

#[test]
fn an_event_noun_after_a_support_verb_takes_its_patient_across_a_count() {
    // قام X باحتجاز 50 عائلة: the support verb's subject detains; the genitive after the
    // count is who is detained (a group holding civilians: an abduction)
    let r = only("قام تنظيم داعش باحتجاز 40 عائلة في قضاء الحويجة جنوب غربي كركوك.");
    assert_eq!(r.sub_event_type, SubEventType::AbductionForcedDisappearance);
    assert_eq!(name(&r.actor1), Some("Islamic State (Iraq)"));
    assert_eq!(name(&r.actor2), Some("Civilians (Iraq)"));
    assert_eq!(r.admin1.as_deref(), Some("Kirkuk"));
}

#[test]
fn parallel_phrases_with_their_own_places_are_one_event_per_place() {
    // ومواطن من نابلس وثلاثة من مخيم الفوار: each conjunct names its own place; the town a
    // place is said to be near is not one more (قرب الخليل), and إضافة إلى adds one past the
    // comma
    let events = extract(
        "واعتقلت قوات الاحتلال فجر اليوم مواطنا من مدينة نابلس وثلاثة من مخيم الفوار قرب الخليل، \
         إضافة إلى شابين من مدينة طولكرم.",
    );
    let mut places: Vec<_> = events.iter().filter_map(place).collect();
    places.sort();
    assert_eq!(
        places,
        ["Al-Fawwar Camp", "Nablus", "Tulkarm"],
        "{events:?}"
    );
    assert!(events
        .iter()
        .all(|r| r.sub_event_type == SubEventType::Arrests));
}

#[test]
fn a_province_wide_campaign_listed_place_by_place_is_not_one_more_event() {
    let events = extract(
        "شنت قوات الاحتلال حملة اعتقالات في مناطق الضفة الغربية، واعتقلت ستة مواطنين من مخيم عايدة في بيت لحم.",
    );
    let places: Vec<_> = events.iter().filter_map(place).collect();
    assert_eq!(places, ["Aida Camp"], "{events:?}");
}

// ---------------------------------------------------------------------------------------------
// Other outlets and years: older spelling (bare alef for hamza, ى for final ي, ه for ة, فى) and
// the wider world (state forces generated from the country table, data/actors/world.tsv,
// data/gazetteer/supplement-world.tsv)
// ---------------------------------------------------------------------------------------------

#[test]
fn a_hijri_date_dates_the_event() {
    // the Islamic calendar's day, month name and year, through the whole chain
    let events = extract_at(
        "قتل ثلاثة جنود فى هجوم على حاجز فى مدينة الرمادى فى 16 رجب 1425 هـ.",
        day(2004, 9, 10),
    );
    assert_eq!(events.len(), 1, "{events:#?}");
    assert_eq!(events[0].event_date, Some(day(2004, 9, 1)));
}

#[test]
fn old_spelling_attack_on_indian_forces_in_kashmir() {
    let r = only(
        "قتل جنديان هنديان واصيب اربعة اخرون فى هجوم شنه مسلحون على دورية للجيش الهندى فى بلدة كوبوارا بولاية جامو وكشمير امس.",
    );
    assert_eq!(r.country.as_deref(), Some("IN"), "{r:#?}");
    assert_eq!(r.admin1.as_deref(), Some("Jammu and Kashmir"));
    assert_eq!(place(&r), Some("Kupwara"));
    assert_eq!(name(&r.actor2), Some("Military Forces of India"), "{r:#?}");
    assert_eq!(r.fatalities, Some(2));
}

#[test]
fn generated_state_forces_of_a_country_without_a_hand_row() {
    // the Philippines have no hand row: their army comes from the country table
    let r = only("اشتبك الجيش الفلبينى مع عناصر جماعة ابو سياف فى جزيرة جولو امس.");
    assert_eq!(r.country.as_deref(), Some("PH"), "{r:#?}");
    let actors = [name(&r.actor1), name(&r.actor2)];
    assert!(
        actors.contains(&Some("Military Forces of the Philippines")),
        "{r:#?}"
    );
    assert!(actors.contains(&Some("Abu Sayyaf Group")), "{r:#?}");
}

#[test]
fn gunmen_from_a_named_group_are_the_group() {
    let r = only("اغتال مسلحون من الجماعة الاسلامية المسلحة ثمانية مدنيين فى مدينة بومرداس امس.");
    assert_eq!(name(&r.actor1), Some("GIA: Armed Islamic Group"), "{r:#?}");
    // alone, gunmen are an unidentified armed group
    let r = only("اغتال مسلحون ثمانية مدنيين فى مدينة بومرداس امس.");
    assert_eq!(
        name(&r.actor1),
        Some("Unidentified Armed Group (Algeria)"),
        "{r:#?}"
    );
}

#[test]
fn chechen_fighters_near_grozny_in_old_spelling() {
    let r =
        only("قتل خمسة جنود روس فى هجوم شنه المقاتلون الشيشان على قافلة عسكرية قرب غروزنى امس.");
    assert_eq!(r.country.as_deref(), Some("RU"), "{r:#?}");
    assert_eq!(r.admin1.as_deref(), Some("Chechnya"));
    assert_eq!(name(&r.actor1), Some("Chechen Separatists"), "{r:#?}");
    assert_eq!(name(&r.actor2), Some("Military Forces of Russia"));
    assert_eq!(r.fatalities, Some(5));
}

#[test]
fn an_unknown_village_falls_back_to_its_province() {
    // the village is in no gazetteer; the province the sentence names places the event
    let r = only(
        "قتل ثلاثة مدنيين فى انفجار قنبلة زرعها مسلحون فى قرية دارنغال النائية بولاية جامو وكشمير امس.",
    );
    assert_eq!(r.country.as_deref(), Some("IN"), "{r:#?}");
    assert_eq!(r.admin1.as_deref(), Some("Jammu and Kashmir"));
    assert_eq!(precision(&r), Some(3), "{r:#?}");
    assert_eq!(r.fatalities, Some(3));
}

#[test]
fn algerian_armed_group_in_old_spelling() {
    let r = only(
        "قتل ثمانية مدنيين فى هجوم شنته الجماعة الاسلامية المسلحة على قرية قرب مدينة بومرداس شرق العاصمة الجزائرية.",
    );
    assert_eq!(r.country.as_deref(), Some("DZ"), "{r:#?}");
    assert_eq!(r.admin1.as_deref(), Some("Boumerdes"));
    assert_eq!(name(&r.actor1), Some("GIA: Armed Islamic Group"), "{r:#?}");
    assert_eq!(r.fatalities, Some(8));
}

// ---------------------------------------------------------------------------------------------
// The learned decision as it ships
// ---------------------------------------------------------------------------------------------

#[test]
fn the_shipped_decision_is_learned() {
    assert!(matches!(
        &shipped().decisions().event,
        EventDecision::Learned(_)
    ));
}

#[test]
fn final_objections_hold_under_the_learned_decision() {
    for text in [
        "لم تقصف الطائرات العراقية مواقع داعش في صحراء الأنبار.",
        "سوف تقصف الطائرات العراقية مواقع داعش في صحراء الأنبار.",
        "هل اندلعت اشتباكات بين الجيش وقسد في منبج؟",
        "يذكر أن تنظيم داعش سيطر على مدينة الموصل في عام 2014.",
        "وكان الجيش العراقي قد استعاد السيطرة على مدينة الموصل في تموز 2017 بعد معارك استمرت تسعة أشهر.",
        "حذر مسؤولون من هجمات قد تشنها خلايا التنظيم على السجون في الحسكة.",
        "وبلغ العدد الإجمالي للقتلى جراء القصف خلال ستة أشهر 1200 قتيل في محافظة تعز.",
    ] {
        let events = shipped_events(text);
        assert!(events.is_empty(), "not a material event: {text:?} -> {events:#?}");
    }
}

#[test]
fn the_learned_decision_keeps_a_reported_attack_in_an_article() {
    let text = "بغداد - قتل ثلاثة جنود عراقيين وأصيب خمسة آخرون في هجوم شنه مسلحون من تنظيم داعش \
على نقطة تفتيش للجيش في قضاء الطارمية شمال بغداد فجر اليوم الاثنين.\n\
وقال مصدر أمني إن المهاجمين فروا إلى منطقة زراعية قريبة، وإن قوات الجيش باشرت عملية تفتيش واسعة.\n\
ويشهد القضاء هجمات متكررة لخلايا التنظيم منذ أشهر.";
    let events = shipped_events(text);
    let attack = events
        .iter()
        .find(|e| e.event_type == EventType::Battles)
        .unwrap_or_else(|| panic!("the attack is kept: {events:#?}"));
    assert_eq!(attack.fatalities, Some(3));
    assert_eq!(attack.event_date, Some(published()));
    assert_eq!(attack.country.as_deref(), Some("IQ"));
}

#[test]
#[ignore = "known gap: the learned decision doubts some isolated one-sentence reports (no context, no date)"]
fn the_learned_decision_keeps_isolated_one_sentence_reports() {
    for text in [
        "استعاد الجيش العراقي السيطرة على مدينة الموصل.",
        "قتل شاب على يد عناصر من الشرطة في مدينة البصرة.",
    ] {
        assert!(!shipped_events(text).is_empty(), "{text:?}");
    }
}

#[test]
fn no_event_is_dated_after_its_article() {
    // a date four days after publication is a misread: the event is kept, undated
    let r = only("قتل ثلاثة أشخاص في هجوم مسلح على نقطة تفتيش في كركوك في 28 يناير 2022.");
    assert_eq!(r.event_date, None, "{r:#?}");
    assert_eq!(r.fatalities, Some(3));
}

#[test]
fn no_actor_is_set_against_itself() {
    for text in [
        "اندلعت اشتباكات بين مسلحين مجهولين ومسلحين آخرين في مدينة الرمادي.",
        "قتل مسلحون مسلحا في هجوم على نقطة تفتيش في كركوك أمس.",
    ] {
        for r in shipped_events(text).into_iter().chain(extract(text)) {
            if let (Some(a), Some(b)) = (&r.actor1, &r.actor2) {
                assert_ne!(a.name, b.name, "{text}: {r:#?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The learned actor choice as it ships
// ---------------------------------------------------------------------------------------------

fn shipped_only(text: &str) -> EventRecord {
    let events = shipped_events(text);
    assert_eq!(events.len(), 1, "{text}: {events:#?}");
    events.into_iter().next().unwrap()
}

#[test]
fn the_shipped_actor_choice_is_learned() {
    assert!(matches!(
        &shipped().decisions().actors,
        ActorDecision::Learned(_)
    ));
}

#[test]
fn the_learned_actor_choice_keeps_the_named_sides_of_a_clause() {
    for (text, actor1, actor2) in [
        (
            "شنت مقاتلات التحالف غارات جوية على مواقع للحوثيين في مدينة صعدة اليوم، ما أسفر عن مقتل عشرة من المسلحين.",
            "Saudi-led Coalition",
            "Houthis",
        ),
        (
            "اشتبكت قوات الجيش اليمني مع مسلحي جماعة الحوثي في مديرية نهم شرق صنعاء اليوم، وقتل خمسة من الحوثيين.",
            "Military Forces of Yemen (Hadi government)",
            "Houthis",
        ),
        (
            "اعتقلت الشرطة المصرية عشرين من أنصار جماعة الإخوان في مدينة الإسكندرية أمس.",
            "Police Forces of Egypt",
            "Muslim Brotherhood",
        ),
    ] {
        let r = shipped_only(text);
        assert_eq!(name(&r.actor1), Some(actor1), "{text}: {r:#?}");
        assert_eq!(name(&r.actor2), Some(actor2), "{text}: {r:#?}");
    }
}

#[test]
fn the_learned_actor_choice_codes_unnamed_air_forces_and_civilian_victims() {
    // the war planes of a state at war in its own country are its forces; the killed civilians,
    // counted in the accusative after the number, are the targets
    let r = shipped_only(
        "قصف الطيران الحربي السوري أحياء في مدينة دوما بريف دمشق اليوم، ما أدى إلى مقتل سبعة مدنيين.",
    );
    assert_eq!(name(&r.actor1), Some("Military Forces of Syria"), "{r:#?}");
    assert_eq!(name(&r.actor2), Some("Civilians (Syria)"), "{r:#?}");
    let r = shipped_only(
        "فجر انتحاري من تنظيم داعش حزاما ناسفا في مسجد في مدينة الحلة اليوم، ما أدى إلى مقتل 21 مصليا.",
    );
    assert_eq!(name(&r.actor1), Some("Islamic State (Iraq)"), "{r:#?}");
    assert_eq!(name(&r.actor2), Some("Civilians (Iraq)"), "{r:#?}");
}

#[test]
fn the_learned_actor_choice_codes_counted_civilians_against_a_country_prior() {
    let r = shipped_only(
        "فجر انتحاري من تنظيم داعش حزاما ناسفا في مسجد في مدينة القطيف اليوم، ما أدى إلى مقتل 21 مصليا.",
    );
    assert_eq!(name(&r.actor2), Some("Civilians (Saudi Arabia)"), "{r:#?}");
}

#[test]
fn the_learned_actor_choice_explains_itself() {
    let text = "اعتقلت الشرطة المصرية عشرين من أنصار جماعة الإخوان في مدينة الإسكندرية أمس.";
    let doc = Document {
        doc_id: "explain".into(),
        text: text.into(),
        published: Some(published()),
        ..Default::default()
    };
    let (_, explanation) = shipped().extract_explained(&doc);
    assert!(
        explanation.lines().any(
            |l| l.trim_start().starts_with("actor1: Police Forces of Egypt")
                && l.contains("learned choice, p=")
        ),
        "{explanation}"
    );
}

#[test]
#[ignore = "known gap: the learned actor choice prefers a force named in the previous sentence to \
            the verb's own subject when that subject is an anaphor (عناصر التنظيم)"]
fn an_anaphor_subject_is_the_group_it_names_back() {
    let text = "أعلن تنظيم داعش أمس مسؤوليته عن هجوم في ريف دير الزور. \
وقالت قوات سوريا الديمقراطية في بيان إنها أرسلت تعزيزات إلى المنطقة. \
وهاجم عناصر التنظيم اليوم حاجزا في بلدة الشحيل شرق دير الزور وقتلوا ثلاثة مدنيين.";
    let events = shipped_events(text);
    assert!(
        events
            .iter()
            .any(|r| name(&r.actor1) == Some("Islamic State (Syria)")),
        "{events:#?}"
    );
}
