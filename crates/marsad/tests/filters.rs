//! The event filters of the API's OpenAPI document against the command line: each filter
//! parameter is a flag of `marsad events` and `marsad export` with the same documentation,
//! accepts a value of the parameter's type, and refuses a value outside an enum with the
//! same list of valid values.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use serde_json::Value;

fn marsad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
        .env_remove("MARSAD_DB")
        .args(args)
        .output()
        .unwrap()
}

/// The `--flag`s of a command's `--help`, with their help text (whitespace collapsed).
fn cli_flags(command: &str) -> BTreeMap<String, String> {
    let help = String::from_utf8(marsad(&[command, "--help"]).stdout).unwrap();
    let mut flags = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in help.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("--") {
            let flag = rest.split([' ', '=']).next().unwrap().to_string();
            flags.insert(flag.clone(), String::new());
            current = Some(flag);
        } else if trimmed.is_empty() || trimmed.starts_with('[') || trimmed.starts_with('-') {
            current = None;
        } else if let Some(flag) = &current {
            let text = flags.get_mut(flag).unwrap();
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(trimmed);
        }
    }
    flags
}

/// The filter parameters of the OpenAPI document: those of `/api/points`, which takes the
/// filters alone.
fn api_filters() -> Vec<Value> {
    let doc = serde_json::to_value(marsad_server::openapi()).unwrap();
    doc["paths"]["/api/points"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .clone()
}

/// A valid value of a parameter, from its schema.
fn valid_value(param: &Value) -> String {
    let schema = &param["schema"];
    if let Some(first) = schema["enum"].get(0) {
        return first.as_str().unwrap().to_string();
    }
    if let Some(example) = param["example"].as_str() {
        return example.to_string();
    }
    match (schema["type"].as_str(), schema["format"].as_str()) {
        (Some("integer"), _) => schema["minimum"].as_u64().unwrap().to_string(),
        (Some("boolean"), _) => "false".into(),
        (_, Some("date")) => "2022-01-20".into(),
        _ => "x".into(),
    }
}

#[test]
fn every_api_filter_is_a_cli_flag_that_parses_alike() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    marsad_store::Store::open(db.to_str().unwrap()).unwrap();
    let db = db.to_str().unwrap();
    let filters = api_filters();
    assert!(filters.len() >= 10, "{filters:?}");
    for command in ["events", "export"] {
        let flags = cli_flags(command);
        for param in &filters {
            let name = param["name"].as_str().unwrap();
            let doc = param["description"].as_str().unwrap();
            let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
            let flag = flags
                .iter()
                .find(|(_, help)| **help == doc)
                .map(|(flag, _)| flag.clone())
                .unwrap_or_else(|| {
                    panic!("no flag of `marsad {command}` documents {name}: {doc:?}")
                });
            if command != "events" {
                continue;
            }
            let value = valid_value(param);
            let out = marsad(&["events", "--db", db, &format!("--{flag}={value}")]);
            assert!(
                out.status.success(),
                "--{flag}={value}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            if let Some(values) = param["schema"]["enum"].as_array() {
                let listed: Vec<&str> = values.iter().map(|v| v.as_str().unwrap()).collect();
                let out = marsad(&["events", "--db", db, &format!("--{flag}=Nowhere-at-all")]);
                let err = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "--{flag}: {err}");
                assert!(err.contains(&listed.join(", ")), "--{flag}: {err}");
            }
            if param["schema"]["type"] == "integer"
                || param["schema"]["type"] == "boolean"
                || param["schema"]["format"] == "date"
            {
                let out = marsad(&["events", "--db", db, &format!("--{flag}=-5x")]);
                assert_eq!(out.status.code(), Some(2), "--{flag}=-5x");
            }
        }
    }
}
