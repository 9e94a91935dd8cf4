<?xml version="1.0" encoding="UTF-8"?>
<!-- The page frame shared by every page: head (charset, CSP, citation metadata, assets), banner with
     site navigation and downloads, main landmark, footer. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Nothing loads from elsewhere: styles and the one script come from the site itself, no inline
       script or style is allowed, so injected markup could not run even if it slipped through. -->
  <xsl:variable name="ed:html-csp" as="xs:string"
      select="&quot;default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'&quot;"/>

  <xsl:variable name="ed:html-site" as="xs:boolean" select="ed:yes($site)"/>
  <!-- Whether the page belongs to a collection's site (the site step's registers and pages). -->
  <xsl:variable name="ed:html-collection" as="xs:boolean" select="ed:yes($collection)"/>

  <!-- The registers a site has, as (kind, file, string key) triples. -->
  <xsl:variable name="ed:html-register-pages" as="map(xs:string, xs:string)*" select="(
    map{'kind': 'person', 'file': 'persons.html', 'label': 'persons'},
    map{'kind': 'place', 'file': 'places.html', 'label': 'places'},
    map{'kind': 'org', 'file': 'organisations.html', 'label': 'organisations'})"/>
  <!-- The same, the file of each kind: asked for every name of a page. -->
  <xsl:variable name="ed:html-register-files" as="map(xs:string, xs:string)"
      select="map:merge($ed:html-register-pages ! map{?kind: ?file})"/>

  <!-- The other pages of a site, made by the site step (xslt/site/site.xsl) for the whole collection;
       the search page only when the build makes one ($search). -->
  <xsl:variable name="ed:html-collection-pages" as="map(xs:string, xs:string)*" select="(
    map{'file': 'chronology.html', 'label': 'chronology'},
    map{'file': 'search.html', 'label': 'search'}[ed:yes($search)],
    map{'file': 'about.html', 'label': 'about'})"/>

  <xsl:template name="ed:html-page">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="page-title" as="xs:string" required="yes"/>
    <xsl:param name="current" as="xs:string" required="yes"/>
    <!-- What <main> holds, made by the caller. A document's text page has its content written
         straight into <main> instead ($text-page, template ed:html-text-main): it is as large as the
         document, and made as a parameter it would be held in memory once more before being written
         (HTML of a 41 MB TEI: about 45 MB of a 785 MB peak). -->
    <xsl:param name="content" as="item()*" select="()"/>
    <xsl:param name="text-page" as="xs:boolean" select="false()"/>
    <!-- A page of the whole collection (home, registers ...) has no text of its own to link to. -->
    <xsl:param name="text-link" as="xs:boolean" select="true()"/>
    <html lang="{(ed:bcp47(ed:language($doc))[.], 'und')[1]}" data-reading="{if ($ed:diplomatic) then 'diplomatic' else 'corrected'}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="{$ed:html-csp}"/>
        <title>{$page-title}</title>
        <xsl:call-template name="ed:html-citation-meta"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        <xsl:if test="$current = ed:html-text-file()">
          <xsl:call-template name="ed:html-search-filters"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        </xsl:if>
        <link rel="stylesheet" href="edition.css"/>
        <!-- An icon of our own: without one every browser asks the server for /favicon.ico. -->
        <link rel="icon" type="image/svg+xml" href="edition.svg"/>
        <xsl:if test="$ed:html-site and $text-link and tokenize(lower-case($downloads)) = 'tei'">
          <link rel="alternate" type="application/tei+xml" href="{ed:html-download-href('tei')}"/>
        </xsl:if>
        <script src="edition.js" defer=""></script>
      </head>
      <body>
        <a class="skip-link" href="#{ed:own-id('main')}">{ed:string('skip-to-content')}</a>
        <header class="site-header">
          <p class="site-title"><a href="{if ($ed:html-site) then 'index.html' else '#' || ed:own-id('main')}">{ed:title($doc)}</a></p>
          <xsl:if test="$ed:html-site">
            <nav class="site-nav" aria-label="{ed:string('main-navigation')}">
              <ul>
                <!-- a register page is linked only when the text has entries of its kind; in a collection
                     the site step makes every register page, from all its documents -->
                <xsl:for-each select="map{'file': 'index.html', 'label': 'home'}, map{'file': ed:html-text-file(), 'label': 'text'}[$text-link],
                    if ($ed:html-collection) then ($ed:html-register-pages, $ed:html-collection-pages)
                    else $ed:html-register-pages[ed:html-has-register($doc, ?kind)]">
                  <li><a href="{?file}">
                    <xsl:if test="?file = $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                    {ed:string(?label)}</a></li>
                </xsl:for-each>
              </ul>
            </nav>
          </xsl:if>
          <xsl:call-template name="ed:html-reading-toggle"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        </header>
        <!-- data-pagefind-body: the search indexes the content, not the banner and footer every page repeats. -->
        <main id="{ed:own-id('main')}" tabindex="-1" data-pagefind-body="">
          <xsl:sequence select="$content"/>
          <xsl:if test="$text-page">
            <xsl:call-template name="ed:html-text-main"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
          </xsl:if>
        </main>
        <footer class="site-footer">
          <xsl:call-template name="ed:html-downloads"/>
          <xsl:call-template name="ed:html-colophon"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- The switch between corrected and diplomatic readings. It is hidden until edition.js runs
       (without JavaScript the page simply shows the default reading, with the other in tooltips). -->
  <xsl:template name="ed:html-reading-toggle">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:if test="ed:descendants-root($doc)//tei:choice[not(ancestor::tei:teiHeader)][(tei:sic, tei:corr, tei:abbr, tei:expan, tei:orig, tei:reg)]">
      <p class="reading-switch" hidden="">
        <button type="button" id="{ed:own-id('reading-toggle')}" aria-pressed="{if ($ed:diplomatic) then 'true' else 'false'}"
            data-label-corrected="{ed:string('show-corrected')}" data-label-diplomatic="{ed:string('show-diplomatic')}"
          >{if ($ed:diplomatic) then ed:string('show-corrected') else ed:string('show-diplomatic')}</button>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:function name="ed:html-text-file" as="xs:string">
    <xsl:sequence select="encode-for-uri($ed:html-stem) || '.html'"/>
  </xsl:function>

  <!-- The links to the TEI, PDF and plain text (layout of output/: html/, pdf/, text/). -->
  <xsl:template name="ed:html-downloads">
    <xsl:variable name="wanted" as="xs:string*" select="tokenize(lower-case($downloads))"/>
    <xsl:if test="exists($wanted[. = ('tei', 'pdf', 'text')])">
      <nav class="downloads" aria-label="{ed:string('downloads')}">
        <h2>{ed:string('downloads')}</h2>
        <ul>
          <xsl:if test="$wanted = 'tei'"><li><a href="{ed:html-download-href('tei')}" type="application/tei+xml" download="">{ed:string('download-tei')}</a></li></xsl:if>
          <xsl:if test="$wanted = 'pdf'"><li><a href="{ed:html-download-href('pdf')}" type="application/pdf">{ed:string('download-pdf')}</a></li></xsl:if>
          <xsl:if test="$wanted = 'text'"><li><a href="{ed:html-download-href('text')}" type="text/plain">{ed:string('download-text')}</a></li></xsl:if>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:function name="ed:html-download-href" as="xs:string">
    <xsl:param name="what" as="xs:string"/>
    <xsl:sequence select="map{'tei': encode-for-uri($ed:html-stem) || '.xml', 'pdf': '../pdf/' || encode-for-uri($ed:html-stem) || '.pdf',
      'text': '../text/' || encode-for-uri($ed:html-stem) || '.txt'}($what)"/>
  </xsl:function>

</xsl:stylesheet>
