//! A very large article (5 MB, one long report of repeated clashes) is coded like a short one:
//! no panic, spans that slice the input, and the repeated mentions of one occurrence merged
//! rather than multiplied.

use marsad_extract::record::EventType;
use marsad_extract::{Document, Extractor};

#[test]
fn a_five_megabyte_article_is_coded_and_its_repeats_merged() {
    let extractor = Extractor::load_default().expect("bundled resources load");
    let paragraph =
        "اندلعت أمس اشتباكات عنيفة بين الجيش العراقي وعناصر تنظيم داعش في قضاء الحويجة، \
                     وقال مصدر أمني إن المعارك استمرت ساعات.\n";
    let text = paragraph.repeat(5_000_000 / paragraph.len() + 1);
    assert!(text.len() >= 5_000_000);
    let doc = Document {
        doc_id: "large".into(),
        text,
        published: chrono::NaiveDate::from_ymd_opt(2022, 1, 24),
        ..Default::default()
    };
    let events = extractor.extract(&doc);
    assert_eq!(
        events.len(),
        1,
        "one occurrence, reported over and over: {:#?}",
        &events[..events.len().min(3)]
    );
    let event = &events[0];
    assert_eq!(event.event_type, EventType::Battles);
    assert_eq!(
        event.event_date,
        chrono::NaiveDate::from_ymd_opt(2022, 1, 23)
    );
    let chars: Vec<char> = doc.text.chars().collect();
    for e in &event.evidence {
        let slice: String = chars[e.start..e.end].iter().collect();
        assert_eq!(slice, e.sentence);
    }
}
