<?xml version="1.0" encoding="UTF-8"?>
<!-- What the static search (Pagefind, run by pipeline/publish/search.py) reads from a page besides its
     text: filters a reader narrows results by, as meta tags in the head (invisible, and outside the
     indexed <main>, so they add no words). Only document pages carry them; register pages are found
     by their words alone. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- A span of more years than this is a vague dating ("1500/1800"), not years to list one by one. -->
  <xsl:variable name="ed:max-year-span" as="xs:integer" select="100"/>

  <xsl:template name="ed:html-search-filters">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:call-template name="ed:html-search-filter">
      <xsl:with-param name="name" select="'type'"/>
      <xsl:with-param name="values" select="ed:html-search-type($doc)"/>
    </xsl:call-template>
    <xsl:call-template name="ed:html-search-filter">
      <xsl:with-param name="name" select="'year'"/>
      <xsl:with-param name="values" select="ed:html-search-years($doc) ! string(.)"/>
    </xsl:call-template>
    <!-- Entities the text names and the document's own register resolves, under their entry's label:
         each entry once (a path step drops the repeats), however often it is named. None when no
         name of the document rendered points inside it ($ed:names-may-point-here, which its
         registers ask too): each name's pointers looked at again cost listplace-old.xml's HTML 16 M
         instructions of 897 M, listevent.xml's 8 M. -->
    <xsl:variable name="entries" as="element()*" select="if (root($doc) is $ed:rendered and not($ed:names-may-point-here)) then ()
      else $doc/tei:text ! ed:names-below(.)/ed:entity(.)"/>
    <xsl:for-each select="map{'kind': 'person', 'filter': 'person'}, map{'kind': 'place', 'filter': 'place'},
        map{'kind': 'org', 'filter': 'organisation'}">
      <xsl:variable name="kind" as="xs:string" select="?kind"/>
      <xsl:call-template name="ed:html-search-filter">
        <xsl:with-param name="name" select="?filter"/>
        <xsl:with-param name="values" select="$entries[ed:entity-kind(.) = $kind] ! ed:entity-label(.)"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <!-- One meta tag per distinct value, sorted, so the page is the same bytes whatever the order of
       mentions. Pagefind reads data-pagefind-filter; the name is there because HTML wants a meta tag
       to say what it is. -->
  <xsl:template name="ed:html-search-filter">
    <xsl:param name="name" as="xs:string" required="yes"/>
    <xsl:param name="values" as="xs:string*" required="yes"/>
    <xsl:for-each select="sort(distinct-values($values ! normalize-space(.)[.]))">
      <meta name="search-{$name}" data-pagefind-filter="{$name}[content]" content="{.}"/>
    </xsl:for-each>
  </xsl:template>

  <!-- The kind of document (ed:document-type, as the home page lists it), 'text' when nothing says. -->
  <xsl:function name="ed:html-search-type" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="(ed:document-type($doc)[.], 'text')[1] => lower-case()"/>
  </xsl:function>

  <!-- The years a document was written in (ed:date-written, as the home page dates it); a range
       gives every year it spans. -->
  <xsl:function name="ed:html-search-years" as="xs:integer*">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="ends" as="xs:integer*" select="tokenize(ed:date-iso(ed:date-written($doc)), '/')
      ! replace(., '^(\d{4}).*$', '$1')[. castable as xs:integer] ! xs:integer(.)"/>
    <xsl:if test="exists($ends) and max($ends) - min($ends) le $ed:max-year-span">
      <xsl:sequence select="min($ends) to max($ends)"/>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
