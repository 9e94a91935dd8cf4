<?xml version="1.0" encoding="UTF-8"?>
<!-- What the TEI Guidelines' own files use to talk about TEI: examples of markup (egXML) and lists
     of element specifications (specList/specDesc). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:eg="http://www.tei-c.org/ns/Examples"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- An example of markup is shown as markup: its source, escaped, in its own block. -->
  <xsl:template mode="ed:render" match="eg:egXML">
    <xsl:call-template name="ed:code">
      <xsl:with-param name="code" select="ed:xml-source(node())"/>
    </xsl:call-template>
  </xsl:template>

  <!-- An example shows its markup, not what that markup would render. -->
  <xsl:template mode="ed:leaves-out-content" match="eg:egXML" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <!-- "The elements discussed so far": each element named, with the description the document
       gives it (its own elementSpec, classSpec or macroSpec), and the attributes @atts names. -->
  <xsl:template mode="ed:render" match="tei:specList">
    <xsl:call-template name="ed:list">
      <xsl:with-param name="ordered" select="false()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The specifications of a document by name: a specList names many, and looking each up by a
       walk of the whole document was quadratic. -->
  <xsl:key name="ed:spec-by-ident" match="tei:elementSpec | tei:classSpec | tei:macroSpec | tei:dataSpec" use="string(@ident)"/>

  <!-- The specification a specDesc names, in its own document: its item's label and its
       description (the item's content) both ask. -->
  <xsl:function name="ed:specification" as="element()?">
    <xsl:param name="spec-desc" as="element(tei:specDesc)"/>
    <xsl:sequence select="key('ed:spec-by-ident', normalize-space($spec-desc/@key), root($spec-desc))[1]"/>
  </xsl:function>

  <xsl:template mode="ed:render" match="tei:specDesc">
    <xsl:variable name="key" as="xs:string" select="normalize-space(@key)"/>
    <xsl:variable name="spec" as="element()?" select="ed:specification(.)"/>
    <xsl:call-template name="ed:item">
      <xsl:with-param name="label" as="item()*">
        <xsl:call-template name="ed:inline">
          <xsl:with-param name="hint" select="'gi code'"/>
          <xsl:with-param name="ed:made-content" tunnel="yes" select="[if ($spec/self::tei:elementSpec or empty($spec)) then '&lt;' || $key || '&gt;' else $key]"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="ed:made-content" tunnel="yes" select="()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The item holds the description of the specification named, its label that name. -->
  <xsl:template mode="ed:content" match="tei:specDesc">
    <xsl:param name="ed:made-content" as="array(*)?" tunnel="yes"/>
    <xsl:variable name="spec" as="element()?" select="ed:specification(.)"/>
    <xsl:variable name="atts" as="xs:string*" select="tokenize(@atts)"/>
    <xsl:choose>
      <xsl:when test="exists($ed:made-content)"><xsl:sequence select="$ed:made-content?*"/></xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="ed:spec-description($spec)/node()" mode="ed:render">
          <xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/>
        </xsl:apply-templates>
        <xsl:if test="exists($atts)">
          <xsl:text>{if (exists(ed:spec-description($spec))) then ' ' else ''}({ed:string('attributes')}: </xsl:text>
          <xsl:for-each select="$atts">
            <xsl:if test="position() gt 1">, </xsl:if>
            <xsl:variable name="att" as="xs:string" select="."/>
            <xsl:text>@{.}</xsl:text>
            <xsl:variable name="about" as="element()?" select="ed:spec-description($spec//tei:attDef[@ident = $att][1])"/>
            <xsl:if test="$about"> — <xsl:apply-templates select="$about/node()" mode="ed:render">
              <xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates></xsl:if>
          </xsl:for-each>
          <xsl:text>)</xsl:text>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The specifications themselves are the schema, not the prose: a specList describes them. -->
  <xsl:template mode="ed:render" match="tei:specDesc/node()"/>

  <!-- A specDesc shows the specification it names, not its own content. -->
  <xsl:template mode="ed:leaves-out-content" match="tei:specDesc" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <!-- A spec's description in the document's language if it has one, else in English, else its
       first (specs carry desc and gloss in many languages). -->
  <xsl:function name="ed:spec-description" as="element()?">
    <xsl:param name="spec" as="element()?"/>
    <xsl:variable name="descs" as="element()*" select="($spec/tei:desc, $spec/tei:gloss)[normalize-space()]"/>
    <xsl:variable name="lang" as="xs:string" select="if ($spec) then ed:language(root($spec)/*) else 'en'"/>
    <xsl:sequence select="($descs[lang($lang)], $descs[lang('en')], $descs[not(@xml:lang)], $descs)[1]"/>
  </xsl:function>

  <!-- Markup as readable source: the example's own line breaks and indentation (less the common
       indentation of its lines), its elements without the Examples namespace. Regular expressions
       only where a line starts or ends with a space: over every line they cost most of the time of
       a page of the Guidelines (112 examples: 50 of its 84 ms in plain text). A line's indentation
       is what stands before its first character that is not white space, which normalize-space()
       finds, and a line's first or last character is compared with the four of XPath's \s, not
       matched: the TEI Lite ODD's 112 examples 8.0 -> 7.0 ms (serialised with the parameters below,
       6.3 ms), each output's. -->
  <xsl:function name="ed:xml-source" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="copy" as="node()*"><xsl:apply-templates select="$nodes" mode="ed:xml-source"/></xsl:variable>
    <!-- One serialisation of the whole example; it writes a carriage return as a character
         reference, so lines end with a line feed alone. -->
    <xsl:variable name="lines" as="xs:string*" select="tokenize(serialize($copy, $ed:xml-source-serialization), '&#10;')"/>
    <!-- Leading and trailing blank lines go; the first line starts right after <egXML> and so has
         no indentation of its own to compare. -->
    <xsl:variable name="written" as="xs:integer*" select="index-of($lines ! boolean(normalize-space(.)), true())"/>
    <xsl:variable name="kept" as="xs:string*"
        select="if (exists($written)) then subsequence($lines, $written[1], $written[last()] - $written[1] + 1) else ()"/>
    <xsl:variable name="margin" as="xs:integer" select="min((1000, subsequence($kept, 2)[normalize-space()]
      ! string-length(substring-before(., substring(normalize-space(.), 1, 1)))))"/>
    <xsl:sequence select="string-join(($kept[1] ! ed:without-leading-space(.),
      subsequence($kept, 2) ! ed:without-trailing-space(substring(., $margin + 1))), '&#10;')"/>
  </xsl:function>

  <!-- XML without a declaration. Given as an element, not a map: saxonche reads a map of
       parameters at every call, 14 against 6.5 µs a serialisation of a small element. -->
  <xsl:variable name="ed:xml-source-serialization" as="element()">
    <output:serialization-parameters xmlns:output="http://www.w3.org/2010/xslt-xquery-serialization">
      <output:method value="xml"/>
      <output:omit-xml-declaration value="yes"/>
    </output:serialization-parameters>
  </xsl:variable>

  <xsl:function name="ed:without-leading-space" as="xs:string">
    <xsl:param name="line" as="xs:string"/>
    <xsl:sequence select="if (substring($line, 1, 1) = (' ', '&#9;', '&#10;', '&#13;')) then replace($line, '^\s+', '') else $line"/>
  </xsl:function>

  <xsl:function name="ed:without-trailing-space" as="xs:string">
    <xsl:param name="line" as="xs:string"/>
    <xsl:sequence select="if (substring($line, string-length($line)) = (' ', '&#9;', '&#10;', '&#13;')) then replace($line, '\s+$', '') else $line"/>
  </xsl:function>

  <xsl:mode name="ed:xml-source" on-no-match="shallow-copy"/>
  <xsl:template mode="ed:xml-source" match="eg:* | tei:*">
    <xsl:element name="{local-name()}">
      <xsl:apply-templates select="@*, node()" mode="ed:xml-source"/>
    </xsl:element>
  </xsl:template>

</xsl:stylesheet>
