"""The closed lists of values the converter writes, read from the edition schema itself.

The edition schema (``schema/tei-edition.xsd``) names each closed list as a simple type
(``divisionType``, ``notePlace``, ``certainty`` …). The converter takes every such value through
:func:`term`, which fails at import time when the schema does not list it: a converter and a schema
that disagree cannot both ship, so a converted text is never refused by its own schema for a value
the converter chose. Values an editor supplies (a certainty, an availability status in
editorial.toml) are checked against the same lists with :func:`values`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..project import DEFAULT_SCHEMA
from ..xmlio import parse_file

_XS = "{http://www.w3.org/2001/XMLSchema}"


@lru_cache(maxsize=None)
def _closed_types(schema: Path) -> dict[str, tuple[str, ...]]:
    tree = parse_file(schema)
    found: dict[str, tuple[str, ...]] = {}
    for simple in tree.getroot().iter(f"{_XS}simpleType"):
        name = simple.get("name")
        enumeration = simple.findall(f"{_XS}restriction/{_XS}enumeration")
        if name and enumeration:
            found[name] = tuple(item.get("value") for item in enumeration)
    return found


def values(type_name: str, schema: Path = DEFAULT_SCHEMA) -> tuple[str, ...]:
    """The values the schema's simple type ``type_name`` allows, in schema order."""
    types = _closed_types(Path(schema))
    if type_name not in types:
        raise LookupError(f"{schema} declares no closed simple type {type_name!r}")
    return types[type_name]


def term(type_name: str, value: str) -> str:
    """``value``, after checking that the edition schema's ``type_name`` allows it."""
    allowed = values(type_name)
    if value not in allowed:
        raise LookupError(f"the converter writes {value!r}, which the edition schema's {type_name} "
                          f"does not allow ({', '.join(allowed)}): add it to {DEFAULT_SCHEMA.name}")
    return value


# Every closed value the converter writes, each checked once against the schema.
DIV_SECTION = term("divisionType", "section")
DIV_ENTRY = term("divisionType", "entry")
DIV_INTRODUCTION = term("divisionType", "introduction")
DIV_NOTES = term("divisionType", "notes")
DIV_COLOPHON = term("divisionType", "colophon")
NOTE_FOOT = term("notePlace", "foot")
NOTE_END = term("notePlace", "end")
LEVEL_ARTICLE = term("titleLevel", "a")
LEVEL_JOURNAL = term("titleLevel", "j")
MARKS_ALL = term("quotationMarks", "all")
AVAILABILITY_UNKNOWN = term("availabilityStatus", "unknown")
