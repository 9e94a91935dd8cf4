<?xml version="1.0" encoding="UTF-8"?>
<!-- HTML output: the reading edition. Implements the behaviour vocabulary of ../core/core.xsl.
     site='no'  (default): one standalone page (the principal result) with introduction, contents,
                text, notes and registers; links only within the page.
     site='yes': pages of the edition site, one per run, chosen by $page: text (<stem>.html),
                index, persons, places, organisations (relative links between them).
     page='record': the document's record for the site step (record.xsl), serialised as XML.
     The assets edition.css and edition.js are added by pipeline/transform.py from assets/. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="../core/core.xsl"/>
  <xsl:include href="params.xsl"/>
  <xsl:include href="page.xsl"/>
  <xsl:include href="about.xsl"/>
  <xsl:include href="navigation.xsl"/>
  <xsl:include href="registers.xsl"/>
  <xsl:include href="blocks.xsl"/>
  <xsl:include href="inlines.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="search.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="lines.xsl"/>
  <xsl:include href="record.xsl"/>

  <!-- html-version 5 gives <!DOCTYPE html>; the meta charset is written by ed:html-page, so Saxon must
       not add its own content-type meta (that would be a second, conflicting declaration). A link the core
       leaves an IRI ("#été"; web links it makes URIs itself, ed:safe-url) is written as it stands,
       which HTML5 takes, not percent-encoded: the serialiser's look at every href and src for letters
       beyond ASCII was 1.3% of the corpus's HTML (none of whose links holds such letters).
       The XHTML method writes the same page in HTML5's syntax (the elements are in the XHTML
       namespace; only void elements are written empty, as <br/>, which HTML5 reads as <br>) and
       costs Saxon less than the HTML method, which looks up every element and attribute among
       HTML's names: 4.3% of the corpus's HTML (instructions a pass, 6,072 -> 5,811 M). What else
       differs is a no-break space written as the character, not as &nbsp;. A page holds no inline
       script or style (the Content-Security-Policy would refuse them), whose text the XHTML method
       would escape. -->
  <xsl:output method="xhtml" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"
      escape-uri-attributes="no" omit-xml-declaration="yes"/>

  <xsl:mode on-no-match="fail" use-accumulators="#all"/>

  <!-- The page file stem: the pipeline's $stem, else the document's xml:id, else 'text'. -->
  <xsl:variable name="ed:html-stem" as="xs:string"
      select="(normalize-space($stem)[.], replace(normalize-space(/*/@xml:id), '[^A-Za-z0-9._-]', '')[.], 'text')[1]"/>

  <!-- One page per run: pipeline/transform.py renders each page of a site with its own $page, which
       keeps every page a principal result serialised by xsl:output (captured xsl:result-document
       trees would come back unserialised). -->
  <xsl:template match="/">
    <xsl:variable name="doc" as="element()" select="*"/>
    <xsl:variable name="register" as="map(xs:string, xs:string)?"
        select="$ed:html-register-pages[?label = ($page, replace($page, '\.html$', ''))]"/>
    <xsl:choose>
      <!-- The document's record for the site step and the catalogue (record.xsl), not a page. -->
      <xsl:when test="$page = 'record'"><xsl:call-template name="ed:html-record"/></xsl:when>
      <xsl:when test="$ed:html-site and $page = 'index'">
        <xsl:call-template name="ed:html-index-page"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$ed:html-site and exists($register)">
        <xsl:call-template name="ed:html-register-page">
          <xsl:with-param name="doc" select="$doc"/>
          <xsl:with-param name="register" select="$register"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="ed:html-text-page"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:html-text-page">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:call-template name="ed:html-page">
      <xsl:with-param name="doc" select="$doc"/>
      <xsl:with-param name="page-title" select="ed:title($doc)"/>
      <xsl:with-param name="current" select="ed:html-text-file()"/>
      <xsl:with-param name="text-page" select="true()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The main part of a document's page: title, introduction, contents, the text, its apparatus,
       notes and registers. -->
  <xsl:template name="ed:html-text-main">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:call-template name="ed:html-title-block"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
    <xsl:if test="not($ed:html-site)">
      <xsl:call-template name="ed:html-introduction"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
    </xsl:if>
    <xsl:call-template name="ed:html-toc">
      <xsl:with-param name="doc" select="$doc"/>
      <xsl:with-param name="base" select="''"/>
    </xsl:call-template>
    <div class="text">
      <xsl:apply-templates select="$doc" mode="ed:render"/>
    </div>
    <xsl:call-template name="ed:apparatus-list"><xsl:with-param name="entries" select="ed:apparatus-entries($doc)"/></xsl:call-template>
    <xsl:call-template name="ed:html-footnotes"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
    <xsl:if test="not($ed:html-site)">
      <xsl:for-each select="$ed:html-register-pages[ed:html-has-register($doc, ?kind)]">
        <xsl:call-template name="ed:html-register">
          <xsl:with-param name="doc" select="$doc"/>
          <xsl:with-param name="kind" select="?kind"/>
          <xsl:with-param name="level" select="2"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ed:html-index-page">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:call-template name="ed:html-page">
      <xsl:with-param name="doc" select="$doc"/>
      <xsl:with-param name="page-title" select="ed:title($doc)"/>
      <xsl:with-param name="current" select="'index.html'"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:call-template name="ed:html-title-block"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        <p class="read-link"><a href="{ed:html-text-file()}">{ed:string('text')}</a></p>
        <xsl:call-template name="ed:html-introduction">
          <xsl:with-param name="doc" select="$doc"/>
          <xsl:with-param name="base" select="ed:html-text-file()"/>
        </xsl:call-template>
        <xsl:call-template name="ed:html-toc">
          <xsl:with-param name="doc" select="$doc"/>
          <xsl:with-param name="base" select="ed:html-text-file()"/>
        </xsl:call-template>
        <xsl:call-template name="ed:html-chronology">
          <xsl:with-param name="doc" select="$doc"/>
          <xsl:with-param name="base" select="ed:html-text-file()"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="ed:html-register-page">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="register" as="map(xs:string, xs:string)" required="yes"/>
    <xsl:call-template name="ed:html-page">
      <xsl:with-param name="doc" select="$doc"/>
      <xsl:with-param name="page-title" select="ed:string($register?label) || ' — ' || ed:title($doc)"/>
      <xsl:with-param name="current" select="$register?file"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:call-template name="ed:html-register">
          <xsl:with-param name="doc" select="$doc"/>
          <xsl:with-param name="kind" select="$register?kind"/>
          <xsl:with-param name="level" select="1"/>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
