<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML implementation of the apparatus behaviours: the lemma in the text with a lettered call,
     and the apparatus section after the text, each entry linking back to its call. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:apparatus">
    <xsl:param name="lemma" as="item()*" required="yes"/>
    <xsl:param name="entry" as="map(*)" required="yes"/>
    <span class="app">
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <span class="lem"><xsl:sequence select="$lemma"/></span>
      <xsl:call-template name="ed:apparatus-call"><xsl:with-param name="entry" select="$entry"/></xsl:call-template>
    </span>
  </xsl:template>

  <xsl:template name="ed:apparatus-call">
    <xsl:param name="entry" as="map(*)" required="yes"/>
    <a class="app-call" href="#{$entry?id}" id="{$entry?call-id}" title="{ed:html-apparatus-summary($entry)}">
      <span class="visually-hidden">{ed:string('apparatus-entry')} </span>{$entry?label}</a>
  </xsl:template>

  <!-- Inside running text (a listApp in a p) the list is spans shown as blocks: HTML allows no
       list in a paragraph. -->
  <xsl:template name="ed:apparatus-list">
    <xsl:param name="entries" as="map(*)*" required="yes"/>
    <xsl:param name="titled" as="xs:boolean" select="true()"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="exists($entries)">
      <xsl:element name="{if ($ed:in-line) then 'span' else 'section'}">
        <xsl:attribute name="class" select="'apparatus'"/>
        <xsl:if test="$titled">
          <xsl:attribute name="aria-labelledby" select="ed:own-id('apparatus-heading')"/>
          <h2 id="{ed:own-id('apparatus-heading')}">{ed:string('apparatus')}</h2>
          <xsl:variable name="key" as="map(*)*" select="ed:witness-key(/*)"/>
          <xsl:if test="exists($key)">
            <dl class="sigla" aria-label="{ed:string('witnesses')}">
              <xsl:for-each select="$key"><dt>{?siglum}</dt><dd>{?description}</dd></xsl:for-each>
            </dl>
          </xsl:if>
        </xsl:if>
        <xsl:element name="{if ($ed:in-line) then 'span' else 'ol'}">
          <xsl:attribute name="class" select="'apparatus-entries'"/>
          <xsl:for-each select="$entries">
            <xsl:element name="{if ($ed:in-line) then 'span' else 'li'}">
              <xsl:attribute name="id" select="?id"/>
              <xsl:choose>
                <xsl:when test="?called"><a class="app-back" href="#{?call-id}" title="{ed:string('back-to-text')}">{?label}</a></xsl:when>
                <xsl:otherwise><span class="app-back">{?label}</span></xsl:otherwise>
              </xsl:choose>
              <xsl:text> </xsl:text>
              <span class="app-body">
                <xsl:if test="?line"><span class="app-line">{ed:string('line-abbr')} {?line}</span><xsl:text> </xsl:text></xsl:if>
                <xsl:call-template name="ed:html-apparatus-entry"><xsl:with-param name="entry" select="."/></xsl:call-template>
              </span>
            </xsl:element>
          </xsl:for-each>
        </xsl:element>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- lemma] A B; reading C, reading D; om. E  note -->
  <xsl:template name="ed:html-apparatus-entry">
    <xsl:param name="entry" as="map(*)" required="yes"/>
    <xsl:variable name="readings" as="map(*)*" select="$entry?readings?*"/>
    <xsl:if test="$entry?lemma"><span class="app-lemma">{$entry?lemma}</span>]</xsl:if>
    <xsl:if test="exists($entry?lemma-sigla?*)">
      <xsl:text> </xsl:text>
      <xsl:sequence select="ed:html-sigla($entry?lemma-sigla?*)"/>
    </xsl:if>
    <xsl:for-each select="$readings">
      <xsl:variable name="i" as="xs:integer" select="position()"/>
      <xsl:sequence select="if ($i = 1) then (if (exists($entry?lemma-sigla?*)) then '; ' else ' ')
        else ed:reading-separator($readings[$i - 1], .)"/>
      <span class="rdg">
        <xsl:choose>
          <xsl:when test="?omitted"><span class="om">{ed:string('omitted')}</span></xsl:when>
          <xsl:otherwise><xsl:sequence select="?content"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="exists(?sigla?*)"><xsl:text> </xsl:text><xsl:sequence select="ed:html-sigla(?sigla?*)"/></xsl:if>
      </span>
    </xsl:for-each>
    <xsl:if test="exists($entry?notes)">
      <xsl:text>{ed:string('apparatus-note-separator')}</xsl:text>
      <span class="app-notes"><xsl:sequence select="$entry?notes"/></span>
    </xsl:if>
  </xsl:template>

  <xsl:function name="ed:html-sigla" as="node()*">
    <xsl:param name="sigla" as="map(*)*"/>
    <xsl:for-each select="$sigla">
      <span class="wit">
        <xsl:if test="?description"><xsl:attribute name="title" select="?description"/></xsl:if>
        <xsl:text>{?siglum}</xsl:text>
      </span>
      <xsl:if test="position() ne last()"><xsl:text> </xsl:text></xsl:if>
    </xsl:for-each>
  </xsl:function>

  <!-- The entry as one line of text, for the call's tooltip. -->
  <xsl:function name="ed:html-apparatus-summary" as="xs:string">
    <xsl:param name="entry" as="map(*)"/>
    <xsl:variable name="parts" as="item()*">
      <xsl:call-template name="ed:html-apparatus-entry"><xsl:with-param name="entry" select="$entry"/></xsl:call-template>
    </xsl:variable>
    <xsl:sequence select="ed:html-text($parts)"/>
  </xsl:function>

</xsl:stylesheet>
