<?xml version="1.0" encoding="UTF-8"?>
<!-- Verse and drama: numbered and shared lines, the cast list, line breaks at the start of a
     speech or paragraph. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- tei:line is a topographic line of a sourceDoc zone: one line of text, like a verse line. -->
  <xsl:template mode="ed:render" match="tei:l | tei:line">
    <xsl:call-template name="ed:verse-line">
      <xsl:with-param name="number" select="ed:shown-line-number(.)"/>
      <xsl:with-param name="indent" select="ed:half-line-offset(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:l | tei:line">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <!-- The number printed beside a line, or '': as printed editions do, every fifth line (by the
       last number of @n, so "1.2.15" counts as 15), and every number that is not a plain count
       ("10a", "iv": a number the text itself gives that way) or that the text asks to show
       (rend="numbered"); of "1.1.7a" the line's own part, "7a". -->
  <xsl:function name="ed:shown-line-number" as="xs:string">
    <xsl:param name="line" as="element()"/>
    <!-- Most line breaks have no number (test14.xml: 1,890): told first, 5,000 instructions a
         break less than normalising an absent one. A plain count ("15"), as most numbered lines
         have, is read without the regular expressions below: they cost Saxon microseconds a line
         (test32.xml, 917 numbered lines: its FO 9%). -->
    <xsl:sequence select="
      if (not($line/@n)) then ''
      else let $n := normalize-space($line/@n) return
      if (not($n)) then ''
      else if (translate($n, '0123456789', '') eq '') then ed:every-fifth($n, $line)
      else ed:shown-part-number($n, $line)"/>
  </xsl:function>

  <!-- ed:shown-line-number of a number that is not a plain count of ASCII digits. -->
  <xsl:function name="ed:shown-part-number" as="xs:string" visibility="private">
    <xsl:param name="n" as="xs:string"/>
    <xsl:param name="line" as="element()"/>
    <xsl:variable name="count" as="xs:string?" select="replace($n, '^(.*\D)?(\d+)$', '$2')[matches($n, '\d$')]"/>
    <xsl:sequence select="
      if ($count castable as xs:integer and not(matches($n, '[^\d.]'))) then ed:every-fifth($count, $line)
      else replace($n, '^.*\.', '')"/>
  </xsl:function>

  <!-- A count is shown at every fifth line, or where the line asks for it (rend="numbered"). -->
  <xsl:function name="ed:every-fifth" as="xs:string" visibility="private">
    <xsl:param name="count" as="xs:string"/>
    <xsl:param name="line" as="element()"/>
    <xsl:sequence select="if (xs:integer($count) mod 5 = 0 or tokenize($line/@rend) = 'numbered') then $count else ''"/>
  </xsl:function>

  <!-- A line shared between speakers (part="M" or "F" continues a line begun with part="I") is
       set after the parts before it: their length, in characters. -->
  <xsl:function name="ed:half-line-offset" as="xs:integer">
    <xsl:param name="line" as="element()"/>
    <xsl:variable name="before" as="element(tei:l)?" select="$line[@part = ('M', 'F')]/preceding::tei:l[1][@part = ('I', 'M')]"/>
    <xsl:sequence select="if (empty($before)) then 0
      else min((60, ed:half-line-offset($before) + string-length(ed:plain-text($before)) + 1))"/>
  </xsl:function>

  <!-- The cast list as a printed play has it: one role a line ("Duncan, king of Scotland"), no
       bullets; a group with what its members share. A castItem that only points to the
       particDesc (drama corpora) has nothing to show and is left out. -->
  <xsl:template mode="ed:render" match="tei:castList | tei:castGroup" priority="1">
    <xsl:call-template name="ed:block">
      <xsl:with-param name="hint" select="string-join((local-name(), ed:rend-hint(.)), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A block of cast items, not a list: its content is its children (a list's is its members). -->
  <xsl:template mode="ed:content" match="tei:castList | tei:castGroup" priority="1">
    <xsl:apply-templates mode="ed:render"/>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:castItem[normalize-space()]" priority="1">
    <xsl:call-template name="ed:paragraph">
      <xsl:with-param name="hint" select="string-join((local-name(), ed:rend-hint(.)), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:castItem[normalize-space()]" priority="1">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>
  <xsl:template mode="ed:render" match="tei:castItem[not(normalize-space())]" priority="1"/>

  <!-- The layout space at the edges of a role ("<role>\n  <name>Duncan</name>\n</role>") is no
       word space: kept, it would put a space before the comma of "Duncan, king of Scotland". -->
  <xsl:template mode="ed:render" match="tei:role/text()[not(normalize-space())]
      [not(preceding-sibling::node()) or not(following-sibling::node())]"/>

  <!-- A line break with nothing before it on its line (the first thing in a paragraph, a verse
       line or a speech after its speaker) starts no new line: the block already did. It stays a
       place (kind 'line-start'), so its id and number are kept. -->
  <xsl:template mode="ed:render" match="tei:lb[ed:is-line-start(.)]" priority="0.6">
    <xsl:call-template name="ed:break">
      <xsl:with-param name="kind" select="'line-start'"/>
      <xsl:with-param name="label" select="normalize-space(@n)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:function name="ed:is-line-start" as="xs:boolean">
    <xsl:param name="lb" as="element()"/>
    <xsl:variable name="line" as="element()?" select="$lb/ancestor::*[self::tei:p or self::tei:ab or self::tei:l
      or self::tei:head or self::tei:item or self::tei:cell or self::tei:note or self::tei:speaker or self::tei:stage
      or self::tei:dateline or self::tei:salute or self::tei:signed or self::tei:trailer or self::tei:byline
      or self::tei:docAuthor or self::tei:titlePart or self::tei:docImprint or self::tei:docDate or self::tei:addrLine
      or self::tei:label or self::tei:castItem][1]"/>
    <!-- Text before the break and after the start of its line lies inside the line. -->
    <xsl:sequence select="if ($line) then not($lb/preceding::text()[normalize-space()][1] >> $line)
      else empty($lb/preceding-sibling::node()[normalize-space() or self::*][1]
        [self::text() or self::*[not(self::tei:speaker or self::tei:p or self::tei:ab or self::tei:l or self::tei:lg
          or self::tei:head or self::tei:list or self::tei:table or self::tei:sp or self::tei:stage
          or self::tei:opener or self::tei:closer or self::tei:figure or ed:is-division(.))]])"/>
  </xsl:function>

</xsl:stylesheet>
