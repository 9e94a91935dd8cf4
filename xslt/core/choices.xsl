<?xml version="1.0" encoding="UTF-8"?>
<!-- Alternatives resolved ONCE, here, from $reading, so text, HTML and FO always agree on which
     reading is the running text: choice (sic/corr, abbr/expan, orig/reg) and app (lem/rdg). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template mode="ed:render" match="tei:choice">
    <xsl:variable name="diplomatic-side" as="element()?" select="(tei:sic, tei:abbr, tei:orig)[1]"/>
    <xsl:variable name="corrected-side" as="element()?" select="(tei:corr, tei:expan, tei:reg)[1]"/>
    <!-- A choice without a recognised pair (e.g. two unclear or seg readings): first child is the text. -->
    <xsl:variable name="sides" as="element()*" select="if ($diplomatic-side or $corrected-side)
        then (if ($ed:diplomatic) then ($diplomatic-side, $corrected-side) else ($corrected-side, $diplomatic-side))
        else *"/>
    <xsl:call-template name="ed:alternate">
      <xsl:with-param name="kind" select="
        if (tei:sic or tei:corr) then 'correction'
        else if (tei:abbr or tei:expan) then 'expansion'
        else if (tei:orig or tei:reg) then 'regularisation'
        else 'alternative'"/>
      <xsl:with-param name="shown-reading" select="
        if ($sides[1] intersect ($diplomatic-side, $corrected-side)) then (if ($sides[1] is $corrected-side) then 'corrected' else 'diplomatic')
        else $reading"/>
      <xsl:with-param name="shown" as="item()*">
        <xsl:apply-templates select="$sides[1]/node()" mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
      <xsl:with-param name="other" as="item()*">
        <!-- Every other child, not only the counterpart: a third alternative is never lost. -->
        <xsl:apply-templates select="(* except $sides[1])/node()" mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The plain text of an element as the chosen reading shows it: notes left out, only the shown
       side of a choice, lemma of an app. For titles, tables of contents, citations, tooltips. -->
  <xsl:function name="ed:plain-text" as="xs:string">
    <xsl:param name="e" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*"><xsl:apply-templates select="$e" mode="ed:plain"/></xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:mode name="ed:plain" on-no-match="text-only-copy"/>
  <xsl:template mode="ed:plain" match="tei:note | tei:teiHeader | tei:standOff | tei:figDesc | tei:index | tei:interp"/>
  <xsl:template mode="ed:plain" match="tei:choice">
    <xsl:variable name="pick" as="element()?" select="if ($ed:diplomatic) then (tei:sic, tei:abbr, tei:orig, *)[1] else (tei:corr, tei:expan, tei:reg, *)[1]"/>
    <xsl:apply-templates select="$pick/node()" mode="ed:plain"/>
  </xsl:template>
  <xsl:template mode="ed:plain" match="tei:app">
    <xsl:apply-templates select="(.//tei:lem, .//tei:rdg)[1]/node()" mode="ed:plain"/>
  </xsl:template>
  <xsl:template mode="ed:plain" match="tei:lb | tei:pb | tei:cb">
    <xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- Nodes rendered as running text (used where a result must be captured in a value). -->
  <xsl:function name="ed:render-inline" as="item()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:apply-templates select="$nodes" mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:function>

</xsl:stylesheet>
