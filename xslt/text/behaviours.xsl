<?xml version="1.0" encoding="UTF-8"?>
<!-- The core's behaviour vocabulary (core.xsl) as plain text. Behaviours return a small tree:
     ed:par (a paragraph-like unit, @kind, an optional @prefix, and @bulleted on a bulleted list,
     whose items take the bullet in the layout), ed:note (a note, replaced by
     [n] in the text and gathered as an endnote), ed:br (a line break) and ed:cell; inline behaviours
     return their text. layout.xsl turns that tree into lines. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:block">
    <xsl:param name="hint" as="xs:string" select="''"/>
    <ed:par kind="block"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <xsl:template name="ed:heading">
    <xsl:param name="level" as="xs:integer" select="1"/>
    <ed:par kind="heading"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <xsl:template name="ed:paragraph">
    <xsl:param name="hint" as="xs:string" select="''"/>
    <ed:par kind="{if (ed:look(.) = 'list-line') then 'line' else 'p'}"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <xsl:template name="ed:inline">
    <xsl:param name="hint" as="xs:string" select="''"/>
    <xsl:choose>
      <!-- Most phrases are neither: two searches of the hint tell so for less than its words
           (0.45 against 0.85 µs a phrase). -->
      <xsl:when test="not(contains($hint, 'quoted') or contains($hint, 'display-block'))"><xsl:call-template name="ed:content"/></xsl:when>
      <xsl:when test="contains-token($hint, 'quoted')">“<xsl:call-template name="ed:content"/>”</xsl:when>
      <!-- rend="block": a phrase set on a line of its own. -->
      <xsl:when test="contains-token($hint, 'display-block')"><ed:br/><xsl:call-template name="ed:content"/><ed:br/></xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:note">
    <xsl:param name="number" as="xs:string" select="''"/>
    <xsl:param name="id" as="xs:string" select="''"/>
    <ed:note n="{$number}"><xsl:call-template name="ed:content"/></ed:note>
  </xsl:template>

  <xsl:template name="ed:link">
    <xsl:param name="href" as="xs:string" select="''"/>
    <xsl:call-template name="ed:content"/>
  </xsl:template>

  <xsl:template name="ed:name">
    <xsl:param name="kind" as="xs:string" select="'name'"/>
    <xsl:param name="entry" as="element()?"/>
    <xsl:param name="href" as="xs:string" select="''"/>
    <xsl:call-template name="ed:content"/>
  </xsl:template>

  <!-- List items get the list's number or bullet unless they have a label of their own. A
       bulleted list is written as it is made, marked bulleted: the layout gives its items the
       bullet (ed:text-paragraphs). Numbered, its items are counted here, and each is copied to
       take its number. (Copying every item at every level of nested lists was a sixth of the
       plain text of a register of events.) -->
  <xsl:template name="ed:list">
    <xsl:param name="ordered" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="not($ordered)"><ed:par kind="block" bulleted="yes"><xsl:call-template name="ed:content"/></ed:par></xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:text-numbered-list"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:text-numbered-list">
    <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
    <ed:par kind="block">
      <!-- One pass with a running count of the items seen ($n): counting the items before each
           one afresh was quadratic, and a register list can hold thousands of entries. -->
      <xsl:iterate select="$content">
        <xsl:param name="n" as="xs:integer" select="1"/>
        <xsl:variable name="item" as="xs:boolean" select="exists(.[. instance of element(ed:par)][@kind = 'item'])"/>
        <xsl:choose>
          <xsl:when test="$item and not(@prefix)">
            <ed:par kind="item" prefix="{$n}.">
              <xsl:sequence select="node()"/>
            </ed:par>
          </xsl:when>
          <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
        </xsl:choose>
        <xsl:next-iteration><xsl:with-param name="n" select="if ($item) then $n + 1 else $n"/></xsl:next-iteration>
      </xsl:iterate>
    </ed:par>
  </xsl:template>

  <xsl:template name="ed:item">
    <xsl:param name="label" as="item()*"/>
    <xsl:variable name="label-text" as="xs:string" select="if (empty($label)) then '' else ed:text-inline($label)"/>
    <ed:par kind="item">
      <xsl:if test="$label-text"><xsl:attribute name="prefix" select="$label-text"/></xsl:if>
      <xsl:call-template name="ed:content"/>
    </ed:par>
  </xsl:template>

  <!-- A table row is one line, its cells separated by a vertical bar. -->
  <xsl:template name="ed:table">
    <ed:par kind="block"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <xsl:template name="ed:row">
    <xsl:param name="header" as="xs:boolean" select="false()"/>
    <!-- The cells are flattened to one line; their notes ride along unseen (ed:carried), so the
         endnotes still find them. -->
    <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
    <xsl:variable name="cells" as="element(ed:cell)*" select="$content[. instance of element(ed:cell)]"/>
    <ed:par kind="line">{string-join($cells ! ed:text-inline(node()), ' | ')}<ed:carried><xsl:sequence
      select="$cells//ed:note[not(ancestor::ed:note)]"/></ed:carried></ed:par>
  </xsl:template>

  <xsl:template name="ed:cell">
    <xsl:param name="header" as="xs:boolean" select="false()"/>
    <xsl:param name="cols" as="xs:integer" select="1"/>
    <xsl:param name="rows" as="xs:integer" select="1"/>
    <ed:cell><xsl:call-template name="ed:content"/></ed:cell>
  </xsl:template>

  <xsl:template name="ed:verse-group">
    <ed:par kind="block"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <!-- The later part of a shared line starts after the earlier ones, in spaces. -->
  <xsl:template name="ed:verse-line">
    <xsl:param name="number" as="xs:string" select="''"/>
    <xsl:param name="indent" as="xs:integer" select="0"/>
    <ed:par kind="line">
      <xsl:if test="$indent gt 1"><xsl:attribute name="prefix" select="string-join((1 to $indent - 1) ! ' ')"/></xsl:if>
      <xsl:call-template name="ed:content"/>
    </ed:par>
  </xsl:template>

  <xsl:template name="ed:speech">
    <ed:par kind="block"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <xsl:template name="ed:speaker">
    <ed:par kind="line"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <xsl:template name="ed:stage">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$ed:in-line"><xsl:call-template name="ed:content"/></xsl:when>
      <xsl:otherwise><ed:par kind="p"><xsl:call-template name="ed:content"/></ed:par></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:figure">
    <ed:par kind="block"><xsl:call-template name="ed:content"/></ed:par>
  </xsl:template>

  <xsl:template name="ed:graphic">
    <xsl:param name="url" as="xs:string" select="''"/>
    <xsl:param name="description" as="xs:string" select="''"/>
    <xsl:text>[{ed:string('image')}{if ($description) then ': ' || $description else ''}]</xsl:text>
  </xsl:template>

  <!-- A source page break leaves no trace in a reading text; a line break is a new line (not
       inside a word, @break="no"); a milestone's separator ("* * *") is a paragraph of its own. -->
  <xsl:template name="ed:break">
    <xsl:param name="kind" as="xs:string" select="''"/>
    <xsl:param name="label" as="xs:string" select="''"/>
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <xsl:when test="$kind = 'line' and not(@break = ('no', 'false'))"><ed:br/></xsl:when>
      <xsl:when test="$kind = 'milestone' and $label and not($ed:in-line)"><ed:par kind="p">{$label}</ed:par></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:alternate">
    <xsl:param name="shown" as="item()*"/>
    <xsl:param name="other" as="item()*"/>
    <xsl:param name="kind" as="xs:string" select="'alternative'"/>
    <xsl:param name="shown-reading" as="xs:string" select="$reading"/>
    <!-- Plain text cannot show the abbreviation in place: the supplied letters are marked (core). -->
    <xsl:variable name="marked" as="xs:string?" select="if ($kind = 'expansion' and self::tei:choice) then ed:expansion-with-signs(.) else ()"/>
    <xsl:sequence select="if (exists($marked)) then $marked else $shown"/>
    <!-- A correction, expansion or regularisation is one reading of the text: the other belongs to
         the other reading (reading=diplomatic). Mere alternatives (two unclear readings) are not a
         choice the edition made, so the others follow in brackets, like apparatus readings. -->
    <xsl:if test="$kind = 'alternative' and exists($other)">
      <xsl:text> [</xsl:text><xsl:sequence select="$other"/><xsl:text>]</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ed:date">
    <xsl:param name="iso" as="xs:string" select="''"/>
    <xsl:param name="label" as="xs:string" select="''"/>
    <xsl:call-template name="ed:content"/>
  </xsl:template>

  <xsl:template name="ed:quote">
    <xsl:param name="block" as="xs:boolean" select="false()"/>
    <xsl:choose>
      <xsl:when test="$block"><ed:par kind="block"><xsl:call-template name="ed:content"/></ed:par></xsl:when>
      <xsl:otherwise><xsl:call-template name="ed:content"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:foreign">
    <xsl:param name="lang" as="xs:string" select="''"/>
    <xsl:call-template name="ed:content"/>
  </xsl:template>

  <!-- Markup shown as markup (an egXML example): its lines kept as they are, indented. -->
  <xsl:template name="ed:code">
    <xsl:param name="code" as="xs:string"/>
    <ed:par kind="pre">{$code}</ed:par>
  </xsl:template>

  <xsl:template name="ed:unmapped">
    <xsl:call-template name="ed:content"/>
  </xsl:template>

</xsl:stylesheet>
