<?xml version="1.0" encoding="UTF-8"?>
<!-- The book: PDF metadata and outline, title page, contents, the text, then the apparatus of
     editorial interventions and the index (backmatter.xsl). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns:x="adobe:ns:meta/"
    xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:fo-document">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:variable name="title" as="xs:string" select="ed:title($doc)"/>
    <xsl:variable name="divisions" as="element()*" select="ed:fo-toc-divisions($doc)"/>
    <xsl:variable name="lang" as="xs:string" select="ed:language($doc)"/>
    <xsl:variable name="back" as="map(xs:string, xs:string)*" select="ed:fo-back-matter($doc)"/>
    <fo:root font-family="{$font-family}" font-size="{$font-size}" line-height="1.38">
      <!-- FOP knows ISO 639 codes only; anything else (private-use tags, scripts) is left out. -->
      <xsl:if test="matches($lang, '^[a-zA-Z]{2,3}(-[a-zA-Z]{2})?$')">
        <xsl:attribute name="language" select="lower-case(substring-before($lang || '-', '-'))"/>
      </xsl:if>
      <xsl:call-template name="ed:fo-layout-masters"/>
      <xsl:call-template name="ed:fo-metadata">
        <xsl:with-param name="doc" select="$doc"/>
        <xsl:with-param name="title" select="$title"/>
      </xsl:call-template>
      <xsl:if test="exists($divisions) or exists($back)">
        <fo:bookmark-tree>
          <xsl:variable name="outline" as="map(xs:string, element()*)" select="ed:fo-outline($divisions)"/>
          <xsl:apply-templates select="$outline('')" mode="ed:fo-bookmark">
            <xsl:with-param name="outline" select="$outline" tunnel="yes"/>
          </xsl:apply-templates>
          <xsl:for-each select="$back">
            <fo:bookmark internal-destination="{?id}"><fo:bookmark-title>{?title}</fo:bookmark-title></fo:bookmark>
          </xsl:for-each>
        </fo:bookmark-tree>
      </xsl:if>
      <xsl:call-template name="ed:fo-tied">
        <xsl:with-param name="part" as="item()*">
          <xsl:call-template name="ed:fo-title-page">
            <xsl:with-param name="doc" select="$doc"/>
            <xsl:with-param name="title" select="$title"/>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
      <xsl:if test="exists($divisions)">
        <xsl:call-template name="ed:fo-tied">
          <xsl:with-param name="part" as="item()*">
            <xsl:call-template name="ed:fo-contents">
              <xsl:with-param name="divisions" select="$divisions"/>
              <xsl:with-param name="back" select="$back"/>
              <xsl:with-param name="title" select="$title"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:if>
      <fo:page-sequence master-reference="text" initial-page-number="1" force-page-count="no-force">
        <xsl:call-template name="ed:fo-tied">
          <xsl:with-param name="part" as="item()*">
            <xsl:call-template name="ed:fo-static">
              <xsl:with-param name="title" select="$title"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
        <fo:flow flow-name="xsl-region-body" text-align="justify" hyphenate="false">
          <xsl:call-template name="ed:fo-main-text"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
          <xsl:call-template name="ed:fo-tied">
            <xsl:with-param name="part" as="item()*">
              <xsl:call-template name="ed:apparatus-list">
                <xsl:with-param name="entries" select="ed:apparatus-entries($doc)"/>
              </xsl:call-template>
              <xsl:call-template name="ed:fo-apparatus">
                <xsl:with-param name="doc" select="$doc"/>
              </xsl:call-template>
            </xsl:with-param>
          </xsl:call-template>
        </fo:flow>
      </fo:page-sequence>
      <xsl:call-template name="ed:fo-tied">
        <xsl:with-param name="part" as="item()*">
          <xsl:call-template name="ed:fo-index">
            <xsl:with-param name="doc" select="$doc"/>
            <xsl:with-param name="title" select="$title"/>
          </xsl:call-template>
        </xsl:with-param>
      </xsl:call-template>
    </fo:root>
  </xsl:template>

  <!-- The text through the core, as the flow's blocks. A document's own title page opens the book
       instead (below). What the front holds, and what stands in TEI beside its text, may render as
       runs of text: it is made first and set in blocks (ed:fo-blocks). The body, groups and back
       render as one block each (the core makes them ed:block): they are written straight into
       the flow, never held to be regrouped (holding the whole text cost a tenth of the FO, and
       with no text between them no run can reach across them). So are the members of a corpus
       (a TEI or teiCorpus, one block each), so that a worker holds one member's rendering at a
       time, not the collection's (holding it all took a teiCorpus of 41 MB to 5 times its size in
       memory). Each is a part of the book finished on its own (ed:fo-tied). -->
  <xsl:template name="ed:fo-main-text">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:variable name="divisions" as="element()*" select="$doc/self::tei:TEI/tei:text/(tei:body, tei:group, tei:back)"/>
    <xsl:choose>
      <xsl:when test="exists($divisions)">
        <xsl:call-template name="ed:fo-tied-blocks">
          <xsl:with-param name="content" as="item()*">
            <xsl:apply-templates mode="ed:render" select="$doc/tei:text/tei:front/(node() except ed:fo-title-page-source($doc))"/>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:for-each select="$divisions"><xsl:call-template name="ed:fo-tied-render"/></xsl:for-each>
        <xsl:call-template name="ed:fo-tied-blocks">
          <xsl:with-param name="content" as="item()*">
            <xsl:apply-templates mode="ed:render" select="$doc/(* except (tei:text, tei:teiHeader))"/>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:when>
      <xsl:when test="$doc/self::tei:teiCorpus[tei:TEI | tei:teiCorpus]">
        <xsl:for-each-group select="$doc/node()" group-adjacent="exists(self::tei:TEI | self::tei:teiCorpus)">
          <xsl:choose>
            <xsl:when test="current-grouping-key()">
              <xsl:for-each select="current-group()"><xsl:call-template name="ed:fo-tied-render"/></xsl:for-each>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="ed:fo-tied-blocks">
                <xsl:with-param name="content" as="item()*"><xsl:apply-templates mode="ed:render" select="current-group()"/></xsl:with-param>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="ed:fo-tied-blocks">
          <xsl:with-param name="or-empty" select="true()"/>
          <xsl:with-param name="content" as="item()*">
            <xsl:apply-templates mode="ed:render" select="$doc/self::tei:TEI/tei:text/tei:front/(node() except ed:fo-title-page-source($doc)),
              $doc/self::tei:TEI/(* except (tei:text, tei:teiHeader)), $doc[not(self::tei:TEI)]/node()"/>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Content set in blocks (ed:fo-blocks; never empty with or-empty) and finished as a part. -->
  <xsl:template name="ed:fo-tied-blocks">
    <xsl:param name="content" as="item()*" required="yes"/>
    <xsl:param name="or-empty" as="xs:boolean" select="false()"/>
    <xsl:call-template name="ed:fo-tied">
      <xsl:with-param name="part" as="item()*">
        <xsl:choose>
          <xsl:when test="$or-empty">
            <xsl:call-template name="ed:fo-blocks-or-empty"><xsl:with-param name="content" select="$content"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="ed:fo-blocks"><xsl:with-param name="content" select="$content"/></xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:function name="ed:fo-title-page-source" as="element(tei:titlePage)?">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc/self::tei:TEI/tei:text/tei:front/tei:titlePage[1]"/>
  </xsl:function>

  <!-- PDF document information and XMP: title, author, subject, keywords, language. -->
  <xsl:template name="ed:fo-metadata">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="title" as="xs:string" required="yes"/>
    <xsl:variable name="subject" as="xs:string" select="(ed:subtitle($doc)[.],
      normalize-space(($doc/tei:teiHeader/tei:profileDesc/tei:abstract)[1])[.],
      ed:sources($doc)[1] ! ed:source-text(.), '')[1]"/>
    <fo:declarations>
      <x:xmpmeta>
        <rdf:RDF>
          <rdf:Description rdf:about="">
            <dc:title>{$title}</dc:title>
            <xsl:for-each select="ed:authors($doc)">
              <dc:creator>{.}</dc:creator>
            </xsl:for-each>
            <xsl:if test="$subject"><dc:description>{$subject}</dc:description></xsl:if>
            <dc:language>{ed:language($doc)}</dc:language>
            <xsl:if test="exists(ed:keywords($doc))"><pdf:Keywords>{string-join(ed:keywords($doc), ', ')}</pdf:Keywords></xsl:if>
            <xmp:CreatorTool>tei-edition</xmp:CreatorTool>
            <!-- The document's own latest date, not the clock: the same TEI gives the same PDF
                 (pipeline/fop.py makes FOP's other time stamps agree with it). -->
            <xsl:variable name="dated" as="xs:date?" select="ed:document-date($doc)"/>
            <xsl:if test="exists($dated)"><xmp:CreateDate>{$dated}T00:00:00Z</xmp:CreateDate></xsl:if>
          </rdf:Description>
        </rdf:RDF>
      </x:xmpmeta>
    </fo:declarations>
  </xsl:template>

  <!-- Title page: the document's own titlePage as it stands, else title, subtitle and authors from
       the header; below, the source and the credits from the header. -->
  <xsl:template name="ed:fo-title-page">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="title" as="xs:string" required="yes"/>
    <!-- Front matter is numbered apart (i, ii …): the text's page 1 is its first page, and no page
         number in the contents or the index can be mistaken for the title page's. -->
    <fo:page-sequence master-reference="title" format="i" initial-page-number="1" force-page-count="no-force">
      <fo:flow flow-name="xsl-region-body" text-align="center" hyphenate="false">
        <xsl:choose>
          <xsl:when test="ed:fo-title-page-source($doc)">
            <xsl:apply-templates select="ed:fo-title-page-source($doc)" mode="ed:render"/>
          </xsl:when>
          <xsl:otherwise>
            <fo:block padding-top="30mm" font-size="20pt" font-weight="bold">{$title}</fo:block>
            <xsl:if test="ed:subtitle($doc)">
              <fo:block space-before="0.8em" font-size="14pt">{ed:subtitle($doc)}</fo:block>
            </xsl:if>
            <xsl:for-each select="ed:authors($doc)">
              <fo:block space-before="1.5em" font-size="14pt">{.}</fo:block>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="ed:series-title($doc)">
          <fo:block space-before="1em" font-size="11pt" color="#404040">{ed:series-title($doc)}</fo:block>
        </xsl:if>
        <!-- A letter: who wrote to whom, where and when; the letters before and after it. -->
        <xsl:for-each select="ed:correspondence($doc)">
          <fo:block space-before="1.5em" font-size="10pt" text-align="center">
            <xsl:for-each select="?*">
              <fo:block space-before="0.2em">
                <fo:inline font-weight="bold">{?label}: </fo:inline>
                <xsl:choose>
                  <xsl:when test="?href and not(starts-with(?href, '#'))">
                    <fo:basic-link external-destination="{ed:fo-url(?href)}" color="#1a3d6e">{?text}</fo:basic-link>
                  </xsl:when>
                  <xsl:otherwise>{?text}</xsl:otherwise>
                </xsl:choose>
              </fo:block>
            </xsl:for-each>
          </fo:block>
        </xsl:for-each>
        <fo:block space-before="25mm" font-size="8.5pt" text-align="center" line-height="1.3">
          <xsl:for-each select="ed:sources($doc)">
            <fo:block space-before="0.4em">
              <fo:inline font-weight="bold">{ed:string('source')}: </fo:inline>
              <xsl:text>{ed:source-text(.)}</xsl:text>
            </fo:block>
          </xsl:for-each>
          <xsl:for-each select="ed:responsibilities($doc)">
            <fo:block space-before="0.4em">{.}</fo:block>
          </xsl:for-each>
          <xsl:for-each select="(ed:edition($doc)[.], ed:publisher($doc)[.])">
            <fo:block space-before="0.4em">{.}</fo:block>
          </xsl:for-each>
          <xsl:variable name="licence" as="map(xs:string, xs:string)?" select="ed:licence($doc)"/>
          <xsl:if test="exists($licence) and $licence?text">
            <fo:block space-before="0.4em">{ed:string('licence')}: {$licence?text}</fo:block>
          </xsl:if>
          <xsl:if test="ed:last-updated($doc)">
            <fo:block space-before="0.4em">{ed:string('last-updated')}: {ed:format-iso(ed:last-updated($doc))}</fo:block>
          </xsl:if>
        </fo:block>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- Divisions in the contents: the titled ones of ed:toc-divisions, down to $toc-depth levels;
       the members of a corpus count as level 1. -->
  <xsl:function name="ed:fo-toc-divisions" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="depth" as="xs:integer" select="if ($toc-depth castable as xs:integer) then xs:integer($toc-depth) else 2"/>
    <xsl:sequence select="($doc/descendant-or-self::tei:TEI[parent::tei:teiCorpus],
        ed:toc-divisions($doc, $depth)[tei:head[normalize-space()] or ed:entry-label(.) or ed:division-kind-label(.)])[ed:fo-depth(.) le $depth]"/>
  </xsl:function>

  <xsl:function name="ed:fo-depth" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="count($e/ancestor-or-self::*[ed:is-division(.) or self::tei:TEI[parent::tei:teiCorpus]])"/>
  </xsl:function>

  <xsl:function name="ed:fo-toc-parent" as="element()?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/ancestor::*[ed:is-division(.) or self::tei:TEI[parent::tei:teiCorpus]][1]"/>
  </xsl:function>

  <xsl:template name="ed:fo-contents">
    <xsl:param name="divisions" as="element()+" required="yes"/>
    <xsl:param name="back" as="map(xs:string, xs:string)*" select="()"/>
    <xsl:param name="title" as="xs:string" required="yes"/>
    <fo:page-sequence master-reference="front" format="i" force-page-count="no-force">
      <xsl:call-template name="ed:fo-static">
        <xsl:with-param name="title" select="$title"/>
        <xsl:with-param name="section" select="false()"/>
      </xsl:call-template>
      <fo:flow flow-name="xsl-region-body" hyphenate="false">
        <fo:block font-family="{$heading-font-family}" font-size="16pt" font-weight="bold" space-after="1.2em">{ed:string('contents')}</fo:block>
        <xsl:for-each select="$divisions">
          <xsl:variable name="depth" as="xs:integer" select="ed:fo-depth(.)"/>
          <fo:block text-align-last="justify" margin-left="{1.5 * ($depth - 1)}em" text-indent="0pt"
              space-before="{if ($depth = 1) then '0.6em' else '0.1em'}">
            <xsl:if test="$depth = 1"><xsl:attribute name="font-weight" select="'bold'"/></xsl:if>
            <xsl:if test="$depth = 1"><xsl:attribute name="keep-with-next.within-page" select="'always'"/></xsl:if>
            <fo:basic-link internal-destination="{ed:fo-id(.)}">
              <xsl:sequence select="ed:fo-plain(ed:fo-division-title(.))"/>
            </fo:basic-link>
            <xsl:text> </xsl:text>
            <fo:leader leader-pattern="dots" leader-pattern-width="4pt"/>
            <xsl:text> </xsl:text>
            <fo:page-number-citation ref-id="{ed:fo-id(.)}"/>
          </fo:block>
        </xsl:for-each>
        <!-- The back matter the book adds (editorial interventions, index) closes the contents. -->
        <xsl:for-each select="$back">
          <fo:block text-align-last="justify" text-indent="0pt" space-before="0.6em" font-weight="bold">
            <fo:basic-link internal-destination="{?id}">{?title}</fo:basic-link>
            <xsl:text> </xsl:text>
            <fo:leader leader-pattern="dots" leader-pattern-width="4pt"/>
            <xsl:text> </xsl:text>
            <fo:page-number-citation ref-id="{?id}"/>
          </fo:block>
        </xsl:for-each>
      </fo:flow>
    </fo:page-sequence>
  </xsl:template>

  <!-- The bookmark tree as a map: a division's generate-id() -> the divisions of the contents whose
       outline parent it is, in contents order; '' -> the top level (no parent in the contents).
       Built in one pass: asking every division for its children among all the others was
       quadratic in the number of divisions. -->
  <xsl:function name="ed:fo-outline" as="map(xs:string, element()*)">
    <xsl:param name="divisions" as="element()*"/>
    <xsl:variable name="listed" as="map(xs:string, xs:boolean)" select="map:merge($divisions ! map{generate-id(.): true()})"/>
    <xsl:map>
      <xsl:for-each-group select="$divisions"
          group-by="(ed:fo-toc-parent(.)[map:contains($listed, generate-id(.))] ! generate-id(.), '')[1]">
        <xsl:map-entry key="current-grouping-key()" select="current-group()"/>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:function>

  <xsl:mode name="ed:fo-bookmark" on-no-match="fail"/>

  <xsl:template match="*" mode="ed:fo-bookmark">
    <xsl:param name="outline" as="map(xs:string, element()*)" tunnel="yes" required="yes"/>
    <fo:bookmark internal-destination="{ed:fo-id(.)}" starting-state="{if (ed:fo-depth(.) = 1) then 'show' else 'hide'}">
      <fo:bookmark-title>{ed:division-label(.)}</fo:bookmark-title>
      <xsl:apply-templates select="$outline(generate-id(.))" mode="ed:fo-bookmark"/>
    </fo:bookmark>
  </xsl:template>

</xsl:stylesheet>
