//! The HTTP API against a real server on a loopback port over a real SQLite store: every
//! filter, pagination, sorting, CSV, details, the OpenAPI document, the web page, and bad
//! input (malformed parameters, SQL-looking and Arabic/emoji text, missing ids, the token,
//! the body and rate limits).

mod common;

use std::collections::HashSet;

use common::{articles, enc, get, post, raw, world, TempDir, TOKEN};
use serde_json::Value;

fn events(query: &str) -> Vec<Value> {
    let r = get(world().main, &format!("/api/events?limit=1000&{query}"));
    assert_eq!(r.status, 200, "{query}: {}", r.text());
    let body = r.json();
    assert!(
        body["next"].is_null(),
        "{query}: the test set fits one page"
    );
    body["events"].as_array().unwrap().clone()
}

fn total() -> u64 {
    get(world().main, "/api/stats").json()["events"]
        .as_u64()
        .unwrap()
}

#[test]
fn the_first_page_is_newest_first_with_a_cursor() {
    let r = get(world().main, "/api/events?limit=5");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let body = r.json();
    let list = body["events"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert!(body["next"].is_string());
    let dates: Vec<&str> = list
        .iter()
        .filter_map(|e| e["event_date"].as_str())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    // The newest events are the 2022 samples.
    assert!(dates[0].starts_with("2022-"), "{dates:?}");
}

#[test]
fn pages_cover_every_event_once() {
    let mut seen = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut target = "/api/events?limit=37".to_string();
        if let Some(c) = &cursor {
            target.push_str(&format!("&cursor={}", enc(c)));
        }
        let body = get(world().main, &target).json();
        for e in body["events"].as_array().unwrap() {
            assert!(
                seen.insert(e["event_id_cnty"].as_str().unwrap().to_string()),
                "repeated {e}"
            );
        }
        pages += 1;
        match body["next"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len() as u64, total());
    assert!(pages > 3);
    // Other sorts page too.
    for sort in ["date", "-fatalities"] {
        let mut n = 0;
        let mut cursor: Option<String> = None;
        let mut last_fat = u64::MAX;
        loop {
            let mut target = format!("/api/events?limit=50&sort={sort}");
            if let Some(c) = &cursor {
                target.push_str(&format!("&cursor={}", enc(c)));
            }
            let body = get(world().main, &target).json();
            for e in body["events"].as_array().unwrap() {
                n += 1;
                if sort == "-fatalities" {
                    let f = e["fatalities"].as_u64().unwrap_or(0);
                    assert!(f <= last_fat, "not by fatalities: {f} after {last_fat}");
                    last_fat = f;
                }
            }
            match body["next"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        assert_eq!(n, total(), "{sort}");
    }
}

#[test]
fn every_filter_narrows_to_matching_events() {
    let all = events("");
    assert_eq!(all.len() as u64, total());

    let days: Vec<String> = get(world().main, "/api/stats").json()["by_date"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["key"].as_str().unwrap().to_string())
        .collect();
    let (from, to) = (&days[days.len() / 3], &days[2 * days.len() / 3]);
    let dated = events(&format!("from={from}&to={to}"));
    assert!(!dated.is_empty() && dated.len() < all.len());
    for e in &dated {
        let d = e["event_date"].as_str().unwrap();
        assert!((from.as_str()..=to.as_str()).contains(&d), "{d}");
    }
    let first = events(&format!("to={from}"));
    let rest = events(&format!("from={from}"));
    let on_day = events(&format!("from={from}&to={from}")).len();
    let undated = all.iter().filter(|e| e["event_date"].is_null()).count();
    assert_eq!(first.len() + rest.len() - on_day + undated, all.len());

    let syria = events("country=SY");
    assert!(!syria.is_empty() && syria.len() < all.len());
    assert!(syria.iter().all(|e| e["country_code"] == "SY"));
    assert_eq!(events("country=sy").len(), syria.len());
    assert_eq!(events("country=Syria").len(), syria.len());

    let admin1 = all
        .iter()
        .find_map(|e| e["admin1"].as_str())
        .unwrap()
        .to_string();
    let in_admin1 = events(&format!("admin1={}", enc(&admin1)));
    assert!(!in_admin1.is_empty());
    assert!(in_admin1.iter().all(|e| e["admin1"] == admin1.as_str()));

    let battles = events("event_type=Battles");
    assert!(!battles.is_empty() && battles.len() < all.len());
    assert!(battles.iter().all(|e| e["event_type"] == "Battles"));

    let strikes = events(&format!("sub_event_type={}", enc("Air/drone strike")));
    assert!(!strikes.is_empty());
    assert!(strikes
        .iter()
        .all(|e| e["sub_event_type"] == "Air/drone strike"));

    let actor = all
        .iter()
        .find_map(|e| e["actor1"].as_str())
        .unwrap()
        .to_string();
    let by_actor = events(&format!("actor={}", enc(&actor)));
    assert!(!by_actor.is_empty() && by_actor.len() < all.len());

    let outlet = all[0]["source"]
        .as_str()
        .unwrap()
        .split("; ")
        .next()
        .unwrap()
        .to_string();
    let by_outlet = events(&format!("outlet={}", enc(&outlet)));
    assert!(!by_outlet.is_empty());
    assert!(by_outlet.iter().all(|e| e["source"]
        .as_str()
        .unwrap()
        .split("; ")
        .any(|o| o == outlet)));

    let precise = events("max_precision=1");
    assert!(!precise.is_empty() && precise.len() < all.len());
    assert!(precise
        .iter()
        .all(|e| e["location"]["geo_precision"].as_u64() == Some(1)));

    let q = events(&format!("q={}", enc("غويران")));
    assert!(!q.is_empty() && q.len() < all.len(), "{}", q.len());
    assert!(events(&format!("q={}", enc("كلمةلاتوجدابدا"))).is_empty());

    let bbox = events("bbox=35.5,32,42.5,37.5");
    assert!(!bbox.is_empty() && bbox.len() < all.len());
    for e in &bbox {
        let (lon, lat) = (
            e["location"]["longitude"].as_f64().unwrap(),
            e["location"]["latitude"].as_f64().unwrap(),
        );
        assert!(
            (35.5..=42.5).contains(&lon) && (32.0..=37.5).contains(&lat),
            "{lon},{lat}"
        );
    }

    let deadly = events("min_fatalities=5");
    assert!(!deadly.is_empty() && deadly.len() < all.len());
    assert!(deadly
        .iter()
        .all(|e| e["fatalities"].as_u64().unwrap() >= 5));

    // Filters combine.
    let both = events("country=SY&event_type=Battles");
    assert!(both
        .iter()
        .all(|e| e["country_code"] == "SY" && e["event_type"] == "Battles"));
    assert!(both.len() <= syria.len().min(battles.len()));
}

/// The actor filter does what its documentation says: any word of the English name, from its
/// start, any case, and the Arabic words the article names the actor with.
#[test]
fn the_actor_filter_finds_english_name_parts_and_arabic_words() {
    let all = events("");
    let ids = |query: &str| -> HashSet<String> {
        events(&format!("actor={}", enc(query)))
            .iter()
            .map(|e| e["event_id_cnty"].as_str().unwrap().to_string())
            .collect()
    };
    // an event whose first claim names its actor in Arabic
    let (id, english, arabic) = all
        .iter()
        .find_map(|e| {
            let id = e["event_id_cnty"].as_str().unwrap();
            let d = get(world().main, &format!("/api/events/{}", enc(id))).json();
            let a = &d["sources"][0]["actor1"];
            let name = a["name"].as_str()?;
            let text = a["text"].as_str()?;
            (name.contains(' ') && text.contains(' '))
                .then(|| (id.to_string(), name.to_string(), text.to_string()))
        })
        .expect("an actor with a name of several words");
    let last_word = english
        .split_whitespace()
        .rfind(|w| w.chars().next().unwrap().is_alphabetic())
        .unwrap()
        .to_lowercase();
    assert!(
        ids(&last_word).contains(&id),
        "{last_word:?} of {english:?}"
    );
    assert!(ids(&english.to_uppercase()).contains(&id), "{english:?}");
    let arabic_tail: String = arabic
        .split_whitespace()
        .skip(1)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(ids(&arabic).contains(&id), "{arabic:?}");
    assert!(
        ids(&arabic_tail).contains(&id),
        "{arabic_tail:?} of {arabic:?}"
    );
    // words an article joined to the conjunction و (وقوات سوريا) are found without it
    let (id, text) = all
        .iter()
        .find_map(|e| {
            let id = e["event_id_cnty"].as_str().unwrap();
            let d = get(world().main, &format!("/api/events/{}", enc(id))).json();
            d["sources"]
                .as_array()?
                .iter()
                .flat_map(|s| [s["actor1"]["text"].clone(), s["actor2"]["text"].clone()])
                .find_map(|t| {
                    let t = t.as_str()?;
                    (t.starts_with('و') && t.split_whitespace().count() > 1)
                        .then(|| (id.to_string(), t.to_string()))
                })
        })
        .expect("an actor's Arabic words starting with و");
    let without: String = text.chars().skip(1).collect();
    assert!(ids(&without).contains(&id), "{without:?} of {text:?}");
}

#[test]
fn unknown_choices_are_refused_with_the_valid_values() {
    for (query, listed) in [
        ("event_type=Battle", "Battles, Explosions/Remote violence"),
        ("country=Atlantis", "SY, Syria"),
        ("sub_event_type=Clash", "Armed clash"),
        ("sort=name", "-date, date, -fatalities"),
    ] {
        let r = get(world().main, &format!("/api/events?{query}"));
        assert_eq!(r.status, 400, "{query}");
        assert!(r.error().contains(listed), "{query}: {}", r.error());
    }
}

#[test]
fn stats_and_points_agree_with_the_list() {
    let s = get(world().main, "/api/stats?country=YE").json();
    let n = events("country=YE").len() as u64;
    assert_eq!(s["events"].as_u64().unwrap(), n);
    let by_type: u64 = s["by_type"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["events"].as_u64().unwrap())
        .sum();
    assert_eq!(by_type, n);
    assert!(!s["by_actor"].as_array().unwrap().is_empty());
    // each period's events by type add up to it, and with the undated ones to the total
    let mut dated = 0;
    for (b, types) in s["by_date"]
        .as_array()
        .unwrap()
        .iter()
        .zip(s["by_date_types"].as_array().unwrap())
    {
        let by_type: u64 = types
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(by_type, b["events"].as_u64().unwrap(), "{b}");
        dated += by_type;
    }
    assert_eq!(dated + s["undated"].as_u64().unwrap(), n);
    assert!(!s["by_admin1"].as_array().unwrap().is_empty());
    let weeks = get(world().main, "/api/stats?by=week").json();
    for b in weeks["by_date"].as_array().unwrap() {
        let day =
            chrono::NaiveDate::parse_from_str(b["key"].as_str().unwrap(), "%Y-%m-%d").unwrap();
        assert_eq!(
            chrono::Datelike::weekday(&day),
            chrono::Weekday::Mon,
            "{day}"
        );
    }

    // Yemen only: `the_token_guards_ingest` posts an Iraqi battle into the same store meanwhile
    let p = get(world().main, "/api/points?event_type=Battles&country=YE").json();
    let located = events("event_type=Battles&country=YE")
        .iter()
        .filter(|e| !e["location"].is_null())
        .count();
    assert_eq!(p["ids"].as_array().unwrap().len(), located);
    assert_eq!(p["lon"].as_array().unwrap().len(), located);
    assert!(p["type"].as_array().unwrap().iter().all(|t| t == 0));
    assert_eq!(p["truncated"], false);
}

#[test]
fn csv_has_the_export_columns_a_row_per_event_and_the_cursor() {
    let r = get(world().main, "/api/events?format=csv&limit=10");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/csv"));
    assert!(r.header("x-next-cursor").is_some());
    let text = r.text();
    let mut lines = text.lines();
    let header: Vec<&str> = marsad_store::export::COLUMNS.iter().map(|c| c.0).collect();
    assert_eq!(lines.next().unwrap(), header.join(","));
    // the same events as the JSON page, in the same order, named by the same column
    let ids: Vec<String> = lines
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect();
    let json: Vec<String> = get(world().main, "/api/events?limit=10").json()["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_id_cnty"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, json);
}

/// The JSON's fields are the export's columns with the export's values: `fatalities` is 0,
/// not null, when no source reported a count (ACLED's convention, `export::fatalities`), and
/// `/api/points` gives the same count.
#[test]
fn json_fields_have_the_values_of_the_export_columns() {
    // Yemen only: `the_token_guards_ingest` posts an Iraqi battle into the same store meanwhile
    let json = events("country=YE");
    let csv = get(world().main, "/api/export?country=YE").text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: std::collections::HashMap<String, csv::StringRecord> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r)
        })
        .collect();
    assert_eq!(rows.len(), json.len());
    let mut none_reported = 0;
    for e in &json {
        let id = e["event_id_cnty"].as_str().unwrap();
        let row = &rows[id];
        let column = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
        assert!(
            e["fatalities"].is_u64(),
            "{id}: fatalities {}",
            e["fatalities"]
        );
        if e["fatalities_max"].is_null() {
            none_reported += 1;
            assert_eq!(e["fatalities"], 0, "{id}");
        }
        for name in [
            "event_date",
            "time_precision",
            "event_type",
            "sub_event_type",
            "actor1",
            "actor2",
            "country",
            "country_code",
            "admin1",
            "admin2",
            "fatalities",
            "fatalities_max",
            "n_sources",
            "source",
        ] {
            let value = match &e[name] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(value, column(name), "{id}: {name}");
        }
    }
    assert!(
        none_reported > 0,
        "no Yemeni event without a reported count"
    );
    let points = get(world().main, "/api/points?country=YE").json();
    for (id, f) in points["ids"]
        .as_array()
        .unwrap()
        .iter()
        .zip(points["fatalities"].as_array().unwrap())
    {
        assert_eq!(f.to_string(), column_of(&rows, &header, id, "fatalities"));
    }
}

fn column_of<'a>(
    rows: &'a std::collections::HashMap<String, csv::StringRecord>,
    header: &csv::StringRecord,
    id: &Value,
    name: &str,
) -> &'a str {
    &rows[id.as_str().unwrap()][header.iter().position(|h| h == name).unwrap()]
}

/// `located=false` lists the events without coordinates (a `bbox`, hence the page's map and
/// its list, leaves them out), `located=true` the others, and `/api/stats` counts them.
#[test]
fn events_without_coordinates_are_listed_and_counted_apart() {
    let all = events("");
    let total = all.len();
    let without = events("located=false");
    let with = events("located=TRUE");
    assert!(
        !without.is_empty(),
        "the test store has events without coordinates"
    );
    assert!(without.iter().all(|e| e["location"].is_null()));
    assert!(with.iter().all(|e| !e["location"].is_null()));
    let ids = |list: &[Value]| -> HashSet<String> {
        list.iter()
            .map(|e| e["event_id_cnty"].as_str().unwrap().to_string())
            .collect()
    };
    let (a, b) = (ids(&with), ids(&without));
    assert!(a.is_disjoint(&b));
    // (the other tests may ingest meanwhile: at least as many as listed before)
    assert!(a.len() + b.len() >= total);
    let s = get(world().main, "/api/stats?located=false").json();
    assert_eq!(s["events"], s["unlocated"]);
    assert!(s["unlocated"].as_u64().unwrap() >= b.len() as u64);
    // with another filter: the events of one type without coordinates
    let t = without[0]["event_type"].as_str().unwrap();
    let typed = events(&format!("event_type={}&located=false", enc(t)));
    assert!(typed
        .iter()
        .all(|e| e["event_type"] == t && e["location"].is_null()));
    let of_type: HashSet<String> = without
        .iter()
        .filter(|e| e["event_type"] == t)
        .map(|e| e["event_id_cnty"].as_str().unwrap().to_string())
        .collect();
    assert!(of_type.is_subset(&ids(&typed)));
    let s = get(world().main, &format!("/api/stats?event_type={}", enc(t))).json();
    assert!(s["unlocated"].as_u64().unwrap() >= of_type.len() as u64);
    let r = get(world().main, "/api/events?located=maybe");
    assert_eq!(r.status, 400);
    assert!(r.text().contains("true, false"), "{}", r.text());
}

/// Code points `start..end` of `text`.
fn cut(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn an_event_shows_every_claim_and_its_evidence_points_into_the_article() {
    let id = events(&format!("q={}", enc("غويران")))[0]["event_id_cnty"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(world().main, &format!("/api/events/{id}"));
    assert_eq!(r.status, 200, "{}", r.text());
    let detail = r.json();
    assert_eq!(detail["event"]["event_id_cnty"], id.as_str());
    let sources = detail["sources"].as_array().unwrap();
    assert!(!sources.is_empty());
    for claim in sources {
        let doc = get(
            world().main,
            &format!("/api/documents/{}", claim["doc_key"].as_str().unwrap()),
        );
        assert_eq!(doc.status, 200);
        let doc = doc.json();
        let text = doc["text"].as_str().unwrap();
        let evidence = claim["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty());
        for ev in evidence {
            let s = cut(
                text,
                ev["start"].as_u64().unwrap(),
                ev["end"].as_u64().unwrap(),
            );
            assert_eq!(s, ev["sentence"].as_str().unwrap());
        }
        if let Some(t) = claim["trigger"].as_object() {
            let s = cut(
                text,
                t["start"].as_u64().unwrap(),
                t["end"].as_u64().unwrap(),
            );
            assert_eq!(s, t["text"].as_str().unwrap());
        }
        // The article lists this event among its own.
        let listed: Vec<&str> = doc["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["event_id"].as_str())
            .collect();
        assert!(listed.contains(&id.as_str()), "{listed:?}");
    }
}

#[test]
fn missing_ids_are_404_and_bad_ids_400() {
    for path in [
        "/api/events/XYZ999999",
        &format!("/api/events/{}", enc("' OR 1=1 --")),
        "/api/documents/123",
        "/api/documents/not-a-key",
    ] {
        let r = get(world().main, path);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(r.error().starts_with("no "), "{path}");
    }
    let r = get(world().main, "/api/events/%00");
    assert_eq!(r.status, 400, "{}", r.text());
    let long = "x".repeat(600);
    assert_eq!(
        get(world().main, &format!("/api/events/{long}")).status,
        400
    );
    let r = get(world().main, "/api/nothing-here");
    assert_eq!(r.status, 404);
    assert!(r.error().contains("/api/nothing-here"));
}

#[test]
fn malformed_parameters_are_400_naming_the_parameter() {
    for (query, needle) in [
        ("from=yesterday", "from"),
        ("from=2015-02-30", "from"),
        ("to=2015-08-01&from=2015-08-02", "after"),
        ("country=12", "country"),
        ("event_type=Battle", "event_type"),
        ("sub_event_type=Clash", "sub_event_type"),
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=10,0,5,1", "bbox"),
        ("min_fatalities=-3", "min_fatalities"),
        ("min_fatalities=99999999999", "min_fatalities"),
        ("limit=0", "limit"),
        ("limit=5000", "limit"),
        ("limit=ten", "limit"),
        ("sort=random()", "sort"),
        ("format=xml", "format"),
        ("cursor=garbage", "cursor"),
        ("colour=red", "colour"),
        ("q=a&q=b", "q"),
        ("q=%01", "q"),
    ] {
        let r = get(world().main, &format!("/api/events?{query}"));
        assert_eq!(r.status, 400, "{query}: {}", r.text());
        let msg = r.error();
        assert!(msg.contains(needle), "{query}: {msg}");
    }
    assert_eq!(get(world().main, "/api/stats?by=month").status, 400);
    assert_eq!(get(world().main, "/api/points?limit=5").status, 400);
    let long = "ب".repeat(201);
    assert_eq!(
        get(world().main, &format!("/api/events?q={}", enc(&long))).status,
        400
    );
}

#[test]
fn sql_looking_arabic_and_emoji_text_is_just_text() {
    let before = total();
    for value in [
        "'; DROP TABLE events; --",
        "x' OR '1'='1",
        "\" OR \"\"=\"",
        "1) UNION SELECT * FROM documents --",
        "%' --",
        "داعش 💥",
        "🔥🔥",
        "قتل OR *",
        "\"غويران\"",
        "NEAR(a b)",
    ] {
        for key in ["q", "actor", "admin1"] {
            let r = get(world().main, &format!("/api/events?{key}={}", enc(value)));
            assert_eq!(r.status, 200, "{key}={value}: {}", r.text());
            let r = get(world().main, &format!("/api/stats?{key}={}", enc(value)));
            assert_eq!(r.status, 200, "stats {key}={value}: {}", r.text());
        }
        if value.contains("OR '1'='1") {
            assert!(events(&format!("actor={}", enc(value))).is_empty());
        }
    }
    // Nothing was dropped or deleted (another test may add an article meanwhile).
    assert!(total() >= before);
    assert_eq!(
        world().store.count_events(&Default::default()).unwrap(),
        total()
    );
    // Arabic text finds Arabic articles.
    assert!(
        !events(&format!("q={}", enc("داعش 💥"))).is_empty()
            || !events(&format!("q={}", enc("داعش"))).is_empty()
    );
}

#[test]
fn the_token_guards_ingest() {
    let w = world();
    let doc = br#"{"doc_id":"api-test-1","published":"2015-08-03","source":"test","text":"\u0642\u062a\u0644 11 \u062c\u0646\u062f\u064a\u064b\u0627 \u0641\u064a \u0647\u062c\u0648\u0645 \u0644\u0639\u0646\u0627\u0635\u0631 \u062a\u0646\u0638\u064a\u0645 \u062f\u0627\u0639\u0634 \u0639\u0644\u0649 \u0645\u0642\u0631 \u0644\u0644\u062c\u064a\u0634 \u0627\u0644\u0639\u0631\u0627\u0642\u064a \u0641\u064a \u062f\u064a\u0627\u0644\u0649 \u0623\u0645\u0633."}"#;
    let json = [("Content-Type", "application/json")];
    let r = post(w.main, "/api/documents", &json, doc);
    assert_eq!(r.status, 401);
    assert!(r.error().contains("token"));
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = post(
        w.main,
        "/api/documents",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer nope"),
        ],
        doc,
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.error(), "wrong token");

    let auth = format!("Bearer {TOKEN}");
    let ok = [
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    let r = post(w.main, "/api/documents", &ok, doc);
    assert_eq!(r.status, 200, "{}", r.text());
    let report = r.json();
    assert_eq!(report["new"], 1);
    assert_eq!(report["records"], 1);
    // The same article again changes nothing.
    let again = post(w.main, "/api/documents", &ok, doc).json();
    assert_eq!(again["unchanged"], 1);
    // Its event is served.
    let found = events(&format!("q={}", enc("ديالى")));
    assert!(found.iter().any(|e| e["admin1"] == "Diyala"), "{found:?}");

    // JSONL, with the failing line named.
    let jsonl = [
        ("Content-Type", "application/x-ndjson"),
        ("Authorization", auth.as_str()),
    ];
    let body = b"{\"doc_id\":\"api-test-2\",\"text\":\"\xd9\x86\xd8\xb5\"}\nnot json\n";
    let r = post(w.main, "/api/documents", &jsonl, body);
    assert_eq!(r.status, 400);
    assert!(r.error().starts_with("line 2:"), "{}", r.error());
    let r = post(
        w.main,
        "/api/documents",
        &jsonl,
        b"{\"doc_id\":\"\",\"text\":\"x\"}\n",
    );
    assert_eq!(r.status, 400);
    assert!(r.error().contains("doc_id"));
    let r = post(w.main, "/api/documents", &jsonl, b"\n\n");
    assert_eq!(r.status, 400);
    let r = post(w.main, "/api/documents", &ok, b"[1, 2]");
    assert_eq!(r.status, 400);
    let r = post(w.main, "/api/documents", &ok, b"\xff\xfe");
    assert_eq!(r.status, 400);
    assert!(r.error().contains("UTF-8"));
    let r = post(
        w.main,
        "/api/documents",
        &[
            ("Content-Type", "text/html"),
            ("Authorization", auth.as_str()),
        ],
        b"<p>",
    );
    assert_eq!(r.status, 415);
    let r = post(
        w.main,
        "/api/documents",
        &[("Authorization", auth.as_str())],
        doc,
    );
    assert_eq!(r.status, 415);
}

#[test]
fn bodies_over_the_limit_are_413_without_being_read() {
    let w = world();
    let auth = format!("Bearer {TOKEN}");
    // Announces 1 GiB and sends a few bytes: refused on the header alone.
    let head = format!(
        "POST /api/documents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/json\r\nAuthorization: {auth}\r\nContent-Length: 1073741824\r\n\r\n[{{"
    );
    let r = raw(w.main, head.as_bytes());
    assert_eq!(r.status, 413);
    assert!(r.error().contains("larger than"));
    // Chunked, no length announced: cut off at the limit (256 KiB here).
    let mut req = format!(
        "POST /api/documents HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/x-ndjson\r\nAuthorization: {auth}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..8 {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(&chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let r = raw(w.main, &req);
    assert_eq!(r.status, 413, "{}", String::from_utf8_lossy(&r.body));
}

#[test]
fn posts_are_rate_limited_per_client() {
    let w = world();
    let json = [("Content-Type", "application/json")];
    // Bad bodies still count: the limit is checked before the body is read.
    let statuses: Vec<u16> = (0..3)
        .map(|_| post(w.limited, "/api/documents", &json, b"{}").status)
        .collect();
    assert_eq!(statuses, [400, 400, 429]);
    let r = post(w.limited, "/api/documents", &json, b"{}");
    assert_eq!(r.status, 429);
    assert!(r.header("retry-after").unwrap().parse::<u64>().unwrap() >= 1);
    assert!(r.error().contains("too many"));
    // Reading is not limited.
    assert_eq!(get(w.limited, "/api/stats").status, 200);
}

#[test]
fn the_openapi_document_describes_every_route() {
    let r = get(world().main, "/api/openapi.json");
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/events",
        "/api/events/{id}",
        "/api/documents",
        "/api/documents/{id}",
        "/api/stats",
        "/api/points",
    ] {
        assert!(paths.contains_key(p), "{p}");
    }
    let params: Vec<&str> = paths["/api/events"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "from",
        "to",
        "country",
        "admin1",
        "event_type",
        "sub_event_type",
        "actor",
        "q",
        "bbox",
        "min_fatalities",
        "sort",
        "limit",
        "cursor",
        "format",
    ] {
        assert!(params.contains(&name), "{name} in {params:?}");
    }
    assert!(doc["components"]["schemas"]["EventDetail"].is_object());
    // parameters carry their real types
    let param = |name: &str| {
        paths["/api/events"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["schema"]
            .clone()
    };
    assert_eq!(param("from")["format"], "date");
    assert_eq!(param("min_fatalities")["type"], "integer");
    assert_eq!(param("limit")["maximum"], 1000);
    assert_eq!(param("event_type")["enum"][0], "Battles");
    assert!(param("sub_event_type")["enum"]
        .as_array()
        .unwrap()
        .contains(&Value::from("Armed clash")));
    assert_eq!(param("sort")["enum"][2], "-fatalities");
}

mod needs_python {
    use super::*;

    /// `openapi-spec-validator` (Python; `pip install openapi-spec-validator`) accepts the
    /// document.
    #[test]
    #[ignore = "needs python3 with openapi-spec-validator; run with `cargo test -- --ignored needs_` (.ci/run does)"]
    fn the_openapi_document_validates() {
        let dir = TempDir::new("openapi");
        let path = dir.0.join("openapi.json");
        std::fs::write(&path, get(world().main, "/api/openapi.json").text()).unwrap();
        let out = std::process::Command::new("python3")
            .args(["-m", "openapi_spec_validator"])
            .arg(&path)
            .output()
            .expect("python3 with openapi-spec-validator (pip install openapi-spec-validator)");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success() && text.contains("OK"), "{text}");
    }
}

#[test]
fn the_page_and_its_assets_are_embedded() {
    let r = get(world().main, "/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    let html = r.text();
    assert!(html.contains("id=\"map\""));
    let script = html
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let js = get(world().main, script);
    assert_eq!(js.status, 200, "{script}");
    assert!(js.header("content-type").unwrap().contains("javascript"));
    assert!(js.header("cache-control").unwrap().contains("immutable"));
    // No address outside this server is loaded by the page.
    assert!(!html.contains("http://") && !html.contains("https://"));
    // Any other path is the page (shared views), with the query string kept by the browser.
    assert_eq!(get(world().main, "/?country=SY&event=SYR1").status, 200);
}

/// Read answers are reused while the store is unchanged, revalidate with their `ETag`, and
/// change as soon as anything writes to the store, here another writer than the server.
#[test]
fn answers_are_reused_until_the_store_changes() {
    let dir = TempDir::new("reuse");
    let store = marsad_store::Store::open(dir.0.join("reuse.db").to_str().unwrap()).unwrap();
    let extractor = marsad_extract::Extractor::load_default().unwrap();
    let docs = articles(40);
    let (first, later) = docs.split_at(20);
    store.ingest_documents(&extractor, first.to_vec()).unwrap();
    let backend = std::sync::Arc::new(marsad_server::store::StoreBackend::new(store.clone()));
    let addr = common::serve(backend, vec![marsad_server::Config::default()])[0];
    let url = "/api/events?limit=1000";
    let a = get(addr, url);
    let b = get(addr, url);
    assert_eq!(a.status, 200);
    assert_eq!(a.body, b.body);
    let etag = a.header("etag").expect("an ETag").to_string();
    assert_eq!(b.header("etag"), Some(etag.as_str()));
    assert_eq!(a.header("cache-control"), Some("no-cache"));
    // another URL has another tag
    assert_ne!(
        get(addr, "/api/events?limit=5").header("etag"),
        Some(etag.as_str())
    );
    // a client holding the current answer gets a bodiless 304
    let request = format!(
        "GET {url} HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    );
    let r = raw(addr, request.as_bytes());
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    // a write by someone else: new answer, new tag, and the old tag no longer matches
    store.ingest_documents(&extractor, later.to_vec()).unwrap();
    let c = get(addr, url);
    assert_ne!(c.header("etag"), Some(etag.as_str()));
    let count = |r: &common::Response| r.json()["events"].as_array().unwrap().len();
    assert!(count(&c) > count(&a), "{} vs {}", count(&c), count(&a));
    assert_eq!(raw(addr, request.as_bytes()).status, 200);
}

/// The map's place names come from the shipped gazetteer, at any zoom: zoomed on Aden, the
/// city and its governorate are named in Arabic and English; the world shows divisions first.
#[test]
fn place_names_label_the_map_at_every_zoom() {
    let aden = get(
        world().main,
        "/api/places?bbox=44.7,12.7,45.2,13.0&limit=50",
    );
    assert_eq!(aden.status, 200, "{}", aden.text());
    let aden = aden.json();
    let names: Vec<&str> = aden["name"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    let i = names.iter().position(|n| *n == "Aden").expect("Aden");
    assert_eq!(aden["name_ar"][i], "عدن", "{aden}");
    assert!(aden["admin1"]
        .as_array()
        .unwrap()
        .contains(&Value::Bool(true)));
    assert!(names.len() >= 3, "{names:?}");
    for (lon, lat) in aden["lon"]
        .as_array()
        .unwrap()
        .iter()
        .zip(aden["lat"].as_array().unwrap())
    {
        let (lon, lat) = (lon.as_f64().unwrap(), lat.as_f64().unwrap());
        assert!((44.7..=45.2).contains(&lon) && (12.7..=13.0).contains(&lat));
    }
    let world_view = get(world().main, "/api/places?limit=20").json();
    assert!(world_view["admin1"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a == true));
    for bad in ["bbox=1,2,3", "limit=0", "limit=301", "colour=red"] {
        assert_eq!(
            get(world().main, &format!("/api/places?{bad}")).status,
            400,
            "{bad}"
        );
    }
}

/// `/api/export` writes the selection as `marsad export` does: CSV with its columns, GeoJSON
/// with a feature per located event.
#[test]
fn export_writes_the_selection_as_csv_and_geojson() {
    let located = events("country=YE")
        .iter()
        .filter(|e| !e["location"].is_null())
        .count();
    let r = get(world().main, "/api/export?country=YE&format=geojson");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/geo+json"));
    assert!(r
        .header("content-disposition")
        .unwrap()
        .contains("attachment"));
    let doc = r.json();
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), located);
    assert!(features
        .iter()
        .all(|f| f["properties"]["country"] == "Yemen"));
    let csv = get(world().main, "/api/export?country=YE");
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let header = csv.text().lines().next().unwrap().to_string();
    let expected: Vec<&str> = marsad_store::export::COLUMNS.iter().map(|c| c.0).collect();
    assert_eq!(header, expected.join(","));
    for bad in ["format=xml", "country=Atlantis", "limit=5"] {
        assert_eq!(
            get(world().main, &format!("/api/export?{bad}")).status,
            400,
            "{bad}"
        );
    }
}

/// `q` finds Arabic words of the articles, and English actor and place names.
#[test]
fn text_search_finds_english_actor_and_place_names() {
    let houthis = events("q=houthis");
    assert!(!houthis.is_empty());
    let by_actor = events("actor=houthis").len();
    assert!(houthis.len() >= by_actor, "{} < {by_actor}", houthis.len());
    let aden = events("q=ADEN");
    assert!(!aden.is_empty());
    assert!(
        aden.iter().all(|e| {
            let place = [&e["location"]["name"], &e["admin1"], &e["admin2"]];
            place
                .iter()
                .any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("aden")))
                || e["actor1"]
                    .as_str()
                    .is_some_and(|a| a.to_lowercase().contains("aden"))
                || e["actor2"]
                    .as_str()
                    .is_some_and(|a| a.to_lowercase().contains("aden"))
        }),
        "{aden:?}"
    );
    // Arabic words of the articles still count
    assert!(!events(&format!("q={}", enc("عدن"))).is_empty());
}
