<?xml version="1.0" encoding="UTF-8"?>
<!-- The lineated view of HTML: a line break (lb) starts a new line, shows every fifth line number
     of a numbered text in the margin, and shows a hyphen where it breaks a word (break="no"). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:html-line-break">
    <xsl:param name="label" as="xs:string" required="yes"/>
    <xsl:variable name="hyphen" as="xs:string" select="ed:break-hyphen(.)"/>
    <xsl:if test="$hyphen"><span class="word-break">{$hyphen}</span></xsl:if>
    <xsl:if test="not(ed:opens-block(.))"><br class="lb"/></xsl:if>
    <xsl:if test="ed:shows-line-number($label)"><span class="line-number" aria-hidden="true">{$label}</span></xsl:if>
  </xsl:template>

</xsl:stylesheet>
