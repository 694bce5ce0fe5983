//! The built-in name rules: each the words it looks for in a normalised field name
//! (whole `_`-separated words), the category it gives, an optional doc pattern, and
//! where it counts.

use super::category::{Category, Context};

/// A built-in rule in its configured form; `pattern` is a regex on the normalised name.
pub(super) struct Builtin {
    pub(super) name: &'static str,
    pub(super) category: &'static str,
    pub(super) pattern: &'static str,
    pub(super) doc: Option<&'static str>,
    pub(super) context: Context,
}

/// The built-in rules. Patterns match whole `_`-separated words of the normalised name.
pub(super) const BUILTIN: &[Builtin] = &[
    Builtin {
        name: "email",
        category: Category::PII,
        pattern: r"(^|_)e_?mail(_address)?($|_)",
        doc: Some(r"\be-?mail\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "phone",
        category: Category::PII,
        pattern: r"(^|_)(phone|mobile|msisdn|telephone|fax|cell_phone)(_number|_no)?($|_)",
        doc: Some(r"\bphone number\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "person_name",
        category: Category::PII,
        pattern: r"(^|_)((first|last|full|maiden|middle|given|family|display|user|customer|player|driver|employee|holder|cardholder|card_holder|account_holder|contact|patient|person|owner)_?name|surname|forename)($|_)",
        doc: Some(r"\b(full|first|last|given|family) name\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "name_of_person",
        category: Category::PII,
        pattern: r"^(name|names)$",
        doc: None,
        context: Context::PersonParent,
    },
    Builtin {
        name: "postal_address",
        category: Category::PII,
        pattern: r"(^|_)(street(_address)?|address_line_?\d*|house_number|zip(_?code)?|post_?code|postal_code|apartment)($|_)",
        doc: Some(r"\b(postal|home|street) address\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "address_part",
        category: Category::PII,
        pattern: r"^(city|town|state|province|county|region|country)$",
        doc: None,
        context: Context::PersonalRecord,
    },
    Builtin {
        name: "contact_details",
        category: Category::PII,
        pattern: r"(^|_)(contact_?info(rmation)?|contact_details)($|_)",
        doc: None,
        context: Context::Anywhere,
    },
    Builtin {
        name: "date_of_birth",
        category: Category::PII,
        pattern: r"(^|_)(dob|birth_?date|date_of_birth|birth_?day|birth_year|year_of_birth)($|_)",
        doc: Some(r"\bdate of birth\b"),
        context: Context::Anywhere,
    },
    Builtin { name: "age", category: Category::PII, pattern: r"^age$", doc: None, context: Context::Anywhere },
    Builtin {
        name: "gender",
        category: Category::PII,
        pattern: r"(^|_)(gender|sex)($|_)",
        doc: None,
        context: Context::Anywhere,
    },
    Builtin {
        name: "national_id",
        category: Category::PII,
        pattern: r"(^|_)(ssn|social_security(_number)?|passport(_number|_no)?|national_id|national_insurance(_number)?|nino|tax_id|tin|tax_number|drivers?_licen[cs]e(_number)?|id_card(_number)?|licen[cs]e_plate|plate_number)($|_)",
        doc: Some(r"\b(social security|passport|national id)"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "payment_card",
        category: Category::PCI,
        pattern: r"(^|_)(card_number|card_no|cc_number|credit_card(_number)?|pan|cvv2?|cvc|card_expiry)($|_)",
        doc: Some(r"\b(primary account number|card number)\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "card_expiry",
        category: Category::PCI,
        pattern: r"^(expiration_date|expiry(_date)?|exp_date|valid_thru)$",
        doc: None,
        context: Context::CardRecord,
    },
    Builtin {
        name: "bank_account",
        category: Category::PII,
        pattern: r"(^|_)(iban|bic|swift|account_number|bank_account(_number)?|routing_number|sort_code)($|_)",
        doc: Some(r"\bbank account\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "ip_address",
        category: Category::PII,
        pattern: r"(^|_)(ip|ip_?address|ipv4|ipv6|remote_(address|addr|ip))($|_)",
        doc: Some(r"\bip address\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "device_address",
        category: Category::PII,
        pattern: r"(^|_)(mac|mac_address|imei|imsi)($|_)",
        doc: None,
        context: Context::Anywhere,
    },
    Builtin {
        name: "precise_location",
        category: Category::PII,
        pattern: r"(^|_)(lat|latitude|lon|lng|longitude|geo_?location|gps|geo_?hash)($|_)",
        doc: Some(r"\b(gps|latitude|longitude)\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "free_text",
        category: Category::PII,
        pattern: r"(^|_)(notes?|comments?|remarks?|message|messages|raw_message|body|free_text|feedback|review_text)($|_)",
        doc: Some(r"\bfree[- ]text\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "health",
        category: Category::PHI,
        pattern: r"(^|_)(diagnos[ie]s|medical|health|blood_type|allerg(y|ies)|prescriptions?|medications?|symptoms?|icd_?10|disability)($|_)",
        doc: Some(r"\b(diagnosis|medical|health)\b"),
        context: Context::Anywhere,
    },
    Builtin {
        name: "special_category",
        category: Category::PII,
        pattern: r"(^|_)(religion|religious|ethnicity|ethnic_origin|race|political|party_affiliation|sexual_orientation|union_membership|biometric|fingerprint)($|_)",
        doc: None,
        context: Context::Anywhere,
    },
    Builtin {
        name: "compensation_and_credit",
        category: Category::PII,
        pattern: r"(^|_)(income|salary|wages?|hourly_rate|bonus|credit_score|fico|net_worth)($|_)",
        doc: None,
        context: Context::Anywhere,
    },
    Builtin {
        name: "online_identifier",
        category: Category::PII,
        pattern: r"(^|_)(username|user_name|remote_user|login|screen_name|handle)($|_)",
        doc: None,
        context: Context::Anywhere,
    },
    Builtin {
        name: "credentials",
        category: Category::CREDENTIALS,
        pattern: r"(^|_)(password|passwd|pwd|secret|api_?key|access_token|refresh_token|auth_token|session_token|token|private_key|credentials?)($|_)",
        doc: None,
        context: Context::Anywhere,
    },
];
