<?xml version="1.0" encoding="UTF-8"?>
<!-- Tables of contents: by section (the divisions, two levels deep) and by date (a chronology of
     the dated entries, sorted by their normalised dates). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="ed:divisions" as="element()*">
    <xsl:param name="parent" as="element()*"/>
    <xsl:sequence select="$parent/(tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7)"/>
  </xsl:function>

  <!-- Top-level divisions of every text in the document (a teiCorpus has several). -->
  <xsl:function name="ed:top-divisions" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="ed:divisions($doc/descendant-or-self::tei:text[not(ancestor::tei:text)]
      /(tei:front | tei:body | tei:back | tei:group/tei:text/tei:body))"/>
  </xsl:function>

  <!-- What a division is called in a table of contents. -->
  <xsl:function name="ed:division-label" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="(ed:entry-label($div), ed:plain-text($div/tei:head[1])[.],
      $div[@type = 'entry'] ! ed:entry-date(.) ! ed:date-label(.),
      normalize-space($div/@n)[.] ! (ed:string-or(lower-case($div/@type), ed:string('section')) || ' ' || .),
      ed:division-kind-label($div), ed:string('untitled-section'))[1]"/>
  </xsl:function>

  <!-- $base is '' on the text page itself, the text page's file name elsewhere. -->
  <xsl:template name="ed:toc">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="base" as="xs:string" required="yes"/>
    <xsl:variable name="top" as="element()*" select="ed:top-divisions($doc)"/>
    <xsl:if test="exists($top)">
      <nav class="toc" aria-labelledby="toc-heading">
        <h2 id="toc-heading">{ed:string('contents-sections')}</h2>
        <ol>
          <xsl:for-each select="$top">
            <li>
              <a href="{$base}#{ed:id(.)}">{ed:division-label(.)}</a>
              <xsl:if test="exists(ed:divisions(.))">
                <ol>
                  <xsl:for-each select="ed:divisions(.)">
                    <li><a href="{$base}#{ed:id(.)}">{ed:division-label(.)}</a></li>
                  </xsl:for-each>
                </ol>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- Entries are div[@type='entry'] (diaries, the edition's shape) or letters/days in other TEI. -->
  <xsl:template name="ed:chronology">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="base" as="xs:string" required="yes"/>
    <xsl:variable name="entries" as="element()*" select="$doc//tei:text//*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3]
      [@type = ('entry', 'letter', 'day', 'diaryEntry')][exists(ed:entry-date(.))]"/>
    <xsl:if test="exists($entries)">
      <nav class="chronology" aria-labelledby="chronology-heading">
        <h2 id="chronology-heading">{ed:string('chronology')}</h2>
        <p>{ed:string('chronology-intro')}</p>
        <ol>
          <xsl:for-each select="$entries">
            <xsl:sort select="ed:date-sort(ed:entry-date(.))"/>
            <xsl:variable name="date" as="element()" select="ed:entry-date(.)"/>
            <xsl:variable name="iso" as="xs:string" select="ed:date-iso($date)"/>
            <li>
              <a href="{$base}#{ed:id(.)}">
                <xsl:choose>
                  <xsl:when test="ed:html-date($iso)"><time datetime="{$iso}">{ed:date-label($date)}</time></xsl:when>
                  <xsl:otherwise>{ed:date-label($date)}</xsl:otherwise>
                </xsl:choose>
              </a>
              <xsl:if test="$iso"><xsl:text> </xsl:text><span class="iso">({$iso})</span></xsl:if>
              <xsl:variable name="section" as="element()?" select="ancestor::*[tei:head][1][not(self::tei:text or self::tei:body)]"/>
              <xsl:if test="$section"><xsl:text> — </xsl:text><span class="in-section">{ed:division-label($section)}</span></xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
