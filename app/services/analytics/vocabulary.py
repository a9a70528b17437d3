"""Event types and participant roles with their labels, CAMEO codes and Goldstein scores.

Goldstein scores are data, not code: app/data/goldstein.csv (the GDELT Project's CAMEO mapping of
Goldstein 1992; app/data/README.md names the source).
"""

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

CAMEO_ROOTS = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation",
    "07": "Provide aid", "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove",
    "12": "Reject", "13": "Threaten", "14": "Protest", "15": "Exhibit military posture",
    "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
    "20": "Use unconventional mass violence",
}


@cache
def goldstein_table() -> dict[str, float]:
    with files("app.data").joinpath("goldstein.csv").open(encoding="utf-8") as data:
        return {row["cameo_code"]: float(row["goldstein"]) for row in csv.DictReader(data)}


def goldstein(cameo_code: str | None) -> float | None:
    """The Goldstein score of a CAMEO code; None when there is no code or the table lacks it."""
    return goldstein_table().get(cameo_code) if cameo_code else None


@dataclass(frozen=True)
class Term:
    value: str
    label_uk: str
    label_en: str
    cameo_code: str | None = None  # the CAMEO code the value usually corresponds to

    def public(self) -> dict:
        root = self.cameo_code[:2] if self.cameo_code else None
        return {
            "value": self.value, "label_uk": self.label_uk, "label_en": self.label_en,
            "cameo_code": self.cameo_code, "cameo_root": root,
            "cameo_root_label": CAMEO_ROOTS.get(root) if root else None,
            "goldstein": goldstein(self.cameo_code),
        }


# A type without a code has no single CAMEO counterpart (an election is not an interaction;
# diplomatic relations may be established, 05, or cut, 16): each event's own cameo_code decides.
EVENT_TYPE_TERMS = (
    Term("meeting", "зустріч", "meeting", "040"),
    Term("visit", "візит", "visit", "042"),
    Term("negotiation", "переговори", "negotiation", "046"),
    Term("statement", "заява", "statement", "010"),
    Term("election", "вибори", "election"),
    Term("protest", "протест", "protest", "140"),
    Term("sanction", "санкції", "sanction", "163"),
    Term("diplomatic_relations", "дипломатичні відносини", "diplomatic relations"),
    Term("agreement", "угода", "agreement", "057"),
    Term("prisoner_release", "звільнення полонених", "prisoner release", "0841"),
    Term("military_support", "військова підтримка", "military support", "072"),
    Term("other", "інше", "other"),
)

ROLE_TERMS = (
    Term("host", "приймаюча сторона", "host", "043"),
    Term("guest", "гість", "guest", "042"),
    Term("envoy", "посланець", "envoy"),
    Term("mediator", "посередник", "mediator", "045"),
    Term("participant", "учасник", "participant"),
    Term("subject", "сторона, якої це стосується", "subject"),
)

EVENT_TYPE_LABELS = {t.value: t for t in EVENT_TYPE_TERMS}


def event_types() -> list[dict]:
    return [t.public() for t in EVENT_TYPE_TERMS]


def roles() -> list[dict]:
    return [t.public() for t in ROLE_TERMS]
