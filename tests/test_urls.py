"""The URL services of xslt/core/urls.xsl answer as their regular-expression definitions do.

urls.xsl answers most URLs with plain string tests (a regular expression costs Saxon microseconds
and every link of a document passes through it). The definitions those tests stand for are written
out below with regular expressions only; for any string, hostile ones included, both must give the
same answer, character for character.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.project import PACKAGE_XSLT_DIR
from teitools import checking_stylesheet, compiled_stylesheet

#: The services by their definitions: what urls.xsl computed before it had plain-test shortcuts.
DEFINITIONS = r"""
  <xsl:function name="def:safe-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" as="xs:string" select="replace(string($url), '[\s\p{Cc}]', '')"/>
    <xsl:variable name="slashed" as="xs:string" select="translate($u, '\', '/')"/>
    <xsl:sequence select="
      if ($u = '') then ''
      else if (starts-with($u, '#')) then $u
      else if (matches($slashed, '^https?://[^/]', 'i')) then def:escape-url($slashed)
      else if (starts-with($slashed, '//')) then ''
      else if (matches($slashed, '^[^/?#]*:')) then ''
      else def:escape-url($slashed)"/>
  </xsl:function>
  <xsl:function name="def:escape-url" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="host" as="xs:string" select="if (matches($url, '^https?://', 'i'))
      then replace($url, '^(https?://[^/?#]*).*$', '$1', 'is') else ''"/>
    <xsl:variable name="rest" as="xs:string" select="iri-to-uri(substring($url, string-length($host) + 1))"/>
    <xsl:sequence select="$host || (if (contains($rest, '[') or contains($rest, ']'))
      then replace($rest, '\[', '%5B') => replace('\]', '%5D') else $rest)"/>
  </xsl:function>
  <xsl:function name="def:web-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" as="xs:string" select="if (contains($url, ':')) then def:safe-url($url) else ''"/>
    <xsl:sequence select="if (matches($u, '^https?://', 'i')) then $u else ''"/>
  </xsl:function>
"""

CHECK = checking_stylesheet(PACKAGE_XSLT_DIR / "core" / "urls.xsl", f"""
  <xsl:param name="urls" as="array(xs:string)"/>
  {DEFINITIONS}
  <xsl:template name="xsl:initial-template">
    <xsl:for-each select="$urls?*">
      <xsl:variable name="pairs" select="(ed:safe-url(.), def:safe-url(.), ed:web-url(.), def:web-url(.),
        ed:escape-url(.), def:escape-url(.), string(ed:has-web-scheme(.)), string(matches(., '^https?://', 'i')))"/>
      <xsl:if test="some $i in (1, 3, 5, 7) satisfies $pairs[$i] ne $pairs[$i + 1]">
        <xsl:value-of select="'MISMATCH ' || string-to-codepoints(.) => string-join(' ') || ': '
          || string-join($pairs, ' | ') || '&#10;'"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>
""")


def mismatches(urls: list[str]) -> str:
    processor, executable = compiled_stylesheet(CHECK)
    executable.set_parameter("urls", _array(processor, urls))
    return executable.call_template_returning_string() or ""


def _array(processor, urls: list[str]):
    return processor.make_array([processor.make_string_value(url) for url in urls])


#: Characters that matter to a URL's reading: scheme letters in both cases, letters whose case
#: mapping reaches them (long s, Kelvin sign), separators, whitespace and control characters, the
#: punctuation iri-to-uri keeps (a plain URL's, ed:is-plain-web-url) and some it escapes.
ALPHABET = ("hHtTpPsSkK\u017f\u212a:/\\?#[]%. -_aé\t\n\r\x01\x1f\x7f\x85\x9f\u00a0\u2028jJvVxX0123"
            "~@!$&'()*+,;=\"<>{}|^`")
PREFIXES = ["", "http://", "https://", "HTTP://", "Https://", "http:/", "https:", "//", "/\\", "#",
            "javascript:", " java\tscript:", "\x7fhttps://", "httpſ://", "mailto:"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PREFIXES), st.text(alphabet=ALPHABET, max_size=24)),
                min_size=1, max_size=40))
def test_url_services_answer_as_their_definitions(parts):
    urls = [prefix + rest for prefix, rest in parts]
    assert mismatches(urls) == ""


def test_the_check_finds_a_difference():
    """The comparison itself can fail: a string on which ed:safe-url and def:web-url differ is reported
    when the two are compared (a check that can never mismatch would prove nothing)."""
    processor, _ = compiled_stylesheet(CHECK)
    executable = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_text=CHECK.replace("(ed:safe-url(.), def:safe-url(.)", "(ed:safe-url(.), def:web-url(.)"))
    executable.set_parameter("urls", _array(processor, ["page.html"]))
    assert "MISMATCH" in (executable.call_template_returning_string() or "")


def test_known_urls():
    assert mismatches(["https://example.org/a[1]?q#f", "HTTPS://Example.org", "http://", "https:///x",
                       "page.html#x", "javascript:alert(1)", " java\tscript:x", "//evil.example",
                       "/\\evil.example", "f.xml#string-range(//tei:div[@xml:id='x'],0,5)",
                       "httpſ://x", "ftp://x", "urn:x", "https://ex.org?x", "https://ex.org#y",
                       "java\x01script:x", "\x1fhttps://x", "HTTP://A/B?C"]) == ""
