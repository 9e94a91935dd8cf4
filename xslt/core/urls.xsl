<?xml version="1.0" encoding="UTF-8"?>
<!-- URLs from the TEI are untrusted: a javascript:, data: or vbscript: target must never reach a page. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The URL if it is http(s), a fragment (#id) or a relative path; otherwise ''.
       Control characters and whitespace are removed first because browsers ignore them inside a
       scheme ("java&#9;script:"), and a relative URL may not contain a colon before its first
       slash (that would be a scheme). Backslashes become slashes, as a browser's URL parser makes
       them in http(s) and relative URLs ("/\evil.example" is "//evil.example"); protocol-relative
       "//host" is then refused: it is external but hides its scheme. -->
  <xsl:function name="ed:safe-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" as="xs:string" select="replace(string($url), '[\s\p{Cc}]', '')"/>
    <xsl:variable name="slashed" as="xs:string" select="translate($u, '\', '/')"/>
    <xsl:sequence select="
      if ($u = '') then ''
      else if (starts-with($u, '#')) then $u
      else if (matches($slashed, '^https?://[^/]', 'i')) then ed:escape-url($slashed)
      else if (starts-with($slashed, '//')) then ''
      else if (matches($slashed, '^[^/?#]*:')) then ''
      else ed:escape-url($slashed)"/>
  </xsl:function>

  <!-- Characters a URL may not hold escaped after its host: pointers such as
       "f.xml#string-range(//tei:div[@xml:id='x'],0,5)" carry brackets, which HTML rejects. -->
  <xsl:function name="ed:escape-url" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="host" as="xs:string" select="if (matches($url, '^https?://', 'i'))
      then replace($url, '^(https?://[^/?#]*).*$', '$1', 'is') else ''"/>
    <xsl:variable name="rest" as="xs:string" select="iri-to-uri(substring($url, string-length($host) + 1))"/>
    <xsl:sequence select="$host || (if (contains($rest, '[') or contains($rest, ']'))
      then replace($rest, '\[', '%5B') => replace('\]', '%5D') else $rest)"/>
  </xsl:function>

  <!-- Only absolute web URLs: for authority records and external links shown as such. -->
  <xsl:function name="ed:web-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <!-- Without a colon it cannot be one (a register key such as "pmb1234", the commonest case). -->
    <xsl:variable name="u" as="xs:string" select="if (contains($url, ':')) then ed:safe-url($url) else ''"/>
    <xsl:sequence select="if (matches($u, '^https?://', 'i')) then $u else ''"/>
  </xsl:function>

</xsl:stylesheet>
