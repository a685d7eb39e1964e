"""Codebook vocabularies (ACLED taxonomy, actor keys, governorates, SNHR facility types).

These are the contract's closed lists; the Arabic words that map onto them live in the
lexicon files under `data/`.
"""
from __future__ import annotations

SUB_EVENT_TYPES: dict[str, str] = {
    "armed_clash": "battles",
    "government_regains_territory": "battles",
    "non_state_actor_overtakes_territory": "battles",
    "air_drone_strike": "explosions_remote_violence",
    "shelling_artillery_missile_attack": "explosions_remote_violence",
    "remote_explosive_landmine_ied": "explosions_remote_violence",
    "suicide_bomb": "explosions_remote_violence",
    "chemical_weapon": "explosions_remote_violence",
    "grenade": "explosions_remote_violence",
    "attack": "violence_against_civilians",
    "abduction_forced_disappearance": "violence_against_civilians",
    "sexual_violence": "violence_against_civilians",
    "peaceful_protest": "protests",
    "protest_with_intervention": "protests",
    "excessive_force_against_protesters": "protests",
    "violent_demonstration": "riots",
    "mob_violence": "riots",
    "arrests": "strategic_developments",
    "agreement": "strategic_developments",
    "non_violent_transfer_of_territory": "strategic_developments",
    "looting_property_destruction": "strategic_developments",
    "headquarters_or_base_established": "strategic_developments",
    "change_to_group_activity": "strategic_developments",
    "disrupted_weapons_use": "strategic_developments",
    "other": "strategic_developments",
}
EVENT_TYPES = sorted(set(SUB_EVENT_TYPES.values()))

# ACLED's disorder types, for the ACLED export.
DISORDER_TYPE = {
    "battles": "Political violence",
    "explosions_remote_violence": "Political violence",
    "violence_against_civilians": "Political violence",
    "riots": "Demonstrations",
    "protests": "Demonstrations",
    "strategic_developments": "Strategic developments",
}

ACTOR_KEYS = [
    "government", "pro_government_militias", "russia", "iran", "isis", "hts", "opposition",
    "sdf", "coalition", "turkey", "israel", "iraq", "transitional_government", "unknown",
    "civilians", "protesters",
]
# Sides that count as the government when they gain territory (codebook §3).
GOVERNMENT_SIDE = {"government", "transitional_government"}

ADMIN1: dict[str, tuple[str, str]] = {
    "SY-DI": ("Damascus", "دمشق"),
    "SY-RD": ("Rif Dimashq", "ريف دمشق"),
    "SY-HL": ("Aleppo", "حلب"),
    "SY-ID": ("Idlib", "إدلب"),
    "SY-HM": ("Hama", "حماة"),
    "SY-HI": ("Homs", "حمص"),
    "SY-LA": ("Latakia", "اللاذقية"),
    "SY-TA": ("Tartus", "طرطوس"),
    "SY-DR": ("Daraa", "درعا"),
    "SY-SU": ("As-Suwayda", "السويداء"),
    "SY-QU": ("Quneitra", "القنيطرة"),
    "SY-DY": ("Deir ez-Zor", "دير الزور"),
    "SY-RA": ("Raqqa", "الرقة"),
    "SY-HA": ("Hasakah", "الحسكة"),
}

FACILITY_TYPES = [
    "medical", "educational", "religious", "infrastructure", "residential", "market", "camp",
    "civil_defense", "cultural", "humanitarian", "prison", "other",
]
VICTIM_GROUPS = ["civilians", "children", "women", "combatants", "unknown"]
OUTCOMES = ["killed", "wounded", "killed_or_wounded", "captured", "executed", "missing"]
CONTROL_CHANGES = ["captured", "withdrawal", "siege_lifted", "besieged", "handover"]
DATE_PRECISIONS = ["day", "week", "month", "year", "none"]
WEAPONS = [
    "vbied", "suicide", "ied", "landmine", "sniper", "white_phosphorus", "chemical",
    "barrel_bomb", "guided_missile", "artillery", "rocket", "drone", "mortar", "cluster",
    "airstrike", "small_arms", "heavy_machine_gun", "grenade",
]
DOCUMENT_STATUSES = [
    "ok", "empty", "decode_error", "too_large", "not_arabic", "binary", "parse_error",
    "no_text_column", "read_error", "unsupported_type", "duplicate_id", "extract_error",
    "mojibake", "timeout",
]
# Statuses whose text is extracted.
EXTRACTED_STATUSES = {"ok", "duplicate_id"}
