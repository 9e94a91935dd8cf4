<?xml version="1.0" encoding="UTF-8"?>
<!-- The parameters of the XSL-FO output (pass with  edition transform ... - -param NAME=VALUE).
     $reading (corrected | diplomatic) is the core's and applies here too. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- a4 (default) or letter (US Letter). -->
  <xsl:param name="page-size" as="xs:string" select="'a4'"/>

  <!-- PDF/A-1b is a FOP option (pipeline/fop.py, render_pdf(pdfa=True)); accepted here so that one
       parameter list serves the whole fo -> pdf chain. yes | no. -->
  <xsl:param name="pdfa" as="xs:string" select="'no'"/>

  <!-- Division levels listed in the table of contents and the PDF outline (0: no contents page). -->
  <xsl:param name="toc-depth" as="xs:string" select="'2'"/>

  <!-- Back-of-book index of persons, places and organisations: yes | no. -->
  <xsl:param name="index" as="xs:string" select="'yes'"/>

  <!-- Apparatus of editorial interventions at the end: all (corrections, expansions and
       regularisations: every intervention a reader of the print cannot otherwise see), corrections
       (sic/corr only) or none. -->
  <xsl:param name="apparatus" as="xs:string" select="'all'"/>

  <!-- Font families, first choice first. Every family listed must be configured in fop.xconf;
       FOP picks, per character, the first that has a glyph (DejaVu Sans covers scripts Serif lacks). -->
  <xsl:param name="font-family" as="xs:string" select="'DejaVu Serif, DejaVu Sans, DejaVu Math TeX Gyre, Junicode'"/>
  <xsl:param name="heading-font-family" as="xs:string" select="'DejaVu Sans, DejaVu Serif, DejaVu Math TeX Gyre, Junicode'"/>
  <xsl:param name="mono-font-family" as="xs:string" select="'DejaVu Sans Mono, DejaVu Sans, DejaVu Serif, Junicode'"/>
  <xsl:param name="font-size" as="xs:string" select="'10.5pt'"/>

  <!-- Whether the document's text or attributes hold an en dash: "no" when whoever compiles this
       knows they do not (the build looks at the file's bytes: pipeline/publish/transform.py), which
       spares the stylesheet its own look at every text node and attribute, and leaves out the rule
       that ties a dash as its text is rendered (fo.xsl). Anything else: the stylesheet looks. Static,
       known as the stylesheet compiles (as the static parameters of core/facts.xsl are). -->
  <xsl:param name="source-en-dashes" static="yes" as="xs:string" select="''"/>

</xsl:stylesheet>
