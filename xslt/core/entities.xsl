<?xml version="1.0" encoding="UTF-8"?>
<!-- Names and their register entries. A name points (@ref="#id", also @key/@corresp/@sameAs) at a
     person/place/org entry in the SAME document's standOff (the edition embeds copies of the register
     entries it uses), so lookups never read other files. A name pointing outside the document is
     rendered with its web authority link, if it has a safe one, or as plain text. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="ed:entity-by-id" match="tei:person | tei:personGrp | tei:place | tei:org | tei:event"
      use="string(@xml:id)"/>

  <!-- Names in the text (not in the header, not inside register entries) by the ids they point to. -->
  <xsl:key name="ed:mentions-by-id"
      match="(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)[ancestor::tei:text]"
      use="ed:pointers(.)"/>

  <!-- The register entries of $kinds (ed:entity-kind: 'person', 'place', 'org') below $doc
       that have an id (a register, an index and a site's catalogue list them), in document order.
       From a key: a page asks for each kind several times, and a path through the four names tests
       every element against each (see ed:divisions-below). -->
  <xsl:key name="ed:register-entries" match="(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id]"
      use="ed:entity-kind(.)"/>
  <xsl:function name="ed:register-entries" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:param name="kinds" as="xs:string*"/>
    <xsl:sequence select="if (root($doc) instance of document-node()) then key('ed:register-entries', $kinds, $doc)[not(. is $doc)]
      else $doc//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id][ed:entity-kind(.) = $kinds]"/>
  </xsl:function>

  <!-- The names below $n (persName, placeName, orgName, name, rs), in document order, from a key
       (see ed:divisions-below: a path through several names costs ten times as much). -->
  <xsl:key name="ed:names" match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs" use="'name'"/>
  <xsl:function name="ed:names-below" as="element()*">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="if (root($n) instance of document-node()) then key('ed:names', 'name', $n)[not(. is $n)]
      else $n//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)"/>
  </xsl:function>

  <!-- The local ids an element points at ("#a #b" -> "a", "b"), from the pointing attributes (an
       attribute added here belongs in $ed:names-may-point-here's look too, which tests them without
       calling this for every name). -->
  <xsl:function name="ed:pointers" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="distinct-values(
      ($e/@ref, $e/@key, $e/@corresp, $e/@sameAs) ! tokenize(.)[starts-with(., '#')] ! substring(., 2))"/>
  </xsl:function>

  <!-- Whether anything may link to this name: a register's list of mentions (ed:mentions, a
       collection's record of them) reaches the names that point somewhere, and a link may reach a
       name with an xml:id. An output may leave out the id of any other name (most names of a
       register's own entries, of a text whose names point nowhere): nothing leads to it. -->
  <xsl:function name="ed:may-be-linked-to" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="exists($name/@ref) or exists($name/@key) or exists($name/@corresp) or exists($name/@sameAs)
      or exists($name/@xml:id)"/>
  </xsl:function>

  <!-- The register entry a name refers to, in the name's own document, or empty. A name without a
       local pointer (most names of projects that point at authority files, @key="pmb123",
       @ref="https://...") is answered without splitting its attributes into tokens. -->
  <xsl:function name="ed:entity" as="element()?">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="if (empty(($name/@ref, $name/@key, $name/@corresp, $name/@sameAs)[contains(., '#')])) then ()
      else (ed:pointers($name) ! key('ed:entity-by-id', ., root($name)))[1]"/>
  </xsl:function>

  <!-- A web link for a name that points outside the document (@ref="https://..."), or ''. Only a
       token with a colon can be one (ed:web-url keeps no URL without a scheme, and removes no
       colon): the tokens of most names' pointers (@key="pmb35053", @ref="#id") are not passed
       through it, which cost a register's HTML 3 microseconds a name. -->
  <xsl:function name="ed:external-ref" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="(($name/@ref, $name/@key)[contains(., ':')] ! tokenize(.)[contains(., ':')] ! ed:web-url(.)[.], '')[1]"/>
  </xsl:function>

  <!-- person | place | org | name: what kind of thing a name or an entry is (drives register pages). -->
  <xsl:function name="ed:entity-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e[self::tei:persName or self::tei:person or self::tei:personGrp]) then 'person'
      else if ($e[self::tei:placeName or self::tei:place or self::tei:geogName]) then 'place'
      else if ($e[self::tei:orgName or self::tei:org]) then 'org'
      else if ($e/@type = ('person', 'place', 'org')) then string($e/@type)
      else if (lower-case($e/@type) = ('organisation', 'organization')) then 'org'
      else if (ed:entity($e)) then ed:entity-kind(ed:entity($e))
      else 'name'"/>
  </xsl:function>

  <!-- The name an entry goes by: its first name element of @type standard/reg/main/pref, else its
       first name element. One scan of its children: a register page asks this of every entry
       several times (its sort key, its heading, the places around it). -->
  <xsl:function name="ed:entry-name" as="element()?">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="names" as="element()*" select="$entry/*[self::tei:persName or self::tei:placeName
      or self::tei:orgName or self::tei:name or self::tei:eventName or self::tei:label]"/>
    <xsl:sequence select="($names[@type = ('standard', 'reg', 'main', 'pref')], $names)[1]"/>
  </xsl:function>

  <!-- A name element as a display string: "Forename Surname", parts joined by single spaces, no space
       before a comma, full stop, semicolon or colon. After normalize-space such a space is a single
       ' ', so the regular expression (which costs Saxon more than the rest) runs only where one is.
       The punctuation alone is looked for first: a needle that starts with a space costs saxonche
       five times a single character (see ed:fo-finish), and most names hold none. -->
  <xsl:function name="ed:name-text" as="xs:string">
    <xsl:param name="n" as="element()"/>
    <xsl:variable name="text" as="xs:string" select="if ($n/*) then normalize-space(string-join($n//text(), ' ')) else normalize-space($n)"/>
    <xsl:sequence select="if ((contains($text, ',') or contains($text, '.') or contains($text, ';') or contains($text, ':'))
      and (contains($text, ' ,') or contains($text, ' .') or contains($text, ' ;') or contains($text, ' :')))
      then replace($text, '\s+([,.;:])', '$1') else $text"/>
  </xsl:function>

  <!-- The label of a register entry (its standard name), or its id when it has no name. -->
  <xsl:function name="ed:entity-label" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="ed:entry-label($entry, ed:entry-name($entry))"/>
  </xsl:function>

  <!-- ed:entity-label for a caller that has the entry's name (ed:entry-name) already. -->
  <xsl:function name="ed:entry-label" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:param name="name" as="element()?"/>
    <xsl:variable name="text" as="xs:string?" select="$name ! ed:name-text(.)"/>
    <xsl:sequence select="if ($text) then $text else string($entry/@xml:id)"/>
  </xsl:function>

  <!-- Alphabetical key, surname first as in a printed index: the surname element when the name is
       structured, else (persons only) the last word of the name, "Henk Sneevliet" -> "sneevliet henk". -->
  <xsl:function name="ed:entity-sort" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="first" as="element()?" select="ed:entry-name($entry)"/>
    <xsl:variable name="label" as="xs:string" select="ed:entry-label($entry, $first)"/>
    <xsl:variable name="words" as="xs:string*" select="tokenize(if (contains($label, '(')) then replace($label, '\(.*?\)', '') else $label)"/>
    <xsl:sequence select="lower-case(normalize-space(
      if ($first/tei:surname) then string-join(($first/tei:surname, $first/tei:forename), ' ')
      else if (ed:entity-kind($entry) = 'person' and count($words) gt 1) then string-join(($words[last()], $words[position() lt last()]), ' ')
      else $label))"/>
  </xsl:function>

  <!-- How a printed index heads an entry: a person "Surname, Forename" (from surname/forename, else
       the last word of the name, as ed:entity-sort orders them), anything else by its label. -->
  <xsl:function name="ed:index-heading" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="first" as="element()?" select="ed:entry-name($entry)"/>
    <xsl:variable name="label" as="xs:string" select="ed:entry-label($entry, $first)"/>
    <xsl:variable name="aside" as="xs:string" select="if (contains($label, '(')) then normalize-space('(' || substring-after($label, '(')) else ''"/>
    <xsl:variable name="words" as="xs:string*" select="tokenize(if (contains($label, '(')) then replace($label, '\(.*?\)', '') else $label)"/>
    <xsl:sequence select="
      if ($first/tei:surname and $first/tei:forename)
        then normalize-space(string-join($first/tei:surname, ' ')) || ', ' || normalize-space(string-join($first/tei:forename, ' '))
      else if (ed:entity-kind($entry) = 'person' and count($words) gt 1 and not(matches($words[last()], '^\w\.$')))
        then string-join(($words[last()] || ',', $words[position() lt last()], $aside[.]), ' ')
      else $label"/>
  </xsl:function>

  <!-- Life dates "1899–1941" from birth/death (@when or their text), "d. 1941" or "b. 1899" when only
       one is known; '' when neither is. -->
  <xsl:function name="ed:life-dates" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="b" as="xs:string" select="($entry/tei:birth[1] ! (if (ed:date-iso(.)) then ed:format-iso(ed:date-sort(.)) else normalize-space(.)), '')[1]"/>
    <xsl:variable name="d" as="xs:string" select="($entry/tei:death[1] ! (if (ed:date-iso(.)) then ed:format-iso(ed:date-sort(.)) else normalize-space(.)), '')[1]"/>
    <xsl:sequence select="if ($b and $d) then $b || '–' || $d
      else if ($d) then ed:string('died-short') || ' ' || $d
      else if ($b) then ed:string('born-short') || ' ' || $b
      else ''"/>
  </xsl:function>

  <!-- Authority records of an entry as (label, url) pairs in maps; only http(s) URLs survive. -->
  <xsl:function name="ed:authorities" as="map(xs:string, xs:string)*">
    <xsl:param name="entry" as="element()"/>
    <xsl:for-each select="$entry/tei:idno">
      <xsl:variable name="url" as="xs:string" select="ed:authority-url(.)"/>
      <xsl:if test="$url">
        <xsl:sequence select="map{'label': (normalize-space(@type)[.], 'URI')[1], 'url': $url}"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:function>

  <!-- Known authority ids become their canonical URL; URLs are kept if they are web URLs. -->
  <xsl:function name="ed:authority-url" as="xs:string">
    <xsl:param name="idno" as="element()"/>
    <xsl:variable name="v" as="xs:string" select="normalize-space($idno)"/>
    <!-- Most identifiers of a register are plain web URLs (listplace-old.xml's 1,635 GeoNames
         records): answered by that test first, not by the scheme's test and ed:web-url's, which
         asks it again (6,000 instructions an identifier). -->
    <xsl:sequence select="
      if (ed:is-plain-web-url($v)) then $v
      else let $type := lower-case(normalize-space($idno/@type)) return
      if (ed:has-web-scheme($v)) then ed:web-url($v)
      else if ($type = 'wikidata' and matches($v, '^Q[0-9]+$')) then 'https://www.wikidata.org/wiki/' || $v
      else if ($type = 'viaf' and matches($v, '^[0-9]+$')) then 'https://viaf.org/viaf/' || $v
      else if ($type = 'geonames' and matches($v, '^[0-9]+$')) then 'https://www.geonames.org/' || $v
      else if ($type = 'gnd' and matches($v, '^[0-9X-]+$')) then 'https://d-nb.info/gnd/' || $v
      else ''"/>
  </xsl:function>

  <!-- The collection's key for an authority URI, "gnd-118609807", "viaf-…", "wikidata-Q…",
       "geonames-…", else ''. The site merges entries sharing one and anchors the merged register entry
       with it, so a name whose @ref is an authority URI links to that entry. The same patterns are in
       pipeline/publish/site.py (AUTHORITIES), which makes those anchors. -->
  <xsl:function name="ed:authority-key" as="xs:string">
    <xsl:param name="uri" as="xs:string"/>
    <xsl:variable name="u" as="xs:string" select="normalize-space($uri)"/>
    <xsl:sequence select="
      if (matches($u, '^https?://d-nb\.info/gnd/[0-9X-]+/?$', 'i')) then 'gnd-' || replace($u, '^.*/gnd/([0-9X-]+)/?$', '$1', 'i')
      else if (matches($u, '^https?://(www\.)?viaf\.org/viaf/\d+/?$', 'i')) then 'viaf-' || replace($u, '^.*/viaf/(\d+)/?$', '$1', 'i')
      else if (matches($u, '^https?://(www\.)?wikidata\.org/(wiki|entity)/Q\d+/?$', 'i')) then 'wikidata-' || replace($u, '^.*/(Q\d+)/?$', '$1', 'i')
      else if (matches($u, '^https?://(www\.|sws\.)?geonames\.org/\d+(/.*)?$', 'i')) then 'geonames-' || replace($u, '^https?://[^/]+/(\d+).*$', '$1', 'i')
      else ''"/>
  </xsl:function>

  <!-- Every name in the text of $entry's document that points at $entry, in document order. In the
       document rendered, none when no name of its text may point at a local id (below): a register
       whose list stands in the text and whose names point at authority files, if anywhere, asks
       this of each of its entries (HTML's register, FO's index), a key lookup each: listplace-old.xml's
       2,252 places, which no name points at, HTML 958 -> 896 M instructions a pass, FO 1,071 -> 1,017 M. -->
  <xsl:function name="ed:mentions" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if (not($entry/@xml:id) or (root($entry) is $ed:rendered and not($ed:names-may-point-here))) then ()
      else key('ed:mentions-by-id', string($entry/@xml:id), root($entry))"/>
  </xsl:function>

  <!-- Whether a name of the text of the document rendered may point at a local id: one none of whose
       pointing attributes (those ed:pointers reads) holds a "#" points at none. The names of each
       kind are found through Saxon's index of element names, one kind after the other (a union of
       the five would be sorted into document order first: 20 M of the 33 M it cost listplace-old.xml's
       HTML), and their attributes are tested before their place. -->
  <xsl:variable name="ed:names-may-point-here" as="xs:boolean"
      select="exists((//tei:persName, //tei:placeName, //tei:orgName, //tei:name, //tei:rs)
        [@ref or @key or @corresp or @sameAs][(@ref, @key, @corresp, @sameAs)[contains(., '#')]][ancestor::tei:text])"/>

</xsl:stylesheet>
