<?xml version="1.0" encoding="UTF-8"?>
<!-- Inline behaviours: highlighting, notes, links, names, dates, quotations, foreign words. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Inline phrases; the hint starts with the element name, then presentation tokens (ed:rend-hint)
       and the default look TEI implies for the element (emph is stressed, a monograph title italic). -->
  <xsl:template mode="ed:render" match="tei:hi | tei:emph | tei:title | tei:term | tei:mentioned | tei:soCalled
      | tei:gloss | tei:distinct | tei:forename | tei:surname | tei:roleName | tei:addName | tei:genName
      | tei:nameLink | tei:num | tei:measure | tei:unclear | tei:supplied | tei:add | tei:del | tei:damage
      | tei:surplus | tei:seg | tei:w | tei:c | tei:pc | tei:g | tei:sic | tei:corr | tei:abbr | tei:expan
      | tei:orig | tei:reg | tei:am | tei:ex | tei:subst | tei:restore | tei:mod | tei:gi | tei:att | tei:val
      | tei:ident | tei:code | tei:tag | tei:label | tei:role | tei:roleDesc | tei:actor | tei:time | tei:fw
      | tei:lem | tei:rdg | tei:secl | tei:metamark | tei:retrace | tei:author | tei:editor | tei:publisher
      | tei:pubPlace | tei:biblScope | tei:idno | tei:bibl | tei:biblStruct | tei:monogr | tei:analytic
      | tei:imprint | tei:s | tei:phr | tei:cl | tei:m | tei:affiliation | tei:occupation | tei:birth | tei:death
      | tei:country | tei:settlement | tei:region | tei:district | tei:bloc | tei:street | tei:postCode
      | tei:eventName | tei:locus | tei:textLang | tei:origDate | tei:origPlace | tei:dim | tei:height | tei:width">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="string-join(distinct-values((local-name(), ed:rend-hint(.), ed:default-look(.))), ' ')"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A role followed by its description with nothing but space between them reads "Macduff, a
       Scottish noble", as a printed cast list has it, not "Macduff a Scottish noble". -->
  <xsl:template mode="ed:render" match="tei:castItem/text()[not(normalize-space())]
      [preceding-sibling::node()[1][self::tei:role]][following-sibling::node()[1][self::tei:roleDesc]]">
    <xsl:text>, </xsl:text>
  </xsl:template>
  <xsl:template mode="ed:render" match="tei:castItem/tei:roleDesc[preceding-sibling::node()[1][self::tei:role]]" priority="1">
    <xsl:text>, </xsl:text>
    <xsl:next-match/>
  </xsl:template>

  <!-- space has no text of its own: the reader sees a space instead (gap: signs.xsl). -->
  <xsl:template mode="ed:render" match="tei:space">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="'space'"/>
      <xsl:with-param name="content" select="' '"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:note">
    <xsl:call-template name="ed:note">
      <xsl:with-param name="number" select="ed:note-number(.)"/>
      <xsl:with-param name="id" select="ed:id(.)"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ref/ptr: the first target; ptr has no content, so its target is shown (ed:pointer-label,
       standoff.xsl). Unsafe targets vanish
       (the content stays, unlinked), and so do "#id" targets that are not in the text: the link
       would lead nowhere. -->
  <xsl:template mode="ed:render" match="tei:ref | tei:ptr">
    <xsl:variable name="first" as="xs:string?" select="tokenize(normalize-space(@target))[1]"/>
    <xsl:variable name="href" as="xs:string" select="
      if (starts-with($first, '#')) then (if (key('ed:by-xml-id', substring($first, 2))[ancestor::tei:text]) then $first else '')
      else ed:safe-url($first)"/>
    <xsl:call-template name="ed:link">
      <xsl:with-param name="href" select="$href"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
        <xsl:if test="self::tei:ptr">{ed:pointer-label(@target)}</xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:geogName">
    <xsl:call-template name="ed:name">
      <xsl:with-param name="kind" select="ed:entity-kind(.)"/>
      <xsl:with-param name="entry" select="ed:entity(.)"/>
      <xsl:with-param name="href" select="ed:external-ref(.)"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:date">
    <xsl:call-template name="ed:date">
      <xsl:with-param name="iso" select="ed:date-iso(.)"/>
      <xsl:with-param name="label" select="ed:date-label(.)"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A quotation is a block only outside running text and when it holds block content. -->
  <xsl:template mode="ed:render" match="tei:q | tei:quote | tei:said">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:variable name="block" as="xs:boolean"
        select="not($ed:in-line) and exists(tei:p | tei:lg | tei:l | tei:sp | tei:list | tei:ab | tei:table)"/>
    <xsl:call-template name="ed:quote">
      <xsl:with-param name="block" select="$block"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="not($block)" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:foreign | tei:lang">
    <xsl:call-template name="ed:foreign">
      <xsl:with-param name="lang" select="normalize-space(ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Presentation tokens from @rend, @rendition (only non-pointer values: a "#id" points to a
       tagsDecl rule we do not interpret) and @style, mapped onto one small vocabulary:
       italic bold underline strikethrough superscript subscript smallcaps uppercase center right indent. -->
  <xsl:function name="ed:rend-hint" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="raw" as="xs:string*" select="(
      tokenize(lower-case(normalize-space($e/@rend)), '[\s;,]+'),
      tokenize(lower-case(normalize-space($e/@rendition)), '\s+')[not(starts-with(., '#'))] ! replace(., '^simple:', ''),
      tokenize(lower-case(normalize-space($e/@style)), ';') ! replace(., '\s', ''))"/>
    <xsl:sequence select="distinct-values($raw ! ed:rend-token(.))"/>
  </xsl:function>

  <xsl:function name="ed:rend-token" as="xs:string?" visibility="private">
    <xsl:param name="t" as="xs:string"/>
    <xsl:sequence select="
      if ($t = ('i', 'it', 'ital', 'italic', 'italics', 'italicised', 'italicized', 'cursiva', 'font-style:italic')) then 'italic'
      else if ($t = ('b', 'bold', 'negrita', 'strong', 'font-weight:bold')) then 'bold'
      else if ($t = ('u', 'ul', 'underline', 'underlined', 'text-decoration:underline')) then 'underline'
      else if ($t = ('strikethrough', 'strike', 'overstrike', 'line-through', 'text-decoration:line-through')) then 'strikethrough'
      else if ($t = ('sup', 'super', 'superscript', 'above', 'vertical-align:super')) then 'superscript'
      else if ($t = ('sub', 'subscript', 'below', 'vertical-align:sub')) then 'subscript'
      else if ($t = ('sc', 'smallcaps', 'small-caps', 'font-variant:small-caps')) then 'smallcaps'
      else if ($t = ('caps', 'allcaps', 'uppercase', 'text-transform:uppercase')) then 'uppercase'
      else if ($t = ('center', 'centre', 'centered', 'centred', 'text-align:center')) then 'center'
      else if ($t = ('right', 'align-right', 'text-align:right')) then 'right'
      else if (starts-with($t, 'indent')) then 'indent'
      else ()"/>
  </xsl:function>

  <!-- The look TEI implies when @rend says nothing: titles of books and journals, emphasis and
       terms in italic; article titles and soCalled in quotation marks; deletions struck through. -->
  <xsl:function name="ed:default-look" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if (exists(ed:rend-hint($e))) then ()
      else if ($e[self::tei:emph or self::tei:mentioned or self::tei:term or self::tei:distinct]) then 'italic'
      else if ($e[self::tei:title][@level = ('a', 'u')]) then 'quoted'
      else if ($e[self::tei:title]) then 'italic'
      else if ($e[self::tei:soCalled]) then 'quoted'
      else if ($e[self::tei:del or self::tei:surplus]) then 'strikethrough'
      else if ($e[self::tei:gi or self::tei:att or self::tei:val or self::tei:ident or self::tei:code or self::tei:tag]) then 'code'
      else if ($e[self::tei:supplied]) then 'bracketed'
      else ()"/>
  </xsl:function>

</xsl:stylesheet>
