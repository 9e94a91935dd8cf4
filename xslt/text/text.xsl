<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI P5 -> plain text (UTF-8, LF): title block, headings, paragraphs separated by blank lines,
     note markers [n] in the text and the notes gathered after the body as "n. text", apparatus
     calls [a] and the apparatus at the end as "a. lemma] witnesses; reading witnesses". With
     reading=diplomatic it is the source as it stood (sic, abbr); for a document converted from
     plain text that reproduces the source apart from whitespace. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="../core/core.xsl"/>
  <xsl:include href="params.xsl"/>
  <xsl:include href="behaviours.xsl"/>
  <xsl:include href="layout.xsl"/>
  <xsl:include href="apparatus.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:mode on-no-match="fail" use-accumulators="#all"/>

  <xsl:template match="/">
    <xsl:variable name="doc" as="element()" select="*"/>
    <!-- The notes of the front and body are gathered after the body, before the back matter
         (where a converted source had them: before its "Last updated" line). -->
    <xsl:variable name="opening" as="item()*">
      <xsl:choose>
        <xsl:when test="$doc/self::tei:TEI/tei:text/tei:front/tei:titlePage"/>
        <xsl:otherwise>
          <ed:par kind="heading">{ed:title($doc)}</ed:par>
          <xsl:if test="ed:subtitle($doc)"><ed:par kind="p">{ed:subtitle($doc)}</ed:par></xsl:if>
          <xsl:for-each select="ed:authors($doc)"><ed:par kind="p">{.}</ed:par></xsl:for-each>
          <xsl:if test="ed:series-title($doc)"><ed:par kind="p">{ed:series-title($doc)}</ed:par></xsl:if>
        </xsl:otherwise>
      </xsl:choose>
      <!-- A letter: who wrote to whom, where and when; the letters before and after it. -->
      <xsl:for-each select="ed:correspondence($doc)">
        <xsl:for-each select="?*">
          <ed:par kind="line">{?label}: {?text}{?href[.][not(starts-with(., '#'))] ! (' &lt;' || . || '&gt;')}</ed:par>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="apparatus" as="item()*">
      <xsl:call-template name="ed:apparatus-list"><xsl:with-param name="entries" select="ed:apparatus-entries($doc)"/></xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$doc/self::tei:teiCorpus">
        <xsl:call-template name="ed:text-corpus">
          <xsl:with-param name="corpus" select="$doc"/>
          <xsl:with-param name="opening" select="ed:text-paragraphs($opening, 'p', ())"/>
          <xsl:with-param name="closing" select="ed:text-paragraphs($apparatus, 'p', ())"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="main" as="item()*">
          <xsl:choose>
            <xsl:when test="$doc/self::tei:TEI">
              <!-- Everything in text but the back matter, so a running head (fw) or a milestone
                   placed directly in text, outside front and body, is not lost. -->
              <xsl:apply-templates mode="ed:render" select="$doc/tei:text/(* except tei:back),
                $doc/(* except (tei:text, tei:teiHeader))"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates mode="ed:render" select="$doc"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="back" as="item()*">
          <xsl:apply-templates mode="ed:render" select="$doc/self::tei:TEI/tei:text/tei:back"/>
        </xsl:variable>
        <xsl:call-template name="ed:text-write">
          <xsl:with-param name="outs" select="
            ed:text-paragraphs($opening, 'p', ()),
            ed:text-paragraphs($main, 'p', ()),
            ed:text-endnotes($main),
            ed:text-paragraphs($back, 'p', ()),
            ed:text-endnotes($back),
            ed:text-paragraphs($apparatus, 'p', ())"/>
          <xsl:with-param name="may-break" select="exists(($opening, $main, $back, $apparatus)[. instance of node()]/descendant-or-self::ed:br)"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A corpus is laid out member by member, each written before the next is rendered, so that only
       one member's text is held at a time (the whole of a corpus of 41 MB was: 15× its size). Its
       rendering is a block of its members' (the core: ed:block, its own content the members), whose
       paragraphs are theirs in turn; what renders as running text between two members (nothing in
       valid TEI) waits for the next paragraph, as the layout groups it. The notes are gathered
       after the last member, as those of a document after its text. -->
  <xsl:template name="ed:text-corpus">
    <xsl:param name="corpus" as="element()" required="yes"/>
    <xsl:param name="opening" as="array(xs:string)*" required="yes"/>
    <xsl:param name="closing" as="array(xs:string)*" required="yes"/>
    <xsl:call-template name="ed:text-write">
      <xsl:with-param name="outs" select="$opening"/>
      <xsl:with-param name="last" select="false()"/>
    </xsl:call-template>
    <xsl:iterate select="$corpus/*">
      <xsl:param name="previous" as="xs:string?" select="$opening[last()]?1"/>
      <xsl:param name="pending" as="node()*" select="()"/>
      <xsl:param name="notes" as="array(xs:string)*" select="()"/>
      <xsl:on-completion>
        <xsl:call-template name="ed:text-write">
          <xsl:with-param name="outs" select="ed:text-paragraphs($pending, 'block', ()), $notes, $closing"/>
          <xsl:with-param name="previous" select="$previous"/>
        </xsl:call-template>
      </xsl:on-completion>
      <!-- A tree, as the corpus's block is: adjacent text joined, strings made text. -->
      <xsl:variable name="member"><xsl:apply-templates select="." mode="ed:render"/></xsl:variable>
      <xsl:variable name="items" as="node()*" select="$pending, $member/node()"/>
      <xsl:variable name="laid-out" as="xs:integer" select="(index-of($items ! (. instance of element(ed:par)), true())[last()], 0)[1]"/>
      <xsl:variable name="outs" as="array(xs:string)*" select="ed:text-paragraphs(subsequence($items, 1, $laid-out), 'block', ())"/>
      <xsl:call-template name="ed:text-write">
        <xsl:with-param name="outs" select="$outs"/>
        <xsl:with-param name="previous" select="$previous"/>
        <xsl:with-param name="last" select="false()"/>
      </xsl:call-template>
      <xsl:next-iteration>
        <xsl:with-param name="previous" select="($outs[last()]?1, $previous)[1]"/>
        <xsl:with-param name="pending" select="subsequence($items, $laid-out + 1)"/>
        <xsl:with-param name="notes" select="$notes, ed:text-endnotes($member)"/>
      </xsl:next-iteration>
    </xsl:iterate>
  </xsl:template>

</xsl:stylesheet>
