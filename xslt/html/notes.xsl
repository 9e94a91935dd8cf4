<?xml version="1.0" encoding="UTF-8"?>
<!-- Notes: a numbered call-out in the text that opens the note in place on hover or keyboard focus
     (pure CSS, so it works without JavaScript), and the same note in the list at the end of the
     page, each linking to the other. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:note">
    <xsl:param name="number" as="xs:string" required="yes"/>
    <xsl:param name="id" as="xs:string" required="yes"/>
    <span class="note-call">
      <a class="noteref" href="#{$id}" id="{ed:note-ref-id-of($id)}" aria-describedby="{ed:own-id('peek-' || $id)}">
        <span class="visually-hidden">{ed:string('note')} </span>{$number}</a>
      <!-- The in-place copy has no ids: the list at the end holds the anchored one. -->
      <span class="note-peek" id="{ed:own-id('peek-' || $id)}">
        <span class="note-number">{$number}</span><xsl:text> </xsl:text>
        <xsl:choose>
          <!-- Text alone has no ids to leave out. -->
          <xsl:when test="ed:note-is-text-alone(.)"><xsl:call-template name="ed:content"/></xsl:when>
          <xsl:otherwise>
            <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
            <xsl:apply-templates select="$content" mode="ed:html-no-ids"/>
          </xsl:otherwise>
        </xsl:choose>
      </span>
    </span>
  </xsl:template>

  <!-- The footnotes of the text part of a document, in the order they occur (a note with no
       content is none, as for their numbers, ids.xsl). -->
  <xsl:function name="ed:html-text-notes" as="element(tei:note)*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="ed:descendants-root($doc)//tei:note[node()][not(ancestor::tei:teiHeader or ancestor::tei:standOff
      or ancestor::tei:facsimile[../tei:text or ../tei:sourceDoc])][ed:is-footnote(.)]"/>
  </xsl:function>

  <!-- Whether the page may leave out the call of a note the core says may have none: unless every
       element around it that may leave its call out is a choice that this page renders with the
       note's call (ed:alternate): both readings of a correction, expansion or regularisation are
       in the page, and of an alternative the reading shown (its other readings are copied without
       ids). A note standing in the choice itself, outside its readings, is rendered nowhere. Each
       choice rendered again to look for its calls cost test32.xml's HTML (82 choices holding 156
       notes) 84 M instructions of its 568 M. -->
  <xsl:function name="ed:html-call-may-be-left-out" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="some $leaver in ed:note-call-leavers($note) satisfies not(
      $leaver/self::tei:choice and exists($note/ancestor::* intersect $leaver/*)
      and (ed:choice-kind($leaver) ne 'alternative' or exists($note/ancestor::* intersect ed:shown-reading($leaver))))"/>
  </xsl:function>

  <!-- The list of the text part's footnotes, each linking back to its call. A note whose call is not
       rendered (the note stands in something the text leaves out, such as an interp or a figDesc
       beside its image) is still listed, but its number links back to nothing. The core tells which
       calls may be missing (ed:note-call-container): only what may leave them out is rendered again,
       alone, to look for them, and the text is written as it is made, never held. A call inside a
       link is a span (HTML nests no links), with its id all the same. -->
  <xsl:template name="ed:html-footnotes">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:variable name="notes" as="element(tei:note)*" select="ed:html-text-notes($doc)"/>
    <xsl:variable name="uncertain" as="element(tei:note)*"
        select="ed:notes-whose-call-may-be-left-out($notes)[ed:html-call-may-be-left-out(.)]"/>
    <xsl:variable name="rendered">
      <xsl:apply-templates select="$uncertain/ed:note-call-container(.)" mode="ed:render"/>
    </xsl:variable>
    <xsl:variable name="calls" as="map(xs:string, xs:boolean)"
        select="map:merge($rendered//*[contains-token(@class, 'noteref')]/@id ! map{string(.): true()}, map{'duplicates': 'use-first'})"/>
    <xsl:variable name="uncalled" as="map(xs:string, xs:boolean)"
        select="map:merge($uncertain ! ed:note-ref-id(.)[not(map:contains($calls, .))] ! map{.: true()}, map{'duplicates': 'use-first'})"/>
    <xsl:if test="exists($notes)">
      <section class="footnotes" aria-labelledby="{ed:own-id('notes-heading')}">
        <h2 id="{ed:own-id('notes-heading')}">{ed:string('notes')}</h2>
        <ol class="notes">
          <xsl:for-each select="$notes">
            <xsl:variable name="id" as="xs:string" select="ed:id(.)"/>
            <xsl:variable name="call" as="xs:string" select="ed:note-ref-id-of($id)"/>
            <li id="{$id}">
              <xsl:choose>
                <xsl:when test="map:contains($uncalled, $call)"><span class="note-back">{ed:note-number(.)}</span></xsl:when>
                <xsl:otherwise><a class="note-back" href="#{$call}" title="{ed:string('back-to-text')}">{ed:note-number(.)}</a></xsl:otherwise>
              </xsl:choose>
              <xsl:text> </xsl:text>
              <div class="note-body">
                <xsl:apply-templates mode="ed:render"/>
              </div>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
