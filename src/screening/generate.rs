//! A generated Consolidated Screening List in the published CSV format, for benchmarks.

/// The published header of the CSL CSV.
pub const CSL_HEADER: &str = "_id,source,entity_number,type,programs,name,title,addresses,federal_register_notice,start_date,end_date,standard_order,license_requirement,license_policy,call_sign,vessel_type,gross_tonnage,gross_registered_tonnage,vessel_flag,vessel_owner,remarks,source_list_url,alt_names,citizenships,dates_of_birth,nationalities,places_of_birth,source_information_url,ids";

const CITIES: &[&str] = &[
    "Harbin",
    "Beijing",
    "Shanghai",
    "Shenzhen",
    "Wuhan",
    "Chengdu",
    "Xian",
    "Nanjing",
    "Moscow",
    "Saint Petersburg",
    "Novosibirsk",
    "Kazan",
    "Tehran",
    "Isfahan",
    "Minsk",
    "Pyongyang",
    "Damascus",
    "Karachi",
    "Dubai",
    "Istanbul",
    "Tashkent",
    "Almaty",
    "Yerevan",
    "Hong Kong",
    "Guangzhou",
    "Tianjin",
    "Hefei",
    "Changsha",
    "Samara",
    "Tula",
];
const WORDS: &[&str] = &[
    "Aerospace",
    "Electronics",
    "Precision",
    "Instruments",
    "Optical",
    "Semiconductor",
    "Microsystems",
    "Photonics",
    "Materials",
    "Machinery",
    "Radio",
    "Avionics",
    "Navigation",
    "Quantum",
    "Laser",
    "Composite",
    "Systems",
    "Trading",
    "Logistics",
    "Engineering",
    "Research",
    "Design",
    "Nuclear",
    "Chemical",
    "Marine",
    "Drone",
    "Sensor",
    "Robotics",
    "Software",
    "Cyber",
    "Defense",
    "Vacuum",
    "Power",
    "Energy",
    "Titanium",
    "Alloy",
    "Crystal",
    "Signal",
    "Telecom",
    "Acoustic",
    "Thermal",
    "Magnetic",
    "Rocket",
    "Turbine",
    "Propulsion",
    "Imaging",
    "Radar",
    "Satellite",
    "Micro",
];
const KINDS: &[&str] = &[
    "Co., Ltd.",
    "LLC",
    "OOO",
    "JSC",
    "Institute",
    "University",
    "Research Institute",
    "Trading Co.",
    "GmbH",
    "FZE",
];
const SOURCES: &[&str] = &[
    "Entity List (EL) - Bureau of Industry and Security",
    "Specially Designated Nationals (SDN) - Treasury Department",
    "Military End User (MEU) List - Bureau of Industry and Security",
    "Unverified List (UVL) - Bureau of Industry and Security",
];

/// A CSL CSV of `n` entries, each with two or three aliases and an address; deterministic.
pub fn csl_csv(n: usize) -> String {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    let mut out = String::with_capacity(n * 400);
    out.push_str(CSL_HEADER);
    out.push('\n');
    for i in 0..n {
        let city = CITIES[next(CITIES.len())];
        let w1 = WORDS[next(WORDS.len())];
        let w2 = WORDS[next(WORDS.len())];
        let kind = KINDS[next(KINDS.len())];
        let name = format!("{city} {w1} {w2} {kind} {i}");
        let initials: String = [city, w1, w2]
            .iter()
            .filter_map(|w| w.chars().next())
            .collect();
        let aliases = format!("{w1} {w2} of {city}; {initials}{i}; {city} {w1}-{w2} Group");
        let source = SOURCES[next(SOURCES.len())];
        out.push_str(&format!(
            "gen{i:06},{source},,Entity,EAR,\"{name}\",,\"{} Industrial Road, {city}, CN\",85 FR {},2020-06-05,,,,,,,,,,,,,\"{aliases}\",,,,,,\n",
            100 + i % 900,
            30000 + i
        ));
    }
    out
}
