<?xml version="1.0" encoding="UTF-8"?>
<!--
  The shared core of every output: what each TEI element IS, written once.

  DESIGN ("one element -> one behaviour, many outputs", see STYLE.md)
  ===================================================================
  An output (xslt/html, xslt/fo, xslt/text) is an entry stylesheet that
    1. xsl:includes this file (which includes the rest of xslt/core/),
    2. includes its own params file and its behaviour modules, which define EVERY named
       template of the behaviour vocabulary below (same names, same params),
    3. starts the walk with  <xsl:apply-templates select="..." mode="ed:render"/>.

  The core owns mode ed:render: one template per TEI element (behaviours.xsl, names.xsl,
  choices.xsl) that computes the element's rendered children ($content) and calls ONE behaviour.
  The output never matches TEI elements in ed:render itself; it only implements behaviours.

  Behaviour vocabulary. The context item is always the TEI element being rendered, so an output
  may read @xml:id, @rend, @n...; $content is the already-rendered children (items of the
  output's own kind: HTML elements, FO elements, text).
    ed:block       ($content, $hint)            structural division or block (div, front, opener, ...)
    ed:heading     ($content, $level)           head, docTitle... $level 1.. from division depth
    ed:paragraph   ($content)                   p, ab
    ed:inline      ($content, $hint)            hi, emph, title, term, add, del, unclear, gap...;
                                                $hint = space-separated tokens (ed:rend-hint + kind)
    ed:note        ($content, $number, $id)     note; $number from ed:note-number, $id from ed:id
    ed:link        ($content, $href)            ref/ptr; $href already passed through ed:safe-url
                                                (empty = not linkable, render content only)
    ed:name        ($content, $kind, $entry, $href)
                                                persName/placeName/orgName/rs/name; $kind person|place|
                                                org|name; $entry = the register entry in this document
                                                (or empty); $href = a safe external authority URL or ''
    ed:list        ($content, $ordered)         list;   ed:item ($content, $label)  item (+ its label)
    ed:table       ($content)  ed:row ($content, $header)  ed:cell ($content, $header, $cols, $rows)
    ed:verse-group ($content)                   lg;     ed:verse-line ($content, $number)  l, line
    ed:speech      ($content)  ed:speaker ($content)  ed:stage ($content)
    ed:figure      ($content)                   figure; ed:graphic ($url, $description) graphic, media
    ed:break       ($kind, $label)              pb|lb|cb|milestone, $label = @n or @rend separator
    ed:alternate   ($shown, $other, $kind, $shown-reading)
                                                choice, ALREADY RESOLVED by the core from $reading:
                                                $kind correction|expansion|regularisation; an output
                                                that cannot show both simply renders $shown
    ed:apparatus   ($lemma, $entry)             app in the text: its lemma, then a call to its entry;
                                                $entry = ed:app-entry() map (apparatus.xsl): id, call-id,
                                                label, called, line, lemma, lemma-sigla, readings, notes
    ed:apparatus-call ($entry)                  the call of a standoff app, after the element it points to
    ed:apparatus-list ($entries, $titled)       the apparatus: every entry, linked back to its call;
                                                $titled: under a heading of its own (not so in a listApp)
    ed:date        ($content, $iso, $label)     date; $iso normalised (may be ''), $label human form
    ed:quote       ($content, $block)           q, quote, said, cit; $block when it holds block content
    ed:foreign     ($content, $lang)            foreign and anything with @xml:lang inside the text
    ed:unmapped    ($content)                   FALLBACK for elements nobody mapped: must keep $content
  "omit" is not a template: the core renders nothing (teiHeader, standOff, facsimile beside text...).

  Tunnel parameter ed:in-line (xs:boolean) is true while rendering the content of running text
  (paragraph, heading, inline, name, link, line...), so an output whose format forbids a block
  inside a line (HTML <p><div>) can render block behaviours as inline boxes there.

  Tunnel parameter ed:in-apparatus (xs:boolean) is true while rendering an apparatus entry's
  readings and notes: a note there is part of the entry (notes.xsl), a nested app only its lemma.

  Shared services for outputs (never re-implement them per output):
    ed:string($key)                         every user-visible word (strings.xsl)
    ed:id($e)                               deterministic anchor: xml:id, else <name>-<ordinal> (ids.xsl)
    ed:note-number($note)                   footnote numbers (ids.xsl)
    ed:is-footnote($note)                   whether a note has a call and a place among the notes (notes.xsl)
    ed:apparatus-entries($doc)              the apparatus entries of a document (apparatus.xsl)
    ed:witness-key($doc)                    the witnesses' sigla and descriptions (apparatus.xsl)
    ed:entity($name), ed:entity-label($entry), ed:entity-kind($e), ed:mentions($entry)  (entities.xsl)
    ed:safe-url($url)                       only http(s), relative and # URLs survive (urls.xsl)
    ed:date-iso($date), ed:date-label($date), ed:format-iso($iso)                  (dates.xsl)
    ed:title($tei), ed:authors($tei) ...    header metadata (metadata.xsl)
    ed:bcp47($code)                         xml:lang as a valid BCP 47 tag, or '' (languages.xsl)
    ed:plain-text($nodes)                   text as the chosen reading shows it, without notes (choices.xsl)
    ed:heading-level($head), ed:rend-hint($e)
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

  <xsl:include href="strings.xsl"/>
  <xsl:include href="ids.xsl"/>
  <xsl:include href="urls.xsl"/>
  <xsl:include href="dates.xsl"/>
  <xsl:include href="entities.xsl"/>
  <xsl:include href="metadata.xsl"/>
  <xsl:include href="languages.xsl"/>
  <xsl:include href="behaviours.xsl"/>
  <xsl:include href="choices.xsl"/>
  <xsl:include href="signs.xsl"/>
  <xsl:include href="apparatus.xsl"/>
  <xsl:include href="notes.xsl"/>
  <xsl:include href="epidoc.xsl"/>
  <xsl:include href="standoff.xsl"/>

  <!-- The text walk. Unknown elements have an explicit fallback template (behaviours.xsl);
       on-no-match only concerns text, comments and PIs: copy text, drop comments and PIs. -->
  <xsl:mode name="ed:render" on-no-match="text-only-copy" use-accumulators="#all"/>

  <!-- Whether the document uses the 'diplomatic' reading (anything else reads 'corrected'). -->
  <xsl:variable name="ed:diplomatic" as="xs:boolean" select="$reading = 'diplomatic'"/>

</xsl:stylesheet>
