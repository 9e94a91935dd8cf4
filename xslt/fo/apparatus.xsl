<?xml version="1.0" encoding="UTF-8"?>
<!-- The apparatus on paper: each entry is a footnote at its call, lettered like the call
     ("a quick] A; quikk B; om. C"), so lemma and readings are read on the same page. Entries with
     no call in the text (a standoff app that points nowhere in it) are set after the text, or
     where their listApp stands; after the text too, the key to the witnesses' sigla.
     Also the lineated view of line breaks. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:apparatus">
    <xsl:param name="lemma" as="item()*"/>
    <xsl:param name="entry" as="map(*)"/>
    <fo:inline>
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:sequence select="ed:fo-mixed($lemma)"/>
    </fo:inline>
    <xsl:call-template name="ed:apparatus-call"><xsl:with-param name="entry" select="$entry"/></xsl:call-template>
  </xsl:template>

  <!-- Inside a footnote (a note's content) the entry is set in brackets where it is called, as
       ed:note sets a note: made as a footnote by this template again, outside one, then bracketed. -->
  <xsl:template name="ed:apparatus-call">
    <xsl:param name="entry" as="map(*)"/>
    <xsl:param name="ed:fo-in-footnote" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$ed:fo-in-footnote">
        <xsl:variable name="footnote" as="element(fo:footnote)">
          <xsl:call-template name="ed:apparatus-call">
            <xsl:with-param name="entry" select="$entry"/>
            <xsl:with-param name="ed:fo-in-footnote" select="false()" tunnel="yes"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:sequence select="ed:fo-inline-notes($footnote)"/>
      </xsl:when>
      <xsl:otherwise>
        <fo:footnote>
          <fo:inline baseline-shift="super" font-size="65%" font-style="italic" font-weight="normal">{$entry?label}</fo:inline>
          <fo:footnote-body font-family="{$font-family}" font-size="8.5pt" font-weight="normal" font-style="normal"
              font-variant="normal" text-align="start" text-indent="0pt" start-indent="0pt" end-indent="0pt"
              line-height="1.25" color="#000000" text-decoration="none">
            <xsl:call-template name="ed:fo-variant-entry"><xsl:with-param name="entry" select="$entry"/></xsl:call-template>
          </fo:footnote-body>
        </fo:footnote>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:apparatus-list">
    <xsl:param name="entries" as="map(*)*"/>
    <xsl:param name="titled" as="xs:boolean" select="true()"/>
    <xsl:variable name="uncalled" as="map(*)*" select="$entries[not(?called)]"/>
    <xsl:variable name="key" as="map(*)*" select="if ($titled and exists($entries)) then ed:witness-key(root(.)/*) else ()"/>
    <xsl:if test="exists(($uncalled, $key))">
      <fo:block space-before="1em" font-size="8.5pt" line-height="1.25" text-align="start">
        <xsl:if test="$titled">
          <fo:block font-family="{$heading-font-family}" font-size="11pt" font-weight="bold" space-after="0.5em"
              keep-with-next.within-page="always">{ed:string(if (exists($uncalled)) then 'apparatus' else 'witnesses')}</fo:block>
        </xsl:if>
        <xsl:for-each select="$key">
          <fo:block margin-left="2.5em" text-indent="-2.5em"><fo:inline font-style="italic">{?siglum}</fo:inline> {?description}</fo:block>
        </xsl:for-each>
        <xsl:for-each select="$uncalled">
          <xsl:call-template name="ed:fo-variant-entry"><xsl:with-param name="entry" select="."/></xsl:call-template>
        </xsl:for-each>
      </fo:block>
    </xsl:if>
  </xsl:template>

  <!-- A footnote cannot hold a footnote: a call inside a reading is set in line (ed:fo-inline-notes). -->
  <xsl:template name="ed:fo-variant-entry">
    <xsl:param name="entry" as="map(*)"/>
    <xsl:variable name="readings" as="map(*)*" select="$entry?readings?*"/>
    <xsl:variable name="lemma-sigla" as="xs:string*" select="$entry?lemma-sigla?* ! ?siglum"/>
    <fo:block space-before="1pt">
      <fo:inline font-style="italic">{$entry?label}</fo:inline>
      <xsl:text> </xsl:text>
      <xsl:if test="$entry?line"><fo:inline color="#505050">{ed:string('line-abbr')} {$entry?line}</fo:inline><xsl:text> </xsl:text></xsl:if>
      <xsl:if test="$entry?lemma">{$entry?lemma}]</xsl:if>
      <xsl:if test="exists($lemma-sigla)"><xsl:text> </xsl:text><fo:inline font-style="italic">{string-join($lemma-sigla, ' ')}</fo:inline></xsl:if>
      <xsl:for-each select="$readings">
        <xsl:variable name="i" as="xs:integer" select="position()"/>
        <xsl:value-of select="if ($i = 1) then (if (exists($lemma-sigla)) then '; ' else ' ')
          else ed:reading-separator($readings[$i - 1], .)"/>
        <xsl:choose>
          <xsl:when test="?omitted"><fo:inline font-style="italic">{ed:string('omitted')}</fo:inline></xsl:when>
          <xsl:otherwise><xsl:sequence select="ed:fo-inline-notes(ed:fo-plain(?content))"/></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="exists(?sigla?*)"><xsl:text> </xsl:text><fo:inline font-style="italic">{string-join(?sigla?* ! ?siglum, ' ')}</fo:inline></xsl:if>
      </xsl:for-each>
      <xsl:if test="exists($entry?notes)"><xsl:text>{ed:string('apparatus-note-separator')}</xsl:text><xsl:sequence select="ed:fo-inline-notes(ed:fo-plain($entry?notes))"/></xsl:if>
    </fo:block>
  </xsl:template>

  <!-- A line break starts a new line (not at the start of a line: $new-line false, kind
       'line-start'); at a word broken across lines a hyphen; the line's number where a printed
       edition shows it (ed:shown-line-number: every fifth) small at the start of its line. -->
  <xsl:template name="ed:fo-line-break">
    <xsl:param name="new-line" as="xs:boolean" required="yes"/>
    <xsl:variable name="hyphen" as="xs:string" select="ed:break-hyphen(.)"/>
    <xsl:if test="$hyphen"><fo:inline color="#707070">{$hyphen}</fo:inline></xsl:if>
    <xsl:choose>
      <xsl:when test="$new-line"><fo:block><xsl:sequence select="ed:fo-id-attribute(.)"/></fo:block></xsl:when>
      <xsl:when test="@xml:id and ed:fo-has-id(.)"><fo:inline><xsl:sequence select="ed:fo-id-attribute(.)"/></fo:inline></xsl:when>
    </xsl:choose>
    <xsl:variable name="number" as="xs:string" select="ed:shown-line-number(.)"/>
    <xsl:if test="$number">
      <fo:inline font-size="70%" color="#707070" font-style="normal" font-weight="normal" padding-end="0.6em">{$number}</fo:inline>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
