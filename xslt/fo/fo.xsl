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
    <xsl:call-template name="ed:fo-document">
      <xsl:with-param name="doc" select="*"/>
    </xsl:call-template>
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
       no-break space, so that a line never starts with the dash (metadata and bookmarks keep their
       words). The finish looks at the text as it is laid out, not as it is written, since a dash and
       the word before it may come from anywhere (see above), or from two text nodes made one. It is
       done part by part (ed:fo-tied): a page sequence, the static content, a division of the text,
       a member of a corpus, each held once made, finished, written and dropped. No text is shared
       by two parts, each an element holding all of its own. The whole book held to be finished
       stayed in memory to the end of the run (a teiCorpus of 41 MB: 110 MB more live heap). -->
  <xsl:variable name="ed:fo-ties-dashes" as="xs:boolean" select="some $doc in /* satisfies ed:fo-may-hold-spaced-dash($doc)"/>

  <!-- A small part of the pages (title page, contents, static content, apparatus, index, the text
       around the divisions), finished when the book may hold a spaced dash. -->
  <xsl:template name="ed:fo-tied">
    <xsl:param name="part" as="item()*" required="yes"/>
    <xsl:choose>
      <xsl:when test="$ed:fo-ties-dashes"><xsl:apply-templates select="$part" mode="ed:fo-finish"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="$part"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A large part, the context element rendered (a division of the text, a member of a corpus):
       held only to be finished, else written straight out. -->
  <xsl:template name="ed:fo-tied-render">
    <xsl:choose>
      <xsl:when test="$ed:fo-ties-dashes">
        <xsl:variable name="part" as="item()*"><xsl:apply-templates select="." mode="ed:render"/></xsl:variable>
        <xsl:apply-templates select="$part" mode="ed:fo-finish"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="." mode="ed:render"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:mode name="ed:fo-finish" on-no-match="shallow-copy"/>
  <!-- Only the branches that hold such a dash are walked node by node; the rest is copied whole.
       Each test looks for the dash alone first: in saxonche contains() with a needle that starts
       with a space costs five times one with a single character (the corpus's 87,525 text nodes:
       99 ms for ' –', 19 ms for '–'), and most text has spaces but no en dash. -->
  <xsl:template match="*[empty(descendant::text()[contains(., '–')][contains(., ' –')])]" mode="ed:fo-finish">
    <xsl:copy-of select="."/>
  </xsl:template>
  <xsl:template match="text()[contains(., '–')][contains(., ' –')]" mode="ed:fo-finish">
    <xsl:sequence select="replace(., ' –(\s|$)', '&#xA0;–$1')"/>
  </xsl:template>

</xsl:stylesheet>
