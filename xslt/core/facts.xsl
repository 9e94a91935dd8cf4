<?xml version="1.0" encoding="UTF-8"?>
<!-- What a document holds that decides which template rules its rendering needs. The core asks as
     it renders (computed over the document being rendered, the global context item); the build asks
     before it chooses the compilation to render with: pipeline/publish/transform.py runs this module
     alone over the parsed document (a walk of Saxon's index of element names: 6 ms for the 36 files
     of the corpus, 65 µs of it fixed per document) and compiles a stylesheet without the rules a
     document can never use, and with the rules it does use testing the text alone (the static
     parameters at the end). Self-contained for that reason: nothing here may use the rest of the
     core. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all">

  <!-- Whether the document has any unclear text, any word broken across lines: every text node of
       such a document is matched against the templates for them (signs.xsl), and asking its
       ancestors and siblings cost more than copying it. -->
  <xsl:variable name="ed:has-unclear" as="xs:boolean" select="exists(//tei:unclear)"/>
  <xsl:variable name="ed:has-word-breaks" as="xs:boolean"
      select="exists(//tei:lb[@break = ('no', 'false')]) or exists(//tei:pb[@break = ('no', 'false')])
        or exists(//tei:cb[@break = ('no', 'false')])"/>

  <!-- Whether the document has an app pointing elsewhere (@from, @to): the templates for the calls
       of such apps (apparatus.xsl) are tried on every element and text node, and only such a
       document needs them. -->
  <xsl:variable name="ed:has-standoff-apps" as="xs:boolean" select="exists(//tei:app[@from | @to])"/>

  <!-- Whether an element is one the core renders as a list item, row or cell (ed:item, ed:row,
       ed:cell) standing outside the list, table or row that would hold it: an item, castItem or
       specDesc whose parent is none of the lists the core renders with ed:list (the list templates
       of behaviours.xsl, specList in guidelines.xsl), a row outside a table, a cell outside a row.
       A list's members (bibl, person...) are items only inside their list. An output whose lists
       and tables must hold their parts (FO) wraps such a part in one of its own. -->
  <xsl:function name="ed:is-part-out-of-place" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[
        ((self::tei:item or self::tei:castItem or self::tei:specDesc) and not(parent::tei:list or parent::tei:listBibl
          or parent::tei:castList or parent::tei:castGroup or parent::tei:listPerson or parent::tei:listPlace
          or parent::tei:listOrg or parent::tei:listEvent or parent::tei:listWit or parent::tei:listRelation
          or parent::tei:specList))
        or (self::tei:row and not(parent::tei:table)) or (self::tei:cell and not(parent::tei:row))])"/>
  </xsl:function>

  <!-- The first part out of place below $n (ed:is-part-out-of-place), or none. The search goes by
       the names the test above can be true of, and tests only those elements: asked of every
       element of a document, the test was a walk of its own (FO of listplace-old.xml: 1.4%). The
       elements of those names come from a key, as a document's divisions do (ed:divisions-below:
       a path through several names tests each element against each name). -->
  <xsl:key name="ed:list-parts" match="tei:item | tei:castItem | tei:specDesc | tei:row | tei:cell" use="'part'"/>
  <xsl:function name="ed:first-part-out-of-place" as="element()?">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="(if (root($n) instance of document-node()) then key('ed:list-parts', 'part', $n)[not(. is $n)]
      else $n//(tei:item | tei:castItem | tei:specDesc | tei:row | tei:cell))[ed:is-part-out-of-place(.)][1]"/>
  </xsl:function>

  <!-- Whether the document has any such part: an output that regroups content around them (FO)
       needs to look below an element only in such a document. Each name's elements in turn, not
       the key above: asked once before rendering, the key's index of every item of a 41 MB TEI
       was made (and kept with the document) only for this, and the HTML's peak rose by a quarter. -->
  <xsl:variable name="ed:has-parts-out-of-place" as="xs:boolean"
      select="exists((//tei:item, //tei:castItem, //tei:specDesc, //tei:row, //tei:cell)[ed:is-part-out-of-place(.)])"/>

  <!-- Whether any text renders otherwise than as it stands (core.xsl sends every text node of such
       a document to mode ed:render-text). -->
  <xsl:variable name="ed:has-text-of-its-own" as="xs:boolean" select="$ed:has-unclear or $ed:has-word-breaks or $ed:has-standoff-apps"/>

  <!-- The same known before the stylesheet compiles, kind by kind: "no" when the document holds
       none, "yes" when it holds some, "maybe" when nothing is known (the default, a project's own
       stylesheet: every rule kept). The build asks this module of the parsed document (see
       ed:source-facts below). A rule that could only apply to such a document is left out where
       the answer is "no"; where it is "yes", its pattern no longer tests the global variable first,
       a test that saxonche makes for every text node at about the cost of copying it (the corpus's
       test32.xml, a text with one unclear word: its HTML 7% and plain text 15% of its instructions,
       for the test alone and the one dispatch below). -->
  <xsl:param name="source-unclear" static="yes" as="xs:string" select="'maybe'"/>
  <xsl:param name="source-word-breaks" static="yes" as="xs:string" select="'maybe'"/>
  <xsl:param name="source-standoff-apps" static="yes" as="xs:string" select="'maybe'"/>
  <!-- What a rule for each kind tests first, by the answer: its global variable where nothing is
       known, nothing where the document holds some, a pattern that never matches where it holds
       none (for a rule of two kinds; a rule of one is left out). -->
  <xsl:variable name="ed:if-unclear" static="yes" as="xs:string"
      select="if ($source-unclear = 'yes') then '' else if ($source-unclear = 'no') then '[false()]' else '[$ed:has-unclear]'"/>
  <xsl:variable name="ed:if-word-breaks" static="yes" as="xs:string"
      select="if ($source-word-breaks = 'yes') then '' else if ($source-word-breaks = 'no') then '[false()]' else '[$ed:has-word-breaks]'"/>
  <xsl:variable name="ed:if-standoff-apps" static="yes" as="xs:string"
      select="if ($source-standoff-apps = 'yes') then '' else if ($source-standoff-apps = 'no') then '[false()]' else '[$ed:has-standoff-apps]'"/>
  <!-- The mode of the rules for text of its own (signs.xsl, apparatus.xsl). Where any kind is not
       known, every text node is first tried against the one rule of core.xsl that tests
       $ed:has-text-of-its-own, which sends it on to them in mode ed:render-text (one test of a
       global variable rather than three); where all are known, they are rules of ed:render, their
       patterns free of such tests. -->
  <xsl:variable name="ed:text-of-its-own-unknown" static="yes" as="xs:boolean"
      select="$source-unclear = 'maybe' or $source-word-breaks = 'maybe' or $source-standoff-apps = 'maybe'"/>
  <xsl:variable name="ed:text-of-its-own-mode" static="yes" as="xs:string"
      select="if ($ed:text-of-its-own-unknown) then 'ed:render-text' else 'ed:render'"/>
  <!-- Likewise for $ed:has-parts-out-of-place: "no" leaves out the look for them (FO, util.xsl). -->
  <xsl:param name="source-parts-out-of-place" static="yes" as="xs:string" select="'maybe'"/>

  <!-- The static parameters above as the document this runs over answers them, "name=value"
       separated by spaces: what the build asks of a parsed document before it chooses the
       stylesheet's compilation (pipeline/publish/transform.py runs this module alone). Parts out
       of place are answered "no" or not at all: knowing that a document holds some spares nothing. -->
  <xsl:template name="ed:source-facts" as="xs:string">
    <xsl:sequence select="string-join((
      'source-unclear=' || (if ($ed:has-unclear) then 'yes' else 'no'),
      'source-word-breaks=' || (if ($ed:has-word-breaks) then 'yes' else 'no'),
      'source-standoff-apps=' || (if ($ed:has-standoff-apps) then 'yes' else 'no'),
      'source-parts-out-of-place=no'[not($ed:has-parts-out-of-place)]), ' ')"/>
  </xsl:template>
</xsl:stylesheet>
