//! State forces of every country, generated from one country table
//! (`data/extract/countries.tsv`: ACLED name, Arabic names, adjective, broken plurals) instead of
//! one hand row per country: الجيش الهندي، القوات الروسية، الشرطة الجزائرية، قوات الأمن
//! الباكستانية، جنود هنود.
//!
//! Each country gets up to four roles: its military (`Military Forces of India`), its soldiers
//! (member nouns), its police and security services (`Police Forces of India`) and its police
//! officers. A role's aliases go to the hand entry of the same country, name and kind when there is
//! one (`in-army` keeps its id: the learned models use ids as features), else to a new entry
//! `<cc>-army`, `<cc>-army-member`, `<cc>-police`, `<cc>-police-member`. Hand tables win: a
//! generated alias whose key a hand alias already has (القوات اللبنانية is a party) is not added,
//! and neither is one two countries would generate alike.

use super::actors::{ActorEntry, ActorKind};
use super::table::Table;
use crate::ExtractError;

/// One row of the country table.
#[derive(Clone, Debug, PartialEq)]
pub struct Country<'a> {
    pub iso2: &'a str,
    /// ACLED English name (`India`).
    pub name: &'a str,
    /// ACLED writes "the" before the name in actor names (`Military Forces of the United States`).
    pub the: bool,
    /// Arabic names, the usual one first.
    pub names_ar: Vec<&'a str>,
    /// Masculine singular adjectives without the article (هندي), one per spelling.
    pub adjectives: Vec<&'a str>,
    /// Broken plurals of the demonym without the article (هنود).
    pub plurals: Vec<&'a str>,
    pub military: bool,
    pub police: bool,
}

/// A state role generated for every country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Military,
    Soldier,
    Police,
    PoliceOfficer,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Military,
        Role::Soldier,
        Role::Police,
        Role::PoliceOfficer,
    ];

    /// The ACLED name of this role's actor in `country`.
    pub fn actor_name(self, country: &Country) -> String {
        let force = match self {
            Role::Military | Role::Soldier => "Military",
            Role::Police | Role::PoliceOfficer => "Police",
        };
        let the = if country.the { "the " } else { "" };
        format!("{force} Forces of {the}{}", country.name)
    }

    pub fn kind(self) -> ActorKind {
        match self {
            Role::Military | Role::Police => ActorKind::Named,
            Role::Soldier | Role::PoliceOfficer => ActorKind::Member,
        }
    }

    /// The id of a generated entry (`in-army`, `in-police-member`).
    pub fn id(self, country: &Country) -> String {
        let suffix = match self {
            Role::Military => "army",
            Role::Soldier => "army-member",
            Role::Police => "police",
            Role::PoliceOfficer => "police-member",
        };
        format!("{}-{suffix}", country.iso2.to_ascii_lowercase())
    }

    fn wanted(self, country: &Country) -> bool {
        match self {
            Role::Military | Role::Soldier => country.military,
            Role::Police | Role::PoliceOfficer => country.police,
        }
    }
}

/// Parses the country table.
pub fn parse<'a>(path: &'a str, text: &'a str) -> Result<Vec<Country<'a>>, ExtractError> {
    let table = Table::parse(path, text)?;
    let (iso2, name, the, names_ar, adj, plural, forces) = (
        table.column("iso2")?,
        table.column("name")?,
        table.column("the")?,
        table.column("name_ar")?,
        table.column("adj")?,
        table.column("plural")?,
        table.column("forces")?,
    );
    let list = |s: &'a str| -> Vec<&'a str> {
        s.split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect()
    };
    let mut out = Vec::with_capacity(table.rows().len());
    for row in table.rows() {
        let code = row.get(iso2);
        if !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())) {
            return Err(table.error(row, format!("`iso2` must be ISO 3166-1 alpha-2: {code:?}")));
        }
        if row.get(name).is_empty() {
            return Err(table.error(row, "empty `name`"));
        }
        let (military, police) = match row.get(forces) {
            "both" => (true, true),
            "military" => (true, false),
            "police" => (false, true),
            "-" => (false, false),
            other => {
                return Err(table.error(
                    row,
                    format!("`forces` must be both, military, police or -, got {other:?}"),
                ))
            }
        };
        out.push(Country {
            iso2: code,
            name: row.get(name),
            the: match row.get(the) {
                "the" => true,
                "" => false,
                other => {
                    return Err(table.error(row, format!("`the` must be `the` or empty: {other:?}")))
                }
            },
            names_ar: list(row.get(names_ar)),
            adjectives: list(row.get(adj)),
            plurals: list(row.get(plural)),
            military,
            police,
        });
    }
    Ok(out)
}

/// Applies `f` to each word of a (possibly two-word) adjective: كوري شمالي → كورية شمالية.
fn each_word(adjective: &str, f: impl Fn(&str) -> String) -> String {
    adjective.split(' ').map(f).collect::<Vec<_>>().join(" ")
}

/// The forms of an adjective: (masculine, feminine, sound plural, accusative), each without
/// and with the article. Only words ending in ي inflect (جنوب سوداني → جنوب سودانية).
struct Forms {
    masc: String,
    fem: String,
    plural: String,
    accusative: String,
    dual: String,
}

impl Forms {
    fn of(adjective: &str) -> Forms {
        let inflect = |suffix: &'static str| {
            move |w: &str| {
                if w.ends_with('ي') {
                    format!("{w}{suffix}")
                } else {
                    w.to_string()
                }
            }
        };
        Forms {
            masc: adjective.to_string(),
            fem: each_word(adjective, inflect("ة")),
            plural: each_word(adjective, inflect("ين")),
            accusative: each_word(adjective, inflect("ا")),
            dual: each_word(adjective, inflect("ين")),
        }
    }
}

/// With the article on every word: هندي → الهندي, كوري شمالي → الكوري الشمالي.
fn definite(phrase: &str) -> String {
    each_word(phrase, |w| format!("ال{w}"))
}

/// The Arabic aliases of one role of one country.
pub fn aliases(country: &Country, role: Role) -> Vec<String> {
    let mut out = Vec::new();
    let forms: Vec<Forms> = country.adjectives.iter().map(|a| Forms::of(a)).collect();
    // plural demonyms: the broken ones and the sound plural of each adjective
    let mut plurals: Vec<String> = country.plurals.iter().map(|p| p.to_string()).collect();
    plurals.extend(forms.iter().map(|f| f.plural.clone()));
    match role {
        Role::Military => {
            for f in &forms {
                let (m, fe) = (definite(&f.masc), definite(&f.fem));
                out.extend([
                    format!("الجيش {m}"),
                    format!("قوات الجيش {m}"),
                    format!("وحدات الجيش {m}"),
                    format!("القوات {fe}"),
                    format!("قوات {}", f.fem),
                    format!("القوات المسلحة {fe}"),
                    format!("القوات الحكومية {fe}"),
                    format!("القوات البرية {fe}"),
                    format!("القوات الجوية {fe}"),
                    format!("القوات البحرية {fe}"),
                    format!("القوات الخاصة {fe}"),
                    format!("البحرية {fe}"),
                    format!("سلاح الجو {m}"),
                    format!("الطيران {m}"),
                    format!("الطيران الحربي {m}"),
                    format!("الطائرات الحربية {fe}"),
                    format!("المقاتلات {fe}"),
                    format!("الغارات {fe}"),
                    format!("المدفعية {fe}"),
                ]);
            }
            for n in &country.names_ar {
                out.extend([format!("جيش {n}"), format!("قوات {n}")]);
            }
        }
        Role::Soldier => {
            for f in &forms {
                out.extend([
                    format!("جندي {}", f.masc),
                    format!("جنديا {}", f.accusative),
                    format!("جنديين {}", f.dual),
                    format!("ضابط {}", f.masc),
                    format!("ضابطا {}", f.accusative),
                ]);
            }
            for p in &plurals {
                let dp = definite(p);
                out.extend([
                    format!("جنود {p}"),
                    format!("الجنود {dp}"),
                    format!("عسكريين {p}"),
                    format!("العسكريين {dp}"),
                    format!("ضباط {p}"),
                    format!("الضباط {dp}"),
                ]);
            }
        }
        Role::Police => {
            for f in &forms {
                let (m, fe) = (definite(&f.masc), definite(&f.fem));
                out.extend([
                    format!("الشرطة {fe}"),
                    format!("قوات الشرطة {fe}"),
                    format!("قوات الأمن {fe}"),
                    format!("قوى الأمن {fe}"),
                    format!("الأمن {m}"),
                    format!("الأجهزة الأمنية {fe}"),
                    format!("أجهزة الأمن {fe}"),
                    format!("السلطات الأمنية {fe}"),
                    format!("السلطات {fe}"),
                    format!("الدرك {m}"),
                    format!("قوات الدرك {fe}"),
                    format!("المخابرات {fe}"),
                    format!("الاستخبارات {fe}"),
                    format!("الشرطة الاتحادية {fe}"),
                ]);
            }
            for n in &country.names_ar {
                out.extend([format!("شرطة {n}"), format!("قوات أمن {n}")]);
            }
        }
        Role::PoliceOfficer => {
            for f in &forms {
                let fe = definite(&f.fem);
                out.extend([
                    format!("شرطي {}", f.masc),
                    format!("شرطيا {}", f.accusative),
                    format!("شرطيين {}", f.dual),
                    format!("رجال الشرطة {fe}"),
                    format!("رجال الأمن {}", definite(&f.masc)),
                ]);
            }
            for p in &plurals {
                out.push(format!("رجال شرطة {p}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Where a country's role goes: the hand entry of the same country, name and kind (the one
/// with the generated id first), else a new entry to add.
pub fn target(
    actors: &[ActorEntry],
    country: &Country,
    role: Role,
) -> Result<Result<u32, ActorEntry>, String> {
    let name = role.actor_name(country);
    let id = role.id(country);
    let same = |a: &&ActorEntry| {
        a.country.as_deref() == Some(country.iso2) && *a.name == *name && a.kind == role.kind()
    };
    let found = actors
        .iter()
        .position(|a| same(&a) && *a.id == *id)
        .or_else(|| actors.iter().position(|a| same(&a)));
    if let Some(i) = found {
        return Ok(Ok(i as u32));
    }
    if let Some(other) = actors.iter().find(|a| *a.id == *id) {
        return Err(format!(
            "generated id {id} ({name}) is taken by a hand entry named {:?}",
            other.name
        ));
    }
    Ok(Err(ActorEntry {
        id: id.into(),
        name: name.into(),
        inter: 1,
        country: Some(country.iso2.into()),
        kind: role.kind(),
    }))
}

/// Every role this country's table row asks for.
pub fn roles(country: &Country) -> Vec<Role> {
    Role::ALL
        .into_iter()
        .filter(|r| r.wanted(country))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "iso2\tname\tthe\tname_ar\tadj\tplural\tforces\n\
        IN\tIndia\t\tالهند\tهندي\tهنود\tboth\n\
        US\tUnited States\tthe\tأمريكا\tأمريكي|أميركي\t\tmilitary\n\
        KP\tNorth Korea\t\tكوريا الشمالية\tكوري شمالي\t\t-\n";

    #[test]
    fn forms_of_the_adjective() {
        let countries = parse("countries.tsv", TABLE).unwrap();
        let india = &countries[0];
        let military = aliases(india, Role::Military);
        for a in ["الجيش الهندي", "القوات الهندية", "قوات هندية", "جيش الهند"]
        {
            assert!(military.iter().any(|m| m == a), "{a} in {military:?}");
        }
        let soldiers = aliases(india, Role::Soldier);
        for a in ["جنود هنود", "الجنود الهنود", "جنود هنديين", "جنديا هنديا"]
        {
            assert!(soldiers.iter().any(|m| m == a), "{a} in {soldiers:?}");
        }
        let police = aliases(india, Role::Police);
        assert!(police.iter().any(|m| m == "قوات الأمن الهندية"));
        let korea = aliases(&countries[2], Role::Military);
        assert!(korea.iter().any(|m| m == "الجيش الكوري الشمالي"));
        assert!(korea.iter().any(|m| m == "القوات الكورية الشمالية"));
    }

    #[test]
    fn names_and_roles() {
        let countries = parse("countries.tsv", TABLE).unwrap();
        assert_eq!(
            Role::Police.actor_name(&countries[0]),
            "Police Forces of India"
        );
        assert_eq!(
            Role::Military.actor_name(&countries[1]),
            "Military Forces of the United States"
        );
        assert_eq!(roles(&countries[1]).len(), 2);
        assert_eq!(roles(&countries[2]).len(), 0);
        assert_eq!(Role::Soldier.id(&countries[0]), "in-army-member");
    }

    #[test]
    fn bad_rows_are_errors() {
        let bad = "iso2\tname\tthe\tname_ar\tadj\tplural\tforces\nIND\tIndia\t\t\t\t\tboth\n";
        assert!(parse("c.tsv", bad).is_err());
        let bad = "iso2\tname\tthe\tname_ar\tadj\tplural\tforces\nIN\tIndia\t\t\t\t\tall\n";
        assert!(parse("c.tsv", bad).is_err());
    }
}
