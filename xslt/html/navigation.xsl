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

  <!-- $base is '' on the text page itself, the text page's file name elsewhere. -->
  <xsl:template name="ed:html-toc">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="base" as="xs:string" required="yes"/>
    <xsl:variable name="listed" as="element()*" select="ed:toc-divisions($doc, 2)"/>
    <xsl:variable name="top" as="element()*" select="$listed[not(ancestor::*[ed:is-division(.)])]"/>
    <xsl:if test="exists($top)">
      <nav class="toc" aria-labelledby="{ed:own-id('toc-heading')}">
        <h2 id="{ed:own-id('toc-heading')}">{ed:string('contents-sections')}</h2>
        <ol>
          <xsl:for-each select="$top">
            <li>
              <a href="{$base}#{ed:id(.)}">{ed:division-label(.)}</a>
              <xsl:variable name="inner" as="element()*" select="$listed intersect *"/>
              <xsl:if test="exists($inner)">
                <ol>
                  <xsl:for-each select="$inner">
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
  <xsl:template name="ed:html-chronology">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="base" as="xs:string" required="yes"/>
    <xsl:variable name="entries" as="element()*" select="ed:descendants-root($doc)//tei:text/ed:divisions-below(.)
      [@type = ('entry', 'letter', 'day', 'diaryEntry')][exists(ed:entry-date(.))]"/>
    <xsl:if test="exists($entries)">
      <nav class="chronology" aria-labelledby="{ed:own-id('chronology-heading')}">
        <h2 id="{ed:own-id('chronology-heading')}">{ed:string('chronology')}</h2>
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
