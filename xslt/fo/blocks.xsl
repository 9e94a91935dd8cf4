<?xml version="1.0" encoding="UTF-8"?>
<!-- The block behaviours of the core's vocabulary (core.xsl) as XSL-FO. FOP accepts blocks, lists and
     tables inside inlines, so a block behaviour stays a block even in running text; what it does
     not accept (empty cells, rows or bodies, text directly in a list or table) is prevented here. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:block">
    <xsl:param name="hint" as="xs:string" select="''"/>
    <xsl:variable name="tokens" as="xs:string*" select="tokenize($hint)"/>
    <xsl:variable name="division" as="xs:boolean" select="ed:is-division(.)"/>
    <xsl:variable name="look" as="xs:string*" select="ed:look(.)"/>
    <fo:block>
      <xsl:if test="$division or self::tei:TEI[parent::tei:teiCorpus]">
        <xsl:attribute name="id" select="ed:fo-id(.)"/>
      </xsl:if>
      <xsl:if test="not($division or self::tei:TEI)">
        <xsl:sequence select="ed:fo-id-attribute(.)"/>
      </xsl:if>
      <xsl:if test="$division or $look = 'set-off'">
        <xsl:attribute name="space-before" select="if ($division) then '1.2em' else '0.6em'"/>
      </xsl:if>
      <xsl:if test="$look = 'inset'">
        <xsl:attribute name="margin-left" select="'2em'"/>
        <xsl:attribute name="margin-right" select="'2em'"/>
        <xsl:attribute name="font-size" select="'95%'"/>
      </xsl:if>
      <xsl:if test="$look = 'title-page'">
        <xsl:attribute name="text-align" select="'center'"/>
        <xsl:attribute name="padding-top" select="'30mm'"/>
      </xsl:if>
      <xsl:if test="$look = 'align-end'">
        <xsl:attribute name="text-align" select="'right'"/>
      </xsl:if>
      <xsl:sequence select="ed:fo-align($tokens)"/>
      <!-- The running head names the current top-level division (a marker must come first). -->
      <xsl:if test="ed:fo-is-top-division(.)">
        <fo:marker marker-class-name="{$ed:fo-section-marker}">
          <xsl:text>{if (tei:head[normalize-space()] or self::tei:TEI) then ed:fo-tie-dashes(ed:fo-short(ed:division-label(.), 48)) else ''}</xsl:text>
        </fo:marker>
      </xsl:if>
      <xsl:call-template name="ed:fo-content"/>
    </fo:block>
  </xsl:template>

  <xsl:template name="ed:heading">
    <xsl:param name="level" as="xs:integer" select="1"/>
    <fo:block font-family="{$heading-font-family}" font-weight="bold" keep-with-next.within-page="always"
        text-align="start" hyphenate="false"
        font-size="{(('16pt', '12.5pt', '11pt')[$level], $font-size)[1]}"
        space-before="{(('1.4em', '1.1em', '0.9em')[$level], '0.8em')[1]}" space-after="0.5em">
      <xsl:if test="$level ge 4"><xsl:attribute name="font-style" select="'italic'"/></xsl:if>
      <xsl:if test="self::tei:head"><xsl:sequence select="ed:fo-id-attribute(.)"/></xsl:if>
      <xsl:call-template name="ed:fo-content"/>
    </fo:block>
  </xsl:template>

  <xsl:template name="ed:paragraph">
    <xsl:param name="hint" as="xs:string" select="''"/>
    <xsl:variable name="tokens" as="xs:string*" select="tokenize($hint)"/>
    <xsl:variable name="look" as="xs:string*" select="ed:look(.)"/>
    <fo:block space-before="0.45em" text-align="justify">
      <xsl:if test="@xml:id"><xsl:sequence select="ed:fo-id-attribute(.)"/></xsl:if>
      <xsl:choose>
        <xsl:when test="$look = 'title-main'">
          <xsl:attribute name="font-size" select="'20pt'"/>
          <xsl:attribute name="font-weight" select="'bold'"/>
          <xsl:attribute name="space-before" select="'0.8em'"/>
          <xsl:attribute name="text-align" select="'center'"/>
        </xsl:when>
        <xsl:when test="$look = 'title-part'">
          <xsl:attribute name="font-size" select="'14pt'"/>
          <xsl:attribute name="space-before" select="'0.8em'"/>
          <xsl:attribute name="text-align" select="'center'"/>
        </xsl:when>
        <xsl:when test="$look = 'title-line'">
          <xsl:attribute name="space-before" select="'1.2em'"/>
          <xsl:attribute name="text-align" select="'center'"/>
        </xsl:when>
        <xsl:when test="$look = ('align-start', 'align-end')">
          <xsl:attribute name="text-align" select="if ($look = 'align-start') then 'start' else 'end'"/>
        </xsl:when>
        <xsl:when test="$look = 'list-line'">
          <xsl:attribute name="space-before" select="'0.1em'"/>
          <xsl:attribute name="text-align" select="'start'"/>
        </xsl:when>
        <xsl:when test="$look = 'caption'">
          <xsl:attribute name="text-align" select="'center'"/>
          <xsl:attribute name="font-style" select="'italic'"/>
        </xsl:when>
      </xsl:choose>
      <xsl:sequence select="ed:fo-align($tokens), ed:fo-look($tokens)"/>
      <xsl:call-template name="ed:fo-content"/>
    </fo:block>
  </xsl:template>

  <!-- Lists: items become fo:list-items; anything else between them gets an item of its own,
       since a list-block may hold nothing but list-items. -->
  <xsl:template name="ed:list">
    <xsl:param name="ordered" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <!-- A bulleted list of unlabelled members (most lists, registers): each item sets its own
           bullet (ed:fo-marker), so the items are written straight into the list-block. -->
      <xsl:when test="not($ordered) and empty(tei:label) and exists(* except tei:head) and ed:holds-only-members(.)">
        <fo:list-block space-before="0.4em" space-after="0.4em" provisional-label-separation="0.5em"
            provisional-distance-between-starts="1.8em">
          <xsl:sequence select="ed:fo-id-attribute(.)"/>
          <xsl:call-template name="ed:content"><xsl:with-param name="ed:fo-marker" select="'•'" tunnel="yes"/></xsl:call-template>
        </fo:list-block>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="ed:fo-list-made-first"><xsl:with-param name="ordered" select="$ordered"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Any other list: its content made first, parts between items given items of their own, then
       numbers or bullets set in the items without a label, and the label column as wide as the
       widest label. -->
  <xsl:template name="ed:fo-list-made-first">
    <xsl:param name="ordered" as="xs:boolean" required="yes"/>
    <xsl:variable name="content" as="item()*">
      <xsl:call-template name="ed:content"><xsl:with-param name="ed:fo-marker" select="''" tunnel="yes"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="items" as="element(fo:list-item)*">
      <xsl:for-each-group select="$content" group-adjacent=". instance of element(fo:list-item)">
        <xsl:choose>
          <xsl:when test="current-grouping-key()"><xsl:sequence select="current-group()"/></xsl:when>
          <xsl:otherwise>
            <xsl:variable name="blocks" as="element()*" select="ed:fo-blocks(current-group())"/>
            <xsl:if test="exists($blocks)">
              <fo:list-item>
                <fo:list-item-label end-indent="label-end()"><fo:block/></fo:list-item-label>
                <fo:list-item-body start-indent="body-start()"><xsl:sequence select="$blocks"/></fo:list-item-body>
              </fo:list-item>
            </xsl:if>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:variable name="widest" as="xs:integer"
        select="max((0, $items/fo:list-item-label ! string-length(normalize-space(.))))"/>
    <xsl:if test="exists($items)">
      <fo:list-block space-before="0.4em" space-after="0.4em"
          provisional-label-separation="0.5em"
          provisional-distance-between-starts="{if ($widest gt 2) then min((12, 0.6 * $widest + 1)) else 1.8}em">
        <xsl:sequence select="ed:fo-id-attribute(.)"/>
        <xsl:for-each select="$items">
          <xsl:apply-templates select="." mode="ed:fo-list-label">
            <xsl:with-param name="marker" select="if ($ordered) then position() || '.' else '•'"/>
          </xsl:apply-templates>
        </xsl:for-each>
      </fo:list-block>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ed:item">
    <xsl:param name="label" as="item()*"/>
    <!-- The bullet of a list that lets its items set it (ed:list); items inside are not its own. -->
    <xsl:param name="ed:fo-marker" as="xs:string" tunnel="yes" select="''"/>
    <fo:list-item>
      <xsl:if test="@xml:id"><xsl:sequence select="ed:fo-id-attribute(.)"/></xsl:if>
      <fo:list-item-label end-indent="label-end()">
        <xsl:choose>
          <xsl:when test="$ed:fo-marker and empty($label)"><fo:block text-align="end">{$ed:fo-marker}</fo:block></xsl:when>
          <xsl:otherwise><fo:block text-align="end"><xsl:sequence select="ed:fo-plain($label)"/></fo:block></xsl:otherwise>
        </xsl:choose>
      </fo:list-item-label>
      <!-- A label holds no footnote (ed:fo-plain drops them): the label's notes and apparatus
           calls open the item's text instead of being lost. The content is written straight into
           one block, as a paragraph's is: a paragraph or list inside the item is a block within
           it. (Made first and cut into sibling blocks, every item held and copied its content, at
           every level of nested lists: a quarter of the FO of a register of events.) -->
      <fo:list-item-body start-indent="body-start()">
        <fo:block>
          <xsl:sequence select="$label ! descendant-or-self::fo:footnote"/>
          <xsl:call-template name="ed:fo-content"><xsl:with-param name="ed:fo-marker" select="''" tunnel="yes"/></xsl:call-template>
        </fo:block>
      </fo:list-item-body>
    </fo:list-item>
  </xsl:template>

  <!-- An item without a label of its own gets the list's bullet or number. -->
  <xsl:mode name="ed:fo-list-label" on-no-match="shallow-copy"/>
  <xsl:template match="fo:list-item/fo:list-item-label/fo:block[not(node())]" mode="ed:fo-list-label">
    <xsl:param name="marker" as="xs:string" required="yes"/>
    <fo:block text-align="end">{$marker}</fo:block>
  </xsl:template>
  <xsl:template match="fo:list-item-body" mode="ed:fo-list-label">
    <xsl:sequence select="."/>
  </xsl:template>

  <!-- Tables: fixed layout on the full width (FOP implements no automatic layout), one column per
       grid position of the widest row; rows without cells are dropped, as FOP rejects them. -->
  <xsl:template name="ed:table">
    <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
    <xsl:variable name="rows" as="element(fo:table-row)*" select="$content[. instance of element(fo:table-row)]"/>
    <xsl:variable name="columns" as="xs:integer" select="max((1, $rows ! sum(fo:table-cell ! ed:fo-span(@number-columns-spanned))))"/>
    <xsl:sequence select="ed:fo-blocks($content[not(. instance of element(fo:table-row))])"/>
    <xsl:if test="exists($rows)">
      <fo:table table-layout="fixed" width="100%" space-before="0.5em" space-after="0.5em"
          border-collapse="collapse" font-size="92%">
        <xsl:sequence select="ed:fo-id-attribute(.)"/>
        <xsl:for-each select="1 to $columns">
          <fo:table-column column-width="proportional-column-width(1)"/>
        </xsl:for-each>
        <fo:table-body>
          <xsl:sequence select="$rows"/>
        </fo:table-body>
      </fo:table>
    </xsl:if>
  </xsl:template>

  <xsl:function name="ed:fo-span" as="xs:integer">
    <xsl:param name="value" as="attribute()?"/>
    <xsl:sequence select="if ($value castable as xs:integer) then max((1, xs:integer($value))) else 1"/>
  </xsl:function>

  <xsl:template name="ed:row">
    <xsl:param name="header" as="xs:boolean" select="false()"/>
    <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
    <xsl:variable name="cells" as="element(fo:table-cell)*" select="$content[. instance of element(fo:table-cell)]"/>
    <xsl:if test="exists($cells)">
      <fo:table-row keep-together.within-page="auto">
        <xsl:sequence select="ed:fo-id-attribute(.)"/>
        <xsl:sequence select="$cells"/>
      </fo:table-row>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ed:cell">
    <xsl:param name="header" as="xs:boolean" select="false()"/>
    <xsl:param name="cols" as="xs:integer" select="1"/>
    <xsl:param name="rows" as="xs:integer" select="1"/>
    <!-- A row span may not run past the last row: FOP would reject the table. Counted only for a
         cell that spans rows: counting the rows below every cell is quadratic in a long table. -->
    <xsl:variable name="rows-left" as="xs:integer"
        select="if ($rows gt 1) then 1 + count(../following-sibling::tei:row[tei:cell]) else 1"/>
    <fo:table-cell border="0.4pt solid #808080" padding="2pt 3pt">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:if test="$cols gt 1"><xsl:attribute name="number-columns-spanned" select="$cols"/></xsl:if>
      <xsl:if test="min(($rows, $rows-left)) gt 1"><xsl:attribute name="number-rows-spanned" select="min(($rows, $rows-left))"/></xsl:if>
      <xsl:if test="$header"><xsl:attribute name="font-weight" select="'bold'"/></xsl:if>
      <!-- Written straight into one block, as an item's content is. -->
      <fo:block><xsl:call-template name="ed:fo-content"/></fo:block>
    </fo:table-cell>
  </xsl:template>

  <xsl:template name="ed:verse-group">
    <fo:block space-before="0.6em" space-after="0.6em" text-align="start">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:call-template name="ed:fo-content"/>
    </fo:block>
  </xsl:template>

  <!-- Verse lines hang (a long line wraps indented); the later part of a shared line starts
       after the earlier ones; the numbers the core shows stand at the right. -->
  <xsl:template name="ed:verse-line">
    <xsl:param name="number" as="xs:string" select="''"/>
    <xsl:param name="indent" as="xs:integer" select="0"/>
    <fo:block margin-left="{3 + 0.5 * $indent}em" text-indent="-1em" text-align="start">
      <xsl:if test="@xml:id"><xsl:sequence select="ed:fo-id-attribute(.)"/></xsl:if>
      <xsl:call-template name="ed:fo-content"/>
      <xsl:if test="$number">
        <fo:leader leader-pattern="space"/>
        <fo:inline font-size="75%" color="#606060">{$number}</fo:inline>
      </xsl:if>
    </fo:block>
  </xsl:template>

  <xsl:template name="ed:speech">
    <fo:block space-before="0.5em">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:call-template name="ed:fo-content"/>
    </fo:block>
  </xsl:template>

  <xsl:template name="ed:speaker">
    <fo:block font-variant="small-caps" font-weight="bold" keep-with-next.within-page="always">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:call-template name="ed:fo-content"/>
    </fo:block>
  </xsl:template>

  <xsl:template name="ed:stage">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'fo:inline' else 'fo:block'}" namespace="http://www.w3.org/1999/XSL/Format">
      <xsl:attribute name="font-style" select="'italic'"/>
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:call-template name="ed:fo-content"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:figure">
    <fo:block space-before="0.6em" space-after="0.6em" text-align="center" font-size="92%">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:call-template name="ed:fo-content"/>
    </fo:block>
  </xsl:template>

  <!-- Images are not fetched: a TEI file's URLs are untrusted (FOP would read local files and the
       network) and usually relative to a folder we do not have. The description stands in. -->
  <xsl:template name="ed:graphic">
    <xsl:param name="url" as="xs:string" select="''"/>
    <xsl:param name="description" as="xs:string" select="''"/>
    <fo:inline font-style="italic" color="#404040">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:text>[{ed:string('image')}{if ($description) then ': ' || $description else ''}]</xsl:text>
    </fo:inline>
  </xsl:template>

  <!-- Markup shown as markup (an egXML example): its own lines and indentation, long lines wrapped. -->
  <xsl:template name="ed:code">
    <xsl:param name="code" as="xs:string"/>
    <fo:block font-family="{$mono-font-family}" font-size="8.5pt" line-height="1.3" text-align="start"
        linefeed-treatment="preserve" white-space-treatment="preserve" white-space-collapse="false"
        wrap-option="wrap" background-color="#f5f3ee" padding="3pt" space-before="0.4em" space-after="0.4em"
        keep-together.within-page="auto" hyphenate="false">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:text>{$code}</xsl:text>
    </fo:block>
  </xsl:template>

  <xsl:template name="ed:unmapped">
    <xsl:call-template name="ed:fo-content-with-id"/>
  </xsl:template>

  <!-- The division that names the running head: a top-level division or a member of a corpus. -->
  <xsl:function name="ed:fo-is-top-division" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(ed:is-division($e) and not($e/ancestor::*[ed:is-division(.)]))
      or exists($e[self::tei:TEI][parent::tei:teiCorpus])"/>
  </xsl:function>

  <!-- The title of a division: a dated entry by its normalised date, else its head as rendered inline
       content, else the name of its kind (Introduction, Colophon). -->
  <xsl:function name="ed:fo-division-title" as="item()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e[self::tei:TEI]) then ed:title($e)
      else if (ed:entry-label($e)) then ed:entry-label($e)
      else if ($e/tei:head[normalize-space()]) then ed:render-inline($e/tei:head[normalize-space()][1]/node())
      else ed:division-kind-label($e)"/>
  </xsl:function>

  <xsl:function name="ed:fo-align" as="attribute()*">
    <xsl:param name="tokens" as="xs:string*"/>
    <xsl:if test="$tokens = 'left'"><xsl:attribute name="text-align" select="'start'"/></xsl:if>
    <xsl:if test="$tokens = 'center'"><xsl:attribute name="text-align" select="'center'"/></xsl:if>
    <xsl:if test="$tokens = 'right'"><xsl:attribute name="text-align" select="'end'"/></xsl:if>
    <xsl:if test="$tokens = 'indent'">
      <xsl:variable name="levels" as="xs:integer" select="max((1, $tokens[starts-with(., 'indent-')] ! xs:integer(substring-after(., 'indent-'))))"/>
      <xsl:attribute name="margin-left" select="2 * $levels || 'em'"/>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
