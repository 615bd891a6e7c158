"""Opening hours: when a building of each kind takes visitors (its staff keep their own shift hours).

Homes, apartments and parks are always open; a kind not listed here is open all day.
"""

from __future__ import annotations

#: Building type -> (opens, closes) in minutes after midnight.
OPENING: dict[str, tuple[int, int]] = {
    "cafe": (6 * 60 + 30, 21 * 60),
    "restaurant": (11 * 60, 23 * 60),
    "store": (8 * 60, 20 * 60),
    "gym": (6 * 60, 22 * 60),
    "library": (9 * 60, 20 * 60),
    "school": (8 * 60, 17 * 60),
    "office": (8 * 60, 19 * 60),
}


def is_open(building_type: str | None, minute: int) -> bool:
    """Whether a building of this kind takes visitors at this minute of the day."""
    hours = OPENING.get(building_type or "")
    return hours is None or hours[0] <= minute % 1440 < hours[1]


def closes(building_type: str | None, minute: int) -> int | None:
    """The minute a building that is open at ``minute`` closes, or None if it stays open all day."""
    hours = OPENING.get(building_type or "")
    if hours is None or not is_open(building_type, minute):
        return None
    return hours[1]


def hours_text(building_type: str | None) -> str:
    """'06:30-21:00', or 'always open'."""
    hours = OPENING.get(building_type or "")
    if hours is None:
        return "always open"
    return "-".join(f"{m // 60:02d}:{m % 60:02d}" for m in hours)
