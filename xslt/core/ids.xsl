<?xml version="1.0" encoding="UTF-8"?>
<!-- Deterministic anchors and note numbers.
     generate-id() is avoided on purpose: Saxon numbers documents per process, so its ids change with
     the order in which a build transforms files, and outputs must be byte-identical run to run. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Elements by their xml:id, for "#id" pointers; xml:ids can repeat in real TEI, so a lookup may
       find several. -->
  <xsl:key name="ed:by-xml-id" match="*[@xml:id]" use="normalize-space(@xml:id)"/>

  <!-- Per element name, how many such elements start at or before this one in document order.
       An accumulator keeps this O(1) per lookup (xsl:number level="any" would rescan the document
       for every anchor, quadratic on large texts), and counting per name means inserting a <hi>
       does not shift the ids of notes or names. It counts only the elements the outputs make
       anchors for (divisions, heads, notes, names, breaks, apparatus entries, register entries...):
       a new map at every element of a document cost more than the identity transform of it.
       Elements of any other name are counted when asked (ed:ordinal). -->
  <xsl:accumulator name="ed:ordinal" as="map(xs:string, xs:integer)" initial-value="map{}">
    <xsl:accumulator-rule phase="start" select="map:put($value, local-name(), ($value(local-name()), 0)[1] + 1)"
        match="*:div | *:div1 | *:div2 | *:div3 | *:div4 | *:div5 | *:div6 | *:div7 | *:head | *:note | *:app
          | *:persName | *:placeName | *:orgName | *:name | *:rs | *:geogName | *:choice
          | *:pb | *:gb | *:cb | *:lb | *:milestone | *:anchor | *:person | *:personGrp | *:place | *:org | *:event
          | *:TEI | *:text | *:front | *:body | *:back | *:group"/>
  </xsl:accumulator>

  <!-- How many elements of $e's local name start at or before it in document order. -->
  <xsl:function name="ed:ordinal" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="name" as="xs:string" select="local-name($e)"/>
    <xsl:sequence select="($e ! accumulator-before('ed:ordinal')($name),
      count($e/(preceding::* | ancestor-or-self::*)[local-name() = $name]))[1]"/>
  </xsl:function>

  <!-- Footnotes (ed:is-footnote; not in the header) counted in document order, for automatic numbering. -->
  <xsl:accumulator name="ed:note-count" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:note[not(ancestor::tei:teiHeader)][ed:is-footnote(.)]" phase="start" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The anchor of an element: its xml:id, else "ed-<name>-<ordinal>". -->
  <xsl:function name="ed:id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="xml-id" as="xs:string" select="translate(normalize-space($e/@xml:id), ' ', '_')"/>
    <xsl:sequence select="
      if (starts-with($xml-id, 'ed:')) then 'ed_' || substring($xml-id, 4)
      else if ($xml-id) then $xml-id
      else 'ed-' || local-name($e) || '-' || ed:ordinal($e)"/>
  </xsl:function>

  <!-- An id the output makes for itself (the skip-link target, a heading, a button): under "ed:",
       which no document's id can take (an xml:id has no colon; ed:id renames an invalid one that
       starts so), so that no xml:id in a document can capture a control of the page. -->
  <xsl:function name="ed:own-id" as="xs:string">
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="'ed:' || $name"/>
  </xsl:function>

  <!-- The number shown for a note: its @n when given (the source's own numbering), else its ordinal. -->
  <xsl:function name="ed:note-number" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="
      if (normalize-space($note/@n)) then normalize-space($note/@n)
      else string($note ! accumulator-before('ed:note-count'))"/>
  </xsl:function>

  <!-- The anchor of the call-out that points to a note (the other end of the two-way link). -->
  <xsl:function name="ed:note-ref-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="ed:own-id('ref-' || ed:id($note))"/>
  </xsl:function>

</xsl:stylesheet>
