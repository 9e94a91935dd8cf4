<?xml version="1.0" encoding="UTF-8"?>
<!-- Standoff material shown as text: register entries (place, person, org ... in listPlace,
     listPerson, standOff) and pointers to places in other documents. What a value is must be
     said, since bare numbers and identifiers mean nothing to a reader ("56.07559 12.53995
     https://www.geonames.org/2624784/" becomes "coordinates 56.07559, 12.53995 GeoNames:
     https://www.geonames.org/2624784/"). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- geo: "latitude longitude" (TEI's default, and @decls LatLng) as "lat, long": two decimal
       numbers apart by spaces or commas, else the text as it is. Split without a regular
       expression (one cost Saxon four times the rest of the template: a register of places has
       thousands of geo); a comma at either end leaves the text as it is, as an empty number would.
       Most geo hold two numbers apart by one space and no comma: they are split at the space with
       two substrings, not translated, tokenized, counted and joined again (every string function
       costs saxonche thousands of instructions: listplace-old.xml's 2,182 geo, 80 -> 63 M a pass),
       and written as one text node of the pieces, not a string joined first (its HTML 881 -> 872 M,
       its FO 1,018 -> 1,003 M, its text 521 -> 513 M). -->
  <xsl:template mode="ed:render" match="tei:geo">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="'geo'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:geo">
    <xsl:variable name="text" as="xs:string" select="normalize-space(.)"/>
    <xsl:choose>
      <xsl:when test="contains($text, ',')">
        <xsl:variable name="numbers" as="xs:string*" select="tokenize(translate($text, ',', ' '))"/>
        <xsl:choose>
          <xsl:when test="count($numbers) = 2 and not(starts-with($text, ',') or ends-with($text, ','))
              and (every $n in $numbers satisfies $n castable as xs:decimal)">{$ed:coordinates-label}{$numbers[1]}, {$numbers[2]}</xsl:when>
          <xsl:otherwise>{$ed:coordinates-label}{$text}</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="latitude" as="xs:string" select="substring-before($text, ' ')"/>
        <xsl:variable name="longitude" as="xs:string" select="substring-after($text, ' ')"/>
        <xsl:choose>
          <xsl:when test="$latitude castable as xs:decimal and $longitude castable as xs:decimal">{$ed:coordinates-label}{$latitude}, {$longitude}</xsl:when>
          <xsl:otherwise>{$ed:coordinates-label}{$text}</xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The words before a geo's coordinates, found once, not for each geo. -->
  <xsl:variable name="ed:coordinates-label" as="xs:string" select="ed:string('coordinates') || ' '"/>

  <!-- geo shows as coordinates read from its text. -->
  <xsl:template mode="ed:leaves-out-content" match="tei:geo" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <!-- An identifier of an entry, labelled by its type and linked where it is an authority record. -->
  <xsl:template mode="ed:render" priority="1"
      match="tei:idno[@type][parent::tei:place or parent::tei:person or parent::tei:personGrp or parent::tei:org or parent::tei:event]">
    <xsl:call-template name="ed:link">
      <xsl:with-param name="href" select="ed:authority-url(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" priority="1"
      match="tei:idno[@type][parent::tei:place or parent::tei:person or parent::tei:personGrp or parent::tei:org or parent::tei:event]">
    <!-- Text, not a string: an output may write a behaviour's content with nothing around it,
         and a string beside another would be parted from it by a space. -->
    <xsl:value-of select="ed:authority-label(@type) || normalize-space(.)"/>
  </xsl:template>

  <!-- The words before an entry's identifier, by its type ("GeoNames: "): made once per type, as a
       register's thousands of identifiers share a few (listplace-old.xml's 1,636: 26,000 -> 15,000
       instructions for an identifier's text). -->
  <xsl:function name="ed:authority-label" as="xs:string" cache="yes">
    <xsl:param name="type" as="xs:string"/>
    <xsl:sequence select="ed:string-or('authority-' || lower-case(normalize-space($type)), normalize-space($type)) || ': '"/>
  </xsl:function>

  <!-- What a reader sees of a pointer with no text of its own (ptr): its target, except that a
       place in another document given by coordinates (an XPointer such as
       "f1818_C01.xml#string-range(//tei:div[@xml:id='x'],0,37)", as collation spines write) shows
       the document's name, not the coordinates. The link still goes to the whole target. -->
  <xsl:function name="ed:pointer-label" as="xs:string">
    <xsl:param name="targets" as="xs:string?"/>
    <xsl:sequence select="string-join(tokenize($targets) ! (
      if (contains(substring-after(., '#'), '(')) then
        (tokenize(substring-before(., '#'), '/')[.][last()], ed:string('passage'))[1]
      else .), ', ')"/>
  </xsl:function>

  <xsl:template mode="ed:plain" match="tei:ptr">{ed:pointer-label(@target)}</xsl:template>

</xsl:stylesheet>
