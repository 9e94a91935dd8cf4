<?xml version="1.0" encoding="UTF-8"?>
<!-- The lineated view of HTML: a line break (lb) starts a new line, shows the line's number in
     the margin where a printed edition would (ed:shown-line-number: every fifth), and shows a
     hyphen where it breaks a word (break="no").
     An lb with nothing before it on its line (kind 'line-start', ed:is-line-start) starts no new
     line, since its block already did, but keeps its id and its number. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:html-line-break">
    <xsl:param name="new-line" as="xs:boolean" required="yes"/>
    <xsl:variable name="hyphen" as="xs:string" select="ed:break-hyphen(.)"/>
    <xsl:if test="$hyphen"><span class="word-break">{$hyphen}</span></xsl:if>
    <xsl:choose>
      <xsl:when test="$new-line"><br class="lb"/></xsl:when>
      <xsl:when test="@xml:id"><span class="lb-start" id="{ed:id(.)}"></span></xsl:when>
    </xsl:choose>
    <xsl:variable name="number" as="xs:string" select="ed:shown-line-number(.)"/>
    <xsl:if test="$number"><span class="line-number" aria-hidden="true">{$number}</span></xsl:if>
  </xsl:template>

</xsl:stylesheet>
