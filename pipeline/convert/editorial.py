"""The editor's decisions, read from ``tei/editorial.toml``: corrections, expansions, foreign words.

Keeping them as data (not code) lets an editor add, drop or change an intervention and reconvert.
Each rule names the text it applies to, optionally a longer ``context`` that must surround it
(so "Ger." can expand to "German" in "Ger. Communists" and to "Germany" in "in Ger."), and
optionally the ``document`` (source stem) it is limited to. The file format::

    [edition]                      # who is responsible, rights, project description
    editor = "…"
    [languages]                    # names of the language tags used below
    "ru-Latn" = "Russian, transliterated into the Latin alphabet"
    [documents.<stem>]             # per-document header additions: abstract, keywords, main_title,
                                   # translated_from (the language tag of the original)
    [[correction]]  sic, corr, reason, context?, cert?, document?
    [[abbreviation]] abbr, expan, context?, document?
    [[foreign]]     text, lang, context?, document?
    [[date]]        text, when | notBefore+notAfter | from+to, cert?, reason?, context?, document?
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditionError
from ..files import read_input
from . import vocabulary

RULE_TABLES = ("correction", "abbreviation", "foreign", "date")
_DATE_KEYS = ("when", "notBefore", "notAfter", "from", "to")
# The closed lists come from the edition schema, so an accepted value is one the schema accepts.
_CERT = vocabulary.values("certainty")
_AVAILABILITY = vocabulary.values("availabilityStatus")
# BCP 47 as TEI's data.language needs it (a pragmatic subset: language, script, region, variants)
_LANG_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-[A-Za-z0-9]{5,8})*$")


@dataclass(frozen=True)
class Rule:
    """One intervention: ``kind`` is correction|abbreviation|foreign|date."""

    kind: str
    text: str
    replacement: str = ""
    context: str = ""
    reason: str = ""
    cert: str = ""
    lang: str = ""
    date: tuple[tuple[str, str], ...] = ()
    document: str = ""
    line: int | None = None  # where the rule starts in editorial.toml, for messages

    def applies_to(self, stem: str) -> bool:
        """Whether this rule is meant for the document with this source stem."""
        return not self.document or self.document == stem


@dataclass
class Editorial:
    """Everything editorial.toml says, with the file it came from (for messages)."""

    rules: list[Rule] = field(default_factory=list)
    edition: dict = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)
    file: str = "editorial.toml"

    def for_document(self, stem: str) -> list[Rule]:
        """The rules that apply to one document."""
        return [rule for rule in self.rules if rule.applies_to(stem)]

    def document_info(self, stem: str) -> dict:
        """The ``[documents.<stem>]`` table (abstract, keywords), or an empty one."""
        return self.documents.get(stem, {})


def _table_lines(text: str, table: str) -> list[int]:
    """Line numbers of each ``[[table]]`` header, in order (tomllib does not report positions)."""
    pattern = re.compile(r"^[ \t]*\[\[[ \t]*" + re.escape(table) + r"[ \t]*\]\]", re.M)
    return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]


def _require(entry: dict, key: str, table: str, file: str, line: int | None) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise EditionError(f"[[{table}]] needs a non-empty text value '{key}'", file, line,
                           rule="editorial-format")
    return value


def _rule(table: str, entry: dict, file: str, line: int | None) -> Rule:
    if not isinstance(entry, dict):
        raise EditionError(f"[[{table}]] must be a table", file, line, rule="editorial-format")
    context = entry.get("context", "")
    document = entry.get("document", "")
    cert = entry.get("cert", "")
    if cert and cert not in _CERT:
        raise EditionError(f"cert must be one of {', '.join(_CERT)}, not {cert!r}", file, line,
                           rule="editorial-format")
    if table == "correction":
        text = _require(entry, "sic", table, file, line)
        replacement = entry.get("corr")
        if not isinstance(replacement, str):
            raise EditionError("[[correction]] needs 'corr' (may be empty to delete)", file, line,
                               rule="editorial-format")
        rule = Rule("correction", text, replacement, context, entry.get("reason", ""), cert,
                    document=document, line=line)
    elif table == "abbreviation":
        rule = Rule("abbreviation", _require(entry, "abbr", table, file, line),
                    _require(entry, "expan", table, file, line), context, document=document, line=line)
    elif table == "foreign":
        lang = _require(entry, "lang", table, file, line)
        if not _LANG_TAG.match(lang):
            raise EditionError(f"'{lang}' is not a language tag like 'fr' or 'ru-Latn'", file, line,
                               rule="editorial-format")
        rule = Rule("foreign", _require(entry, "text", table, file, line), context=context,
                    lang=lang, document=document, line=line)
    else:
        attrs = tuple((key, str(entry[key])) for key in _DATE_KEYS if key in entry)
        if not attrs:
            raise EditionError("[[date]] needs when, or notBefore/notAfter, or from/to", file, line,
                               rule="editorial-format")
        rule = Rule("date", _require(entry, "text", table, file, line), context=context,
                    reason=entry.get("reason", ""), cert=cert, date=attrs, document=document, line=line)
    if rule.context and rule.text not in rule.context:
        raise EditionError(f"the context {rule.context!r} does not contain {rule.text!r}", file, line,
                           rule="editorial-format")
    return rule


def parse_editorial(text: str, file: str | Path = "editorial.toml") -> Editorial:
    """Read editorial.toml text; raise :class:`EditionError` with the line on any mistake."""
    file = str(file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, column = (int(where.group(1)), int(where.group(2))) if where else (None, None)
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise EditionError(f"not valid TOML: {message}", file, line, column, rule="editorial-format") from None
    rules: list[Rule] = []
    for table in RULE_TABLES:
        entries = data.get(table, [])
        if not isinstance(entries, list):
            raise EditionError(f"'{table}' must be an array of tables ([[{table}]])", file,
                               rule="editorial-format")
        lines = _table_lines(text, table)
        for index, entry in enumerate(entries):
            rules.append(_rule(table, entry, file, lines[index] if index < len(lines) else None))
    edition = dict(data.get("edition", {}))
    status = edition.get("availability_status")
    if status is not None and status not in _AVAILABILITY:
        line = next((text.count("\n", 0, m.start()) + 1
                     for m in re.finditer(r"^[ \t]*availability_status\b", text, re.M)), None)
        raise EditionError(f"availability_status must be one of {', '.join(_AVAILABILITY)}, not {status!r}",
                           file, line, rule="editorial-format")
    return Editorial(rules, edition, dict(data.get("languages", {})),
                     dict(data.get("documents", {})), file)


def load_editorial(path: Path | None) -> Editorial:
    """Read editorial.toml from ``path``; an absent file means no interventions."""
    if path is None or not Path(path).exists():
        return Editorial()
    try:
        text = read_input(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditionError(f"not UTF-8 text: {exc.reason}", path, rule="editorial-format") from None
    return parse_editorial(text, path)
