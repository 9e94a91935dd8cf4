<?xml version="1.0" encoding="UTF-8"?>
<!-- TEI P5 -> XSL-FO for Apache FOP: a book with title page, contents, footnotes, an apparatus of
     editorial interventions and an index. The core decides what each element is; these modules
     only say how each behaviour looks on paper. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:eg="http://www.tei-c.org/ns/Examples"
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
       and gap ranges) and are never spaced. The look at every text node and attribute of a
       document without a dash was 4% of the FO of the corpus: spared when the caller knows
       ($source-en-dashes). Every look at text for a dash here asks normalize-space() first: Saxon
       keeps a text node of white space alone (a register's indentation: 14,020 of listevent.xml's
       18,692) in a compact form that contains() must first turn into a string, while
       normalize-space() answers it as it is; such a node never holds a dash. Over listevent.xml
       that look took 3.7 ms alone, 1.4 ms with it; the document's FO counted 1,287 -> 1,217 M
       instructions a pass. -->
  <xsl:function name="ed:fo-may-hold-spaced-dash" as="xs:boolean">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="(some $string in $ed:strings?* satisfies contains($string, '–'))
      or (not($source-en-dashes = 'no') and (exists(root($doc)//text()[normalize-space()][contains(., '–')]) or ed:fo-attributes-hold-dash($doc)))"/>
  </xsl:function>

  <!-- Whether an attribute of $node's document holds an en dash: its attribute values joined and
       looked through once, not each asked (listevent.xml's 7,800 attributes: 16 against 27 M
       instructions, of which the walk to them is 6 M). No dash arises where two values meet. -->
  <xsl:function name="ed:fo-attributes-hold-dash" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="contains(string-join(root($node)//@*), '–')"/>
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
       held only to be finished, else written straight out: so it is when each of its dashes is
       tied as its text is rendered (below). -->
  <xsl:template name="ed:fo-tied-render">
    <xsl:choose>
      <xsl:when test="$ed:fo-ties-dashes and not($ed:fo-ties-in-text)">
        <xsl:variable name="part" as="item()*"><xsl:apply-templates select="." mode="ed:render"/></xsl:variable>
        <xsl:apply-templates select="$part" mode="ed:fo-finish"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="." mode="ed:render"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The large parts are tied as their text is rendered, not held to be finished, when every en
       dash of the book can reach their pages only as text of the document rendered there: each
       text node holding a dash is then finished on its own (below). So it is when no string of the
       stylesheets and no attribute holds one; when none is in text the pages show as a string made
       of it rather than as rendered text (an expansion's letters, a lemma in an apparatus, an
       example of markup, an image's description, coordinates, an id, a corpus member's title, the
       text a standoff reading points to); and when none starts or ends a text node, so that no
       spaced dash is made on the page of two texts that meet (a space ending one, the dash
       starting the next). The conditions are asked cheapest first: a document that fails one
       fails early. Holding every part to finish it was 15% of the FO of the corpus (instruction
       counts); tying in the text where it can be done saves a third of that (listevent.xml's FO:
       175 -> 160 ms). test_fo.py renders documents with a dash in every text both ways and
       compares them. -->
  <xsl:variable name="ed:fo-ties-in-text" as="xs:boolean" select="$ed:fo-ties-dashes and not($ed:has-standoff-apps)
    and not(some $string in $ed:strings?* satisfies contains($string, '–'))
    and (every $text in //text()[normalize-space()][contains(., '–')] satisfies not(starts-with($text, '–') or ends-with($text, '–'))
      and empty($text/ancestor::*[self::tei:abbr or self::tei:expan or self::tei:app or self::eg:egXML or self::tei:figDesc
        or self::tei:desc or self::tei:geo or self::tei:idno or self::tei:teiHeader[parent::tei:TEI/parent::tei:teiCorpus]]))
    and not(ed:fo-attributes-hold-dash(/))"/>

  <!-- Every text node is matched against this rule: it is left out for a document known to hold
       no en dash (source-en-dashes, params.xsl), where it would never apply (152 M instructions of
       the corpus's FO a pass, 2.7%, for the test of the variable alone). -->
  <xsl:template mode="ed:render" match="text()[$ed:fo-ties-in-text][normalize-space()][contains(., '–')]" priority="1"
      use-when="$source-en-dashes != 'no'">
    <xsl:variable name="rendered" as="item()*"><xsl:next-match/></xsl:variable>
    <xsl:apply-templates select="$rendered" mode="ed:fo-finish"/>
  </xsl:template>

  <xsl:mode name="ed:fo-finish" on-no-match="shallow-copy"/>
  <!-- Only the branches that hold such a dash are walked node by node; the rest is copied whole.
       Each test looks for the dash alone first: in saxonche contains() with a needle that starts
       with a space costs five times one with a single character (the corpus's 87,525 text nodes:
       99 ms for ' –', 19 ms for '–'), and most text has spaces but no en dash. -->
  <xsl:template match="*[empty(descendant::text()[normalize-space()][contains(., '–')][contains(., ' –')])]" mode="ed:fo-finish">
    <xsl:copy-of select="."/>
  </xsl:template>
  <xsl:template match="text()[contains(., '–')][contains(., ' –')]" mode="ed:fo-finish">
    <!-- Text, not a string: written straight out (tied in the text, above), a string beside another
         would be parted from it by a space. -->
    <xsl:value-of select="ed:fo-tie-dashes(.)"/>
  </xsl:template>

  <!-- $text with each spaced en dash tied to the word before it. -->
  <xsl:function name="ed:fo-tie-dashes" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (contains($text, '–') and contains($text, ' –')) then replace($text, ' –(\s|$)', '&#xA0;–$1') else $text"/>
  </xsl:function>

</xsl:stylesheet>
