<?xml version="1.0" encoding="UTF-8"?>
<!-- The parameters of the plain-text output (edition transform ... - -param NAME=VALUE).
     $reading (corrected | diplomatic) is the core's: diplomatic gives the source as it stood. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- Line width to wrap paragraphs at; 0 (default) leaves every paragraph on one line. -->
  <xsl:param name="wrap" as="xs:string" select="'0'"/>

  <!-- The mark of an unnumbered list item. -->
  <xsl:param name="bullet" as="xs:string" select="'•'"/>

</xsl:stylesheet>
