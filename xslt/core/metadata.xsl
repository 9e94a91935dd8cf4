<?xml version="1.0" encoding="UTF-8"?>
<!-- Header metadata every output shows (title page, citation, colophon), read once from teiHeader.
     $doc is a TEI or teiCorpus element; a teiCorpus's own header is used, as TEI prescribes. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="ed:title-stmt" as="element(tei:titleStmt)?">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc/tei:teiHeader/tei:fileDesc/tei:titleStmt[1]"/>
  </xsl:function>

  <!-- The document's own title: title[@type=main], else the title of this very piece (level="a",
       as a letter in an edition of letters has it), else the first title that is not a subtitle
       or the title of the series or journal it belongs to; else the document's first head. -->
  <xsl:function name="ed:title" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="titles" as="element()*" select="ed:title-stmt($doc)/tei:title"/>
    <xsl:variable name="main" as="element()?" select="($titles[@type = 'main'], $titles[@level = 'a'],
      $titles[not(@type = ('sub', 'alt', 'short', 'desc'))][not(@level = ('s', 'j'))], $titles)[normalize-space()][1]"/>
    <xsl:sequence select="(normalize-space($main)[.], normalize-space((ed:descendants-root($doc)//tei:text//tei:head)[1])[.], ed:string('untitled'))[1]"/>
  </xsl:function>

  <xsl:function name="ed:subtitle" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="normalize-space((ed:title-stmt($doc)/tei:title[@type = 'sub'])[1])"/>
  </xsl:function>

  <!-- The series the document belongs to (title level="s"), when its own title is another one. -->
  <xsl:function name="ed:series-title" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="series" as="xs:string" select="normalize-space((ed:title-stmt($doc)/tei:title[@level = 's'])[1])"/>
    <xsl:sequence select="if ($series = ed:title($doc)) then '' else $series"/>
  </xsl:function>

  <xsl:function name="ed:authors" as="xs:string*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="ed:title-stmt($doc)/tei:author ! ed:name-text(.)[.]"/>
  </xsl:function>

  <!-- Responsibility statements as "resp: names" strings (transcribers, encoders, editors). -->
  <xsl:function name="ed:responsibilities" as="xs:string*">
    <xsl:param name="doc" as="element()"/>
    <!-- An editor element may hold several names (one persName each): each is its own string. -->
    <xsl:sequence select="(ed:title-stmt($doc)/tei:editor ! (if (count(tei:persName | tei:name | tei:orgName) gt 1)
        then (tei:persName | tei:name | tei:orgName) ! ed:name-text(.) else ed:name-text(.)),
      ed:title-stmt($doc)/tei:respStmt ! string-join((normalize-space(tei:resp[1]),
        string-join((tei:name, tei:persName, tei:orgName) ! ed:name-text(.), ', ')), ': '))[normalize-space()]"/>
  </xsl:function>

  <xsl:function name="ed:publication" as="element(tei:publicationStmt)?">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc/tei:teiHeader/tei:fileDesc/tei:publicationStmt[1]"/>
  </xsl:function>

  <xsl:function name="ed:publisher" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="normalize-space((ed:publication($doc)/(tei:publisher, tei:authority, tei:distributor))[1])"/>
  </xsl:function>

  <xsl:function name="ed:publication-date" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="d" as="element()?" select="ed:publication($doc)/tei:date[1]"/>
    <xsl:sequence select="if ($d) then (ed:date-sort($d)[.], normalize-space($d))[1] else ''"/>
  </xsl:function>

  <!-- The licence: its text, and its URL if the TEI gives a web one (@target). -->
  <xsl:function name="ed:licence" as="map(xs:string, xs:string)?">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="a" as="element()?" select="ed:publication($doc)/tei:availability[1]"/>
    <xsl:variable name="l" as="element()?" select="$a/tei:licence[1]"/>
    <xsl:sequence select="if ($a) then map{
        'text': (normalize-space($l)[.], normalize-space($a)[.], normalize-space($l/@target))[1],
        'url': ed:web-url(($l/@target, $a//tei:ref/@target)[1])} else ()"/>
  </xsl:function>

  <xsl:function name="ed:edition" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="normalize-space(($doc/tei:teiHeader/tei:fileDesc/tei:editionStmt/tei:edition)[1])"/>
  </xsl:function>

  <!-- The latest change recorded in revisionDesc (ISO), or ''. -->
  <xsl:function name="ed:last-updated" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="whens" as="xs:string*" select="$doc/tei:teiHeader/tei:revisionDesc//tei:change/@when ! normalize-space(.)[.]"/>
    <xsl:sequence select="(sort($whens)[last()], '')[1]"/>
  </xsl:function>

  <!-- The latest day the header dates the document by (a change, the publication), or empty:
       the date a rendering can claim without looking at the clock. Partial dates count from
       their first day (1937-12 -> 1937-12-01). -->
  <xsl:function name="ed:document-date" as="xs:date?">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="header" as="element()?" select="$doc/tei:teiHeader"/>
    <xsl:variable name="days" as="xs:date*" select="
      ($header/tei:revisionDesc//tei:change/@when, $header/tei:fileDesc/tei:publicationStmt/tei:date/@when)
      ! normalize-space(.) ! substring(., 1, 10) ! (
        if (. castable as xs:date) then xs:date(.)
        else if (. castable as xs:gYearMonth) then xs:date(. || '-01')
        else if (. castable as xs:gYear and string-length(.) = 4) then xs:date(. || '-01-01')
        else ())"/>
    <xsl:sequence select="max($days)"/>
  </xsl:function>

  <!-- Descriptions of the source(s): bibl/biblStruct/msDesc, else sourceDesc's paragraphs. -->
  <xsl:function name="ed:sources" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="sd" as="element()*" select="$doc/tei:teiHeader/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="($sd//(tei:bibl | tei:biblStruct | tei:biblFull | tei:msDesc)[not(ancestor::tei:bibl | ancestor::tei:biblStruct | ancestor::tei:biblFull | ancestor::tei:msDesc)], $sd/tei:p)"/>
  </xsl:function>

  <!-- A source as one line: a bibl as a citation, a manuscript by its identifier, a paragraph as
       its text. -->
  <xsl:function name="ed:source-text" as="xs:string">
    <xsl:param name="source" as="element()"/>
    <xsl:sequence select="if ($source/self::tei:msDesc) then ed:ms-identifier($source)
      else if ($source/self::tei:p) then ed:plain-text($source) else ed:bibl-text($source)"/>
  </xsl:function>

  <!-- "Lithuania, Vilnius, Lithuanian National M. Mazvydas Library, Rare Book and Manuscript
       Department, F101-19 (In nomine Domini amen…)": the parts of msIdentifier in their order,
       its msName in brackets; not the whole description, which can run to pages. -->
  <xsl:function name="ed:ms-identifier" as="xs:string">
    <xsl:param name="ms" as="element()"/>
    <xsl:variable name="identifier" as="element()?" select="$ms/tei:msIdentifier[1]"/>
    <xsl:variable name="parts" as="xs:string*" select="$identifier/(* except tei:msName) ! normalize-space(.)[.]"/>
    <xsl:variable name="name" as="xs:string" select="normalize-space(($identifier/tei:msName)[1])"/>
    <xsl:sequence select="if (exists($parts) or $name)
      then string-join(($parts, $name[.] ! ('(' || . || ')')), ', ') => replace(', \(', ' (')
      else normalize-space(($ms/tei:head, $ms)[1])"/>
  </xsl:function>

  <!-- Document language (xml:lang of the root or the first langUsage language), default 'en'. -->
  <xsl:function name="ed:language" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="(normalize-space($doc/@xml:lang)[.], normalize-space(($doc/tei:text/@xml:lang)[1])[.],
      normalize-space(($doc/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident)[1])[.], 'en')[1]"/>
  </xsl:function>

  <!-- Editorial declaration paragraphs, each with a heading derived from its element name. -->
  <xsl:function name="ed:editorial-sections" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc/tei:teiHeader/tei:encodingDesc/tei:editorialDecl/*[normalize-space()]"/>
  </xsl:function>

  <!-- A structured bibl as one citation string: Author. “Article.” Journal, vol. X, no. Y (date),
       pp. a–b. Publisher. Note. An unstructured bibl is its normalised text. -->
  <xsl:function name="ed:bibl-text" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:variable name="pages" as="element()*" select="$b/tei:biblScope[@unit = ('page', 'pages', 'pp')]"/>
    <xsl:variable name="container" as="xs:string" select="string-join((
      (if ($b/tei:title[@level = 'a']) then normalize-space(($b/tei:title[@level = ('j', 'm', 's')], $b/tei:title[not(@level)])[1]) else ''),
      $b/tei:biblScope[@unit = 'volume'] ! ('vol. ' || normalize-space(.)),
      $b/tei:biblScope[@unit = 'issue'] ! ('no. ' || normalize-space(.)))[.], ', ')
      || ($b/tei:date[1] ! (' (' || normalize-space(.) || ')'))
      || ($pages[1] ! (', pp. ' || (if (@from and @to) then @from || '–' || @to else normalize-space(.))))"/>
    <xsl:sequence select="if (not($b/tei:title or $b/tei:author)) then normalize-space($b)
      else string-join((
        string-join($b/(tei:author, tei:editor) ! ed:name-text(.), ', ')[.],
        $b/tei:title[@level = 'a'][1] ! ('“' || normalize-space(.) || '.”'),
        (if ($b/tei:title[@level = 'a']) then () else normalize-space($b/tei:title[1])),
        $container[normalize-space()],
        normalize-space(($b/tei:publisher, $b/tei:pubPlace)[1])[.],
        $b/tei:note ! normalize-space(.)[.]) ! replace(., '([^.!?”])$', '$1.'), ' ')"/>
  </xsl:function>

  <!-- The first web link of a bibl (its online copy), or ''. -->
  <xsl:function name="ed:bibl-url" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:sequence select="(($b//tei:ref/@target, $b//tei:ptr/@target, $b/@facs) ! ed:web-url(tokenize(.)[1])[.], '')[1]"/>
  </xsl:function>

  <xsl:function name="ed:keywords" as="xs:string*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="$doc/tei:teiHeader/tei:profileDesc/tei:textClass//tei:term ! normalize-space(.)[.]"/>
  </xsl:function>

  <!-- When the document was written or sent (the home page's date, the search's years): the sending in correspDesc, the creation, the origin of
       the manuscript, else the first dated division or dateline, else the date of the edition the text
       was taken from (a novel's first edition). Of the dated divisions, the first among its siblings
       counts. Each of the two searches of the text is one pass down the document in document order;
       written as paths through every node's children (//*[...][1]) they cost four times as much
       (corpus: 38 against 9 ms). -->
  <xsl:function name="ed:date-written" as="element()?">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="profile" as="element()*" select="$doc/tei:teiHeader/tei:profileDesc"/>
    <xsl:variable name="source" as="element()*" select="$doc/tei:teiHeader/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="(
      $profile/tei:correspDesc/tei:correspAction[@type = 'sent']/tei:date,
      $profile/tei:creation//(tei:date | tei:origDate),
      $source//tei:msDesc//tei:origDate,
      ed:divisions-below($doc)[ed:is-dated-entry(.)][ancestor::tei:text][not(preceding-sibling::*[ed:is-dated-entry(.)])] ! ed:entry-date(.),
      (if ($doc/parent::document-node())
       then (root($doc)/descendant::tei:docDate[ancestor::tei:text]
         | root($doc)/descendant::tei:dateline[ancestor::tei:text]/descendant::tei:date)[1]
       else $doc/descendant::*[self::tei:date or self::tei:docDate][ancestor::tei:text]
        [self::tei:docDate or ancestor::tei:dateline[ancestor::tei:text]][1]),
      $source/tei:bibl[@type = ('firstEdition', 'printSource', 'copyText', 'edition')]/tei:date,
      $source//tei:biblFull//tei:publicationStmt/tei:date
      )[ed:date-sort(.)][1]"/>
  </xsl:function>

  <!-- A division that is a dated entry (a diary's day, a letter), as ed:date-written looks for it. -->
  <xsl:function name="ed:is-dated-entry" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e[self::tei:div or self::tei:div1 or self::tei:div2][@type = ('entry', 'letter', 'day', 'diaryEntry', 'diary-day')])"/>
  </xsl:function>

  <!-- What kind of document: its classification (a category, a genre term), its own @type (TEI or
       text), a letter when it has a correspDesc, a drama when people speak in it, else the type of the
       one division its body is; '' when nothing says. Plain keywords are its subjects. The home page, the
       catalogue and the search's type filter all read it. -->
  <xsl:function name="ed:document-type" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="class" as="element()*" select="$doc/tei:teiHeader/tei:profileDesc/tei:textClass"/>
    <xsl:sequence select="(
      ($class/tei:catRef/@target ! tokenize(.)[1] ! replace(., '^.*#', '')),
      normalize-space(($class/tei:keywords[matches(string-join((@scheme, @n, @type), ' '), 'genre|form|type', 'i')]/tei:term)[1]),
      normalize-space($doc/@type),
      normalize-space($doc/tei:text/@type),
      (if ($doc/tei:teiHeader/tei:profileDesc/tei:correspDesc) then 'letter' else ()),
      'drama'[ed:descendants-root($doc)//tei:sp[ancestor::tei:text/parent::*[. is $doc]]],
      (: a body of one division is that division (a diary day, a tract); the first of several
         ('section', 'chapter') says nothing of the document :)
      $doc/tei:text/tei:body[count(tei:div | tei:div1) = 1]/(tei:div | tei:div1)/normalize-space(@type),
      '')[.][1] => string()"/>
  </xsl:function>

</xsl:stylesheet>
