<?xml version="1.0" encoding="UTF-8"?>
<!-- Structure: which behaviour each structural TEI element is (see core.xsl for the vocabulary).
     Adding an element is adding it to one match pattern here. Inline elements: inlines.xsl;
     choice and apparatus: choices.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:include href="inlines.xsl"/>

  <!-- omit: metadata and standoff material, rendered (if at all) by the outputs' own pages.
       A span that points (from/to/target) holds an annotation about other text; one that points
       nowhere is used by some projects to wrap the text itself ("incipit"), so it keeps its text.
       A facsimile is omitted only beside a transcription; a facsimile-only document shows it.
       The elements omitted whatever they hold are named in $ed:omitted-names, found through
       $ed:blocks-by-name (below); those omitted where they stand so, here. -->
  <xsl:variable name="ed:omitted-names" static="yes" as="xs:string" select="'tei:teiHeader | tei:standOff
      | tei:interp | tei:interpGrp | tei:link | tei:linkGrp | tei:join | tei:joinGrp
      | tei:timeline | tei:alt | tei:altGrp | tei:index | tei:witDetail
      | tei:handShift | tei:substJoin | tei:listTranspose'"/>
  <xsl:variable name="ed:omitted" static="yes" as="xs:string" select="'tei:facsimile[../(tei:text | tei:sourceDoc)]
      | tei:span[@from | @to | @target] | tei:spanGrp[not(tei:span[not(@from | @to | @target)])]
      | tei:figDesc[../tei:graphic]'"/>
  <xsl:template mode="ed:render" _match="{$ed:omitted}"/>

  <!-- Whether rendering an element may leave out some of its content: all of it (omitted above), or
       all but a selection of its children, or all but a sign, an image or a description made of it.
       Each template that does says so beside it, in mode ed:leaves-out-content. A note in such an
       element may have no call (ed:note-call-container, notes.xsl). -->
  <xsl:mode name="ed:leaves-out-content" on-no-match="deep-skip"/>
  <xsl:template mode="ed:leaves-out-content" _match="{$ed:omitted}" as="xs:boolean">
    <xsl:sequence select="true()"/>
  </xsl:template>
  <xsl:template mode="ed:leaves-out-content" match="tei:*[$ed:blocks-by-name(local-name()) eq 'omitted']" priority="-0.75"
      as="xs:boolean">
    <xsl:sequence select="true()"/>
  </xsl:template>

  <xsl:function name="ed:leaves-out-content" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="says" as="xs:boolean*"><xsl:apply-templates select="$e" mode="ed:leaves-out-content"/></xsl:variable>
    <xsl:sequence select="exists($says)"/>
  </xsl:function>

  <!-- Root and nested documents: a nested TEI (teiCorpus member) gets its own title as a heading. -->
  <xsl:template mode="ed:render" match="tei:teiCorpus | tei:TEI">
    <xsl:call-template name="ed:block">
      <xsl:with-param name="hint" select="if (self::tei:teiCorpus) then 'corpus' else 'document'"/>
      <xsl:with-param name="ed:made-content" tunnel="yes" select="()"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The member's block holds its title as a heading, then its parts; the heading holds the title. -->
  <xsl:template mode="ed:content" match="tei:teiCorpus | tei:TEI">
    <xsl:param name="ed:made-content" as="array(*)?" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="exists($ed:made-content)"><xsl:sequence select="$ed:made-content?*"/></xsl:when>
      <xsl:otherwise>
        <xsl:if test="parent::tei:teiCorpus">
          <xsl:call-template name="ed:heading">
            <xsl:with-param name="level" select="count(ancestor::tei:teiCorpus)"/>
            <xsl:with-param name="ed:made-content" tunnel="yes" select="[ed:title(.)]"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:apply-templates select="*" mode="ed:render"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Blocks whose hint is their name, @type and rend: a document's parts, divisions, and the
       parts of a title page, a letter, a manuscript, a register's entry outside a list... -->
  <xsl:variable name="ed:typed-blocks" static="yes" as="xs:string" select="'tei:text | tei:front | tei:body | tei:back | tei:group
      | tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7
      | tei:titlePage | tei:docTitle | tei:opener | tei:closer | tei:postscript | tei:argument | tei:epigraph
      | tei:floatingText | tei:cit | tei:sourceDoc | tei:surfaceGrp | tei:surface | tei:zone | tei:facsimile
      | tei:set
      | tei:person | tei:place | tei:org | tei:event
      | tei:address | tei:spGrp | tei:msDesc'"/>
  <xsl:template mode="ed:render" match="tei:div | tei:div/tei:bibl | tei:body/tei:bibl">
    <xsl:call-template name="ed:typed-block"/>
  </xsl:template>
  <!-- Every name of a union is a template rule, which Saxon compiles for most of a million
       instructions whatever its body (see the phrases in inlines.xsl): the typed blocks were 37
       rules, the omitted elements 20 in each of two modes. Apart from the division, which is
       common, and those whose rule tests more than a name, each is found by one rule that looks
       its name up, below every rule of a name and the rarer phrases' look-up (inlines.xsl): a
       document holds few of each, and the look-up costs about 3,400 instructions an element.
       Compilations (one run): text 523 -> 502 M, HTML 645 -> 623 M, FO 607 -> 592 M, site 685 ->
       665 M; rendering the corpus within 0.4%. (The paragraphs' rules, tried the same way, saved
       nothing measurable: their content rules, which a map cannot replace without every phrase's
       content looking it up too, stay.) -->
  <xsl:variable name="ed:blocks-by-name" static="yes" as="map(xs:string, xs:string)" select="map:merge((
      tokenize(normalize-space($ed:typed-blocks), ' ?\| ?') ! map:entry(substring-after(., 'tei:'), 'typed-block'),
      tokenize(normalize-space($ed:omitted-names), ' ?\| ?') ! map:entry(substring-after(., 'tei:'), 'omitted')))"/>
  <xsl:template mode="ed:render" match="tei:*[map:contains($ed:blocks-by-name, local-name())]" priority="-0.75">
    <xsl:if test="$ed:blocks-by-name(local-name()) eq 'typed-block'">
      <xsl:call-template name="ed:typed-block"/>
    </xsl:if>
  </xsl:template>
  <!-- (Called, not held: the body of a rule whose pattern is a union is compiled once per
       alternative, see the phrases' rule in inlines.xsl: the typed blocks' union was 37 times, 39
       M instructions of each stylesheet's compilation.) -->
  <xsl:template name="ed:typed-block">
    <xsl:call-template name="ed:block">
      <xsl:with-param name="hint" select="string-join((local-name(), @type ! tokenize(.), ed:rend-hint(.)), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A head of a division is a heading; a head of a list, table, lg or figure is a caption line. -->
  <xsl:template mode="ed:render" match="tei:head[ed:is-division(..) or parent::tei:body
      | parent::tei:front | parent::tei:back | parent::tei:group | parent::tei:text]">
    <xsl:call-template name="ed:heading">
      <xsl:with-param name="level" select="ed:heading-level(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:head[ed:is-division(..) or parent::tei:body
      | parent::tei:front | parent::tei:back | parent::tei:group | parent::tei:text]">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <!-- Paragraph-like blocks of running text; the hint names the element when it is not a plain p. -->
  <xsl:template mode="ed:render" match="tei:p | tei:ab | tei:head | tei:titlePart | tei:docAuthor | tei:docImprint
      | tei:docDate | tei:docEdition | tei:byline | tei:dateline | tei:salute | tei:signed | tei:trailer
      | tei:addrLine | tei:figDesc | tei:incipit | tei:explicit | tei:rubric | tei:finalRubric | tei:colophon
      | tei:listBibl/tei:head | tei:castList/tei:head">
    <xsl:call-template name="ed:paragraph">
      <xsl:with-param name="hint" select="string-join((if (self::tei:p) then () else local-name(), ed:rend-hint(.)), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:p | tei:ab | tei:head | tei:titlePart | tei:docAuthor | tei:docImprint
      | tei:docDate | tei:docEdition | tei:byline | tei:dateline | tei:salute | tei:signed | tei:trailer
      | tei:addrLine | tei:figDesc | tei:incipit | tei:explicit | tei:rubric | tei:finalRubric | tei:colophon">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <!-- A list, table, example or verse that TEI lets stand inside a paragraph stays a block
           (outside running text): an output that cannot nest it closes and reopens the paragraph. -->
      <xsl:when test="not($ed:in-line) and ed:holds-blocks(.)">
        <xsl:for-each-group select="node()" group-adjacent="ed:is-block-in-paragraph(.)">
          <xsl:apply-templates select="current-group()" mode="ed:render">
            <xsl:with-param name="ed:in-line" select="not(current-grouping-key())" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:for-each-group>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whether a paragraph holds a block that TEI lets stand in it (see ed:is-block-in-paragraph):
       outside running text it is then set as runs of text with blocks between them. -->
  <xsl:function name="ed:holds-blocks" as="xs:boolean">
    <xsl:param name="p" as="element()"/>
    <xsl:sequence select="exists($p/*[ed:is-block-in-paragraph(.)])"/>
  </xsl:function>

  <xsl:function name="ed:is-block-in-paragraph" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="exists($n[self::tei:list or self::tei:listBibl or self::tei:castList or self::tei:listPerson
      or self::tei:listPlace or self::tei:listOrg or self::tei:listEvent or self::tei:table or self::tei:lg
      or self::tei:specList or self::Q{http://www.tei-c.org/ns/Examples}egXML])"/>
  </xsl:function>

  <!-- Lists: list, listBibl, castList; labels belong to the item they precede (TEI glossary lists). -->
  <xsl:template mode="ed:render" match="tei:list | tei:listBibl | tei:castList | tei:castGroup | tei:listPerson | tei:listPlace
      | tei:listOrg | tei:listEvent | tei:listWit | tei:listRelation">
    <xsl:apply-templates select="tei:head" mode="ed:render"/>
    <xsl:call-template name="ed:list">
      <xsl:with-param name="ordered" select="matches(string-join((@type, @rend), ' '), 'order|numbered|decimal|roman')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A list's content: its members, and whatever else stands between them. Of a list of members
       only, not the layout whitespace between them (every output drops it). -->
  <xsl:template mode="ed:content" match="tei:list | tei:listBibl | tei:castList | tei:castGroup | tei:listPerson | tei:listPlace
      | tei:listOrg | tei:listEvent | tei:listWit | tei:listRelation">
    <xsl:apply-templates mode="ed:render" select="if (ed:holds-only-members(.)) then * except tei:head
      else node() except tei:head"/>
  </xsl:template>

  <!-- Whether every part of a list's content is a member (rendered with ed:item, below) or makes
       nothing (a label before its item, a comment): an output that must wrap anything else in an
       item of its own (HTML's <ul>) can then write the members straight in. The members are those
       the template below maps, by the same names. -->
  <xsl:function name="ed:holds-only-members" as="xs:boolean">
    <xsl:param name="list" as="element()"/>
    <!-- Its text first, then its elements, each tried against the members of this kind of list
         alone: the question, asked twice of every list by HTML and FO, was 3% of the FO of a
         register of events when every child node was tried against every kind of member. The
         kind's members are named once, before its elements are tried (asked of each element, the
         kind of list was 1.8% of that register's HTML and 1.4% of its plain text). A standoff
         app's call after a member without words of its own (apparatus.xsl) would stand
         between the members: a list is asked whether one of its children is such an anchor, not
         the whole document whether it has standoff apps at all (a teiCorpus of 41 MB with one
         small member that has them: every list took the long way, its FO 14.0 -> 12.3 s, HTML
         12.7 -> 11.4 s). -->
    <xsl:variable name="members" as="xs:QName*" select="
      if ($list/self::tei:listBibl) then (xs:QName('tei:bibl'), xs:QName('tei:biblStruct'))
      else if ($list/self::tei:listPerson) then xs:QName('tei:person') else if ($list/self::tei:listPlace) then xs:QName('tei:place')
      else if ($list/self::tei:listOrg) then xs:QName('tei:org') else if ($list/self::tei:listEvent) then xs:QName('tei:event')
      else if ($list/self::tei:listWit) then xs:QName('tei:witness') else if ($list/self::tei:listRelation) then xs:QName('tei:relation')
      else ()"/>
    <xsl:sequence select="empty($list/text()[normalize-space()])
      and not($ed:has-standoff-apps and exists($list/*[@xml:id][exists(ed:apps-called-after(.))]))
      and (every $e in $list/* satisfies (node-name($e) = $members or $e/self::tei:item or $e/self::tei:head
        or $e/self::tei:label[following-sibling::*[1][self::tei:item]]))"/>
  </xsl:function>


  <!-- A cast item that only points (sameAs/corresp, as drama corpora link roles to their
       particDesc) has nothing to show: an empty bullet would look like lost text. -->
  <xsl:template mode="ed:render" match="tei:castItem[not(node())]"/>

  <xsl:template mode="ed:render" match="tei:item | tei:castItem | tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct
      | tei:listWit/tei:witness | tei:listPerson/tei:person | tei:listPlace/tei:place | tei:listOrg/tei:org
      | tei:listEvent/tei:event | tei:listRelation/tei:relation">
    <xsl:variable name="label" as="element(tei:label)?" select="preceding-sibling::*[1][self::tei:label]"/>
    <!-- An item without a label (nearly every one) is called with none: the parameter made by
         rendering nothing cost about 4,000 instructions an item (listevent.xml's 3,392 items: its
         HTML 888-895 -> 876 M a pass). -->
    <xsl:choose>
      <xsl:when test="empty($label)">
        <xsl:call-template name="ed:item"><xsl:with-param name="label" select="()"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="ed:item">
          <xsl:with-param name="label" as="item()*">
            <xsl:apply-templates select="$label/node()" mode="ed:render">
              <xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A bibliography's entries are items, and a bibl among blocks is a block (above): their content
       is their children as they stand, not running text as a bibl's among phrases (inlines.xsl). -->
  <xsl:template mode="ed:content" match="tei:listBibl/tei:bibl | tei:listBibl/tei:biblStruct | tei:div/tei:bibl | tei:body/tei:bibl">
    <xsl:apply-templates mode="ed:render"/>
  </xsl:template>

  <!-- A label directly in a list is rendered with its item (above); one with no following item is kept. -->
  <xsl:template mode="ed:render" match="tei:list/tei:label[following-sibling::*[1][self::tei:item]]"/>

  <xsl:template mode="ed:render" match="tei:table">
    <xsl:call-template name="ed:table"/>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:row">
    <xsl:call-template name="ed:row">
      <xsl:with-param name="header" select="@role = 'label'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:row">
    <xsl:apply-templates select="tei:cell" mode="ed:render"/>
  </xsl:template>
  <!-- A row shows its cells only. -->
  <xsl:template mode="ed:leaves-out-content" match="tei:row[* except tei:cell]" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <xsl:template mode="ed:render" match="tei:cell">
    <xsl:call-template name="ed:cell">
      <xsl:with-param name="header" select="@role = 'label' or ../@role = 'label'"/>
      <xsl:with-param name="cols" select="ed:cell-span(@cols, max(../../tei:row ! count(tei:cell)))"/>
      <xsl:with-param name="rows" select="ed:cell-span(@rows, 1 + count(../following-sibling::tei:row))"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:lg">
    <xsl:call-template name="ed:verse-group"/>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:sp">
    <xsl:call-template name="ed:speech"/>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:speaker">
    <xsl:call-template name="ed:speaker"/>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:stage | tei:move">
    <xsl:call-template name="ed:stage"/>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:speaker | tei:stage | tei:move">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:figure">
    <xsl:call-template name="ed:figure"/>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:graphic | tei:media">
    <xsl:call-template name="ed:graphic">
      <xsl:with-param name="url" select="ed:safe-url(@url)"/>
      <xsl:with-param name="description" select="ed:plain-text((../tei:figDesc, tei:desc)[1]/node())"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Breaks. A milestone's label is its @rend separator ("* * *") or its @n. anchor is a pure target. -->
  <xsl:template mode="ed:render" match="tei:pb | tei:lb | tei:cb | tei:gb | tei:milestone | tei:anchor">
    <xsl:call-template name="ed:break">
      <!-- A line break, the most frequent by far, is told by its name, not looked up by it, and a
           break without @n has no label to normalise (3,600 instructions a line break). -->
      <xsl:with-param name="kind" select="if (self::tei:lb) then 'line' else map{'pb': 'page', 'gb': 'page', 'cb': 'column',
        'milestone': 'milestone', 'anchor': 'anchor'}(local-name())"/>
      <xsl:with-param name="label" select="if (self::tei:milestone) then normalize-space((@rend[not(. = ('hidden', 'none'))], @n)[1])
        else if (@n) then normalize-space(@n) else ''"/>
    </xsl:call-template>
  </xsl:template>

  <!-- An image and a break show as themselves, never their content (graphic and media may hold a
       desc, made their description; the breaks are empty in TEI, but real files put text in them). -->
  <xsl:template mode="ed:leaves-out-content" match="tei:graphic | tei:media | tei:pb | tei:lb | tei:cb | tei:gb
      | tei:milestone | tei:anchor" as="xs:boolean">
    <xsl:sequence select="true()"/>
  </xsl:template>

  <!-- Fallback: an element nobody mapped (including non-TEI elements such as egXML examples)
       keeps its text; the output marks it so a reader can tell it was not interpreted. -->
  <xsl:template mode="ed:render" match="*" priority="-1">
    <xsl:call-template name="ed:unmapped"/>
  </xsl:template>

  <!-- The look an element has by default on a laid-out page, as tokens an output can style without
       knowing TEI: set-off (space around it), inset (narrower, smaller), title-page, title-main,
       title-part, title-line (the parts of a title page), align-start, align-end (a letter's
       closing lines, to the right), caption (a head of a list or table, a trailer or rubric:
       centred, in italics), list-line (one line of a list set without bullets, as a cast list).
       Presentation the text asks for itself comes from ed:rend-hint. -->
  <xsl:variable name="ed:looks" as="map(xs:string, xs:string*)" select="map{
    'opener': 'set-off', 'postscript': 'set-off', 'spGrp': 'set-off',
    'closer': ('set-off', 'align-end'),
    'argument': ('set-off', 'inset'), 'epigraph': ('set-off', 'inset'), 'cit': ('set-off', 'inset'),
    'floatingText': ('set-off', 'inset'),
    'titlePage': 'title-page', 'titlePart': 'title-part', 'docAuthor': 'title-part',
    'byline': 'title-line', 'docImprint': 'title-line', 'docDate': 'title-line', 'docEdition': 'title-line',
    'salute': 'align-start', 'signed': 'align-end', 'dateline': 'align-end',
    'head': 'caption', 'trailer': 'caption', 'incipit': 'caption', 'explicit': 'caption',
    'rubric': 'caption', 'finalRubric': 'caption', 'castItem': 'list-line'}"/>

  <xsl:function name="ed:look" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <!-- A title page's main title (untyped or type="main") is the largest line of the book; a
         division typed like an element (div type="argument") looks like that element. An element
         without @type, most paragraphs and blocks, which FO and plain text ask about, has its
         name's looks as the map holds them, without splitting and keeping each once (10,300 ->
         6,100 instructions a paragraph). A paragraph without @type, the commonest by far, has
         none, told by its name (the map's key, a string made of its local name, cost each
         paragraph of a novel 4,700 instructions in plain text: ENG19011_Jerome.xml 76.3 -> 73.8 M
         a pass, its FO 71.0 -> 67.2 M). -->
    <xsl:sequence select="
      if (not($e/@type)) then (if ($e/self::tei:p) then () else if ($e/self::tei:titlePart) then 'title-main'
        else if ($e/self::tei:*) then $ed:looks(local-name($e)) else ())
      else if ($e[self::tei:titlePart][@type = 'main']) then 'title-main'
      else distinct-values(($e/self::tei:*/local-name(), tokenize($e/@type)) ! $ed:looks(.))"/>
  </xsl:function>

  <!-- A cell's @cols or @rows as a span of 1 to $limit: the columns of the table's widest row, the
       rows left from the cell's own. The number comes from the document: unbounded, a tiny table
       claiming 50 million columns made one FO column each (gigabytes). The validator warns about
       spans beyond the table (rule table-span, pipeline/validate/rules.py). -->
  <xsl:function name="ed:cell-span" as="xs:integer">
    <xsl:param name="value" as="attribute()?"/>
    <xsl:param name="limit" as="xs:integer?"/>
    <xsl:sequence select="if ($value castable as xs:integer) then min((max((1, xs:integer($value))), max((1, $limit)))) else 1"/>
  </xsl:function>

</xsl:stylesheet>
