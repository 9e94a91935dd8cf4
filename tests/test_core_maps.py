"""The core's two maps agree: what an element's content is (mode ed:content) is said for the very
patterns, at the very priorities, that say which behaviour the element is (mode ed:render)."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

CORE = Path(__file__).resolve().parent.parent / "xslt" / "core"
XSL = "{http://www.w3.org/1999/XSL/Transform}"


def _branches(pattern: str) -> list[str]:
    """A pattern's alternatives (split at the unions outside predicates and calls), spaces normalised."""
    branches, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        depth += char in "[(" or -(char in "])")
        if char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
    branches.append(pattern[start:])
    return [" ".join(b.split()) for b in branches]


def _templates(mode: str) -> list[tuple[str, str, str]]:
    """(file, alternative, priority) of every core template of a mode, the static variables its
    pattern names resolved where they are strings written out (the others, such as the tests of
    facts.xsl that depend on static parameters, left as written)."""
    trees = {path.name: etree.parse(str(path)) for path in sorted(CORE.glob("*.xsl"))}
    literals = {v.get("name"): re.fullmatch(r"'(.*)'", v.get("select"), re.S)
                for tree in trees.values() for v in tree.iter(f"{XSL}variable") if v.get("static") == "yes"}
    statics = {name: literal.group(1) for name, literal in literals.items() if literal}
    found = []
    for name, tree in trees.items():
        for template in tree.iter(f"{XSL}template"):
            if template.get("mode") != mode:
                continue
            pattern = template.get("match") or re.sub(
                r"\{\$([^}]+)\}", lambda m: statics.get(m.group(1), m.group(0)), template.get("_match") or "")
            for branch in _branches(pattern):
                found.append((name, branch, template.get("priority", "")))
    return found


def test_every_content_rule_is_said_of_a_pattern_the_render_map_uses_at_its_priority():
    rendered = {(branch, priority) for _, branch, priority in _templates("ed:render")}
    content = [t for t in _templates("ed:content") if t[1] != "*"]
    assert len(content) > 50  # the phrases, the names, the paragraphs... each an alternative
    strays = [t for t in content if (t[1], t[2]) not in rendered]
    assert strays == []


def test_the_check_sees_a_content_rule_that_strays_from_the_render_map():
    """The check itself: a pattern split at its unions only, and a priority that differs, are told."""
    assert _branches("tei:a[b | c] | tei:d[f(g | h)] |\n   tei:e") == ["tei:a[b | c]", "tei:d[f(g | h)]", "tei:e"]
    rendered = {(b, p) for _, b, p in _templates("ed:render")}
    assert ("tei:castItem[normalize-space()]", "1") in rendered
    assert ("tei:castItem[normalize-space()]", "") not in rendered
