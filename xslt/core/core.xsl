<?xml version="1.0" encoding="UTF-8"?>
<!--
  The shared core of every output: what each TEI element IS, written once. Read this first.

  HOW THE STYLESHEETS FIT TOGETHER
  ================================
  One element -> one behaviour, many outputs (the idea of TEI Publisher's processing model and of
  the TEI Stylesheets' common core). xslt/core/ decides, for each TEI element, which behaviour it
  is and with which arguments; each output implements every behaviour once for its format:
    xslt/html/html.xsl   reading edition (standalone page, or the pages of a site)
    xslt/fo/fo.xsl       XSL-FO for Apache FOP (the PDF)
    xslt/text/text.xsl   plain text
  An entry stylesheet includes this file (which includes the rest of xslt/core/), its own
  params.xsl and behaviour modules, and starts the walk with
    <xsl:apply-templates select="..." mode="ed:render"/>.
  The core owns mode ed:render. An output never matches TEI elements in it: it only implements the
  behaviours below (and may ask the core's functions about an element, never test its name).

  Core modules:
    behaviours.xsl  THE MAP for structure: which behaviour each structural element is; the
                    fallback for elements nobody mapped; ed:look, the default look of an element
    inlines.xsl     the map for phrases, notes, links, names, dates, quotations; ed:rend-hint
    choices.xsl     choice, resolved once from $reading; ed:plain-text
    signs.xsl       editorial signs (Leiden/EpiDoc): supplied, surplus, ex, add, del, unclear, gap,
                    words broken across lines
    apparatus.xsl   the critical apparatus: app, lem, rdg, rdgGrp, listApp, listWit (entries as data)
    notes.xsl       which notes are footnotes (not empty ones, not those of an apparatus entry)
    epidoc.xsl      EpiDoc's divisions named by type (edition, translation, textpart...)
    standoff.xsl    register entries and pointers as text: geo, authority idnos, ptr labels
    divisions.xsl   divisions: ed:is-division, ed:heading-level, ed:toc-divisions, ed:division-label
    verse.xsl       verse and drama: line numbers, shared lines, the cast list, line-start breaks
    letters.xsl     correspDesc as data (ed:correspondence)
    guidelines.xsl  the TEI Guidelines' own markup: egXML examples, specList/specDesc
    facts.xsl       what a document holds that decides which rules it needs (unclear text, word
                    breaks, standoff apps, parts out of place), also asked by the build before it
                    compiles: the static parameters that leave the rules out
    ids.xsl, strings.xsl, urls.xsl, dates.xsl, entities.xsl, metadata.xsl, languages.xsl: services

  To give a TEI element a meaning: add it to one match pattern in behaviours.xsl or inlines.xsl
  (or write one template there that calls a behaviour, and, unless its content is its children
  as they stand, a template in mode ed:content with the same match that makes the content; see
  the template ed:content at the end of this file). A template that renders less than
  all of its element's content (a selection of its children, a sign or description made of them, or
  nothing) says so beside it, in mode ed:leaves-out-content (behaviours.xsl): an output that links
  a note back to its call learns from it where a call may be missing. A rule whose pattern is a
  union of many names has its body compiled once per name: where that adds up (tests/
  test_core_maps.py weighs every union rule against a budget), the rule calls a named template
  holding the body (ed:phrase, ed:typed-block). Each name stays a rule of its own all the same
  (most of a million instructions to compile): the rarer phrases are matched by one rule that
  looks them up in $ed:phrases made a map, below every rule of a name (inlines.xsl), and the
  typed blocks but the division and the elements omitted whatever they hold by another, below it
  ($ed:blocks-by-name, behaviours.xsl); a phrase, a typed block or an omitted element is still
  added to its one list alone. To add an output: a new
  folder with an entry stylesheet that includes ../core/core.xsl and implements every behaviour.

  BEHAVIOURS (named templates; every output declares all of them, with these parameters)
  The context item is always the TEI element being rendered, so an output may read @xml:id,
  @rend, @n... CONTENT is not a parameter: a behaviour calls the core's template ed:content
  (no parameters) where the element's content goes, and it is rendered right there, into the
  output's own element. A behaviour that must look at its content first makes it a variable,
      <xsl:variable name="content" as="item()*"><xsl:call-template name="ed:content"/></xsl:variable>
  but that copies it once more at each level of nesting: only where it has to (HTML: a paragraph
  holding a list; FO: regrouping list items). Marked "content" below.
    ed:block       (content, $hint)            structural division or block (div, front, opener, ...)
    ed:heading     (content, $level)           head of a division, title of a corpus member; $level 1..
    ed:paragraph   (content, $hint)            p, ab and paragraph-like lines (dateline, trailer...)
    ed:inline      (content, $hint)            hi, emph, title, term, add, del, unclear, gap...
    ed:note        (content, $number, $id)     note; $number from ed:note-number, $id from ed:id
    ed:link        (content, $href)            ref/ptr; $href already passed through ed:safe-url
                                                ('' = not linkable: render the content only)
    ed:name        (content, $kind, $entry, $href)
                                                persName/placeName/orgName/rs/name; $kind person|place|
                                                org|name; $entry = the register entry in this document
                                                (or empty); $href = a safe external authority URL or ''
    ed:list        (content, $ordered)         list, listBibl, castList...; ed:item (content, $label)
    ed:table       (content)  ed:row (content, $header)  ed:cell (content, $header, $cols, $rows)
    ed:verse-group (content)                   lg
    ed:verse-line  (content, $number, $indent) l, line; $number = what to print beside the line, or
                                                '' (the core decides: ed:shown-line-number); $indent =
                                                characters of a shared line's earlier parts (@part)
    ed:speech      (content)  ed:speaker (content)  ed:stage (content)
    ed:figure      (content)                   figure; ed:graphic ($url, $description) graphic, media
    ed:break       ($kind, $label)              $kind page|line|line-start|column|milestone|anchor;
                                                line-start = an lb with nothing before it on its line
                                                (no new line; keep its id); $label = @n (a milestone:
                                                its @rend separator, else @n)
    ed:code        ($code)                      markup shown as markup (egXML): escaped source text
    ed:alternate   ($shown, $other, $kind, $shown-reading)
                                                choice, ALREADY RESOLVED from $reading (ed:shown-reading):
                                                $kind correction|expansion|regularisation|alternative,
                                                $shown-reading corrected|diplomatic; an output that
                                                cannot show both simply renders $shown
    ed:apparatus   ($lemma, $entry)             app in the text: its lemma, then a call to its entry;
                                                $entry = ed:app-entry() map (apparatus.xsl): id, call-id,
                                                label, called, line, lemma, lemma-sigla, readings, notes
    ed:apparatus-call ($entry)                  the call of a standoff app, after the element it points to
    ed:apparatus-list ($entries, $titled)       the apparatus: every entry, linked back to its call;
                                                $titled: under a heading of its own (not so in a listApp)
    ed:date        (content, $iso, $label)     date; $iso normalised (may be ''), $label human form
    ed:quote       (content, $block)           q, quote, said; $block when it holds block content
    ed:foreign     (content, $lang)            foreign, lang
    ed:unmapped    (content)                   FALLBACK for elements nobody mapped: must keep its content
  "omit" is not a template: the core renders nothing (teiHeader, standOff, facsimile beside text...).

  $hint is a space-separated list of tokens: the element's local name (a class, in HTML's terms),
  for blocks its @type tokens, then the presentation the text asks for (ed:rend-hint, from @rend,
  @rendition and @style: italic upright bold underline overline strikethrough superscript subscript
  smallcaps uppercase larger smaller spaced blackletter left center right indent indent-N
  display-block display-inline) and, for inlines, the look TEI implies (ed:default-look: italic
  quoted code; a bare hi is italic). Editorial signs are text the core writes (signs.xsl), not a look.
  Outputs style the presentation tokens; for the default look of a block (a closer set off to the
  right, a title page centred) they ask ed:look(.), never the element's name.

  Tunnel parameter ed:in-line (xs:boolean) is true while rendering the content of running text
  (paragraph, heading, inline, name, link, line...), so an output whose format forbids a block
  inside a line (HTML <p><div>) can render block behaviours as inline boxes there.

  Tunnel parameter ed:in-apparatus (xs:boolean) is true while rendering an apparatus entry's
  readings and notes: a note there is part of the entry (notes.xsl), a nested app only its lemma.

  SERVICES (functions every output may call; never re-implement them per output)
    ed:string($key), ed:string-or($key, $fallback)   every user-visible word (strings.xsl)
    ed:yes($flag)                           a yes/no stylesheet parameter (strings.xsl)
    ed:id($e), ed:note-number($note), ed:note-ref-id($note), ed:note-ref-id-of($id), key ed:by-xml-id,
      ed:is-link-target($e)                 whether a ref or ptr of the document points at $e (ids.xsl)
    ed:is-footnote($note)                   whether a note has a call and a place among the notes (notes.xsl)
    ed:note-is-text-alone($note)            whether a note's content renders as its own text alone (notes.xsl)
    ed:apparatus-entries($doc), ed:witness-key($doc), ed:reading-separator($a, $b)  (apparatus.xsl)
    ed:break-hyphen($lb)                    the hyphen a lineated view shows at a broken word (signs.xsl)
    ed:entity($name), ed:entity-label($entry), ed:entity-kind($e), ed:mentions($entry), ed:names-below($n),
      ed:register-entries($doc, $kinds), ed:may-be-linked-to($name),
      ed:life-dates($entry), ed:authorities($entry), ed:entity-sort($entry)   (entities.xsl)
    ed:safe-url($url), ed:web-url($url)     only http(s), relative and # URLs survive (urls.xsl)
    ed:date-iso($date), ed:date-label($date), ed:date-sort($date), ed:format-iso($iso) (dates.xsl)
    ed:title($doc), ed:subtitle, ed:authors, ed:responsibilities, ed:publisher, ed:licence,
      ed:sources, ed:source-text, ed:bibl-text, ed:language, ed:document-date ...  (metadata.xsl)
    ed:bcp47($code)                         xml:lang as a valid BCP 47 tag, or '' (languages.xsl)
    ed:is-division($e), ed:divisions-below($n), ed:heading-level($head), ed:toc-divisions($doc, $depth),
      ed:entry-date($div), ed:division-label($div)                          (divisions.xsl)
    ed:shown-reading($choice), ed:plain-text($nodes), ed:render-inline($nodes), ed:choices-in-text($doc)  (choices.xsl)
    ed:descendants-root($doc)               where to search a document's descendants by name (this file)
    ed:shown-line-number($line)             the number printed beside a line (l, lb), or '' (verse.xsl)
    ed:rend-hint($e), ed:default-look($e), ed:look($e)         (inlines.xsl, behaviours.xsl)
    ed:is-block-in-paragraph($node)         a list, table, example... that TEI lets stand in a p
    ed:holds-blocks($p)                     whether a paragraph holds such a block (behaviours.xsl)
    ed:holds-only-members($list)            whether a list's content is its members alone (behaviours.xsl)
    ed:is-part-out-of-place($e)             an item, row or cell outside its list, table or row (facts.xsl)
    ed:first-part-out-of-place($n)          the first such part below a node, or none (facts.xsl)
    ed:correspondence($doc), ed:series-title($doc)             (letters.xsl, metadata.xsl)

  NAMES. Behaviours, services and modes of the core are ed:<name>; what only one output defines
  is ed:html-<name>, ed:fo-<name> or ed:text-<name> (functions, templates, modes, variables).

  OVERRIDING ONE MODULE. A project's own xslt/ folder needs only the outputs it changes. Its
  xslt/html/html.xsl (say) imports the packaged stylesheet, whose folder pipeline/publish/transform.py
  passes in the static parameter tei-edition-xslt, and overrides a template:
    <xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>
    <xsl:import _href="{$tei-edition-xslt}html/html.xsl"/>
    <xsl:template name="ed:html-colophon"> ... </xsl:template>
  (tests/data/override-project is a working example.) Outputs and assets the project does not
  have are the packaged ones.

  Parameter $reading ('corrected' default | 'diplomatic') is declared here, as xs:string.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Which reading choice/sic|corr, abbr|expan, orig|reg shows: 'corrected' or 'diplomatic'. -->
  <xsl:param name="reading" as="xs:string" select="'corrected'"/>

  <xsl:include href="facts.xsl"/>
  <xsl:include href="strings.xsl"/>
  <xsl:include href="ids.xsl"/>
  <xsl:include href="urls.xsl"/>
  <xsl:include href="dates.xsl"/>
  <xsl:include href="entities.xsl"/>
  <xsl:include href="metadata.xsl"/>
  <xsl:include href="languages.xsl"/>
  <xsl:include href="divisions.xsl"/>
  <xsl:include href="behaviours.xsl"/>
  <xsl:include href="choices.xsl"/>
  <xsl:include href="guidelines.xsl"/>
  <xsl:include href="letters.xsl"/>
  <xsl:include href="verse.xsl"/>
  <xsl:include href="signs.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="epidoc.xsl"/>
  <xsl:include href="standoff.xsl"/>

  <!-- The text walk. Unknown elements have an explicit fallback template (behaviours.xsl);
       on-no-match only concerns text, comments and PIs: copy text, drop comments and PIs. -->
  <xsl:mode name="ed:render" on-no-match="text-only-copy" use-accumulators="#all"/>

  <!-- Text is copied as it stands unless the document holds text that renders otherwise: unclear
       text (a dot below), a word broken across lines (signs.xsl), text a standoff app points to
       (its call follows it, apparatus.xsl). Their rules are at priority 0, below the rules for the
       spaces of a cast list (inlines.xsl, verse.xsl), which still apply in such a document. What
       the build knows of the document places them (facts.xsl, $ed:text-of-its-own-mode): where a
       kind is known to be absent its rule is left out; where every kind is known they are rules of
       this mode, their patterns testing the text alone. Where a kind is not known (a project's own
       stylesheet), they are in mode ed:render-text, reached through the one rule below with one
       test: every text node is matched against the text rules of ed:render, and in saxonche each
       test of a global variable in a pattern costs about what copying the text node does (one test
       for three: the corpus's HTML, FO and text 1.7 to 2.5% fewer instructions). -->
  <xsl:mode name="ed:render-text" on-no-match="text-only-copy"/>
  <xsl:template mode="ed:render" match="text()[$ed:has-text-of-its-own]" priority="0"
      use-when="$ed:text-of-its-own-unknown">
    <xsl:apply-templates select="." mode="ed:render-text"/>
  </xsl:template>

  <!-- A behaviour's content, made where the behaviour places it: what the element's own template
       in mode ed:content makes. By default that is its children, rendered as they stand (a division,
       a list item); the core's maps give an element other content beside its template in ed:render,
       with the same match pattern and priority, so that both modes choose alike:
         running text    the children with ed:in-line true (headings, names, lines...; the
                         phrases have no content rule: ed:phrase sets ed:in-line as it calls
                         ed:inline, see inlines.xsl)
         its own making  a paragraph holding a list, a Leiden sign around the text, a ptr's label,
                         a gap's sign, a corpus member's title...
       Why a callback and not a value: a template parameter holding the rendered children is a copy,
       and an output placing it copies it again, at every level of nesting; written straight into the
       output's element it is made once (bench/bench.py measures both shapes). Why a mode and not a
       tunnel parameter naming the content: set with every behaviour call and read back in this one,
       it cost 1.6% of HTML's instructions, 1.9% of plain text's and 4.8% of FO's (the corpus,
       twenty-fourth session).
       An element rendered by two behaviours with different content (a corpus member's block and its
       title as a heading) passes the second its content as the tunnel parameter ed:made-content,
       an array, and the first an empty one. -->
  <xsl:template name="ed:content">
    <xsl:apply-templates select="." mode="ed:content"/>
  </xsl:template>

  <xsl:mode name="ed:content" on-no-match="fail"/>
  <xsl:template mode="ed:content" match="*" priority="-1">
    <xsl:apply-templates mode="ed:render"/>
  </xsl:template>

  <!-- Where to look for the descendants of $doc (a TEI or teiCorpus) by name: "ed:descendants-root($doc)//tei:note"
       finds the notes of $doc. When $doc is its document's element that is the document node, below which
       Saxon finds elements of one name in its index of the document's element names; below an element it
       tests every node (a register of places, listplace-old.xml: 180 microseconds a search, against 1.4),
       and a page searches its document for several names. Not for $doc's own name (a TEI below the
       document node is $doc itself). -->
  <xsl:function name="ed:descendants-root" as="node()">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="if ($doc/parent::document-node()) then $doc/.. else $doc"/>
  </xsl:function>

  <!-- The document rendered (the global context item). A function asked of an element can tell by it
       whether what it knows of this document holds, or whether the element is of another document
       (a project's stylesheet may render one) and must be looked at itself. -->
  <xsl:variable name="ed:rendered" as="node()" select="/"/>

  <!-- Whether the document uses the 'diplomatic' reading (anything else reads 'corrected'). -->
  <xsl:variable name="ed:diplomatic" as="xs:boolean" select="$reading = 'diplomatic'"/>

</xsl:stylesheet>
