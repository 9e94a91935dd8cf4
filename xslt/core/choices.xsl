<?xml version="1.0" encoding="UTF-8"?>
<!-- Alternatives resolved ONCE, here, from $reading, so text, HTML and FO always agree on which
     reading is the running text: choice (sic/corr, abbr/expan, orig/reg); of an app the lemma
     (ed:app-lemma, apparatus.xsl) is the running text. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Which child of a choice is the running text: the side $reading asks for (sic, abbr, orig
       when diplomatic; corr, expan, reg when corrected), else the other side of the pair, else (a
       choice without a recognised pair, e.g. two unclear or seg readings) its first child. -->
  <xsl:function name="ed:shown-reading" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="if ($ed:diplomatic) then $choice/(tei:sic, tei:abbr, tei:orig, tei:corr, tei:expan, tei:reg, *)[1]
      else $choice/(tei:corr, tei:expan, tei:reg, tei:sic, tei:abbr, tei:orig, *)[1]"/>
  </xsl:function>

  <!-- What the editor did in a choice: a correction (sic/corr), an expansion (abbr/expan), a
       regularisation (orig/reg), or none (an 'alternative': two readings the edition keeps open). -->
  <xsl:function name="ed:choice-kind" as="xs:string">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="
      if ($choice/(tei:sic, tei:corr)) then 'correction'
      else if ($choice/(tei:abbr, tei:expan)) then 'expansion'
      else if ($choice/(tei:orig, tei:reg)) then 'regularisation'
      else 'alternative'"/>
  </xsl:function>

  <!-- A choice that is an editorial intervention in the text itself, which a list of interventions
       reports and links to: not one nested in another choice, a variant reading, a figure
       description, an index term or the header. -->
  <xsl:function name="ed:is-intervention" as="xs:boolean">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="exists($choice/self::tei:choice) and ed:choice-kind($choice) ne 'alternative'
      and exists($choice/ancestor::tei:text)
      and empty($choice/ancestor::*[self::tei:choice or self::tei:rdg or self::tei:figDesc or self::tei:index
        or self::tei:interp or self::tei:teiHeader or self::tei:standOff])"/>
  </xsl:function>

  <!-- The same intervention made in several places (five hyphens corrected to the same dash) is one
       entry of a list, with all its places: groups of choices of the same kind whose readings are the
       same as a reader sees them (spacing aside: " – " and " –" for "-" are one correction), in the
       order of their first place. -->
  <xsl:function name="ed:intervention-groups" as="array(element())*">
    <xsl:param name="choices" as="element()*"/>
    <xsl:for-each-group select="$choices" composite="yes" group-by="ed:choice-kind(.),
        sort(*, (), function($reading) { local-name($reading) }) ! (local-name(), normalize-space())">
      <xsl:sequence select="array{ current-group() }"/>
    </xsl:for-each-group>
  </xsl:function>

  <!-- The choices in the text of $doc (a TEI or teiCorpus), not in its header: those a list of the
       editor's interventions looks at. Found through Saxon's index of element names where $doc is its
       document's element (see ed:descendants-root), not by walking the whole text. -->
  <xsl:function name="ed:choices-in-text" as="element(tei:choice)*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="if ($doc/parent::document-node()) then root($doc)//tei:choice[ancestor::tei:text]
      else $doc//tei:text//tei:choice"/>
  </xsl:function>

  <xsl:template mode="ed:render" match="tei:choice">
    <xsl:variable name="shown" as="element()?" select="ed:shown-reading(.)"/>
    <xsl:call-template name="ed:alternate">
      <xsl:with-param name="kind" select="ed:choice-kind(.)"/>
      <xsl:with-param name="shown-reading" select="
        if ($shown is (tei:corr, tei:expan, tei:reg)[1]) then 'corrected'
        else if ($shown is (tei:sic, tei:abbr, tei:orig)[1]) then 'diplomatic'
        else $reading"/>
      <xsl:with-param name="shown" as="item()*">
        <xsl:apply-templates select="$shown/node()" mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
      <xsl:with-param name="other" as="item()*">
        <!-- Every other child, not only the counterpart: a third alternative is never lost. -->
        <xsl:apply-templates select="(* except $shown)/node()" mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- What is in a choice beside its readings is lost, and an output may show one reading only. -->
  <xsl:template mode="ed:leaves-out-content" match="tei:choice" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <!-- An expansion printed as editions print one, where the reading shows the expansion: the letters
       of the abbreviation, then the letters the editor supplied inside the signs of ex (signs.xsl,
       so "Dzer." expanded to "Dzerzhinsky" reads "Dzer(zhinsky)", "?)" when @cert="low"). Empty
       where no letters can be told apart: an expansion that does not begin with its abbreviation
       (less its final stop), or one already encoded with ex, which shows its own signs. An output
       that cannot show the other reading in place (print, plain text) uses it; the expansion is
       also reported where that output lists the editor's interventions. -->
  <xsl:function name="ed:expansion-with-signs" as="xs:string?">
    <xsl:param name="choice" as="element()"/>
    <xsl:variable name="abbr" as="element()?" select="$choice/tei:abbr[1]"/>
    <xsl:variable name="expan" as="element()?" select="$choice/tei:expan[1]"/>
    <xsl:variable name="stem" as="xs:string" select="replace(normalize-space($abbr), '\.$', '')"/>
    <xsl:variable name="full" as="xs:string" select="normalize-space($expan)"/>
    <xsl:if test="exists($abbr) and exists($expan) and ed:shown-reading($choice) is $expan
        and empty($expan/*) and $stem ne '' and starts-with($full, $stem) and $full ne $stem">
      <xsl:variable name="signs" as="xs:string*" select="ed:leiden-signs(ed:supplied-letters($expan))"/>
      <xsl:sequence select="$stem || $signs[1] || substring($full, string-length($stem) + 1) || $signs[2]"/>
    </xsl:if>
  </xsl:function>

  <!-- The letters an expansion adds, as the ex element that would encode them (its @cert kept). -->
  <xsl:function name="ed:supplied-letters" as="element(tei:ex)">
    <xsl:param name="expan" as="element()"/>
    <tei:ex><xsl:sequence select="$expan/@cert"/></tei:ex>
  </xsl:function>

  <!-- The plain text of an element as the chosen reading shows it: notes left out, only the shown
       side of a choice, lemma of an app. For titles, tables of contents, citations, tooltips. -->
  <xsl:function name="ed:plain-text" as="xs:string">
    <xsl:param name="e" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*"><xsl:apply-templates select="$e" mode="ed:plain"/></xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:mode name="ed:plain" on-no-match="text-only-copy"/>
  <xsl:template mode="ed:plain" match="tei:note | tei:teiHeader | tei:standOff | tei:figDesc | tei:index | tei:interp"/>
  <xsl:template mode="ed:plain" match="tei:choice">
    <xsl:apply-templates select="ed:shown-reading(.)/node()" mode="ed:plain"/>
  </xsl:template>
  <xsl:template mode="ed:plain" match="tei:app">
    <xsl:apply-templates select="ed:app-lemma(.)/node()" mode="ed:plain"/>
  </xsl:template>
  <xsl:template mode="ed:plain" match="tei:lb | tei:pb | tei:cb">
    <xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- Nodes rendered as running text (used where a result must be captured in a value). -->
  <xsl:function name="ed:render-inline" as="item()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:apply-templates select="$nodes" mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:function>

</xsl:stylesheet>
