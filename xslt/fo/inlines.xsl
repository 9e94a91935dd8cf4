<?xml version="1.0" encoding="UTF-8"?>
<!-- The inline behaviours of the core's vocabulary (core.xsl) as XSL-FO. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A phrase's hint is read once per hint (ed:fo-hint), not once per phrase: a document's phrases
       share few hints (their names, their renditions), and reading one (its tokens tried against
       the look's vocabulary, some twenty comparisons) was asked of each of the corpus's 12,875
       phrases. The four largest corpus files' FO: 3,397-3,414 -> 3,235-3,270 M instructions a pass
       (three runs each). -->
  <xsl:template name="ed:inline">
    <xsl:param name="hint" as="xs:string" select="''"/>
    <xsl:variable name="read" as="map(xs:string, item()*)" select="ed:fo-hint($hint)"/>
    <!-- rend="block" (or display:block) sets a phrase on a line of its own. The two elements are
         written out, with the same content, rather than one with a computed name: Saxon makes a
         computed fo: name 4,000 instructions dearer than a literal one, and every phrase is one
         (test14.xml's 2,199 hi). -->
    <xsl:choose>
      <xsl:when test="$read?block">
        <fo:block>
          <xsl:if test="@xml:id"><xsl:sequence select="ed:fo-id-attribute(.)"/></xsl:if>
          <xsl:sequence select="$read?look"/>
          <xsl:choose>
            <xsl:when test="$read?quoted">“<xsl:call-template name="ed:fo-content"/>”</xsl:when>
            <xsl:otherwise><xsl:call-template name="ed:fo-content"/></xsl:otherwise>
          </xsl:choose>
        </fo:block>
      </xsl:when>
      <!-- A phrase that asks for no property and has no id (most of them: a seg, a term, a name
           part) is its content alone: an fo:inline without properties sets nothing, and each cost
           Saxon its making and writing. So are a date, an inline quotation, a choice the apparatus
           does not list and a link to nowhere (below): 9,721 of the corpus's 80,382 FO elements,
           4,317 -> 4,125 M instructions a pass. FOP then sees a word that markup splits as one word
           (kerned, its ligatures made) and the spaces of the markup's layout on both sides of such
           an element as one: lines break differently, the words are the same. -->
      <xsl:when test="empty($read?look) and not(@xml:id and ed:fo-has-id(.))">
        <xsl:choose>
          <xsl:when test="$read?quoted">“<xsl:call-template name="ed:fo-content"/>”</xsl:when>
          <xsl:otherwise><xsl:call-template name="ed:fo-content"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <fo:inline>
          <xsl:if test="@xml:id"><xsl:sequence select="ed:fo-id-attribute(.)"/></xsl:if>
          <xsl:sequence select="$read?look"/>
          <xsl:choose>
            <xsl:when test="$read?quoted">“<xsl:call-template name="ed:fo-content"/>”</xsl:when>
            <xsl:otherwise><xsl:call-template name="ed:fo-content"/></xsl:otherwise>
          </xsl:choose>
        </fo:inline>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What a phrase's hint asks of FO: a block of its own or not, quotation marks or not, and its
       look (with its alignment when a block) as properties. -->
  <xsl:function name="ed:fo-hint" as="map(xs:string, item()*)" cache="yes">
    <xsl:param name="hint" as="xs:string"/>
    <xsl:variable name="tokens" as="xs:string*" select="tokenize($hint)"/>
    <xsl:variable name="block" as="xs:boolean" select="$tokens = 'display-block'"/>
    <xsl:sequence select="map{'block': $block, 'quoted': $tokens = 'quoted',
      'look': (ed:fo-look($tokens), if ($block) then ed:fo-align($tokens) else ())}"/>
  </xsl:function>

  <!-- An element's content, in an inline only where it has an id to carry (an inline without
       properties sets nothing: ed:inline). -->
  <xsl:template name="ed:fo-content-with-id">
    <xsl:choose>
      <xsl:when test="@xml:id and ed:fo-has-id(.)"><fo:inline><xsl:sequence select="ed:fo-id-attribute(.)"/><xsl:call-template name="ed:fo-content"/></fo:inline></xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:fo-content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The presentation vocabulary of ed:rend-hint / ed:default-look as FO properties. -->
  <xsl:function name="ed:fo-look" as="attribute()*">
    <xsl:param name="tokens" as="xs:string*"/>
    <xsl:if test="$tokens = 'italic'"><xsl:attribute name="font-style" select="'italic'"/></xsl:if>
    <xsl:if test="$tokens = 'upright'"><xsl:attribute name="font-style" select="'normal'"/></xsl:if>
    <xsl:if test="$tokens = 'bold'"><xsl:attribute name="font-weight" select="'bold'"/></xsl:if>
    <xsl:if test="$tokens = ('underline', 'overline', 'strikethrough')">
      <xsl:attribute name="text-decoration" select="string-join(($tokens[. = ('underline', 'overline')], 'line-through'[$tokens = 'strikethrough']), ' ')"/>
    </xsl:if>
    <xsl:if test="$tokens = ('superscript', 'subscript')">
      <xsl:attribute name="baseline-shift" select="if ($tokens = 'superscript') then 'super' else 'sub'"/>
      <xsl:attribute name="font-size" select="'70%'"/>
    </xsl:if>
    <xsl:if test="$tokens = ('larger', 'smaller') and not($tokens = ('superscript', 'subscript'))">
      <xsl:attribute name="font-size" select="if ($tokens = 'larger') then '120%' else '85%'"/>
    </xsl:if>
    <xsl:if test="$tokens = 'spaced'"><xsl:attribute name="letter-spacing" select="'0.15em'"/></xsl:if>
    <xsl:if test="$tokens = 'smallcaps'"><xsl:attribute name="font-variant" select="'small-caps'"/></xsl:if>
    <xsl:if test="$tokens = 'uppercase'"><xsl:attribute name="text-transform" select="'uppercase'"/></xsl:if>
    <xsl:if test="$tokens = 'code'">
      <xsl:attribute name="font-family" select="$mono-font-family"/>
      <xsl:attribute name="font-size" select="'90%'"/>
    </xsl:if>
    <xsl:if test="$tokens = ('gap', 'unclear')"><xsl:attribute name="color" select="'#505050'"/></xsl:if>
  </xsl:function>

  <!-- Notes are real footnotes, numbered as in the source. The body resets what it would otherwise
       inherit from where the note stands (italic, indents, a heading's size). -->
  <xsl:template name="ed:note">
    <xsl:param name="number" as="xs:string" select="''"/>
    <xsl:param name="id" as="xs:string" select="''"/>
    <xsl:param name="ed:fo-in-footnote" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$ed:fo-in-footnote">
        <xsl:variable name="footnote" as="element(fo:footnote)">
          <xsl:call-template name="ed:note">
            <xsl:with-param name="number" select="$number"/>
            <xsl:with-param name="ed:fo-in-footnote" select="false()" tunnel="yes"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:sequence select="ed:fo-inline-notes($footnote)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="anchor" as="xs:string" select="ed:fo-id(.)"/>
        <fo:footnote>
          <fo:inline baseline-shift="super" font-size="65%" font-weight="normal" font-style="normal">
            <fo:basic-link internal-destination="{$anchor}">{$number}</fo:basic-link>
          </fo:inline>
          <fo:footnote-body font-family="{$font-family}" font-size="8.5pt" font-weight="normal"
              font-style="normal" font-variant="normal" text-align="justify" text-indent="0pt"
              start-indent="0pt" end-indent="0pt" line-height="1.25" color="#000000" text-decoration="none">
            <!-- The label column fits the number: 1.8em, wider from two characters on. Not as
                 max((1.8, ...)): Saxon's max() of two decimals cost about 4,500 instructions a note. -->
            <fo:list-block id="{$anchor}" provisional-distance-between-starts="{if (string-length($number) lt 2) then 1.8 else string-length($number) * 0.6 + 0.8}em"
                provisional-label-separation="0.4em" space-before="2pt">
              <fo:list-item>
                <fo:list-item-label end-indent="label-end()"><fo:block text-align="end">{$number}</fo:block></fo:list-item-label>
                <!-- The content is written straight into one block, as an item's is: a paragraph or
                     list inside the note is a block within it, and a note or apparatus entry called
                     inside is set there in brackets (ed:fo-in-footnote). (Made first, searched for
                     footnotes and cut into sibling blocks, a note's content cost a register of
                     events 3% of its FO.) -->
                <fo:list-item-body start-indent="body-start()">
                  <fo:block>
                    <xsl:call-template name="ed:fo-content"><xsl:with-param name="ed:fo-in-footnote" select="true()" tunnel="yes"/></xsl:call-template>
                  </fo:block>
                </fo:list-item-body>
              </fo:list-item>
            </fo:list-block>
          </fo:footnote-body>
        </fo:footnote>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Content with the footnotes in it set in brackets (FOP sets no footnote in a footnote): a
       footnote called inside another (ed:note, ed:apparatus-call), an apparatus entry's readings.
       Content holding none is taken as it is rather than copied node by node. -->
  <xsl:function name="ed:fo-inline-notes" as="item()*">
    <xsl:param name="content" as="item()*"/>
    <xsl:choose>
      <xsl:when test="empty($content[. instance of node()] ! descendant-or-self::fo:footnote)"><xsl:sequence select="$content"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="$content" mode="ed:fo-inline-notes"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Links: internal ones only to targets that are set in the text (else FOP reports an unresolved
       id); external ones as PDF links. -->
  <xsl:template name="ed:link">
    <xsl:param name="href" as="xs:string" select="''"/>
    <xsl:variable name="target" as="element()?"
        select="if (starts-with($href, '#')) then key('ed:by-xml-id', substring($href, 2), root(.))[1] else ()"/>
    <xsl:choose>
      <xsl:when test="$target and $target/ancestor::tei:text and not($target/ancestor::tei:teiHeader)">
        <fo:basic-link internal-destination="{ed:fo-id($target)}">
          <xsl:sequence select="ed:fo-id-attribute(.)"/>
          <xsl:call-template name="ed:fo-content"/>
        </fo:basic-link>
      </xsl:when>
      <xsl:when test="ed:has-web-scheme($href)">
        <fo:basic-link external-destination="{ed:fo-url($href)}" color="#1a3d6e">
          <xsl:sequence select="ed:fo-id-attribute(.)"/>
          <xsl:call-template name="ed:fo-content"/>
        </fo:basic-link>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:fo-content-with-id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A name that may be linked to carries an id: the index cites the page of each mention through
       it. Any other is its content alone (as ed:inline). -->
  <xsl:template name="ed:name">
    <xsl:param name="kind" as="xs:string" select="'name'"/>
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="href" as="xs:string" select="''"/>
    <xsl:choose>
      <xsl:when test="ed:may-be-linked-to(.)">
        <fo:inline id="{ed:fo-id(.)}"><xsl:call-template name="ed:fo-content"/></fo:inline>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:fo-content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A choice shows the reading the core chose; the other reading is reported in the apparatus
       at the end (ed:fo-apparatus), which re-renders the choice with ed:fo-in-apparatus set. -->
  <xsl:template name="ed:alternate">
    <xsl:param name="shown" as="item()*"/>
    <xsl:param name="other" as="item()*"/>
    <xsl:param name="kind" as="xs:string" select="'alternative'"/>
    <xsl:param name="shown-reading" as="xs:string" select="$reading"/>
    <xsl:param name="ed:fo-in-apparatus" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$ed:fo-in-apparatus and not(ancestor::tei:choice)">
        <xsl:call-template name="ed:fo-apparatus-entry">
          <xsl:with-param name="shown" select="$shown"/>
          <xsl:with-param name="other" select="$other"/>
          <xsl:with-param name="kind" select="$kind"/>
          <xsl:with-param name="shown-reading" select="$shown-reading"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <!-- Print cannot show the abbreviation in place: the supplied letters are marked (core). -->
        <xsl:variable name="marked" as="xs:string?" select="if ($kind = 'expansion' and self::tei:choice) then ed:expansion-with-signs(.) else ()"/>
        <!-- An inline only for the id the apparatus at the end links to (as ed:inline). -->
        <xsl:choose>
          <xsl:when test="ed:fo-in-apparatus-list(.)">
            <fo:inline id="{ed:fo-id(.)}"><xsl:sequence select="ed:fo-mixed(if (exists($marked)) then $marked else $shown)"/></fo:inline>
          </xsl:when>
          <xsl:when test="exists($marked)"><xsl:value-of select="$marked"/></xsl:when>
          <xsl:otherwise><xsl:sequence select="ed:fo-mixed($shown)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:date">
    <xsl:param name="iso" as="xs:string" select="''"/>
    <xsl:param name="label" as="xs:string" select="''"/>
    <xsl:call-template name="ed:fo-content-with-id"/>
  </xsl:template>

  <!-- Quotation marks are part of the transcribed text (the diary keeps them), so none are added. -->
  <xsl:template name="ed:quote">
    <xsl:param name="block" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="$block">
        <fo:block margin-left="2em" margin-right="2em" space-before="0.5em" space-after="0.5em" font-size="95%">
          <xsl:sequence select="ed:fo-id-attribute(.)"/>
          <xsl:call-template name="ed:fo-content"/>
        </fo:block>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:fo-content-with-id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:foreign">
    <xsl:param name="lang" as="xs:string" select="''"/>
    <fo:inline font-style="italic">
      <xsl:sequence select="ed:fo-id-attribute(.)"/>
      <xsl:call-template name="ed:fo-content"/>
    </fo:inline>
  </xsl:template>

  <!-- Breaks: a source page break is a small bracketed mark; a line break a new line (apparatus.xsl:
       ed:fo-line-break); a milestone with a separator ("* * *") a centred line. -->
  <xsl:template name="ed:break">
    <xsl:param name="kind" as="xs:string" select="''"/>
    <xsl:param name="label" as="xs:string" select="''"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$kind = 'page'">
        <fo:inline font-size="70%" color="#707070" font-style="normal" font-weight="normal">
          <xsl:sequence select="ed:fo-id-attribute(.)"/>
          <xsl:text>|{$label}{if ($label) then '|' else ''}</xsl:text>
        </fo:inline>
      </xsl:when>
      <xsl:when test="$kind = ('line', 'line-start')">
        <xsl:call-template name="ed:fo-line-break"><xsl:with-param name="new-line" select="$kind = 'line'"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$kind = 'milestone' and $label and not($ed:in-line)">
        <fo:block text-align="center" space-before="0.6em" space-after="0.6em" keep-with-next.within-page="always">
          <xsl:sequence select="ed:fo-id-attribute(.)"/>
          <xsl:text>{$label}</xsl:text>
        </fo:block>
      </xsl:when>
      <xsl:when test="@xml:id and ed:fo-has-id(.)">
        <fo:inline><xsl:sequence select="ed:fo-id-attribute(.)"/></fo:inline>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
