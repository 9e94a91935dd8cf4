<?xml version="1.0" encoding="UTF-8"?>
<!-- The critical apparatus: app, lem, rdg, rdgGrp, listApp, listWit/witness.

     An app that gives readings is an ENTRY of the apparatus, written as printed editions write it:
         [line] lemma] witnesses of the lemma; reading witnesses; reading witnesses  notes
     with an empty reading as "om. J2" (an empty lemma as "om."; a standoff app whose words are not
     in the document shows no lemma at all), readings of one rdgGrp joined by commas, and every siglum
     resolved through listWit (witness/@n, else its siglum abbr/idno, else its xml:id).
     Entries are lettered a, b, c ... in the order of their calls (notes keep numbers, so the two
     series never collide), and keyed to the line where the text is lineated (l/@n, lb/@n, @loc).

     Where it stands in the text, an inline app shows its lemma (lem, else the first reading) and a
     call to its entry (behaviour ed:apparatus). A standoff app (in listApp, or pointing with @from
     and @to) shows nothing where it stands: its lemma is the text it points to, and the call stands
     after the last word it points to (ed:apparatus-call). Each output gathers the entries
     (ed:apparatus-entries($doc)) where its readers expect them (behaviour ed:apparatus-list).
     An app holding no reading (only a note) is not an entry: its content is rendered at its place. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Whether an app is an entry of the apparatus: it gives readings, and it is not itself part of
       a variant reading (a nested app in a rdg is shown, lemma only, inside its parent's entry). -->
  <xsl:function name="ed:is-app-entry" as="xs:boolean">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="exists($app/(tei:lem | tei:rdg | tei:rdgGrp))
      and empty($app/ancestor::*[self::tei:rdg or self::tei:teiHeader or self::tei:witDetail])"/>
  </xsl:function>

  <xsl:function name="ed:app-is-standoff" as="xs:boolean">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="exists($app/ancestor::tei:listApp) or exists($app/(@from | @to))"/>
  </xsl:function>

  <!-- Entries are lettered in the order of their calls in the text. An inline app's call follows
       its lemma, so it is counted at the app's end (an app nested in a lemma is called, and
       lettered, before the app holding it). A standoff app's call follows the last text read of
       the element it points to, else that element: counted at the element's end, unless another
       call can stand between that text and that end (see $ed:calls-counted-at-texts), when it is
       counted at the text. Entries without a call follow, in document order. -->
  <xsl:accumulator name="ed:app-calls" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:app[ed:is-app-entry(.)][not(ed:app-is-standoff(.))]" phase="end" select="$value + 1"/>
    <xsl:accumulator-rule phase="end" select="$value + count(ed:standoff-calls-at(.))"
        match="text()[$ed:calls-counted-at-texts][normalize-space()][exists(ed:anchors-ending-at(.))]"/>
    <xsl:accumulator-rule phase="end" select="$value + count(ed:apps-called-after(.))"
        match="*[$ed:has-standoff-apps][@xml:id][ancestor::tei:text][exists(key('ed:apps-called-after', normalize-space(@xml:id)))][not($ed:calls-counted-at-texts and exists(ed:last-read-text(.)))]"/>
  </xsl:accumulator>

  <!-- Whether another call can stand between a standoff call and the end of the element it points
       to: an inline app inside that element holding or following its last text read, or an element
       with no words after that text, pointed to by apps of its own. Told from the apps, broadly
       (any inline app, any element with no words, inside an element pointed to): only then are the
       calls counted at the texts they follow; else the elements' ends tell the same order without
       a test of every text of the document (3 M instructions of testapp2.xml's 71 M a pass). -->
  <xsl:variable name="ed:calls-counted-at-texts" as="xs:boolean" select="$ed:has-standoff-apps and (
    exists(//tei:app[not(@from or @to or ancestor::tei:listApp)][ed:is-app-entry(.)][ed:inside-anchor(.)])
    or exists((//tei:app[@from | @to] ! ed:app-anchor(.))[empty(ed:last-read-text(.))][ed:inside-anchor(.)]))"/>

  <xsl:function name="ed:inside-anchor" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/ancestor::*[@xml:id][exists(key('ed:apps-called-after', normalize-space(@xml:id)))])"/>
  </xsl:function>

  <!-- Asked of an anchor by its call, by the entry's number and by the accumulator of calls, and
       the anchor of every app it finds asked again each time: remembered for the transformation
       (cache="yes", as ed:app-anchor). testapp2.xml, 72 standoff apps: its text 18%, FO 10% and
       HTML 6% faster (in-process A/B, 10 rounds each, every round faster). -->
  <xsl:function name="ed:apps-called-after" cache="yes" as="element()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="key('ed:apps-called-after', normalize-space($e/@xml:id), root($e))[ed:app-anchor(.) is $e]"/>
  </xsl:function>

  <xsl:function name="ed:app-number" as="xs:integer">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="anchor" as="element()?" select="ed:app-anchor($app)"/>
    <!-- Where its call stands, and the calls standing there with it, in their order. -->
    <xsl:variable name="call-text" as="text()?" select="$anchor[$ed:calls-counted-at-texts] ! ed:last-read-text(.)"/>
    <xsl:variable name="place" as="node()?" select="($call-text, $anchor)[1]"/>
    <xsl:variable name="called" as="element()*"
        select="if ($call-text) then ed:standoff-calls-at($call-text) else $anchor ! ed:apps-called-after(.)"/>
    <xsl:sequence select="
      if (not(ed:app-is-standoff($app))) then $app ! accumulator-after('ed:app-calls')
      else if ($anchor) then $place ! accumulator-after('ed:app-calls') - count($called)
        + index-of($called ! generate-id(.), generate-id($app))
      else root($app)/*[last()] ! accumulator-after('ed:app-calls')
        + count($app/preceding::tei:app[ed:is-app-entry(.)][ed:app-is-standoff(.)][empty(ed:app-anchor(.))]) + 1"/>
  </xsl:function>

  <!-- The number of the current text line: the last lb/@n, restarted in every division (EpiDoc
       numbers the lines of each textpart from 1). -->
  <xsl:accumulator name="ed:lb-number" as="xs:string" initial-value="''">
    <xsl:accumulator-rule match="tei:lb" select="normalize-space(@n)"/>
    <xsl:accumulator-rule match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7"
        phase="start" select="''"/>
  </xsl:accumulator>

  <!-- The line an element stands in, '' where the text is not lineated. -->
  <xsl:function name="ed:line-key" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="string((normalize-space($e/ancestor-or-self::tei:l[@n][1]/@n)[.], $e ! accumulator-before('ed:lb-number'))[.][1])"/>
  </xsl:function>

  <!-- What a standoff app points to in the text: the element of its @from, the text after it up
       to the element of its @to (notes left out, but for those the @from stands in itself: an app
       may point into a note), and that element. -->
  <xsl:function name="ed:app-targets" as="node()*">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="from" as="element()?" select="ed:local-target($app, $app/@from)"/>
    <xsl:variable name="to" as="element()?" select="ed:local-target($app, $app/@to)"/>
    <xsl:sequence select="
      if ($from and $to and $from &lt;&lt; $to and empty($to intersect $from/descendant::*))
        then ($from, $from/following::text()[. &lt;&lt; $to][empty(ancestor::tei:note except $from/ancestor::tei:note)], $to)
      else ($from, $to)[1]"/>
  </xsl:function>

  <xsl:function name="ed:local-target" as="element()?">
    <xsl:param name="context" as="element()"/>
    <xsl:param name="pointer" as="attribute()?"/>
    <xsl:variable name="first" as="xs:string?" select="tokenize($pointer)[1]"/>
    <xsl:sequence select="if (starts-with($first, '#'))
      then key('ed:by-xml-id', substring($first, 2), root($context))[ancestor::tei:text][1] else ()"/>
  </xsl:function>

  <!-- A standoff app's call belongs to the last element it points to. -->
  <xsl:key name="ed:apps-called-after" match="tei:app[ed:is-app-entry(.)][@from | @to]"
      use="tokenize(normalize-space((@to, @from)[1]))[1][starts-with(., '#')] ! substring(., 2)"/>

  <xsl:function name="ed:app-anchor" cache="yes" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="if ($app/(@from | @to)) then ed:local-target($app, ($app/@to, $app/@from)[1]) else ()"/>
  </xsl:function>

  <!-- The lemma: lem, else (inline) the first reading. A standoff app without lem has none; its
       lemma is the text it points to. Readings of nested apps belong to those apps. -->
  <xsl:function name="ed:app-lemma" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="(ed:own-readings($app, 'lem'),
      if (ed:app-is-standoff($app)) then () else ed:own-readings($app, 'rdg'))[1]"/>
  </xsl:function>

  <xsl:function name="ed:own-readings" as="element()*">
    <xsl:param name="app" as="element()"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="$app/descendant::*[local-name() = $name][self::tei:lem or self::tei:rdg][ancestor::tei:app[1] is $app]"/>
  </xsl:function>

  <!-- The lemma as the apparatus quotes it: the full text, shortened to "first … last" when long. -->
  <xsl:function name="ed:app-lemma-text" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="lemma" as="element()?" select="ed:app-lemma($app)"/>
    <!-- Targets are joined by a space: a range runs over lines and words of their own. -->
    <xsl:sequence select="if ($lemma) then ed:plain-text($lemma/node())
      else normalize-space(string-join(ed:app-targets($app) ! ed:plain-text(.), ' '))"/>
  </xsl:function>

  <xsl:function name="ed:app-lemma-quoted" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="words" as="xs:string*" select="tokenize($text)"/>
    <xsl:sequence select="if (count($words) gt 5) then $words[1] || ' … ' || $words[last()] else $text"/>
  </xsl:function>

  <!-- Sigla of a reading's witnesses (@wit), then of whoever proposed it (@resp, an editor) and
       where (@source, a publication): each a map with the siglum and the description of what it
       points to (for tooltips). -->
  <xsl:function name="ed:sigla" as="map(xs:string, xs:string)*">
    <xsl:param name="reading" as="element()?"/>
    <xsl:variable name="pointers" as="xs:string*"
        select="distinct-values(($reading/@wit, $reading/@resp, $reading/@source) ! tokenize(.))"/>
    <xsl:variable name="doc" as="node()?" select="root($reading)"/>
    <xsl:for-each select="$pointers">
      <xsl:sequence select="let $made := $ed:pointer-sigla(generate-id($doc) || ' ' || .) return
        if (exists($made)) then $made else ed:pointer-siglum(., $doc)"/>
    </xsl:for-each>
  </xsl:function>

  <!-- What every pointer of the document's readings resolves to, resolved once: an apparatus names
       the same few witnesses in reading after reading (testapp2.xml: 4 witnesses, 250 pointers),
       and resolving one (its element, siglum and description) costs more than the rest of the
       reading. Keyed by the document (generate-id) and the pointer; a reading of another document
       resolves its pointers on each call. -->
  <xsl:variable name="ed:pointer-sigla" as="map(xs:string, map(xs:string, xs:string))">
    <xsl:variable name="doc" as="document-node()" select="/"/>
    <xsl:map>
      <xsl:for-each select="distinct-values((//tei:lem, //tei:rdg)/(@wit, @resp, @source) ! tokenize(.))">
        <xsl:map-entry key="generate-id($doc) || ' ' || ." select="ed:pointer-siglum(., $doc)"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="ed:pointer-siglum" as="map(xs:string, xs:string)">
    <xsl:param name="pointer" as="xs:string"/>
    <xsl:param name="doc" as="node()"/>
    <xsl:for-each select="$pointer">
      <xsl:variable name="id" as="xs:string" select="if (starts-with(., '#')) then substring(., 2) else substring-after(., '#')"/>
      <xsl:variable name="target" as="element()?" select="if (starts-with(., '#')) then key('ed:by-xml-id', $id, $doc)[1] else ()"/>
      <xsl:sequence select="map{
        'siglum': ($target ! ed:siglum(.),
                   $id[.],
                   (tokenize(replace(., '[?#].*$', ''), '/')[.][last()] ! replace(., '\.[A-Za-z]+$', ''))[.],
                   .)[1],
        'description': if ($target) then ed:witness-description($target) else ''}"/>
    </xsl:for-each>
  </xsl:function>

  <!-- The siglum of a witness (or a listWit, a person proposing a reading): @n, its own siglum
       (abbr or idno type="siglum"), a person's name, else its xml:id. -->
  <xsl:function name="ed:siglum" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(normalize-space($e/@n)[.],
      normalize-space(($e/(tei:abbr | tei:idno)[@type = 'siglum'])[1])[.],
      normalize-space(($e/self::tei:person/tei:persName)[1])[.],
      normalize-space($e/@xml:id))[1]"/>
  </xsl:function>

  <xsl:function name="ed:witness-description" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="ed:plain-text($e/node() except $e/(tei:abbr | tei:idno)[@type = 'siglum'])
      => replace('^[\s,.:;–—-]+', '')"/>
  </xsl:function>

  <!-- The key to the sigla: every witness of the document's listWits, as (siglum, description). -->
  <xsl:function name="ed:witness-key" as="map(xs:string, xs:string)*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="ed:descendants-root($doc)//tei:listWit//tei:witness ! map{'siglum': ed:siglum(.), 'description': ed:witness-description(.)}"/>
  </xsl:function>

  <!-- One entry as data for the outputs. Rendered items (readings, notes) are the output's own
       kind; they are rendered only here, so their ids (a note in a reading) are unique. The ids
       of an inline app's entry and of a call are the output's own (ed:own-id), which no xml:id
       of the document can take; a standoff app, not rendered where it stands, is its entry. -->
  <xsl:function name="ed:app-entry" as="map(*)">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="let $made := $ed:app-entries(generate-id($app)) return
      if (exists($made)) then $made else ed:new-app-entry($app)"/>
  </xsl:function>

  <!-- Every entry of the document, made once: an entry is asked for by its call (a standoff app's,
       in HTML with the whole entry as its tooltip) and again by the list of entries, and making one
       (its number, lemma, sigla, rendered readings) costs as much as rendering its app many times
       over. A map from generate-id(), made when an entry is first asked for; an app of another
       document is made on each call. -->
  <xsl:variable name="ed:app-entries" as="map(xs:string, map(*))">
    <xsl:map>
      <xsl:for-each select="//tei:app[ed:is-app-entry(.)]">
        <xsl:map-entry key="generate-id()" select="ed:new-app-entry(.)"/>
      </xsl:for-each>
    </xsl:map>
  </xsl:variable>

  <xsl:function name="ed:new-app-entry" as="map(*)">
    <xsl:param name="app" as="element()"/>
    <xsl:variable name="lemma" as="element()?" select="ed:app-lemma($app)"/>
    <xsl:variable name="lemma-text" as="xs:string" select="ed:app-lemma-text($app)"/>
    <xsl:variable name="readings" as="element()*" select="ed:own-readings($app, 'rdg') except $lemma"/>
    <!-- A reading that says what the lemma says, in plain words (a reading with markup, such as a
         deletion, says more), only adds its witnesses to the lemma's. -->
    <xsl:variable name="agreeing" as="element()*" select="$readings[$lemma-text][not(*)][ed:plain-text(node()) = $lemma-text]"/>
    <xsl:variable name="anchor" as="element()?" select="ed:app-anchor($app)"/>
    <xsl:variable name="number" as="xs:integer" select="ed:app-number($app)"/>
    <xsl:variable name="id" as="xs:string" select="ed:id($app)"/>
    <xsl:sequence select="map{
      'id': if (ed:app-is-standoff($app)) then $id else ed:own-id('entry-' || $id),
      'call-id': ed:own-id('ref-' || $id),
      'number': $number,
      'label': format-integer($number, 'a'),
      'called': not(ed:app-is-standoff($app)) or exists($anchor),
      'line': (normalize-space($app/@loc)[.], ed:line-key(($anchor, $app)[1]))[1],
      'lemma': if ($lemma or ed:app-targets($app)) then (ed:app-lemma-quoted($lemma-text)[.], ed:string('omitted'))[1] else '',
      'lemma-sigla': array{ ($lemma, $agreeing) ! ed:sigla(.) },
      'readings': array{ for $r in $readings except $agreeing return map{
        'sigla': array{ ed:sigla($r) },
        'omitted': not(normalize-space($r)) and empty($r//*[not(self::tei:lb or self::tei:pb or self::tei:cb)]),
        'group': string($r/ancestor::tei:rdgGrp[ancestor::tei:app[1] is $app][1] ! generate-id(.)),
        'grouped': exists($r/ancestor::tei:rdgGrp[ancestor::tei:app[1] is $app]),
        'content': ed:render-in-apparatus($r/node())} },
      'notes': ed:render-in-apparatus($app/(tei:note | tei:wit | tei:witDetail/node()))}"/>
  </xsl:function>

  <xsl:function name="ed:render-in-apparatus" as="item()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:apply-templates select="$nodes" mode="ed:render">
      <xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/>
      <xsl:with-param name="ed:in-apparatus" select="true()" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:function>

  <!-- Between two readings: a comma inside one rdgGrp, else a semicolon. (The group is compared,
       never shown, so generate-id keeps outputs deterministic.) -->
  <xsl:function name="ed:reading-separator" as="xs:string">
    <xsl:param name="previous" as="map(*)"/>
    <xsl:param name="next" as="map(*)"/>
    <xsl:sequence select="if ($previous?grouped and $next?grouped and $previous?group = $next?group) then ', ' else '; '"/>
  </xsl:function>

  <!-- A listApp that is a section of the text (EpiDoc's div type="apparatus", a division with a
       head, or a head of its own) shows its entries where it stands; any other (in back, in
       standOff) is gathered with the inline apps after the text. -->
  <xsl:function name="ed:is-apparatus-section" as="xs:boolean">
    <xsl:param name="list" as="element()"/>
    <xsl:sequence select="exists($list/ancestor::tei:text)
      and exists($list/tei:head | $list/ancestor::tei:div[1][tei:head or @type = 'apparatus'])"/>
  </xsl:function>

  <!-- The entries an output gathers after the text, in the order of their letters. -->
  <xsl:function name="ed:apparatus-entries" as="map(*)*">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="ed:sorted-entries(ed:descendants-root($doc)//tei:app[ed:is-app-entry(.)][not(ancestor::tei:listApp[ed:is-apparatus-section(.)])])"/>
  </xsl:function>

  <xsl:function name="ed:sorted-entries" as="map(*)*">
    <xsl:param name="apps" as="element()*"/>
    <xsl:sequence select="sort($apps ! ed:app-entry(.), (), function($entry) { $entry?number })"/>
  </xsl:function>

  <xsl:template mode="ed:render" match="tei:app">
    <xsl:param name="ed:in-apparatus" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:choose>
      <!-- Inside another entry: only the text of this one, so its readings stay its own. -->
      <xsl:when test="$ed:in-apparatus">
        <xsl:apply-templates select="ed:app-lemma(.)/node()" mode="ed:render"/>
      </xsl:when>
      <xsl:when test="not(ed:is-app-entry(.))">
        <xsl:apply-templates mode="ed:render"/>
      </xsl:when>
      <xsl:when test="ed:app-is-standoff(.)"/>
      <xsl:otherwise>
        <xsl:call-template name="ed:apparatus">
          <xsl:with-param name="entry" select="ed:app-entry(.)"/>
          <xsl:with-param name="lemma" as="item()*">
            <xsl:apply-templates select="ed:app-lemma(.)/node()" mode="ed:render">
              <xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/>
            </xsl:apply-templates>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A listApp that is a section of the text is the apparatus, where it stands, under its own
       head or its division's heading. -->
  <xsl:template mode="ed:render" match="tei:listApp">
    <xsl:if test="ed:is-apparatus-section(.)">
      <xsl:apply-templates select="tei:head" mode="ed:render"/>
      <xsl:call-template name="ed:apparatus-list">
        <xsl:with-param name="entries" select="ed:sorted-entries(.//tei:app[ed:is-app-entry(.)])"/>
        <xsl:with-param name="titled" select="false()"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- A listApp shows as the apparatus, entry by entry, or not at all. -->
  <xsl:template mode="ed:leaves-out-content" match="tei:listApp" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <!-- The call of a standoff app follows the last word of what it points to: inside the element
       (a verse line, a division), after its last text, so it stays on that line; after the element
       itself when it has no text (an anchor, an empty w). Notes are not part of the words. -->
  <!-- Tried on every element: left out when the document is known to have no standoff app
       (facts.xsl, source-standoff-apps). -->
  <xsl:template mode="ed:render" priority="3" use-when="$source-standoff-apps != 'no'"
      _match="*[@xml:id]{$ed:if-standoff-apps}[ancestor::tei:text][exists(key('ed:apps-called-after', normalize-space(@xml:id)))][empty(ed:last-read-text(.))]">
    <xsl:next-match/>
    <xsl:call-template name="ed:standoff-calls"><xsl:with-param name="apps" select="ed:apps-called-after(.)"/></xsl:call-template>
  </xsl:template>

  <xsl:template _mode="{$ed:text-of-its-own-mode}" priority="3" use-when="$source-standoff-apps != 'no'"
      _match="text(){$ed:if-standoff-apps}[normalize-space()][ancestor::*[@xml:id][exists(key('ed:apps-called-after', normalize-space(@xml:id)))][ed:last-read-text(.) is current()]]">
    <xsl:next-match/>
    <xsl:call-template name="ed:standoff-calls"><xsl:with-param name="apps" select="ed:standoff-calls-at(.)"/></xsl:call-template>
  </xsl:template>

  <!-- The elements standoff apps point to whose last read text a text is, outermost first. (The
       rule for such texts above writes it out: a call of this function from its pattern, tried on
       every text, cost testapp2.xml 2.7 M instructions a pass in each output.) -->
  <xsl:function name="ed:anchors-ending-at" as="element()*">
    <xsl:param name="text" as="text()"/>
    <xsl:sequence select="$text/ancestor::*[@xml:id][exists(key('ed:apps-called-after', normalize-space(@xml:id)))][ed:last-read-text(.) is $text]"/>
  </xsl:function>

  <!-- The standoff apps called after a text, in the order of their calls: the innermost element's
       first, each element's in the order of its apps. -->
  <xsl:function name="ed:standoff-calls-at" as="element()*">
    <xsl:param name="text" as="text()"/>
    <xsl:sequence select="reverse(ed:anchors-ending-at($text)) ! ed:apps-called-after(.)"/>
  </xsl:function>

  <!-- The last text of an element that is read in the running text: the calls of the standoff apps
       pointing to the element follow it (or the element itself, where it has none). Asked by the
       element's rule and by each of its texts, and found once, from the end: looking, from every
       text, for the next text read (the following axis, each text tested by ed:is-read) cost
       testapp2.xml's 72 calls 11-13 M instructions a pass in each output, 7-12% of its outputs. -->
  <xsl:function name="ed:last-read-text" as="text()?" cache="yes">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="reverse($e/descendant::text()[normalize-space()])[ed:is-read(.)][1]"/>
  </xsl:function>

  <!-- Whether a text node is read in the running text: not in a note, a variant reading, the
       side of a choice the chosen reading does not show, or what the text leaves out. -->
  <xsl:function name="ed:is-read" as="xs:boolean">
    <xsl:param name="t" as="text()"/>
    <xsl:sequence select="empty($t/ancestor::*[self::tei:note or self::tei:teiHeader or self::tei:figDesc
        or self::tei:interp or self::tei:index or self::tei:witDetail or self::tei:listApp])
      and empty($t/ancestor::tei:app[ed:app-is-standoff(.)])
      and empty($t/ancestor::tei:rdg[not(. is ed:app-lemma(ancestor::tei:app[1]))])
      and empty($t/ancestor::*[parent::tei:choice][not(. is ed:shown-reading(..))])"/>
  </xsl:function>

  <xsl:template name="ed:standoff-calls">
    <xsl:param name="apps" as="element()*" required="yes"/>
    <xsl:param name="ed:in-apparatus" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:if test="not($ed:in-apparatus)">
      <xsl:for-each select="$apps">
        <xsl:call-template name="ed:apparatus-call">
          <xsl:with-param name="entry" select="ed:app-entry(.)"/>
        </xsl:call-template>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <xsl:template mode="ed:plain" match="tei:app[ed:app-is-standoff(.)] | tei:listApp"/>

</xsl:stylesheet>
