<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI P5 -> XSL-FO for Apache FOP: a book with title page, contents, footnotes, an apparatus of
     editorial interventions and an index. The core decides what each element is; these modules
     only say how each behaviour looks on paper. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="../core/core.xsl"/>
  <xsl:include href="params.xsl"/>
  <xsl:include href="util.xsl"/>
  <xsl:include href="layout.xsl"/>
  <xsl:include href="document.xsl"/>
  <xsl:include href="blocks.xsl"/>
  <xsl:include href="inlines.xsl"/>
  <xsl:include href="backmatter.xsl"/>
  <xsl:include href="apparatus.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- The accumulators (ids, note numbers) must be available on the document we start from. -->
  <xsl:mode on-no-match="fail" use-accumulators="#all"/>

  <xsl:template match="/">
    <!-- PDF/A is chosen when FOP renders, not in the FO; the instruction carries the wish from
         - -param pdfa=yes to pipeline/fop.py (FOP itself ignores processing instructions). -->
    <xsl:if test="ed:yes($pdfa)">
      <xsl:processing-instruction name="tei-edition">pdf-profile="PDF/A-1b"</xsl:processing-instruction>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="ed:fo-may-hold-spaced-dash(*)">
        <xsl:variable name="fo" as="document-node()">
          <xsl:document>
            <xsl:call-template name="ed:fo-document">
              <xsl:with-param name="doc" select="*"/>
            </xsl:call-template>
          </xsl:document>
        </xsl:variable>
        <!-- A text without a spaced en dash is written as it is: the finishing pass visits every node. -->
        <xsl:choose>
          <xsl:when test="exists($fo//text()[contains(., ' –')])"><xsl:apply-templates select="$fo" mode="ed:fo-finish"/></xsl:when>
          <xsl:otherwise><xsl:sequence select="$fo"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <!-- Most documents: the book is written straight out, never held as a tree (holding it, and
           looking through it for a dash, cost 16% of the FO of the corpus). -->
      <xsl:otherwise>
        <xsl:call-template name="ed:fo-document">
          <xsl:with-param name="doc" select="*"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whether the book may hold an en dash at all: its words come from the document (its text and
       the attribute values the core shows, a milestone's separator, a note's number...) and from
       the stylesheets' strings. The stylesheets' own en dashes join two numbers (life dates, page
       and gap ranges) and are never spaced. -->
  <xsl:function name="ed:fo-may-hold-spaced-dash" as="xs:boolean">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="exists(root($doc)//text()[contains(., '–')]) or exists(root($doc)//@*[contains(., '–')])
      or (some $string in $ed:strings?* satisfies contains($string, '–'))"/>
  </xsl:function>

  <!-- Typographic finish of the laid-out text: a spaced en dash is tied to the word before it with a
       no-break space, so that a line never starts with the dash (metadata and bookmarks keep their words). -->
  <xsl:mode name="ed:fo-finish" on-no-match="shallow-copy"/>
  <!-- Only the branches that hold such a dash are walked node by node; the rest is copied whole. -->
  <xsl:template match="*[empty(descendant::text()[contains(., ' –')])]" mode="ed:fo-finish">
    <xsl:copy-of select="."/>
  </xsl:template>
  <xsl:template match="text()[contains(., ' –')][ancestor::*:flow or ancestor::*:static-content]" mode="ed:fo-finish">
    <xsl:sequence select="replace(., ' –(\s|$)', '&#xA0;–$1')"/>
  </xsl:template>

</xsl:stylesheet>
