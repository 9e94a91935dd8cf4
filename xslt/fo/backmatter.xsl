<?xml version="1.0" encoding="UTF-8"?>
<!-- After the text: the apparatus of editorial interventions (what the reading text changed, with
     the page and the other reading) and the index of persons, places and organisations.

     FOP 2.x does not implement XSL 1.1 indexes (index-key is rejected), so every index entry
     lists a page citation for every mention inside <fo:inline role="Reference">; pipeline/publish/fop.py
     lays the document out once, keeps one citation per page, merges runs into ranges and renders
     again. The raw FO is still valid and renders on its own, only with repeated page numbers. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Whether a choice is reported in the apparatus ($apparatus) and so carries an id in the text. -->
  <xsl:function name="ed:fo-in-apparatus-list" as="xs:boolean">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="wanted" as="xs:boolean" select="
      if ($apparatus = 'none') then false()
      else if ($apparatus = 'all') then exists($choice/(tei:sic, tei:corr, tei:abbr, tei:expan, tei:orig, tei:reg))
      else exists($choice/(tei:sic, tei:corr))"/>
    <xsl:sequence select="$wanted and ed:is-intervention($choice)"/>
  </xsl:function>

  <!-- This and ed:fo-index-entries are asked twice, by the back matter the contents and bookmarks
       list and by the part itself: remembered (cache), the document is searched once. -->
  <xsl:function name="ed:fo-apparatus-choices" as="element(tei:choice)*" cache="yes">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="ed:choices-in-text($doc)[ed:fo-in-apparatus-list(.)]"/>
  </xsl:function>

  <!-- The back matter the book has, as (id, title) pairs, for the contents and the bookmarks. -->
  <xsl:function name="ed:fo-back-matter" as="map(xs:string, xs:string)*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="(
      if (exists(ed:fo-apparatus-choices($doc))) then map{'id': 'ed-fo-apparatus', 'title': ed:string('interventions')} else (),
      if (exists(ed:fo-index-entries($doc))) then map{'id': 'ed-fo-index', 'title': ed:string('index')} else ())"/>
  </xsl:function>

  <xsl:template name="ed:fo-apparatus">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:variable name="choices" as="element(tei:choice)*" select="ed:fo-apparatus-choices($doc)"/>
    <xsl:if test="exists($choices)">
      <fo:block break-before="page" id="ed-fo-apparatus">
        <fo:marker marker-class-name="{$ed:fo-section-marker}">{ed:string('interventions')}</fo:marker>
        <fo:block font-family="{$heading-font-family}" font-size="16pt" font-weight="bold" space-after="1em"
            keep-with-next.within-page="always">{ed:string('interventions')}</fo:block>
        <!-- The same intervention in several places is one line with all their pages. -->
        <xsl:for-each select="ed:intervention-groups($choices)">
          <xsl:apply-templates select="?1" mode="ed:render">
            <xsl:with-param name="ed:fo-in-apparatus" select="true()" tunnel="yes"/>
            <xsl:with-param name="ed:fo-apparatus-places" select="?*" tunnel="yes"/>
            <xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:for-each>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <!-- One line: the pages of its places, the reading in the text ] what the other reading is. The
       pages are a locator list (as the index has): pipeline/fop.py cites each page once and merges
       runs, so the same correction made twice on page 3 and once on 4 reads "3–4". -->
  <xsl:template name="ed:fo-apparatus-entry">
    <xsl:param name="shown" as="item()*"/>
    <xsl:param name="other" as="item()*"/>
    <xsl:param name="kind" as="xs:string" required="yes"/>
    <xsl:param name="shown-reading" as="xs:string" required="yes"/>
    <xsl:param name="ed:fo-apparatus-places" as="element()*" tunnel="yes" select="."/>
    <xsl:variable name="label" as="xs:string" select="
      if ($shown-reading = 'diplomatic') then
        map{'correction': 'corrected-as', 'expansion': 'expanded-as', 'regularisation': 'regularised-as'}($kind)
      else map{'correction': 'correction-of', 'expansion': 'expansion-of', 'regularisation': 'regularisation-of'}($kind)"/>
    <fo:block margin-left="3em" text-indent="-3em" space-before="0.2em" text-align="start">
      <fo:inline role="Reference">
        <xsl:for-each select="$ed:fo-apparatus-places">
          <xsl:if test="position() gt 1">, </xsl:if>
          <fo:basic-link internal-destination="{ed:fo-id(.)}"><fo:page-number-citation ref-id="{ed:fo-id(.)}"/></fo:basic-link>
        </xsl:for-each>
      </fo:inline>
      <fo:leader leader-length="2.2em" leader-pattern="space"/>
      <xsl:sequence select="ed:fo-plain($shown)"/>
      <xsl:text> ] </xsl:text>
      <fo:inline font-style="italic">{ed:string(($label, 'correction-of')[1])}</fo:inline>
      <xsl:text> </xsl:text>
      <xsl:sequence select="ed:fo-plain($other)"/>
    </fo:block>
  </xsl:template>

  <!-- The mentions the index lists: those in the text, not on the title page (front matter, with
       its own page numbers, is no place an index sends a reader). -->
  <xsl:function name="ed:fo-indexed-mentions" as="element()*">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="ed:mentions($entry)[not(ancestor::tei:titlePage or ancestor::tei:docTitle
      or ancestor::tei:docAuthor or ancestor::tei:docImprint or ancestor::tei:byline)]"/>
  </xsl:function>

  <xsl:function name="ed:fo-index-entries" as="element()*" cache="yes">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="if (ed:yes($index)) then ed:register-entries($doc, ('person', 'place', 'org'))[exists(ed:fo-indexed-mentions(.))] else ()"/>
  </xsl:function>

  <!-- The index: one part per kind of entry that has mentions in the text. -->
  <xsl:template name="ed:fo-index">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="title" as="xs:string" required="yes"/>
    <xsl:variable name="entries" as="element()*" select="ed:fo-index-entries($doc)"/>
    <xsl:if test="exists($entries)">
      <fo:page-sequence master-reference="index" force-page-count="no-force">
        <xsl:call-template name="ed:fo-static">
          <xsl:with-param name="title" select="$title"/>
        </xsl:call-template>
        <fo:flow flow-name="xsl-region-body" font-size="9pt" line-height="1.3" text-align="start" hyphenate="false">
          <fo:block id="ed-fo-index" span="all" font-family="{$heading-font-family}" font-size="16pt" font-weight="bold" space-after="0.8em">
            <fo:marker marker-class-name="{$ed:fo-section-marker}">{ed:string('index')}</fo:marker>
            <xsl:text>{ed:string('index')}</xsl:text>
          </fo:block>
          <xsl:for-each-group select="$entries" group-by="ed:entity-kind(.)">
            <xsl:sort select="index-of(('person', 'place', 'org'), current-grouping-key())"/>
            <fo:block font-family="{$heading-font-family}" font-size="11pt" font-weight="bold"
                space-before="1em" space-after="0.4em" keep-with-next.within-page="always">
              <xsl:text>{ed:string(map{'person': 'persons', 'place': 'places', 'org': 'organisations'}(current-grouping-key()))}</xsl:text>
            </fo:block>
            <xsl:for-each select="current-group()">
              <xsl:sort select="ed:entity-sort(.)" lang="{ed:language($doc)}"/>
              <xsl:call-template name="ed:fo-index-entry"/>
            </xsl:for-each>
          </xsl:for-each-group>
        </fo:flow>
      </fo:page-sequence>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ed:fo-index-entry">
    <fo:block margin-left="1.5em" text-indent="-1.5em" space-before="0.15em">
      <fo:inline font-weight="bold">{ed:index-heading(.)}</fo:inline>
      <xsl:if test="ed:life-dates(.)"> ({ed:life-dates(.)})</xsl:if>
      <xsl:text> </xsl:text>
      <fo:inline role="Reference">
        <xsl:for-each select="ed:fo-indexed-mentions(.)">
          <xsl:if test="position() gt 1">, </xsl:if>
          <fo:basic-link internal-destination="{ed:fo-id(.)}"><fo:page-number-citation ref-id="{ed:fo-id(.)}"/></fo:basic-link>
        </xsl:for-each>
      </fo:inline>
    </fo:block>
  </xsl:template>

</xsl:stylesheet>
