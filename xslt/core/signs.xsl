<?xml version="1.0" encoding="UTF-8"?>
<!-- Editorial signs: what the editor did to the text (supplied, deleted, added, expanded, unclear,
     lost) shown with the Leiden conventions as EpiDoc encodes them. The signs are TEXT, made here
     once, so every output has them and copying or extracting the text keeps them (brackets drawn
     by CSS ::before/::after vanish from a copy):
       supplied  [lost]  ⟨omitted⟩  (subaudible)      surplus {superfluous}      ex  Imp(eratori)
       del rend="erasure"  ⟦erased⟧      add place="above" \above/  place="below" /below\
       unclear   a dot below (U+0323) after every letter: ạḅ
       gap       [...] one dot per lost character ([.14] beyond ten, [ca. 7] approximate), [- - -]
                 lost of unknown extent, dots without brackets when illegible, - - - - - - for lost
                 lines; other units and reasons in words, "[…] (2 words, illegible)"; a sign the
                 encoder gave in rend="content:…" (EEBO-TCP's "••") as given.
     A question mark before the closing sign marks a doubtful supplement or expansion (@cert="low"). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Priority 1: these override the plain inline mapping of the same elements in inlines.xsl. -->
  <xsl:template mode="ed:render" match="tei:supplied | tei:surplus | tei:ex | tei:add | tei:del" priority="1">
    <xsl:variable name="signs" as="xs:string*" select="ed:leiden-signs(.)"/>
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="string-join(distinct-values((local-name(),
        (@reason, @place) ! tokenize(lower-case(normalize-space(.))) ! replace(., '[^a-z-]', ''),
        ed:rend-hint(.),
        if (self::tei:del and empty($signs)) then 'strikethrough' else ())), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:supplied | tei:surplus | tei:ex | tei:add | tei:del" priority="1">
    <xsl:variable name="signs" as="xs:string*" select="ed:leiden-signs(.)"/>
    <xsl:value-of select="$signs[1]"/>
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
    <xsl:value-of select="$signs[2]"/>
  </xsl:template>

  <!-- An abbreviation mark inside an expansion is not read: the expansion stands for it, as in
       EpiDoc's interpretive text ("co<am>~</am><ex>n</ex>" reads "co(n)"); the diplomatic side
       of a choice (abbr) still shows it. -->
  <xsl:template mode="ed:render" match="tei:am[ancestor::tei:expan]" priority="1"/>

  <!-- The abbreviation mark of an expansion is not read (above). -->
  <xsl:template mode="ed:leaves-out-content" match="tei:am[ancestor::tei:expan]" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <!-- The opening and closing sign of an element, or nothing where no sign applies. -->
  <xsl:function name="ed:leiden-signs" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="doubt" as="xs:string" select="if ($e/@cert = 'low') then '?' else ''"/>
    <xsl:variable name="place" as="xs:string*" select="tokenize(lower-case(normalize-space($e/@place)))"/>
    <xsl:sequence select="
      if ($e/self::tei:supplied) then (
        if ($e/@reason = 'omitted') then ('⟨', $doubt || '⟩')
        else if ($e/@reason = 'subaudible') then ('(', $doubt || ')')
        else ('[', $doubt || ']'))
      else if ($e/self::tei:surplus) then ('{', '}')
      else if ($e/self::tei:ex) then ('(', $doubt || ')')
      else if ($e/self::tei:del[tokenize(@rend) = 'erasure']) then ('⟦', '⟧')
      else if ($e/self::tei:add and $place = ('above', 'supralinear')) then ('\', '/')
      else if ($e/self::tei:add and $place = ('below', 'infralinear')) then ('/', '\')
      else if ($e/self::tei:add and $place = 'overstrike') then ('«', '»')
      else ()"/>
  </xsl:function>

  <!-- unclear: the dot below goes after each letter or digit together with its own combining
       marks ("ǝ̄" -> "ǝ̣̄"), never under spaces or punctuation. A word broken by a line break
       without a hyphen (lb break="no") is one word: the layout whitespace around the break goes. -->
  <xsl:template _mode="{$ed:text-of-its-own-mode}" priority="0" use-when="$source-unclear != 'no' or $source-word-breaks != 'no'"
      _match="text(){$ed:if-unclear}[ancestor::tei:unclear] | text(){$ed:if-word-breaks}[ed:touches-word-break(.)]">
    <xsl:variable name="text" as="xs:string" select="ed:trim-at-word-breaks(.)"/>
    <!-- A text node, not a string: adjacent strings in a result would be joined with a space. -->
    <xsl:value-of select="if (ancestor::tei:unclear) then ed:dot-below($text) else $text"/>
  </xsl:template>

  <xsl:function name="ed:dot-below" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <!-- NFC: most letters have a precomposed form (ạ, ḅ, ụ), which every font and PDF draws well. -->
    <xsl:sequence select="normalize-unicode(replace($text, '([\p{L}\p{N}]\p{M}*)', '$1&#x0323;'), 'NFC')"/>
  </xsl:function>

  <!-- A break inside a word: lb, pb or cb with break="no" (TEI) or "false" (older files). -->
  <xsl:function name="ed:is-word-break" as="xs:boolean">
    <xsl:param name="n" as="node()?"/>
    <xsl:sequence select="exists($n[self::tei:lb or self::tei:pb or self::tei:cb][@break = ('no', 'false')])"/>
  </xsl:function>

  <xsl:function name="ed:touches-word-break" as="xs:boolean">
    <xsl:param name="t" as="text()"/>
    <xsl:sequence select="ed:is-word-break($t/preceding-sibling::node()[1]) or ed:is-word-break($t/following-sibling::node()[1])"/>
  </xsl:function>

  <xsl:function name="ed:trim-at-word-breaks" as="xs:string">
    <xsl:param name="t" as="text()"/>
    <xsl:variable name="end-trimmed" as="xs:string"
        select="if (ed:is-word-break($t/following-sibling::node()[1])) then replace($t, '\s*\n\s*$', '') else string($t)"/>
    <xsl:sequence select="if (ed:is-word-break($t/preceding-sibling::node()[1])) then replace($end-trimmed, '^\s*\n\s*', '') else $end-trimmed"/>
  </xsl:function>

  <!-- The hyphen a lineated view shows at a word broken across lines, unless the text has one or
       the break starts its line (ed:is-line-start, verse.xsl: no line is broken there). -->
  <xsl:function name="ed:break-hyphen" as="xs:string">
    <xsl:param name="break" as="element()"/>
    <!-- Only a break with @break can break a word: asked first, that spares a function call for
         every other (4,000 instructions a break in test14.xml's HTML). -->
    <xsl:sequence select="if ($break/@break and ed:is-word-break($break) and not(ed:is-line-start($break))
        and not(matches($break/preceding::text()[normalize-space()][1], '[-‐‑¬⸗=]\s*$'))) then '-' else ''"/>
  </xsl:function>

  <!-- gap: the Leiden sign for what is missing, and in words what the sign cannot say (a unit
       other than characters or lines, the editor's desc). -->
  <xsl:template mode="ed:render" match="tei:gap">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="string-join(('gap', @reason ! tokenize(lower-case(normalize-space(.))) ! replace(., '[^a-z-]', '')), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:gap">
    <!-- Text, not a string, as an identifier's label (standoff.xsl). -->
    <xsl:value-of select="string-join((ed:gap-sign(.), ed:gap-description(.)[.] ! ('(' || . || ')')), ' ')"/>
  </xsl:template>

  <!-- A gap shows as its sign and description. -->
  <xsl:template mode="ed:leaves-out-content" match="tei:gap" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <!-- How many units are missing: 'n', 'a–b', or '' when unknown; $approximate when "ca.". -->
  <xsl:function name="ed:gap-extent" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:sequence select="
      if ($gap/@quantity castable as xs:integer) then string(xs:integer($gap/@quantity))
      else if ($gap/@atLeast castable as xs:integer and $gap/@atMost castable as xs:integer)
        then (if (xs:integer($gap/@atLeast) eq xs:integer($gap/@atMost)) then string(xs:integer($gap/@atLeast))
              else xs:integer($gap/@atLeast) || '–' || xs:integer($gap/@atMost))
      else if ($gap/@extent castable as xs:integer) then string(xs:integer($gap/@extent))
      else if (matches($gap/@extent, '^\s*[0-9]+\s+\S')) then replace($gap/@extent, '^\s*([0-9]+).*$', '$1', 's')
      else ''"/>
  </xsl:function>

  <xsl:function name="ed:gap-unit" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <!-- The unit, else the word after the number of a free-text extent ("2 letters", as TCP has). -->
    <xsl:variable name="unit" as="xs:string" select="lower-case(normalize-space(($gap/@unit,
      $gap/@extent[matches(., '^\s*[0-9]+\s+\S')] ! replace(., '^\s*[0-9]+\s+(\S+).*$', '$1', 's'))[1]))"/>
    <xsl:sequence select="
      if ($unit = ('character', 'characters', 'char', 'chars', 'letter', 'letters', 'glyph', 'glyphs')) then 'character'
      else if ($unit = ('line', 'lines')) then 'line'
      else replace($unit, 's$', '')"/>
  </xsl:function>

  <!-- A sign the encoder gave (rend="content:••", as TCP marks each missing letter) wins. -->
  <xsl:function name="ed:gap-given-sign" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:sequence select="normalize-space(substring-after($gap/@rend[starts-with(normalize-space(.), 'content:')], 'content:'))"/>
  </xsl:function>

  <xsl:function name="ed:gap-sign" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="extent" as="xs:string" select="ed:gap-extent($gap)"/>
    <xsl:variable name="unit" as="xs:string" select="ed:gap-unit($gap)"/>
    <!-- Damage is how most text is lost; TEI names both. -->
    <xsl:variable name="lost" as="xs:boolean" select="tokenize($gap/@reason) = ('lost', 'damage')"/>
    <xsl:variable name="illegible" as="xs:boolean" select="not($lost) and tokenize($gap/@reason) = 'illegible'"/>
    <xsl:variable name="approximate" as="xs:boolean" select="$gap/@precision = 'low' or $gap/@cert = 'low'"/>
    <!-- Characters: one dot each up to ten, else the number after a dot; ca. when approximate. -->
    <xsl:variable name="characters" as="xs:string" select="
      if ($extent = '') then '- - -'
      else if ($approximate) then 'ca. ' || $extent
      else if ($extent castable as xs:integer and xs:integer($extent) le 10) then string-join((1 to xs:integer($extent)) ! '.')
      else '.' || $extent"/>
    <xsl:variable name="given" as="xs:string" select="ed:gap-given-sign($gap)"/>
    <xsl:sequence select="
      if ($given) then $given
      else if (($lost or $illegible) and ($unit = 'character' or ($unit = '' and $extent))) then
        (if ($lost) then '[' || $characters || ']' else $characters)
      else if (($lost or $illegible) and $unit = 'line') then '- - - - - -'
      else ed:string('gap')"/>
  </xsl:function>

  <!-- Words for what the sign leaves out: the desc, else extent, unit and reason where the sign
       does not show them ("2 words, illegible"); '' where the sign says it all. -->
  <xsl:function name="ed:gap-description" as="xs:string">
    <xsl:param name="gap" as="element()"/>
    <xsl:variable name="extent" as="xs:string" select="ed:gap-extent($gap)"/>
    <xsl:variable name="unit" as="xs:string" select="ed:gap-unit($gap)"/>
    <xsl:variable name="signed" as="xs:boolean" select="ed:gap-given-sign($gap) or tokenize($gap/@reason) = ('lost', 'damage', 'illegible')
      and ($unit = 'character' or ($unit = '' and $extent) or ($unit = 'line' and $extent = ''))"/>
    <xsl:variable name="amount" as="xs:string" select="
      if ($unit = '' or $signed) then ''
      else normalize-space(string-join(($extent, ed:string-or('unit-' || $unit || (if ($extent = '1') then '' else 's'), $unit)), ' '))"/>
    <xsl:variable name="reason" as="xs:string" select="
      if ($signed or not(normalize-space($gap/@reason))) then ''
      else string-join(tokenize($gap/@reason) ! ed:string-or('gap-' || ., .), ', ')"/>
    <xsl:sequence select="(normalize-space(string-join($gap/tei:desc, ' '))[.],
      string-join(($amount[.], $reason[.]), ', '))[1]"/>
  </xsl:function>

</xsl:stylesheet>
