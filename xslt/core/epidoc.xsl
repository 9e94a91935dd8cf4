<?xml version="1.0" encoding="UTF-8"?>
<!-- EpiDoc's divisions. An EpiDoc file names its parts by type instead of giving them heads:
     div type="edition", "apparatus", "translation", "commentary", "bibliography", and the
     textparts of an edition (div type="textpart" subtype="face|column|fragment..." n="a").
     A reader needs those names as headings: "Edition", "Translation", "Face a". A division that
     has a head of its own keeps it and gets nothing added. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A division EpiDoc names by its type, and that has no head to name it otherwise. -->
  <xsl:function name="ed:is-epidoc-division" as="xs:boolean">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="exists($div[self::tei:div][not(tei:head)]
      [@type = ('edition', 'apparatus', 'translation', 'commentary', 'bibliography', 'textpart')])"/>
  </xsl:function>

  <xsl:template mode="ed:render" priority="1" match="tei:div[ed:is-epidoc-division(.)]">
    <xsl:call-template name="ed:block">
      <xsl:with-param name="hint" select="string-join((local-name(), @type ! tokenize(.), ed:rend-hint(.)), ' ')"/>
      <xsl:with-param name="ed:made-content" tunnel="yes" select="()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The division's block holds its label as a heading, then its parts; the heading holds the label. -->
  <xsl:template mode="ed:content" priority="1" match="tei:div[ed:is-epidoc-division(.)]">
    <xsl:param name="ed:made-content" as="array(*)?" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="exists($ed:made-content)"><xsl:sequence select="$ed:made-content?*"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="label" as="xs:string" select="ed:epidoc-division-label(.)"/>
        <xsl:if test="$label">
          <xsl:call-template name="ed:heading">
            <!-- The depth of a head in this division: that of any child of it. -->
            <xsl:with-param name="level" select="ed:heading-level((*, .)[1])"/>
            <xsl:with-param name="ed:made-content" tunnel="yes" select="[$label]"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:apply-templates mode="ed:render"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Edition"; a textpart by its subtype and number ("Face a", "Fragment 2"), else its number.
       Also what the division is called wherever it is named (ed:division-label: contents, outline). -->
  <xsl:function name="ed:epidoc-division-label" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="subtype" as="xs:string" select="normalize-space($div/@subtype)"/>
    <xsl:sequence select="
      if ($div/@type = 'textpart') then normalize-space(string-join((
        if ($subtype) then upper-case(substring($subtype, 1, 1)) || substring($subtype, 2) else (),
        normalize-space($div/@n)), ' '))
      else ed:string('div-' || $div/@type)"/>
  </xsl:function>

</xsl:stylesheet>
