<?xml version="1.0" encoding="UTF-8"?>
<!-- FO plumbing that keeps the output valid for FOP whatever TEI comes in:
     unique ids, block-only containers, copies of rendered content without ids or footnotes
     (for the contents, running heads, bookmarks and the apparatus), and notes inside notes. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- FOP refuses a document in which two objects share an id, and real TEI does repeat xml:ids (the
       members of a teiCorpus each have their own): every one after the first gets its element's name
       and its place among the elements of that id appended. Counted among those alone: an
       element's ordinal among all of its name (ed:ordinal) made a map of every element of a large
       corpus for them, which the collector copied over and over. -->
  <xsl:function name="ed:fo-id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="id" as="xs:string" select="ed:id($e)"/>
    <!-- The first element of an id is told by id(): Saxon indexes every xml:id that is a name as
         the tree is built (trimmed), and finds the first of those that share one. An element id()
         finds is the first of its id; an id with a space inside, or one that is no name (a digit
         first), is not indexed, and is counted with the key. (Each element looked up in the key,
         which collapses spaces first, cost a third more: the FO of listplace-old.xml, whose
         2,252 places have ids, 1,161 -> 1,151 M instructions.) -->
    <xsl:variable name="before" as="xs:integer"
        select="if (not($e/@xml:id) or id(string($e/@xml:id), $e) is $e) then 0
          else count(key('ed:by-xml-id', normalize-space($e/@xml:id), root($e))[. &lt;&lt; $e])"/>
    <xsl:sequence select="if ($before gt 0) then $id || '.' || local-name($e) || '-' || $before + 1 else $id"/>
  </xsl:function>

  <!-- An id attribute only for an element a link of the text points at (ed:is-link-target): the
       book's other links (contents, notes, index, apparatus) lead to ids their targets write
       themselves (a division, a note, a name, a choice), and FOP has no other use for an id. Written
       for every element with an xml:id, they were 2.8% of the corpus's FO, though nearly none is a
       link's target (listplace-old.xml's 2,252 places, test32.xml's 3,126 lines). A call that
       writes nothing still costs Saxon some 1,300 instructions: the behaviours the most elements
       take (a phrase, a paragraph, an item, a line) test for the xml:id before they call. -->
  <xsl:function name="ed:fo-id-attribute" as="attribute()?">
    <xsl:param name="e" as="element()"/>
    <xsl:if test="ed:fo-has-id($e)">
      <xsl:attribute name="id" select="ed:fo-id($e)"/>
    </xsl:if>
  </xsl:function>

  <!-- Whether ed:fo-id-attribute writes $e an id: an element that needs an inline or block only to
       carry one asks first. -->
  <xsl:function name="ed:fo-has-id" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/@xml:id) and not($e[self::tei:TEI or self::tei:teiCorpus]) and ed:is-link-target($e)"/>
  </xsl:function>

  <xsl:function name="ed:fo-is-block" as="xs:boolean">
    <xsl:param name="item" as="item()"/>
    <!-- Five tests of the element's name, not its namespace and local name as strings compared with
         a list: 20 M fewer instructions a pass of the corpus's FO (0.4%). -->
    <xsl:sequence select="$item instance of element(fo:block) or $item instance of element(fo:list-block)
      or $item instance of element(fo:table) or $item instance of element(fo:block-container)
      or $item instance of element(fo:table-and-caption)"/>
  </xsl:function>

  <!-- Content placed in a block or inline. Parts that only fit in a list or table (an item, row or
       cell the TEI put somewhere else, e.g. castItem in a castGroup) are wrapped in one, since FOP
       rejects a list-item or table-row anywhere else. -->
  <xsl:function name="ed:fo-mixed" as="item()*">
    <xsl:param name="content" as="item()*"/>
    <xsl:choose>
      <!-- The usual case: nothing out of place, nothing to regroup. -->
      <xsl:when test="empty($content[. instance of element(fo:list-item) or . instance of element(fo:table-row)
          or . instance of element(fo:table-cell)])">
        <xsl:sequence select="$content"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each-group select="$content" group-adjacent="ed:fo-part-kind(.)">
          <xsl:choose>
            <xsl:when test="current-grouping-key() = 'item'">
              <fo:list-block provisional-distance-between-starts="1.8em" provisional-label-separation="0.5em">
                <xsl:sequence select="current-group()"/>
              </fo:list-block>
            </xsl:when>
            <xsl:when test="current-grouping-key() = ('row', 'cell')">
              <fo:table table-layout="fixed" width="100%">
                <fo:table-body>
                  <xsl:choose>
                    <xsl:when test="current-grouping-key() = 'row'"><xsl:sequence select="current-group()"/></xsl:when>
                    <xsl:otherwise><fo:table-row><xsl:sequence select="current-group()"/></fo:table-row></xsl:otherwise>
                  </xsl:choose>
                </fo:table-body>
              </fo:table>
            </xsl:when>
            <xsl:otherwise>
              <xsl:sequence select="current-group()"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A behaviour's content (ed:content) as ed:fo-mixed leaves it. Made first and regrouped only
       when something inside may be rendered as a list item, row or cell (ed:item, ed:row, ed:cell):
       everything else, most elements, is written straight into the behaviour's own element. -->
  <xsl:template name="ed:fo-content" use-when="$source-parts-out-of-place = 'no'">
    <!-- A document known to have no part out of place (facts.xsl) has nothing to regroup: the look
       for one, asked of every element (two global variables), was 2.4% of the corpus's FO. -->
    <xsl:call-template name="ed:content"/>
  </xsl:template>
  <xsl:template name="ed:fo-content" use-when="$source-parts-out-of-place != 'no'">
    <xsl:choose>
      <xsl:when test="not(ed:fo-may-hold-parts(.))"><xsl:call-template name="ed:content"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
        <xsl:sequence select="ed:fo-mixed($content)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whether an element holds a list item, row or cell that stands outside its list or table
       (ed:is-part-out-of-place): only such a part can reach the element's own content, since a list
       (ed:list), a table and a row always wrap theirs. Asked of every element with content: any
       part anywhere below, in place or not, made every enclosing division hold its whole content
       once more to regroup it (a seventh of the FO of the corpus). Most documents have no such
       part at all, and one look at the whole document (facts.xsl; it holds for $ed:rendered, not
       for an element of another document) spares every element the look below it
       (asked of each element, the descendants were scanned once per ancestor: 4.5% of the FO). -->
  <xsl:function name="ed:fo-may-hold-parts" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="($ed:has-parts-out-of-place or not(root($e) is $ed:rendered))
      and exists(ed:first-part-out-of-place($e))"/>
  </xsl:function>

  <xsl:function name="ed:fo-part-kind" as="xs:string">
    <xsl:param name="item" as="item()"/>
    <xsl:sequence select="
      if ($item instance of element(fo:list-item)) then 'item'
      else if ($item instance of element(fo:table-row)) then 'row'
      else if ($item instance of element(fo:table-cell)) then 'cell'
      else 'other'"/>
  </xsl:function>

  <!-- Content for a container that accepts only blocks (flow, table cell, list item, footnote
       body): runs of text and inlines are wrapped in blocks, whitespace-only runs are dropped.
       A template, written where it is called: a run is wrapped right there, not first in a block
       of its own that is then copied (a list item's text was copied three times). -->
  <xsl:template name="ed:fo-blocks">
    <xsl:param name="content" as="item()*" required="yes"/>
    <xsl:for-each-group select="ed:fo-mixed($content)" group-adjacent="ed:fo-is-block(.)">
      <xsl:choose>
        <xsl:when test="current-grouping-key()">
          <xsl:sequence select="current-group()"/>
        </xsl:when>
        <xsl:when test="current-group()[. instance of element()] or normalize-space(string-join(current-group() ! string(.)))">
          <fo:block><xsl:sequence select="current-group()"/></fo:block>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:function name="ed:fo-blocks" as="element()*">
    <xsl:param name="content" as="item()*"/>
    <xsl:call-template name="ed:fo-blocks"><xsl:with-param name="content" select="$content"/></xsl:call-template>
  </xsl:function>

  <!-- The same, never empty (a table cell or list item body must hold at least one block): the
       runs make a block when they hold an element or a word. -->
  <xsl:template name="ed:fo-blocks-or-empty">
    <xsl:param name="content" as="item()*" required="yes"/>
    <xsl:choose>
      <xsl:when test="some $item in $content satisfies ($item instance of element() or normalize-space(string($item)))">
        <xsl:call-template name="ed:fo-blocks"><xsl:with-param name="content" select="$content"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><fo:block/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Rendered content reduced to plain inline text formatting: no ids, no links, no footnotes,
       no blocks. Used where the content appears a second time (contents, running head, apparatus). -->
  <xsl:mode name="ed:fo-plain" on-no-match="shallow-skip"/>

  <xsl:function name="ed:fo-plain" as="item()*">
    <xsl:param name="content" as="item()*"/>
    <xsl:apply-templates select="$content" mode="ed:fo-plain"/>
  </xsl:function>

  <xsl:template match="text()" mode="ed:fo-plain">
    <xsl:copy/>
  </xsl:template>

  <xsl:template match=".[. instance of xs:anyAtomicType]" mode="ed:fo-plain">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="fo:footnote | fo:marker | fo:leader | fo:page-number-citation | fo:page-number
      | fo:external-graphic | fo:instream-foreign-object | fo:list-item-label" mode="ed:fo-plain"/>

  <xsl:template match="fo:*" mode="ed:fo-plain">
    <fo:inline>
      <xsl:sequence select="@font-style | @font-weight | @font-variant | @baseline-shift | @font-size[ends-with(., '%')]"/>
      <xsl:apply-templates mode="ed:fo-plain"/>
    </fo:inline>
    <!-- Blocks were separate lines; as inline text they need a space between them. -->
    <xsl:if test="ed:fo-is-block(.) or self::fo:list-item or self::fo:table-cell">
      <xsl:text> </xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- FOP cannot place a footnote inside a footnote: a note within a note is set inline,
       in brackets, inside its parent note. -->
  <xsl:mode name="ed:fo-inline-notes" on-no-match="shallow-copy"/>

  <xsl:template match="fo:footnote" mode="ed:fo-inline-notes">
    <fo:inline>
      <xsl:text> [</xsl:text>
      <xsl:apply-templates select="fo:footnote-body/*" mode="ed:fo-inline-notes-body"/>
      <xsl:text>]</xsl:text>
    </fo:inline>
  </xsl:template>

  <xsl:mode name="ed:fo-inline-notes-body" on-no-match="shallow-copy"/>

  <xsl:template match="fo:footnote" mode="ed:fo-inline-notes-body">
    <xsl:apply-templates select="." mode="ed:fo-inline-notes"/>
  </xsl:template>

  <!-- The note's own list layout becomes "n text". -->
  <xsl:template match="fo:list-block | fo:list-item | fo:list-item-label | fo:list-item-body | fo:block"
      mode="ed:fo-inline-notes-body">
    <fo:inline>
      <xsl:sequence select="@id"/>
      <xsl:apply-templates mode="ed:fo-inline-notes-body"/>
      <xsl:if test="self::fo:list-item-label or self::fo:block[following-sibling::*]"><xsl:text> </xsl:text></xsl:if>
    </fo:inline>
  </xsl:template>

  <!-- At most $max characters, cut at a word boundary with an ellipsis (running heads). -->
  <xsl:function name="ed:fo-short" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($text) le $max) then $text
      else replace(substring($text, 1, $max), '\s+\S*$', '') || ' …'"/>
  </xsl:function>

  <!-- A URL for external-destination: url('...') must not contain an unescaped quote or parenthesis.
       Most URLs have none, and are not taken through the three replacements (a register's
       authority links: a fortieth of its FO). -->
  <xsl:function name="ed:fo-url" as="xs:string">
    <xsl:param name="href" as="xs:string"/>
    <xsl:variable name="uri" as="xs:string" select="iri-to-uri($href)"/>
    <xsl:sequence select="'url(''' || (if (contains($uri, '''') or contains($uri, '(') or contains($uri, ')'))
      then replace(replace(replace($uri, '''', '%27'), '\(', '%28'), '\)', '%29') else $uri) || ''')'"/>
  </xsl:function>

</xsl:stylesheet>
