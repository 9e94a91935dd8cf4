<?xml version="1.0" encoding="UTF-8"?>
<!-- A project's own HTML stylesheet: everything as packaged, but for the colophon at the foot of
     every page. pipeline/transform.py sets $tei-edition-xslt, at compile time, to the packaged
     xslt/ folder; templates here take precedence over the imported ones. The project has no
     fo/ or text/ folder: those outputs use the packaged stylesheets. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>
  <xsl:import _href="{$tei-edition-xslt}html/html.xsl"/>

  <xsl:template name="ed:html-colophon">
    <xsl:param name="doc" as="element()" required="yes"/>
    <p class="colophon">{ed:title($doc)} · published by the Example Society</p>
  </xsl:template>

</xsl:stylesheet>
