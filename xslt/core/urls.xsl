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
       "//host" is then refused: it is external but hides its scheme. Every link, pointer and
       authority of a document passes through here: a plain web URL is answered at once
       (ed:is-plain-web-url), anything else step by step (ed:checked-url). -->
  <xsl:function name="ed:safe-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="if (ed:is-plain-web-url($url)) then $url else ed:checked-url($url)"/>
  </xsl:function>

  <!-- Whether $url is an http(s) URL, scheme in small letters, with a host, that every step of
       ed:safe-url would leave as it is: nothing but letters, digits and the ASCII punctuation
       iri-to-uri keeps (no space, control, backslash, bracket, quote mark, angle bracket, brace or
       non-ASCII character). Most links and authority records are such URLs, and one character class
       answers them (the steps of ed:checked-url cost Saxon several times as much). -->
  <xsl:function name="ed:is-plain-web-url" as="xs:boolean">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="host" as="xs:string?" select="ed:after-web-scheme(string($url))"/>
    <!-- No character outside the class, rather than the whole string in it ('^[...]*$'): Saxon
         answers the search a third faster (663 URLs: 13,600 against 19,500 instructions each). -->
    <xsl:sequence select="exists($host) and $host ne '' and not(starts-with($host, '/'))
      and not(matches($url, '[^A-Za-z0-9\-._~:/?#@!$&amp;''()*+,;=%]'))"/>
  </xsl:function>

  <!-- ed:safe-url step by step. The scheme is read without a regular expression where a plain
       test answers (a URL without a colon has none; one that starts "http://" or "https://" is
       read by its characters): those expressions cost Saxon more than the rest of the function. -->
  <xsl:function name="ed:checked-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" as="xs:string" select="replace(string($url), '[\s\p{Cc}]', '')"/>
    <xsl:variable name="slashed" as="xs:string" select="translate($u, '\', '/')"/>
    <xsl:sequence select="
      if ($u = '') then ''
      else if (starts-with($u, '#')) then $u
      else if (not(contains($slashed, ':'))) then (if (starts-with($slashed, '//')) then '' else ed:escape-url($slashed))
      else if (ed:is-web-url($slashed)) then ed:escape-url($slashed)
      else if (starts-with($slashed, '//')) then ''
      else if (matches($slashed, '^[^/?#]*:')) then ''
      else ed:escape-url($slashed)"/>
  </xsl:function>

  <!-- Whether $url starts "http://" or "https://" (any case) and a host, as '^https?://[^/]' with
       flag i matches it. -->
  <xsl:function name="ed:is-web-url" as="xs:boolean">
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="host" as="xs:string?" select="ed:after-web-scheme($url)"/>
    <xsl:sequence select="if (exists($host)) then ($host ne '' and not(starts-with($host, '/')))
      else matches($url, '^https?://[^/]', 'i')"/>
  </xsl:function>

  <!-- Whether $url starts "http://" or "https://", in any case ('^https?://' with flag i). -->
  <xsl:function name="ed:has-web-scheme" as="xs:boolean">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:sequence select="exists(ed:after-web-scheme(string($url))) or (contains($url, ':') and matches($url, '^https?://', 'i'))"/>
  </xsl:function>

  <!-- What follows "http://" or "https://" written in small letters, or () when $url does not start
       so (it may still start "HTTP://": the callers then ask the regular expression). -->
  <xsl:function name="ed:after-web-scheme" as="xs:string?">
    <xsl:param name="url" as="xs:string"/>
    <xsl:sequence select="if (starts-with($url, 'https://')) then substring($url, 9)
      else if (starts-with($url, 'http://')) then substring($url, 8) else ()"/>
  </xsl:function>

  <!-- Characters a URL may not hold escaped after its host: pointers such as
       "f.xml#string-range(//tei:div[@xml:id='x'],0,5)" carry brackets, which HTML rejects. -->
  <xsl:function name="ed:escape-url" as="xs:string">
    <xsl:param name="url" as="xs:string"/>
    <!-- The scheme and host: up to the first '/', '?' or '#' after "://". -->
    <xsl:variable name="after" as="xs:string?" select="ed:after-web-scheme($url)"/>
    <xsl:variable name="host" as="xs:string" select="
      if (exists($after)) then substring($url, 1, string-length($url) - string-length($after)
        + string-length(let $marked := translate($after, '?#', '//') return
          if (contains($marked, '/')) then substring-before($marked, '/') else $marked))
      else if (contains($url, ':') and matches($url, '^https?://', 'i')) then replace($url, '^(https?://[^/?#]*).*$', '$1', 'is')
      else ''"/>
    <xsl:variable name="rest" as="xs:string" select="iri-to-uri(substring($url, string-length($host) + 1))"/>
    <xsl:sequence select="$host || (if (contains($rest, '[') or contains($rest, ']'))
      then replace($rest, '\[', '%5B') => replace('\]', '%5D') else $rest)"/>
  </xsl:function>

  <!-- Only absolute web URLs: for authority records and external links shown as such. -->
  <xsl:function name="ed:web-url" as="xs:string">
    <xsl:param name="url" as="xs:string?"/>
    <!-- Without a colon it cannot be one (a register key such as "pmb1234", the commonest case). -->
    <xsl:sequence select="if (ed:is-plain-web-url($url)) then $url
      else let $u := if (contains($url, ':')) then ed:checked-url($url) else '' return
        if (ed:has-web-scheme($u)) then $u else ''"/>
  </xsl:function>

</xsl:stylesheet>
