<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus as plain text: the lemma in the text with a call [a], the entries at the end,
     one paragraph each: "a. l. 5 quick] A; quikk B; om. C". -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:apparatus">
    <xsl:param name="lemma" as="item()*"/>
    <xsl:param name="entry" as="map(*)"/>
    <xsl:sequence select="$lemma"/>
    <xsl:call-template name="ed:apparatus-call"><xsl:with-param name="entry" select="$entry"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="ed:apparatus-call">
    <xsl:param name="entry" as="map(*)"/>
    <xsl:text>[{$entry?label}]</xsl:text>
  </xsl:template>

  <xsl:template name="ed:apparatus-list">
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:param name="titled" as="xs:boolean" select="true()"/>
    <xsl:if test="exists($entries)">
      <xsl:if test="$titled">
        <ed:par kind="heading">{ed:string('apparatus')}</ed:par>
        <xsl:for-each select="ed:witness-key(/*)"><ed:par kind="line">{?siglum}: {?description}</ed:par></xsl:for-each>
      </xsl:if>
      <xsl:for-each select="$entries">
        <xsl:variable name="readings" as="map(*)*" select="?readings?*"/>
        <xsl:variable name="lemma-sigla" as="xs:string*" select="?lemma-sigla?* ! ?siglum"/>
        <ed:par kind="note" prefix="{?label}.">
          <xsl:if test="?line">{ed:string('line-abbr')} {?line} </xsl:if>
          <xsl:if test="?lemma">{?lemma}]</xsl:if>
          <xsl:if test="exists($lemma-sigla)"> {string-join($lemma-sigla, ' ')}</xsl:if>
          <xsl:for-each select="$readings">
            <xsl:variable name="i" as="xs:integer" select="position()"/>
            <xsl:sequence select="if ($i = 1) then (if (exists($lemma-sigla)) then '; ' else ' ')
              else ed:reading-separator($readings[$i - 1], .)"/>
            <xsl:sequence select="if (?omitted) then ed:string('omitted') else ?content"/>
            <xsl:if test="exists(?sigla?*)"> {string-join(?sigla?* ! ?siglum, ' ')}</xsl:if>
          </xsl:for-each>
          <xsl:if test="exists(?notes)"><xsl:text>{ed:string('apparatus-note-separator')}</xsl:text><xsl:sequence select="?notes"/></xsl:if>
        </ed:par>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
