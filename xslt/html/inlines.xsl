<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML implementation of the inline behaviours: inline, link, name, date, quote, foreign,
     alternate (choice). The apparatus: apparatus.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Presentation tokens become classes (edition.css styles them); style attributes are never
       written because the Content Security Policy forbids inline styles. -->
  <xsl:template name="ed:inline">
    <xsl:param name="hint" as="xs:string" required="yes"/>
    <span class="{ed:html-classes($hint)}">
      <!-- Tested here first: most phrases have neither (see ed:html-id-attribute). -->
      <xsl:if test="@xml:id or @xml:lang"><xsl:sequence select="ed:html-id-attribute(.), ed:html-lang-attribute(.)"/></xsl:if>
      <xsl:call-template name="ed:content"/>
    </span>
  </xsl:template>

  <!-- A link inside a link is not allowed in HTML: inner links lose their href (ed:html-unlink). -->
  <xsl:template name="ed:link">
    <xsl:param name="href" as="xs:string" required="yes"/>
    <xsl:choose>
      <xsl:when test="$href">
        <a class="ref" href="{$href}"><xsl:sequence select="ed:html-id-attribute(.)"/>
          <!-- The scheme lower-cased, not the whole URL twice (a register links every entry). -->
          <xsl:if test="let $start := lower-case(substring($href, 1, 6)) return starts-with($start, 'http:') or starts-with($start, 'https:')"><xsl:attribute name="rel" select="'external noopener'"/></xsl:if>
          <xsl:call-template name="ed:html-unlinked-content"/>
        </a>
      </xsl:when>
      <xsl:otherwise><span class="ref"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:call-template name="ed:content"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A name links to its register entry (a register page in the site, a section of the page when
       standalone) and carries a stable id, so the register can link back to this very mention. A
       name nothing may link to (ed:may-be-linked-to: most names of a register's own entries) has
       no id: listplace-old.xml's 2,962 place names, for one. -->
  <xsl:template name="ed:name">
    <xsl:param name="kind" as="xs:string" required="yes"/>
    <xsl:param name="entry" as="element()?" required="yes"/>
    <xsl:param name="href" as="xs:string" required="yes"/>
    <!-- In a collection (the build's site), a name whose entry is not in its own document links to the
         collection's register: by its authority URI (the merged entry's anchor), else by the id it
         points at (an entry of tei/register/ or of another document; the site step makes an entry for
         an id nobody describes, so the link always has a target). -->
    <xsl:variable name="collection-key" as="xs:string" select="
      if (not($ed:html-collection) or exists($entry)) then ''
      else string((((@ref, @key) ! tokenize(.) ! ed:authority-key(.))[.], ed:pointers(.))[1])"/>
    <xsl:variable name="register" as="xs:string?" select="$ed:html-register-files($kind)"/>
    <xsl:variable name="authority" as="xs:string" select="if ($register) then $collection-key else ''"/>
    <xsl:variable name="entry-href" as="xs:string" select="if ($entry) then ed:html-entry-href($entry) else ''"/>
    <!-- The kind is one of a few words (ed:entity-kind), safe as a class name as it is. The class
         of each is written out, not joined: a concatenation costs saxonche about 5,000
         instructions, and every name asks (listplace-old.xml's 2,962: 4,700 fewer each). -->
    <xsl:variable name="class" as="xs:string" select="if ($kind eq 'place') then 'name place'
      else if ($kind eq 'person') then 'name person' else if ($kind eq 'org') then 'name org'
      else if ($kind eq 'name') then 'name' else 'name ' || $kind"/>
    <xsl:variable name="target" as="xs:string" select="
      if ($entry-href) then $entry-href
      else if ($authority) then $register || '#' || $authority
      else $href"/>
    <xsl:choose>
      <xsl:when test="$target">
        <a class="{$class}" href="{$target}" id="{ed:id(.)}">
          <xsl:if test="$entry"><xsl:attribute name="title" select="ed:entity-label($entry) || ed:life-dates($entry)[.] ! (' (' || . || ')')"/></xsl:if>
          <xsl:if test="$target = $href and not($authority)"><xsl:attribute name="rel" select="'external noopener'"/></xsl:if>
          <xsl:call-template name="ed:html-unlinked-content"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$class}">
          <xsl:if test="ed:may-be-linked-to(.)"><xsl:attribute name="id" select="ed:id(.)"/></xsl:if>
          <xsl:call-template name="ed:content"/>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- <time> only takes valid HTML dates (YYYY, YYYY-MM, YYYY-MM-DD); ranges keep their label in title. -->
  <xsl:template name="ed:date">
    <xsl:param name="iso" as="xs:string" required="yes"/>
    <xsl:param name="label" as="xs:string" required="yes"/>
    <xsl:variable name="cert" as="xs:string" select="if (@cert = ('low', 'medium', 'unknown')) then ' (' || ed:string('date-uncertain') || ')' else ''"/>
    <xsl:choose>
      <xsl:when test="ed:html-date($iso)">
        <time class="date" datetime="{$iso}" title="{$label}{$cert}"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:call-template name="ed:content"/></time>
      </xsl:when>
      <xsl:when test="$label">
        <span class="date" title="{$label}{$cert}"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:call-template name="ed:content"/></span>
      </xsl:when>
      <xsl:otherwise><span class="date"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:call-template name="ed:content"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Quotation marks are not added when the text already has them (the diary keeps its own). -->
  <xsl:template name="ed:quote">
    <xsl:param name="block" as="xs:boolean" required="yes"/>
    <xsl:choose>
      <xsl:when test="$block"><blockquote class="{ed:html-classes(local-name())}"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:call-template name="ed:content"/></blockquote></xsl:when>
      <xsl:when test="self::tei:said"><span class="{ed:html-classes(('quote', local-name()))}"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:call-template name="ed:content"/></span></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
        <xsl:choose>
          <xsl:when test="matches(string-join($content ! string()), '^\s*[“”&quot;‘’''«»„‹›]')"><span class="{ed:html-classes(('quote', local-name()))}"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:sequence select="$content"/></span></xsl:when>
          <xsl:otherwise><q class="{ed:html-classes(local-name())}"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:sequence select="$content"/></q></xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:foreign">
    <xsl:param name="lang" as="xs:string" required="yes"/>
    <span class="foreign">
      <xsl:sequence select="ed:html-id-attribute(.)"/>
      <xsl:if test="ed:bcp47($lang)"><xsl:attribute name="lang" select="ed:bcp47($lang)"/></xsl:if>
      <xsl:call-template name="ed:content"/>
    </span>
  </xsl:template>

  <!-- Both readings are in the page; the root's data-reading attribute (set by $reading, switched by
       edition.js) decides which one shows. The other reading is in the title (hover) and, for
       keyboard users, shown by CSS when the span has focus. -->
  <xsl:template name="ed:alternate">
    <xsl:param name="shown" as="item()*" required="yes"/>
    <xsl:param name="other" as="item()*" required="yes"/>
    <xsl:param name="kind" as="xs:string" required="yes"/>
    <xsl:param name="shown-reading" as="xs:string" required="yes"/>
    <xsl:variable name="corrected" as="item()*" select="if ($shown-reading = 'corrected') then $shown else $other"/>
    <xsl:variable name="diplomatic" as="item()*" select="if ($shown-reading = 'corrected') then $other else $shown"/>
    <xsl:choose>
      <!-- Alternatives that are not a correction pair (two unclear readings): the first in the
           text, the others bracketed after it, like apparatus readings. -->
      <xsl:when test="$kind = 'alternative' or empty($other)">
        <span class="choice"><xsl:sequence select="ed:html-id-attribute(.)"/><xsl:sequence select="$shown"/>
          <xsl:if test="exists($other)"><span class="rdgs"> [<span class="rdg"><xsl:apply-templates select="$other" mode="ed:html-no-ids"/></span>]</span></xsl:if>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <!-- Asked here, not before the choice: Saxon evaluates a variable eagerly once it has seen
             it read each time (a page of corrections), and an alternative has no such titles. -->
        <xsl:variable name="titles" as="xs:string+" select="ed:html-alternate-titles($kind)"/>
        <!-- Each reading's text goes into two attributes: made once. -->
        <xsl:variable name="corrected-text" as="xs:string" select="ed:html-text($corrected)"/>
        <xsl:variable name="diplomatic-text" as="xs:string" select="ed:html-text($diplomatic)"/>
        <!-- The class of each kind of intervention written out: made from ('choice', $kind), it cost
             each choice a lookup of that sequence in the remembered classes, about 9,000
             instructions (test32.xml's 616 choices). Any other kind still goes through the rule. -->
        <span class="{if ($kind eq 'regularisation') then 'choice regularisation' else if ($kind eq 'correction') then 'choice correction'
            else if ($kind eq 'expansion') then 'choice expansion' else ed:html-classes(('choice', $kind))}">
          <xsl:sequence select="ed:html-id-attribute(.)"/>
          <!-- The list of interventions (about.xsl) links to each place. -->
          <xsl:if test="not(@xml:id) and self::tei:choice and ed:is-intervention(.)"><xsl:attribute name="id" select="ed:id(.)"/></xsl:if>
          <span class="reading-corrected" tabindex="0"
              title="{$titles[1]}{$diplomatic-text}"
              data-other="{$diplomatic-text}"><xsl:sequence select="$corrected"/></span>
          <span class="reading-diplomatic" tabindex="0"
              title="{$titles[2]}{$corrected-text}"
              data-other="{$corrected-text}"><xsl:sequence select="$diplomatic"/></span>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The words before each reading's text in the titles of an alternate of $kind, the corrected
       reading's first: "Editorial correction — original: ", "Editorial correction — corrected to: ".
       Made once for each kind (cache), not for each choice: test32.xml's 698 choices spent 11 of the
       582 M instructions of its HTML making them. -->
  <xsl:function name="ed:html-alternate-titles" as="xs:string+" cache="yes">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="label" as="xs:string" select="ed:string-or($kind, ed:string('original'))"/>
    <xsl:sequence select="
      $label || ' — ' || ed:string-or($kind || '-of', ed:string('original')) || ' ',
      $label || ' — ' || ed:string-or((map{'correction': 'corrected-as', 'expansion': 'expanded-as',
        'regularisation': 'regularised-as'}($kind), '')[1], '') || ' '"/>
  </xsl:function>

  <!-- Text of rendered HTML (for title and data attributes), note and apparatus calls left out.
       Most readings are text alone, joined as they are without a test of each item (test32.xml's
       choices: 4,000 instructions a reading). -->
  <xsl:function name="ed:html-text" as="xs:string">
    <xsl:param name="items" as="item()*"/>
    <xsl:sequence select="normalize-space(if (empty($items[. instance of element()])) then string-join($items)
      else string-join(for $i in $items return if ($i instance of element()) then ed:html-text-of($i) else string($i)))"/>
  </xsl:function>

  <!-- The calls are found once per element, not asked for by each text node of each ancestor. A
       call's class is its only one (notes.xsl, apparatus.xsl): compared whole, not as a token
       (contains-token, asked of every element below each choice's readings, was most of this). -->
  <xsl:function name="ed:html-text-of" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if (exists($e/ancestor-or-self::*[@class = ('note-call', 'app-call')])) then ''
      else let $calls := $e/descendant::*[@class = ('note-call', 'app-call')] return
        if (empty($calls)) then string($e) else string-join($e//text() except $calls//text())"/>
  </xsl:function>

  <!-- Copies without ids (for a second rendering of the same TEI, e.g. a note shown in place). -->
  <xsl:mode name="ed:html-no-ids" on-no-match="shallow-copy"/>
  <xsl:template mode="ed:html-no-ids" match="@id"/>

  <!-- Copies with inner <a> turned into <span> and no inner tabindex (no interactive content inside
       a link: the link itself takes the focus). -->
  <xsl:mode name="ed:html-unlink" on-no-match="shallow-copy"/>

  <!-- The content of a link: a text-only content needs no unlinking, and is written straight in. -->
  <xsl:template name="ed:html-unlinked-content">
    <xsl:choose>
      <xsl:when test="empty(*)"><xsl:call-template name="ed:content"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
        <xsl:apply-templates select="$content" mode="ed:html-unlink"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template mode="ed:html-unlink" match="*:a">
    <span><xsl:apply-templates select="@* except @href, node()" mode="ed:html-unlink"/></span>
  </xsl:template>
  <xsl:template mode="ed:html-unlink" match="*:a/@rel | *:a/@target | @tabindex"/>

</xsl:stylesheet>
