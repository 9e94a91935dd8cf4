<?xml version="1.0" encoding="UTF-8"?>
<!-- Divisions: the questions every output asks about the text's structure (is this a division,
     how deep is it, which divisions make the table of contents, what is a division called). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A division of the text: div, or one of the numbered divN (TEI allows both, never mixed). -->
  <xsl:function name="ed:is-division" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
      or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7])"/>
  </xsl:function>

  <!-- The divisions below $n, in document order: found by the names above, not by ed:is-division
       asked of every element (a document's contents: 0.6-1.2% of its HTML and FO), and through a
       key. Saxon indexes a key's pattern by element name, and the index of a document is made in one
       pass and kept; a path such as $n//(tei:div | tei:div1 ...) tests every element below $n
       against each name in turn, and cost more than ten times as much (the corpus: 10.9 against
       0.8 ms), at each of the three or four places a page asks for its divisions. A key reads
       only a tree under a document node; a parentless element made by a stylesheet is searched. -->
  <xsl:key name="ed:divisions" match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7"
      use="'division'"/>
  <xsl:function name="ed:divisions-below" as="element()*">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="if (root($n) instance of document-node()) then key('ed:divisions', 'division', $n)[not(. is $n)]
      else $n//(tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7)"/>
  </xsl:function>

  <!-- Heading depth: one per enclosing division (div, divN, nested TEI in a corpus, group), at least 1. -->
  <xsl:function name="ed:heading-level" as="xs:integer">
    <xsl:param name="head" as="element()"/>
    <xsl:sequence select="max((1, count($head/ancestor::*[ed:is-division(.)
      or self::tei:TEI[parent::tei:teiCorpus] or self::tei:group])))"/>
  </xsl:function>

  <!-- The divisions a table of contents lists, in document order, down to $depth division levels:
       divisions of the text's own structure (every ancestor a division or text, front, body, back,
       group, TEI, teiCorpus), not divisions inside a note, a quotation or a floatingText, which
       belong to the passage around them. Titled or not: each output decides what it can show. -->
  <xsl:function name="ed:toc-divisions" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:sequence select="ed:descendants-root($doc)//tei:text/ed:divisions-below(.)
      [every $a in ancestor::* satisfies ($a[self::tei:text or self::tei:front or self::tei:body or self::tei:back
        or self::tei:group or self::tei:TEI or self::tei:teiCorpus] or ed:is-division($a))]
      [count(ancestor-or-self::*[ed:is-division(.)]) le $depth]"/>
  </xsl:function>

  <!-- The date that dates an entry: the date in its head or in the run-in label that opens its first
       paragraph (label type="dateline"), else the first date of the block after the head, else its
       first dated date. -->
  <xsl:function name="ed:entry-date" as="element()?">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="run-in" as="element()?" select="$div/*[1][self::tei:p]/*[1][self::tei:label]"/>
    <xsl:sequence select="($div/tei:head//tei:date, $run-in//tei:date,
      $div/tei:head/following-sibling::*[1]/descendant-or-self::tei:date[1],
      $div//tei:date[ed:date-iso(.)])[1]"/>
  </xsl:function>

  <!-- What a dated entry is called in contents and bookmarks: its normalised date in words
       ("15 September 1937"), never the diarist's raw words and punctuation ("The 15th of Sept.,"). -->
  <xsl:function name="ed:entry-label" as="xs:string?">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div[@type = ('entry', 'letter', 'day', 'diaryEntry')] ! ed:entry-date(.)[ed:date-iso(.)] ! ed:date-label(.)"/>
  </xsl:function>

  <!-- A division without a heading named by its kind (introduction, colophon ...), if the kind is known. -->
  <xsl:function name="ed:division-kind-label" as="xs:string?">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div/@type ! ('division-' || lower-case(normalize-space(.))) ! ed:string-or(., '')[.]"/>
  </xsl:function>

  <!-- What a division is called wherever it is named (contents, outline, running head, registers):
       a dated entry by its normalised date, else its first head with text, else (an untitled diary
       entry) its date, else the heading an EpiDoc division gets from its type (epidoc.xsl: "Edition",
       "Face a"), else its type and number ("Chapter 3"), else the name of its kind ("Introduction"),
       else "Untitled section". A member of a corpus is called by its title. -->
  <xsl:function name="ed:division-label" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="if ($div/self::tei:TEI) then ed:title($div) else (ed:entry-label($div),
      ($div/tei:head ! ed:plain-text(.))[.][1],
      $div[@type = 'entry'] ! ed:entry-date(.) ! ed:date-label(.),
      $div[ed:is-epidoc-division(.)] ! ed:epidoc-division-label(.)[.],
      normalize-space($div/@n)[.] ! (ed:string-or(lower-case($div/@type), ed:string('section')) || ' ' || .),
      ed:division-kind-label($div), ed:string('untitled-section'))[1]"/>
  </xsl:function>

</xsl:stylesheet>
