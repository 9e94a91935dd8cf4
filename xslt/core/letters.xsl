<?xml version="1.0" encoding="UTF-8"?>
<!-- Letters: what the header's correspDesc says (who wrote to whom, where and when, and which
     letters come before and after), as data every output lays out in its own way. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The correspondence of a document: one group per correspDesc (an anthology has several),
       each a sequence of maps in the order of the header:
         map{'kind': 'action', 'label': 'From', 'text': 'Fedor Mamroth, Frankfurt am Main, 2 August 1889'}
         map{'kind': 'previous' | 'next', 'label': 'Previous letter', 'text': ..., 'href': URL or ''}
       Actions are correspAction (sent, received, transmitted, redirected, forwarded); the
       neighbours are correspContext refs typed previous/prev/next (or subtyped previous_letter,
       next_letter). A neighbour is linked only when its target is certain to exist: a web URL, or
       an element of this document; a bare file name ("L02641") is shown unlinked. -->
  <xsl:function name="ed:correspondence" as="array(map(xs:string, xs:string))*">
    <xsl:param name="doc" as="element()"/>
    <xsl:for-each select="$doc/tei:teiHeader/tei:profileDesc/tei:correspDesc">
      <xsl:sequence select="array{(
        tei:correspAction ! ed:corresp-action(.),
        tei:correspContext/tei:ref[ed:corresp-direction(.)] ! ed:corresp-neighbour(.))}"/>
    </xsl:for-each>
  </xsl:function>

  <xsl:function name="ed:corresp-action" as="map(xs:string, xs:string)?" visibility="private">
    <xsl:param name="action" as="element(tei:correspAction)"/>
    <xsl:variable name="who" as="xs:string*" select="$action/(tei:persName | tei:orgName | tei:name | tei:rs | tei:roleName)
      ! (ed:entity(.) ! ed:entity-label(.), normalize-space(.))[.][1]"/>
    <xsl:variable name="where" as="xs:string*" select="$action/(tei:placeName | tei:settlement | tei:geogName | tei:address)
      ! (ed:entity(.) ! ed:entity-label(.), normalize-space(.))[.][1]"/>
    <xsl:variable name="when" as="xs:string*" select="$action/tei:date ! (ed:date-label(.)[.], normalize-space(.))[.][1]"/>
    <xsl:variable name="text" as="xs:string" select="string-join(($who, $where, $when), ', ')"/>
    <xsl:variable name="type" as="xs:string" select="(normalize-space($action/@type)[. = ('sent', 'received',
      'transmitted', 'redirected', 'forwarded')], 'other')[1]"/>
    <xsl:sequence select="if ($text) then map{'kind': 'action', 'label': ed:string('corresp-' || $type), 'text': $text} else ()"/>
  </xsl:function>

  <xsl:function name="ed:corresp-direction" as="xs:string?" visibility="private">
    <xsl:param name="ref" as="element(tei:ref)"/>
    <xsl:variable name="words" as="xs:string*" select="($ref/@type, $ref/@subtype) ! lower-case(normalize-space(.))"/>
    <xsl:sequence select="if ($words = ('previous', 'prev', 'previous_letter', 'previous-letter')) then 'previous'
      else if ($words = ('next', 'next_letter', 'next-letter')) then 'next' else ()"/>
  </xsl:function>

  <xsl:function name="ed:corresp-neighbour" as="map(xs:string, xs:string)" visibility="private">
    <xsl:param name="ref" as="element(tei:ref)"/>
    <xsl:variable name="target" as="xs:string" select="string(tokenize($ref/@target)[1])"/>
    <xsl:variable name="href" as="xs:string" select="
      if (starts-with($target, '#')) then (if (key('ed:by-xml-id', substring($target, 2), root($ref))[ancestor::tei:text]) then $target else '')
      else ed:web-url($target)"/>
    <xsl:sequence select="map{'kind': ed:corresp-direction($ref), 'label': ed:string('corresp-' || ed:corresp-direction($ref)),
      'text': (ed:plain-text($ref)[.], $target)[1], 'href': $href}"/>
  </xsl:function>

</xsl:stylesheet>
