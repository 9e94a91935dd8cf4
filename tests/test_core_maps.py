"""The core's two maps agree: what an element's content is (mode ed:content) is said for the very
patterns, at the very priorities, that say which behaviour the element is (mode ed:render)."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from teitools import pattern_branches, xslt_static_strings

CORE = Path(__file__).resolve().parent.parent / "xslt" / "core"
XSL = "{http://www.w3.org/1999/XSL/Transform}"


def _pattern(template, statics: dict[str, str]) -> str:
    """A template's match pattern, the static variables it names resolved where they are strings
    written out (the others, such as the tests of facts.xsl that depend on static parameters, left
    as written)."""
    return template.get("match") or re.sub(
        r"\{\$([^}]+)\}", lambda m: statics.get(m.group(1), m.group(0)), template.get("_match") or "")


def _templates(mode: str) -> list[tuple[str, str, str]]:
    """(file, alternative, priority) of every core template of a mode (its pattern: _pattern)."""
    trees = {path.name: etree.parse(str(path)) for path in sorted(CORE.glob("*.xsl"))}
    statics = xslt_static_strings(trees.values())
    found = []
    for name, tree in trees.items():
        for template in tree.iter(f"{XSL}template"):
            if template.get("mode") != mode:
                continue
            pattern = _pattern(template, statics)
            for branch in pattern_branches(pattern):
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
    assert pattern_branches("tei:a[b | c] | tei:d[f(g | h)] |\n   tei:e") == ["tei:a[b | c]", "tei:d[f(g | h)]", "tei:e"]
    rendered = {(b, p) for _, b, p in _templates("ed:render")}
    assert ("tei:castItem[normalize-space()]", "1") in rendered
    assert ("tei:castItem[normalize-space()]", "") not in rendered


#: The most a template rule whose pattern is a union may weigh: its alternatives times the length of
#: its body (characters, comments left out, white space collapsed), what Saxon compiles for it. XSLT
#: makes such a rule (with no priority written out) one rule per alternative, and Saxon compiles the
#: body once for each of them: the phrases' rule, 85 alternatives of a 491-character body (41,735),
#: was 14% of the text stylesheet's compilation. Above this the body goes to a named template the
#: rule calls. The heaviest left: the content of paragraphs, 20 alternatives of 608 characters
#: (12,160; 9 M instructions to compile, and called it would be one call more a paragraph).
UNION_RULE_BUDGET = 15000
XSLT = CORE.parent


def _union_rule_weights(root: Path) -> list[tuple[int, str, int]]:
    """(weight, file, line) of every template rule without a priority whose pattern is a union."""
    found = []
    trees = {path: etree.parse(str(path)) for path in sorted(root.glob("*/*.xsl"))}
    statics = xslt_static_strings(trees.values())
    for path, tree in trees.items():
        for template in tree.iter(f"{XSL}template"):
            pattern = _pattern(template, statics)
            if not pattern or template.get("priority"):
                continue
            alternatives = len(pattern_branches(pattern))
            if alternatives > 1:
                body = "".join(etree.tostring(child, encoding=str, with_tail=False) for child in template)
                body = " ".join(re.sub(r'<!--.*?-->|\s+xmlns(:\w+)?="[^"]*"', "", body, flags=re.S).split())
                found.append((alternatives * len(body), f"{path.parent.name}/{path.name}", template.sourceline))
    return found


def test_no_union_rule_has_its_body_compiled_once_per_alternative_past_the_budget():
    weights = _union_rule_weights(XSLT)
    assert len(weights) > 20  # the phrases, the names, the blocks... each found
    assert [w for w in weights if w[0] > UNION_RULE_BUDGET] == []


def test_the_budget_check_weighs_a_union_rule_by_its_alternatives_and_body(tmp_path):
    """The check itself: a rule of many alternatives with a long body is told; with a priority, or
    calling a named template, it is not."""
    (tmp_path / "out").mkdir()
    alternatives = " | ".join(f"tei:e{i}" for i in range(100))
    body = '<xsl:value-of select="string-join((local-name(), @type ! tokenize(.), @rend), \' \')"/>' * 2
    (tmp_path / "out" / "rules.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:tei="http://www.tei-c.org/ns/1.0">'
        f'<xsl:variable name="names" static="yes" select="\'{alternatives}\'"/>'
        f'<xsl:template match="{alternatives}">{body}</xsl:template>'
        f'<xsl:template _match="{{$names}}" mode="m">{body}</xsl:template>'
        f'<xsl:template match="{alternatives}" mode="n" priority="0">{body}</xsl:template>'
        f'<xsl:template match="{alternatives}" mode="o"><xsl:call-template name="made"/></xsl:template>'
        f'<xsl:template name="made">{body}</xsl:template></xsl:stylesheet>', encoding="utf-8")
    heavy = [(line, weight > UNION_RULE_BUDGET) for weight, _, line in _union_rule_weights(tmp_path)]
    assert heavy == [(1, True), (1, True), (1, False)]
