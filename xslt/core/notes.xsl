<?xml version="1.0" encoding="UTF-8"?>
<!-- Which notes are footnotes. A note is a footnote (a call in the text, a numbered note in the
     notes) unless it is empty (registers emit <note/> by the thousand: a call to nothing is noise)
     or it belongs to an apparatus entry (a note of an app, or inside a variant reading), where the
     entry shows it in line. Outputs that list notes apart from their calls (HTML) list exactly
     these, and note numbers count only these, so numbering has no holes. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Empty: no text, and nothing that shows without text (a pointer, an image, a gap) or that
       something may link to (an anchor with an id). Asked of every note several times (rendered,
       numbered, listed). Its text is looked at node by node up to the first that is not white
       space alone, not made one string and collapsed: a register's note holds its entries' layout
       (listevent.xml's 779 notes: 0.36 -> 0.12 ms). -->
  <xsl:function name="ed:is-empty-note" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="empty($note//text()[normalize-space()])
      and empty($note//*[@target or @url or @xml:id or self::tei:gap or self::tei:g or self::tei:space or self::tei:figure])"/>
  </xsl:function>

  <xsl:function name="ed:note-in-apparatus" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="app" as="element()?" select="$note/ancestor::tei:app[ed:is-app-entry(.)][1]"/>
    <xsl:sequence select="exists($app) and (ed:app-is-standoff($app)
      or empty($note/ancestor::* intersect ed:app-lemma($app)))"/>
  </xsl:function>

  <xsl:function name="ed:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="not(ed:is-empty-note($note)) and not(ed:note-in-apparatus($note))"/>
  </xsl:function>

  <!-- Whether a note's content renders as its own text and nothing else: it holds no element, and
       the document has none of the text that renders otherwise (ed:has-text-of-its-own). Of those
       rules, unclear text and word breaks write text alone, and a standoff app's call (an element)
       never follows a note's text (ed:is-read): the guard keeps the answer from resting on that
       last fact. An output may then write that content where it goes at once, where otherwise it
       holds it to look inside first (HTML, for ids to leave out of the copy shown in place).
       Registers are full of such notes: listplace-old.xml's 1,985
       notes all, listevent.xml's 522 of 779. -->
  <xsl:function name="ed:note-is-text-alone" as="xs:boolean">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="empty($note/*) and not($ed:has-text-of-its-own)"/>
  </xsl:function>

  <!-- What may leave a footnote's call out: the outermost element around the note whose rendering
       may leave out some of its content (ed:leaves-out-content, behaviours.xsl), up to the note it
       is in, if any (an output that renders that note's content renders the call there); none when
       the call is surely rendered. Known before rendering: an output that links a note back to its
       call need not look for the call in all it rendered, only in that element rendered alone. -->
  <xsl:function name="ed:note-call-container" as="element()?">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="ed:note-call-leavers($note)[1]"/>
  </xsl:function>

  <!-- Every element around the note that may leave out its call, outermost first (the first is its
       call container): an output that knows how it renders one of them may tell that the call is
       there after all, without rendering the container again. Asked twice of a note in HTML (here,
       for its container, and for what HTML makes of each), each time an element at a time through
       the mode: remembered (test32.xml's 225 notes, 3.4 -> 2.1 ms). -->
  <xsl:function name="ed:note-call-leavers" as="element()*" cache="yes">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="holder" as="element(tei:note)?" select="$note/ancestor::tei:note[1]"/>
    <xsl:sequence select="$note/ancestor::*[empty($holder) or . >> $holder][ed:leaves-out-content(.)]"/>
  </xsl:function>

  <!-- The notes among $notes (in document order) whose call may be left out: those with a call
       container (above). Most documents have none, and one pass over the notes' ancestors tells so
       before any note is asked alone (listevent.xml's 776 notes, each asked of its seven ancestors
       one function call at a time: 38 M instructions of its HTML's 1,081 M a pass). Each ancestor
       is asked once: those of a note that start before the note before it hold that note too, and
       were asked with it; the note before, when it holds this one, is asked here (no note is its
       own ancestor).
       Every ancestor of every note asked, with the repeats, cost 22 M of listevent.xml's 933 M;
       made one path ("/"), the sort into document order alone cost 19 M. -->
  <xsl:function name="ed:notes-whose-call-may-be-left-out" as="element(tei:note)*">
    <xsl:param name="notes" as="element(tei:note)*"/>
    <xsl:variable name="leaving-out" as="xs:boolean*"><xsl:apply-templates mode="ed:leaves-out-content"
      select="for $i in 1 to count($notes) return if ($i eq 1) then $notes[1] ! ancestor::*
        else let $previous := $notes[$i - 1] return $notes[$i] ! ancestor::*[not(. &lt;&lt; $previous)]"/></xsl:variable>
    <xsl:sequence select="if (empty($leaving-out)) then () else $notes[exists(ed:note-call-container(.))]"/>
  </xsl:function>

  <!-- An empty note shows nothing; one with no content at all is told without asking. -->
  <xsl:template mode="ed:render" match="tei:note[not(node()) or ed:is-empty-note(.)]" priority="2"/>

  <!-- In an apparatus entry a note is part of the entry's text, not a call to elsewhere. Its content
       is running text, as every note's of the text is (inlines.xsl): no entry is in the header. -->
  <xsl:template mode="ed:render" match="tei:note[ed:note-in-apparatus(.)]" priority="1">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="'app-note'"/>
    </xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
