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
      <a class="noteref" href="#{$id}" id="{ed:note-ref-id(.)}" aria-describedby="{ed:own-id('peek-' || $id)}">
        <span class="visually-hidden">{ed:string('note')} </span>{$number}</a>
      <!-- The in-place copy has no ids: the list at the end holds the anchored one. -->
      <span class="note-peek" id="{ed:own-id('peek-' || $id)}">
        <span class="note-number">{$number}</span><xsl:text> </xsl:text>
        <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
        <xsl:apply-templates select="$content" mode="ed:html-no-ids"/>
      </span>
    </span>
  </xsl:template>

  <!-- The footnotes of the text part of a document, in the order they occur. -->
  <xsl:function name="ed:html-text-notes" as="element(tei:note)*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc//tei:note[not(ancestor::tei:teiHeader or ancestor::tei:standOff
      or ancestor::tei:facsimile[../tei:text or ../tei:sourceDoc])][ed:is-footnote(.)]"/>
  </xsl:function>

  <!-- $rendered: the page's text (and apparatus) as rendered. A note whose call is not in it (the
       note stands in something the text leaves out, such as an interp or a figDesc beside its
       image) is still listed, but its number links back to nothing rather than to a missing call.
       A call inside another note is only rendered in the list itself, so the list is made first. -->
  <xsl:template name="ed:html-footnotes">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="rendered" as="element()*" required="yes"/>
    <!-- The calls are the HTML output's own <a> elements: a test of the namespace and name is a
         number compared, a local name alone a string (the page's every element is visited). -->
    <xsl:variable name="calls-in-text" as="xs:string*" select="$rendered//Q{http://www.w3.org/1999/xhtml}a[contains-token(@class, 'noteref')]/@id"/>
    <xsl:variable name="called" as="map(xs:string, xs:boolean)"
        select="map:merge($calls-in-text ! map{string(.): true()}, map{'duplicates': 'use-first'})"/>
    <xsl:choose>
      <!-- The usual case, every call in the text: the list is written as it is made. -->
      <xsl:when test="every $id in ed:html-text-notes($doc) ! ed:note-ref-id(.) satisfies map:contains($called, $id)">
        <xsl:call-template name="ed:html-footnote-list"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="list" as="element()*">
          <xsl:call-template name="ed:html-footnote-list"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        </xsl:variable>
        <xsl:apply-templates select="$list" mode="ed:html-check-back-links">
          <xsl:with-param name="calls" select="$calls-in-text, $list//Q{http://www.w3.org/1999/xhtml}a[contains-token(@class, 'noteref')]/@id" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:mode name="ed:html-check-back-links" on-no-match="shallow-copy"/>
  <xsl:template mode="ed:html-check-back-links" match="*:a[contains-token(@class, 'note-back')]">
    <xsl:param name="calls" as="xs:string*" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="substring(@href, 2) = $calls"><xsl:copy-of select="."/></xsl:when>
      <xsl:otherwise><span class="note-back">{.}</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:html-footnote-list">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:variable name="notes" as="element(tei:note)*" select="ed:html-text-notes($doc)"/>
    <xsl:if test="exists($notes)">
      <section class="footnotes" aria-labelledby="{ed:own-id('notes-heading')}">
        <h2 id="{ed:own-id('notes-heading')}">{ed:string('notes')}</h2>
        <ol class="notes">
          <xsl:for-each select="$notes">
            <li id="{ed:id(.)}">
              <a class="note-back" href="#{ed:note-ref-id(.)}" title="{ed:string('back-to-text')}">{ed:note-number(.)}</a>
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
