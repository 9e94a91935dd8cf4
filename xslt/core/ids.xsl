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

  <!-- The ids the document's links lead to: the first target of each ref and ptr, where it is
       "#id" (what the core links, inlines.xsl). -->
  <xsl:key name="ed:linked-ids" match="tei:ref[@target] | tei:ptr[@target]"
      use="tokenize(@target)[1][starts-with(., '#')] ! substring(., 2)"/>

  <!-- Whether a link of the document (a ref or ptr) points at $e's xml:id. An output whose ids serve
       its own links alone (a book: the contents, notes, index and apparatus link to ids of their own
       making) needs no id on any other element. -->
  <xsl:function name="ed:is-link-target" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/@xml:id) and exists(key('ed:linked-ids', normalize-space($e/@xml:id), root($e)))"/>
  </xsl:function>

  <!-- Per element name, which place each element has among the elements of that name, in document
       order: "ed-note-12" is the twelfth note. Counting per name means inserting a <hi> does not
       shift the ids of notes or names. Maps from generate-id(), made once per document: an
       accumulator over every element, or xsl:number, cost more than the identity transform of it.
       The elements outputs make anchors for (divisions, heads, notes, names, page and column breaks,
       apparatus entries, register entries...) are found through Saxon's index of TEI element names,
       almost free; not line breaks, to which an output gives an anchor only for their xml:id
       (counting test14.xml's 1,890 cost its HTML and its FO 12 M instructions a pass). In a document
       with elements of other namespaces (egXML examples, counted by local name as ids always have
       been), from one walk of them all; every other element from one walk of the document, made only
       when first asked. -->
  <xsl:variable name="ed:anchor-names" as="map(xs:string, xs:boolean)" select="map:merge((
    'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7', 'head', 'note', 'app',
    'persName', 'placeName', 'orgName', 'name', 'rs', 'geogName', 'choice',
    'pb', 'gb', 'cb', 'milestone', 'anchor', 'person', 'personGrp', 'place', 'org', 'event',
    'TEI', 'text', 'front', 'body', 'back', 'group') ! map{.: true()})"/>

  <xsl:variable name="ed:anchor-ordinals" as="map(xs:string, xs:integer)">
    <!-- One xsl:for-each per name of $ed:anchor-names but the register entries' (ed:entry-ordinals,
         below), written out (a test checks that the two maps count those names): grouping the
         same elements by local-name() cost two thirds more, and merging a map per name twice as
         much again. -->
    <xsl:map>
      <xsl:for-each select="//tei:div"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:div1"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:div2"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:div3"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:div4"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:div5"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:div6"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:div7"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:head"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:note"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:app"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:persName"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:placeName"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:orgName"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:name"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:rs"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:geogName"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:choice"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:pb"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:gb"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:cb"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:milestone"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:anchor"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:TEI"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:text"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:front"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:body"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:back"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:group"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- The register entries' ordinals, apart: an entry usually has an xml:id, which is its anchor
       (ed:id), so its ordinal is seldom asked, and this map is made only when one is. In the map
       above they were entries never looked up: a third of listplace-old.xml's (2,252 places, all
       with ids), where its placeNames' ordinals cost 72 -> 61 M instructions; listevent.xml's
       persNames' (1,303 persons, whose items have no anchor) 43 -> 32 M. -->
  <xsl:variable name="ed:entry-ordinals" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="//tei:person"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:personGrp"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:place"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:org"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
      <xsl:for-each select="//tei:event"><xsl:map-entry key="generate-id()" select="position()"/></xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- The anchor names' ordinals (entries' too) by local name in every namespace: in a document
       with elements of other namespaces, one walk of them all. Only the anchor names: a map of
       every element of a 41 MB document held 120 MB until the end (the collector copying it over
       and over), for names almost never asked. -->
  <xsl:variable name="ed:mixed-anchor-ordinals" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each-group select="//*[map:contains($ed:anchor-names, local-name())]" group-by="local-name()">
        <xsl:for-each select="current-group()">
          <xsl:map-entry key="generate-id()" select="position()"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <xsl:variable name="ed:all-ordinals" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each-group select="//*" group-by="local-name()">
        <xsl:for-each select="current-group()">
          <xsl:map-entry key="generate-id()" select="position()"/>
        </xsl:for-each>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <!-- A document with elements outside the TEI namespace counts all by local name. Two counts
       (Saxon's node tests) tell that in 40% of the instructions a test of each element's namespace
       takes. Any other name is looked up in $ed:all-ordinals, made only when first asked. -->
  <xsl:variable name="ed:ordinals" as="map(xs:string, xs:integer)"
      select="if (count(//*) ne count(//tei:*)) then $ed:mixed-anchor-ordinals else $ed:anchor-ordinals"/>

  <!-- How many elements of $e's local name start at or before it in document order (an element of
       another document than the one rendered is counted where it stands). -->
  <xsl:function name="ed:ordinal" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="key" as="xs:string" select="generate-id($e)"/>
    <xsl:variable name="counted" as="xs:integer?" select="let $n := $ed:ordinals($key) return
      if (exists($n)) then $n
      (: the names of ed:entry-ordinals: one left out here would still be counted, in $ed:all-ordinals :)
      else if ($e[self::tei:person or self::tei:personGrp or self::tei:place or self::tei:org or self::tei:event])
      then $ed:entry-ordinals($key)
      else $ed:all-ordinals($key)"/>
    <xsl:sequence select="if (exists($counted)) then $counted
      else count($e/(preceding::* | ancestor-or-self::*)[local-name() = local-name($e)])"/>
  </xsl:function>

  <!-- Footnotes (ed:is-footnote; not in the header) numbered in document order, for automatic
       numbering: a map from generate-id(), made once per document from the notes alone (an
       accumulator visits every element). A note with no content at all is empty (ed:is-empty-note),
       told before anything is asked of it: registers write such notes by the thousand
       (listplace-old.xml's 1,798 of 1,985), and asking each cost its text 6 M instructions a pass. -->
  <xsl:variable name="ed:note-numbers" as="map(xs:string, xs:integer)">
    <xsl:map>
      <xsl:for-each select="//tei:note[node()][not(ancestor::tei:teiHeader)][ed:is-footnote(.)]">
        <xsl:map-entry key="generate-id()" select="position()"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <!-- The anchor of an element: its xml:id, else "ed-<name>-<ordinal>". An xml:id holding white
       space has it collapsed into "_"; one starting "ed:" is renamed (see ed:own-id). Most xml:ids
       hold neither, and are taken as they are: collapsing costs Saxon about 300 instructions a
       character, and a register of places asks this of every entry (listplace-old.xml: 1.5% of its
       HTML). An element without one (a name, a note) goes straight to its ordinal, without the
       tests of an id it does not have, which cost more than the ordinal itself (listevent.xml, whose
       1,917 names and 779 notes have none: 1,498 -> 1,487 M instructions a pass of its HTML). -->
  <xsl:function name="ed:id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="raw" as="xs:string" select="string($e/@xml:id)"/>
    <xsl:variable name="xml-id" as="xs:string" select="
      if (not($raw) or not(contains($raw, ' ') or contains($raw, '&#9;') or contains($raw, '&#10;')
        or contains($raw, '&#13;') or starts-with($raw, 'ed:'))) then $raw
      else translate(normalize-space($raw), ' ', '_')"/>
    <xsl:sequence select="
      if (not($xml-id)) then concat('ed-', local-name($e), '-', ed:ordinal($e))
      else if (starts-with($xml-id, 'ed:')) then 'ed_' || substring($xml-id, 4)
      else $xml-id"/>
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
      else let $counted := $ed:note-numbers(generate-id($note)) return string(if (exists($counted)) then $counted
        else count($note/(preceding::tei:note | ancestor-or-self::tei:note)[not(ancestor::tei:teiHeader)][ed:is-footnote(.)]))"/>
  </xsl:function>

  <!-- The anchor of the call-out that points to a note (the other end of the two-way link). -->
  <xsl:function name="ed:note-ref-id" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="ed:note-ref-id-of(ed:id($note))"/>
  </xsl:function>

  <!-- The same from the note's own anchor (ed:id), for a caller that has made it already: a note's
       call and its entry in the list each need both. -->
  <xsl:function name="ed:note-ref-id-of" as="xs:string">
    <xsl:param name="note-id" as="xs:string"/>
    <xsl:sequence select="ed:own-id('ref-' || $note-id)"/>
  </xsl:function>

</xsl:stylesheet>
