<?xml version="1.0" encoding="UTF-8"?>
<!-- One document's record for the collection: what the site pages and the catalogue know of it.
     Made per document by the build (beside its HTML page, so it is redone only when the document
     changes) and read by the site step, which never opens the documents themselves.

     It is a page of the HTML stylesheet ($page = 'record', serialised as XML: pipeline/publish/
     transform.py), so it is compiled once with the page, and every value here comes from the
     functions the document's own page uses: the title, authors and language of the header
     (xslt/core/metadata.xsl), the anchors of the names (ed:id, the page's own ids), the dated entries
     (ed:entry-date), its date and type (ed:date-written, ed:document-type, which the search's
     filters read too). Nothing about a document is worked out twice.

     <ed:record name="…">
       <ed:title/> <ed:author/>* <ed:date iso="…" sort="…">label</ed:date>? <ed:type/>?
       <ed:language code="…">name</ed:language> <ed:source/>? <ed:licence url="…"/>? <ed:publisher/>?
       <ed:entry anchor="…" sort="…" label="…"/>*               dated entries (chronology)
       <ed:entity kind="person|place|org">(a copy of the TEI entry)</ed:entity>*
       <ed:mention kind="…" anchor="…" refs="…">text</ed:mention>*
     </ed:record> -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:html-record">
    <xsl:variable name="doc" as="element()" select="*"/>
    <xsl:variable name="header" as="element()?" select="$doc/tei:teiHeader"/>
    <ed:record name="{$ed:html-stem}" updated="{substring(ed:last-updated($doc), 1, 10)[. castable as xs:date]}">
      <!-- A letter or an article in a series names itself in an analytic title (level="a"). -->
      <ed:title>{(normalize-space((ed:title-stmt($doc)/tei:title[@level = 'a'])[1])[.], ed:title($doc))[1]}</ed:title>
      <xsl:for-each select="distinct-values((ed:authors($doc),
          $header/tei:profileDesc/tei:correspDesc/tei:correspAction[@type = 'sent']/(tei:persName | tei:orgName | tei:name) ! ed:name-text(.)))">
        <ed:author>{.}</ed:author>
      </xsl:for-each>
      <xsl:variable name="date" as="element()?" select="ed:date-written($doc)"/>
      <xsl:if test="$date">
        <ed:date iso="{ed:date-iso($date)}" sort="{ed:date-sort($date)}">{ed:date-label($date)}</ed:date>
      </xsl:if>
      <xsl:variable name="type" as="xs:string" select="ed:document-type($doc)"/>
      <xsl:if test="$type"><ed:type>{$type}</ed:type></xsl:if>
      <xsl:variable name="code" as="xs:string" select="ed:language($doc)"/>
      <ed:language code="{$code}">{(normalize-space(($header/tei:profileDesc/tei:langUsage/tei:language[@ident = $code])[1])[.], $code)[1]}</ed:language>
      <xsl:for-each select="(ed:sources($doc) ! ed:source-text(.))[normalize-space()][1]">
        <ed:source>{.}</ed:source>
      </xsl:for-each>
      <xsl:for-each select="ed:licence($doc)">
        <ed:licence url="{?url}">{?text}</ed:licence>
      </xsl:for-each>
      <xsl:if test="ed:publisher($doc)"><ed:publisher>{ed:publisher($doc)}</ed:publisher></xsl:if>
      <xsl:for-each select="$doc//tei:text/ed:divisions-below(.)[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3]
          [@type = ('entry', 'letter', 'day', 'diaryEntry', 'diary-day')]">
        <xsl:variable name="dated" as="element()?" select="ed:entry-date(.)"/>
        <xsl:if test="$dated and ed:date-sort($dated)">
          <ed:entry anchor="{ed:id(.)}" sort="{ed:date-sort($dated)}" label="{ed:date-label($dated)}"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:for-each select="ed:register-entries($doc, ('person', 'place', 'org'))">
        <ed:entity kind="{ed:entity-kind(.)}"><xsl:copy-of select="." copy-namespaces="no"/></ed:entity>
      </xsl:for-each>
      <!-- Every name of the text that points somewhere: the page links each (ed:name), so the
           register needs each, also the names in lists and entries of the back matter. -->
      <xsl:for-each select="$doc//tei:text/(ed:names-below(.) | .//tei:geogName)[@ref or @key]">
        <ed:mention kind="{ed:entity-kind(.)}" anchor="{ed:id(.)}" refs="{normalize-space(string-join((@ref, @key), ' '))}">{ed:plain-text(.)}</ed:mention>
      </xsl:for-each>
    </ed:record>
  </xsl:template>

</xsl:stylesheet>
