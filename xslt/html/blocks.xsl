<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML implementation of the structural behaviours (block, heading, paragraph, list, table,
     verse, drama, figure, break, unmapped). Inside running text ($ed:in-line) every block becomes a
     <span> with the same class, because HTML forbids flow content inside <p> and headings. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A class attribute value from behaviour hints: only [a-z0-9-] tokens survive (TEI @type values
       are free text and must not break out of the attribute or inject odd class names).
       Asked for nearly every element of a page with a few dozen different hints, it is cached
       (Saxon remembers each answer for the rest of the transformation, no longer: 100 pages of
       2,000 hints each never seen before grew the process as much as without the cache). -->
  <xsl:function name="ed:html-classes" as="xs:string" cache="yes">
    <xsl:param name="tokens" as="xs:string*"/>
    <xsl:variable name="text" as="xs:string" select="lower-case(string-join($tokens, ' '))"/>
    <!-- Every other character dropped with translate, not a regular expression: this runs for most
         elements of a page, and a regular expression costs Saxon several times a translate. Most
         values have no such character, and are not translated a second time for nothing. -->
    <xsl:variable name="dropped" as="xs:string" select="translate($text, 'abcdefghijklmnopqrstuvwxyz0123456789-&#9;&#10;&#13; ', '')"/>
    <xsl:variable name="kept" as="xs:string" select="normalize-space(if ($dropped) then translate($text, $dropped, '') else $text)"/>
    <!-- Each class once. Most values are one or two words, told apart without splitting them into
         a sequence (which cost as much as the rest of the function). -->
    <xsl:variable name="rest" as="xs:string" select="substring-after($kept, ' ')"/>
    <xsl:sequence select="
      if ($rest eq '') then $kept
      else if (not(contains($rest, ' '))) then (if ($rest eq substring-before($kept, ' ')) then $rest else $kept)
      else string-join(distinct-values(tokenize($kept)), ' ')"/>
  </xsl:function>

  <!-- Divisions with an id are sections of the text (permanent anchors); other blocks are divs. -->
  <xsl:template name="ed:block">
    <xsl:param name="hint" as="xs:string" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="division" as="xs:boolean" select="ed:is-division(.)"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else if ($division and tei:head) then 'section' else 'div'}">
      <xsl:attribute name="class" select="ed:html-classes(('block', $hint))"/>
      <xsl:if test="$division or @xml:id">
        <xsl:attribute name="id" select="ed:id(.)"/>
      </xsl:if>
      <xsl:sequence select="ed:html-lang-attribute(.)"/>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <!-- The page title is h1, so a division at depth n gets h(n+1); HTML stops at h6. -->
  <xsl:template name="ed:heading">
    <xsl:param name="level" as="xs:integer" required="yes"/>
    <xsl:element name="h{min((6, $level + 1))}">
      <xsl:attribute name="class" select="'head'"/>
      <!-- Only a real head carries its id: the title heading of a corpus member has the TEI element
           as context, whose id is already on the member's block. Every head has one (its xml:id, else
           a generated one): the search cuts a page into results at headings with an id and links
           each hit to its heading. -->
      <xsl:if test="self::tei:head"><xsl:attribute name="id" select="ed:id(.)"/></xsl:if>
      <xsl:call-template name="ed:content"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:paragraph">
    <xsl:param name="hint" as="xs:string" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <!-- Rendered first only when it may hold a block (rare): every other paragraph's content is
         written straight into its <p>. -->
    <xsl:variable name="content" as="item()*">
      <xsl:if test="not($ed:in-line) and ed:holds-blocks(.)"><xsl:call-template name="ed:content"/></xsl:if>
    </xsl:variable>
    <xsl:choose>
      <!-- HTML cannot nest a list, table or example in a <p>: the paragraph becomes a div holding
           its runs of text as paragraphs and the blocks between them. -->
      <xsl:when test="exists($content[ed:html-is-block(.)])">
        <div class="{ed:html-classes(('p', $hint, @type))}">
          <xsl:sequence select="ed:html-id-attribute(.)"/>
          <xsl:sequence select="ed:html-lang-attribute(.)"/>
          <xsl:for-each-group select="$content" group-adjacent="ed:html-is-block(.)">
            <xsl:choose>
              <xsl:when test="current-grouping-key()"><xsl:sequence select="current-group()"/></xsl:when>
              <xsl:when test="exists(current-group()[. instance of element()]) or normalize-space(string-join(current-group() ! string()))">
                <p><xsl:sequence select="current-group()"/></p>
              </xsl:when>
            </xsl:choose>
          </xsl:for-each-group>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:element name="{if ($ed:in-line) then 'span' else 'p'}">
          <xsl:if test="$hint or $ed:in-line">
            <xsl:attribute name="class" select="ed:html-classes((if ($ed:in-line) then 'p' else (), $hint, @type))"/>
          </xsl:if>
          <xsl:if test="@xml:id or @xml:lang"><xsl:sequence select="ed:html-id-attribute(.), ed:html-lang-attribute(.)"/></xsl:if>
          <xsl:choose>
            <xsl:when test="exists($content)"><xsl:sequence select="$content"/></xsl:when>
            <xsl:otherwise><xsl:call-template name="ed:content"/></xsl:otherwise>
          </xsl:choose>
          <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whether rendered content is an HTML block (flow content that may not stand in a <p>). -->
  <xsl:function name="ed:html-is-block" as="xs:boolean">
    <xsl:param name="item" as="item()"/>
    <xsl:sequence select="$item instance of element() and local-name($item) = ('div', 'p', 'section', 'ul', 'ol', 'dl',
      'table', 'pre', 'figure', 'blockquote', 'h2', 'h3', 'h4', 'h5', 'h6', 'nav', 'hr')"/>
  </xsl:function>

  <!-- Markup shown as markup (an egXML example): the serializer escapes it. -->
  <xsl:template name="ed:code">
    <xsl:param name="code" as="xs:string" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$ed:in-line"><code class="example"><xsl:sequence select="ed:html-id-attribute(.)"/>{$code}</code><xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/></xsl:when>
      <xsl:otherwise><pre class="example"><xsl:sequence select="ed:html-id-attribute(.)"/><code>{$code}</code></pre></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:list">
    <xsl:param name="ordered" as="xs:boolean" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else if ($ordered) then 'ol' else 'ul'}">
      <!-- ed:html-classes(('list', local-name(), @type)), the commonest lists' classes written out
           (as an item's, below): the cached function's look-up of its three values was 1.3% of the
           HTML of a register of events (listevent.xml, 1,721 lists). -->
      <xsl:attribute name="class" select="if (@type) then ed:html-classes(('list', local-name(), @type))
        else if (self::tei:list) then 'list' else if (self::tei:listBibl) then 'list listbibl'
        else if (self::tei:listPerson) then 'list listperson' else if (self::tei:listPlace) then 'list listplace'
        else if (self::tei:listOrg) then 'list listorg' else if (self::tei:listEvent) then 'list listevent'
        else ed:html-classes(('list', local-name()))"/>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:choose>
        <!-- Members only (the usual list): each is an item already. -->
        <xsl:when test="ed:holds-only-members(.)"><xsl:call-template name="ed:content"/></xsl:when>
        <xsl:otherwise>
          <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
          <!-- Text nodes directly in a list are not allowed in <ul>; keep them inside an item. -->
          <xsl:for-each-group select="$content" group-adjacent=". instance of element() and local-name() = (if ($ed:in-line) then 'span' else 'li')">
            <xsl:choose>
              <xsl:when test="current-grouping-key() or normalize-space(string-join(current-group() ! string())) = ''">
                <xsl:sequence select="current-group()[. instance of element()]"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:element name="{if ($ed:in-line) then 'span' else 'li'}">
                  <xsl:attribute name="class" select="'item'"/>
                  <xsl:sequence select="current-group()"/>
                </xsl:element>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each-group>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:item">
    <xsl:param name="label" as="item()*" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'li'}">
      <!-- ed:html-classes(('item', local-name())) without its cost: a TEI name is letters only. The
           commonest members' classes are written out, not made: lower-case and a concatenation
           cost saxonche 7,000 instructions an item (a register's entries are members). -->
      <xsl:attribute name="class" select="if (self::tei:item) then 'item' else if (self::tei:place) then 'item place'
        else if (self::tei:person) then 'item person' else if (self::tei:event) then 'item event'
        else if (self::tei:bibl) then 'item bibl' else if (self::tei:org) then 'item org'
        else if (local-name() eq 'item') then 'item' else 'item ' || lower-case(local-name())"/>
      <xsl:if test="@xml:id"><xsl:sequence select="ed:html-id-attribute(.)"/></xsl:if>
      <xsl:if test="exists($label)"><span class="label"><xsl:sequence select="$label"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:table">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$ed:in-line"><span class="table"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:call-template name="ed:content"/><xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/></span></xsl:when>
      <xsl:otherwise>
        <!-- The head (rendered as a paragraph) is the caption; anything else that is not a row
             (a note, a milestone) follows the table instead of being dropped. -->
        <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
        <xsl:variable name="rows" as="element()*" select="$content[. instance of element()][local-name() = 'tr']"/>
        <xsl:variable name="heads" as="element()*" select="$content[. instance of element()][local-name() = 'p'][contains-token(@class, 'head')]"/>
        <div class="table-wrap">
          <xsl:sequence select="ed:html-id-attribute(.)"/>
          <table>
            <xsl:if test="exists($heads)"><caption><xsl:sequence select="$heads"/></caption></xsl:if>
            <xsl:if test="exists($rows)"><tbody><xsl:sequence select="$rows"/></tbody></xsl:if>
          </table>
          <xsl:sequence select="$content[not(. instance of element() and (local-name() = 'tr' or contains-token(@class, 'head')))]"/>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:row">
    <xsl:param name="header" as="xs:boolean" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'tr'}">
      <xsl:if test="$ed:in-line"><xsl:attribute name="class" select="'row'"/></xsl:if>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:cell">
    <xsl:param name="header" as="xs:boolean" required="yes"/>
    <xsl:param name="cols" as="xs:integer" required="yes"/>
    <xsl:param name="rows" as="xs:integer" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else if ($header) then 'th' else 'td'}">
      <xsl:if test="$ed:in-line"><xsl:attribute name="class" select="'cell'"/></xsl:if>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:if test="not($ed:in-line) and $cols gt 1"><xsl:attribute name="colspan" select="$cols"/></xsl:if>
      <xsl:if test="not($ed:in-line) and $rows gt 1"><xsl:attribute name="rowspan" select="$rows"/></xsl:if>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:verse-group">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'div'}">
      <xsl:attribute name="class" select="ed:html-classes(('lg', @type))"/>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <!-- The core says which numbers show ($number, else ''); a shared line's later part is set after
       the earlier ones by a class per five characters (no style attributes: the CSP forbids them). -->
  <xsl:template name="ed:verse-line">
    <xsl:param name="number" as="xs:string" required="yes"/>
    <xsl:param name="indent" as="xs:integer" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'div'}">
      <!-- A line that asks for no look and is no later part of a shared line, most of them, has
           the class of its name written out: a sequence's lookup in the remembered classes cost
           each line about 6,000 instructions. -->
      <xsl:attribute name="class" select="let $hint := ed:rend-hint(.) return
        if (exists($hint) or $indent gt 0) then ed:html-classes(('l', local-name(), $hint,
          if ($indent gt 0) then ('half-line', 'after-' || min((60, 5 * round($indent div 5)))) else ()))
        else if (self::tei:l) then 'l' else if (self::tei:line) then 'l line'
        else ed:html-classes(('l', local-name()))"/>
      <xsl:if test="@xml:id"><xsl:sequence select="ed:html-id-attribute(.)"/></xsl:if>
      <xsl:if test="$number">
        <!-- The space keeps the number apart from the line's first word in extracted text. -->
        <span class="line-number" aria-hidden="true">{$number}</span><xsl:text> </xsl:text>
      </xsl:if>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:speech">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'div'}">
      <xsl:attribute name="class" select="'sp'"/>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:speaker">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'p'}">
      <xsl:attribute name="class" select="'speaker'"/>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:stage">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'p'}">
      <xsl:attribute name="class" select="ed:html-classes(('stage', @type))"/>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template name="ed:figure">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:element name="{if ($ed:in-line) then 'span' else 'figure'}">
      <xsl:attribute name="class" select="'figure'"/>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:call-template name="ed:content"/>
      <xsl:sequence select="ed:html-in-line-gap($ed:in-line)"/>
    </xsl:element>
  </xsl:template>

  <!-- Images are linked, not embedded: pages load nothing from elsewhere (CSP, privacy), and a
       relative image path from the TEI rarely exists beside the published pages. -->
  <xsl:template name="ed:graphic">
    <xsl:param name="url" as="xs:string" required="yes"/>
    <xsl:param name="description" as="xs:string" required="yes"/>
    <span class="graphic">
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:choose>
        <xsl:when test="$url"><a href="{$url}">{ed:string('image')}: {($description[.], tokenize($url, '/')[last()])[1]}</a></xsl:when>
        <xsl:otherwise>{ed:string('image')}{$description ! (': ' || .)}</xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template name="ed:break">
    <xsl:param name="kind" as="xs:string" required="yes"/>
    <xsl:param name="label" as="xs:string" required="yes"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$kind = ('line', 'line-start')">
        <xsl:call-template name="ed:html-line-break"><xsl:with-param name="new-line" select="$kind = 'line'"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$kind = 'anchor'"><span class="anchor" id="{ed:id(.)}"></span></xsl:when>
      <xsl:when test="$kind = 'page'">
        <!-- A page without a number is a quiet mark (drawn by the style sheet), not "[page]" in the text. -->
        <xsl:choose>
          <xsl:when test="$label"><span class="pb" id="{ed:id(.)}">[{ed:string('page')} {$label}]</span></xsl:when>
          <xsl:otherwise><span class="pb unnumbered" id="{ed:id(.)}" role="separator" aria-label="{ed:string('page-break')}"></span></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$kind = 'column'">
        <span class="cb" id="{ed:id(.)}">{'[' || ed:string('column') || $label ! (' ' || .) || ']'}</span>
      </xsl:when>
      <xsl:when test="$ed:in-line"><span class="milestone" id="{ed:id(.)}">{$label}</span></xsl:when>
      <xsl:otherwise>
        <div class="milestone" id="{ed:id(.)}" role="separator">{$label}</div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Kept, never dropped: the reader gets the text; the class tells developers what was not mapped. -->
  <xsl:template name="ed:unmapped">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <!-- Only an element with element children can hold a block: the others are written straight in. -->
    <xsl:variable name="may-hold-blocks" as="xs:boolean" select="not($ed:in-line) and exists(*)"/>
    <xsl:variable name="content" as="item()*">
      <xsl:if test="$may-hold-blocks"><xsl:call-template name="ed:content"/></xsl:if>
    </xsl:variable>
    <xsl:variable name="blocky" as="xs:boolean" select="exists($content[ed:html-is-block(.)])"/>
    <xsl:element name="{if ($blocky) then 'div' else 'span'}">
      <xsl:attribute name="class" select="ed:html-classes(('unmapped', 'tei-' || local-name()))"/>
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:choose>
        <xsl:when test="$may-hold-blocks"><xsl:sequence select="$content"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="ed:content"/></xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- Whether an ISO value is a valid HTML date for <time datetime>: year, year-month or full date
       that exists in the calendar (an editor's "1937-13-45" is shown, but not as a machine date). -->
  <xsl:function name="ed:html-date" as="xs:boolean">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:sequence select="matches($iso, '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$')
      and ($iso castable as xs:date or $iso castable as xs:gYearMonth or $iso castable as xs:gYear)"/>
  </xsl:function>

  <!-- A block drawn as a span inside a paragraph (a list or table in a p, a p in a note) ends with a
       space: CSS shows it as a block, but text extraction, reader modes and search engines would
       otherwise run its last word into the next block's first ("ZebrasBirds"). Asked with the
       caller's own $ed:in-line: a template of its own read the tunnel parameter again, and each
       read of a tunnel parameter costs saxonche some 3,000 instructions (the corpus's HTML: 38–51 M
       of 5,250 a pass, one read for every block). A text node, not a string: a string beside strings
       of the content would be joined to them with a space of its own. -->
  <xsl:function name="ed:html-in-line-gap" as="text()?">
    <xsl:param name="in-line" as="xs:boolean"/>
    <xsl:if test="$in-line"><xsl:text> </xsl:text></xsl:if>
  </xsl:function>

  <!-- The element's own xml:id as the HTML id (ed:id), so "#id" references and permanent links
       work. Functions, not named templates (this and the next): asked of almost every element of
       a page, and a named template's call carries the tunnel parameters (about a thousand
       instructions a call, even when it writes nothing). A function call still costs Saxon some
       1,300 instructions when it writes nothing: the behaviours the most elements take (a phrase,
       a paragraph, an item, a line) test for the attribute before they call. -->
  <xsl:function name="ed:html-id-attribute" as="attribute()?">
    <xsl:param name="e" as="node()"/>
    <xsl:if test="$e/@xml:id"><xsl:attribute name="id" select="ed:id($e)"/></xsl:if>
  </xsl:function>

  <!-- lang from the TEI element's own xml:lang, as a valid BCP 47 tag (see ed:bcp47). -->
  <xsl:function name="ed:html-lang-attribute" as="attribute()?">
    <xsl:param name="e" as="node()"/>
    <xsl:if test="$e/@xml:lang">
      <xsl:variable name="lang" as="xs:string" select="ed:bcp47($e/@xml:lang)"/>
      <xsl:if test="$lang"><xsl:attribute name="lang" select="$lang"/></xsl:if>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
