//! Country codes and names for the ACLED columns `iso` (numeric), `country` and `region`,
//! and the three-letter prefix of event ids. Countries not in the table keep their alpha-2
//! code as name and prefix and get no region.

/// `(alpha-2, alpha-3, numeric, English name, ACLED region)`.
const COUNTRIES: &[(&str, &str, u16, &str, &str)] = &[
    ("AE", "ARE", 784, "United Arab Emirates", "Middle East"),
    ("AF", "AFG", 4, "Afghanistan", "South Asia"),
    ("AM", "ARM", 51, "Armenia", "Caucasus and Central Asia"),
    ("AZ", "AZE", 31, "Azerbaijan", "Caucasus and Central Asia"),
    ("BF", "BFA", 854, "Burkina Faso", "Western Africa"),
    ("BH", "BHR", 48, "Bahrain", "Middle East"),
    (
        "CD",
        "COD",
        180,
        "Democratic Republic of Congo",
        "Middle Africa",
    ),
    (
        "CF",
        "CAF",
        140,
        "Central African Republic",
        "Middle Africa",
    ),
    ("CY", "CYP", 196, "Cyprus", "Europe"),
    ("CZ", "CZE", 203, "Czech Republic", "Europe"),
    ("DE", "DEU", 276, "Germany", "Europe"),
    ("DJ", "DJI", 262, "Djibouti", "Eastern Africa"),
    ("DZ", "DZA", 12, "Algeria", "Northern Africa"),
    ("EG", "EGY", 818, "Egypt", "Northern Africa"),
    ("ER", "ERI", 232, "Eritrea", "Eastern Africa"),
    ("ES", "ESP", 724, "Spain", "Europe"),
    ("ET", "ETH", 231, "Ethiopia", "Eastern Africa"),
    ("FR", "FRA", 250, "France", "Europe"),
    ("GB", "GBR", 826, "United Kingdom", "Europe"),
    ("GE", "GEO", 268, "Georgia", "Caucasus and Central Asia"),
    ("IL", "ISR", 376, "Israel", "Middle East"),
    ("IN", "IND", 356, "India", "South Asia"),
    ("IQ", "IRQ", 368, "Iraq", "Middle East"),
    ("IR", "IRN", 364, "Iran", "Middle East"),
    ("JO", "JOR", 400, "Jordan", "Middle East"),
    ("KE", "KEN", 404, "Kenya", "Eastern Africa"),
    ("KW", "KWT", 414, "Kuwait", "Middle East"),
    ("LB", "LBN", 422, "Lebanon", "Middle East"),
    ("LY", "LBY", 434, "Libya", "Northern Africa"),
    ("MA", "MAR", 504, "Morocco", "Northern Africa"),
    ("ML", "MLI", 466, "Mali", "Western Africa"),
    ("MR", "MRT", 478, "Mauritania", "Western Africa"),
    ("NE", "NER", 562, "Niger", "Western Africa"),
    ("NG", "NGA", 566, "Nigeria", "Western Africa"),
    ("OM", "OMN", 512, "Oman", "Middle East"),
    ("PK", "PAK", 586, "Pakistan", "South Asia"),
    ("PS", "PSE", 275, "Palestine", "Middle East"),
    ("QA", "QAT", 634, "Qatar", "Middle East"),
    ("RU", "RUS", 643, "Russia", "Europe"),
    ("SA", "SAU", 682, "Saudi Arabia", "Middle East"),
    ("SD", "SDN", 729, "Sudan", "Northern Africa"),
    ("SO", "SOM", 706, "Somalia", "Eastern Africa"),
    ("SS", "SSD", 728, "South Sudan", "Eastern Africa"),
    ("SY", "SYR", 760, "Syria", "Middle East"),
    ("TD", "TCD", 148, "Chad", "Middle Africa"),
    ("TN", "TUN", 788, "Tunisia", "Northern Africa"),
    ("TR", "TUR", 792, "Turkey", "Middle East"),
    ("UA", "UKR", 804, "Ukraine", "Europe"),
    ("US", "USA", 840, "United States", "North America"),
    ("YE", "YEM", 887, "Yemen", "Middle East"),
];

/// What the store knows of a country code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub numeric: u16,
    pub name: &'static str,
    pub region: &'static str,
}

/// Every country the store knows, by alpha-2 code.
pub fn all() -> impl Iterator<Item = Country> {
    COUNTRIES.iter().map(|c| Country {
        alpha2: c.0,
        alpha3: c.1,
        numeric: c.2,
        name: c.3,
        region: c.4,
    })
}

/// Looks up an alpha-2 code (any case).
pub fn by_alpha2(code: &str) -> Option<Country> {
    all().find(|c| c.alpha2.eq_ignore_ascii_case(code))
}

/// Reads a country filter: an alpha-2 code or an English name, any case.
pub fn resolve(input: &str) -> Option<&'static str> {
    let input = input.trim();
    COUNTRIES
        .iter()
        .find(|c| {
            c.0.eq_ignore_ascii_case(input)
                || c.3.eq_ignore_ascii_case(input)
                || c.1.eq_ignore_ascii_case(input)
        })
        .map(|c| c.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_and_names_resolve() {
        assert_eq!(super::resolve("syria"), Some("SY"));
        assert_eq!(super::resolve("iq"), Some("IQ"));
        assert_eq!(super::by_alpha2("ye").unwrap().alpha3, "YEM");
        assert_eq!(super::resolve("Atlantis"), None);
    }
}
