<?xml version="1.0" encoding="UTF-8"?>
<!-- Page geometry: page masters for the title page, the front matter (contents), the text and the
     two-column index, with running heads (edition title | current section) and page numbers. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="ed:fo-page" as="map(xs:string, xs:string)" select="
    if (lower-case(normalize-space($page-size)) = ('letter', 'us-letter', 'usletter'))
    then map{'width': '8.5in', 'height': '11in'}
    else map{'width': '210mm', 'height': '297mm'}"/>

  <!-- The marker class of the running head that names the current top-level division. -->
  <xsl:variable name="ed:fo-section-marker" as="xs:string" select="'ed-section'"/>

  <xsl:template name="ed:fo-layout-masters">
    <fo:layout-master-set>
      <xsl:call-template name="ed:fo-page-master">
        <xsl:with-param name="name" select="'title'"/>
      </xsl:call-template>
      <xsl:call-template name="ed:fo-page-master">
        <xsl:with-param name="name" select="'front'"/>
        <xsl:with-param name="header" select="true()"/>
        <xsl:with-param name="footer" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="ed:fo-page-master">
        <xsl:with-param name="name" select="'opening'"/>
        <xsl:with-param name="header" select="true()"/>
        <xsl:with-param name="footer" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="ed:fo-page-master">
        <xsl:with-param name="name" select="'running'"/>
        <xsl:with-param name="header" select="true()"/>
        <xsl:with-param name="footer" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="ed:fo-page-master">
        <xsl:with-param name="name" select="'index'"/>
        <xsl:with-param name="header" select="true()"/>
        <xsl:with-param name="footer" select="true()"/>
        <xsl:with-param name="columns" select="2"/>
      </xsl:call-template>
      <!-- The first page of a part carries no running head: its own heading says where we are. -->
      <fo:page-sequence-master master-name="text">
        <fo:repeatable-page-master-alternatives>
          <fo:conditional-page-master-reference master-reference="opening" page-position="first"/>
          <fo:conditional-page-master-reference master-reference="running" page-position="rest"/>
        </fo:repeatable-page-master-alternatives>
      </fo:page-sequence-master>
    </fo:layout-master-set>
  </xsl:template>

  <xsl:template name="ed:fo-page-master">
    <xsl:param name="name" as="xs:string" required="yes"/>
    <xsl:param name="header" as="xs:boolean" select="false()"/>
    <xsl:param name="footer" as="xs:boolean" select="false()"/>
    <xsl:param name="columns" as="xs:integer" select="1"/>
    <fo:simple-page-master master-name="{$name}" page-width="{$ed:fo-page?width}" page-height="{$ed:fo-page?height}"
        margin-top="14mm" margin-bottom="12mm" margin-left="24mm" margin-right="24mm">
      <fo:region-body margin-top="12mm" margin-bottom="14mm" column-count="{$columns}" column-gap="8mm"/>
      <xsl:if test="$header">
        <!-- An opening page has a header region with no content: a static-content must find its
             region in every master of its sequence, so the region exists but stays blank. -->
        <fo:region-before region-name="{if ($name = 'opening') then 'ed-blank-header' else 'ed-header'}" extent="10mm"/>
      </xsl:if>
      <xsl:if test="$footer">
        <fo:region-after region-name="ed-footer" extent="10mm"/>
      </xsl:if>
    </fo:simple-page-master>
  </xsl:template>

  <!-- Static content shared by every page sequence with a header and footer. -->
  <xsl:template name="ed:fo-static">
    <xsl:param name="title" as="xs:string" required="yes"/>
    <xsl:param name="section" as="xs:boolean" select="true()"/>
    <fo:static-content flow-name="ed-header">
      <fo:block font-family="{$heading-font-family}" font-size="8pt" text-align-last="justify"
          border-bottom="0.4pt solid #808080" padding-bottom="1.5pt">
        <fo:inline font-style="italic">{ed:fo-short($title, 48)}</fo:inline>
        <fo:leader leader-pattern="space"/>
        <xsl:if test="$section">
          <fo:retrieve-marker retrieve-class-name="{$ed:fo-section-marker}"
              retrieve-position="first-including-carryover" retrieve-boundary="page-sequence"/>
        </xsl:if>
      </fo:block>
    </fo:static-content>
    <fo:static-content flow-name="ed-footer">
      <fo:block font-family="{$heading-font-family}" font-size="8.5pt" text-align="center">
        <fo:page-number/>
      </fo:block>
    </fo:static-content>
    <fo:static-content flow-name="xsl-footnote-separator">
      <fo:block end-indent="70%" border-top="0.5pt solid #000000" space-before="4pt"/>
    </fo:static-content>
  </xsl:template>

</xsl:stylesheet>
