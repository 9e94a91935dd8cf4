<?xml version="1.0" encoding="UTF-8"?>
<!-- Parameters of the HTML output. All strings, because the pipeline passes every parameter as a
     string (pipeline/transform.py); 'yes'/'no' flags are read with the core's ed:yes(). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- 'yes': the edition site (index.html, registers as pages); 'no': one standalone page. -->
  <xsl:param name="site" as="xs:string" select="'no'"/>
  <!-- Which page of a site this run makes: text | index | persons | places | organisations. -->
  <xsl:param name="page" as="xs:string" select="'text'"/>
  <!-- File stem of the text page (<stem>.html); the pipeline passes the input file's stem. -->
  <xsl:param name="stem" as="xs:string" select="''"/>
  <!-- Which downloads the pages link to, space-separated: tei pdf text. The build places the TEI
       beside the pages (<stem>.xml), the PDF in ../pdf/ and the text in ../text/. -->
  <xsl:param name="downloads" as="xs:string" select="''"/>
  <!-- 'yes' when the site is a collection built by `edition build`: its site step makes the home,
       register, chronology, search and about pages (xslt/site/site.xsl), which every page links to. -->
  <xsl:param name="collection" as="xs:string" select="'no'"/>
  <!-- 'yes' when the site has a search page (the build makes one when Pagefind is installed): the
       site navigation links to it. -->
  <xsl:param name="search" as="xs:string" select="'no'"/>
  <!-- Absolute URL where the site is published (for citation metadata); '' = relative links only. -->
  <xsl:param name="base-url" as="xs:string" select="''"/>

</xsl:stylesheet>
