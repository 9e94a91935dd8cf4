<?xml version="1.0" encoding="UTF-8"?>
<!-- From the behaviours' small tree (ed:par, ed:note, ed:br, ed:cell) to lines of text:
     paragraphs separated by a blank line (consecutive verse or table lines by a line break),
     whitespace normalised, note markers [n] in place, optional wrapping with hanging indents. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- At most 10,000 columns: the width goes into a regular expression (ed:text-wrap), whose
       repeat counts Saxon cannot take in the billions; no line that long wraps anyway. -->
  <xsl:variable name="ed:text-wrap-width" as="xs:integer"
      select="if ($wrap castable as xs:integer) then min((10000, max((0, xs:integer($wrap))))) else 0"/>

  <!-- Inline content as one string: note markers in place, line breaks kept, whitespace collapsed
       within each line. Paragraphs met inside inline content (rare: a list in a cell) become spaces.
       The result has no space at either end, so it holds text exactly when it is not ''. -->
  <xsl:function name="ed:text-inline" as="xs:string">
    <xsl:param name="content" as="item()*"/>
    <!-- Most runs of text are text and strings alone: joined as they are, without a template
         per piece (a third of the layout's time went to that dispatch), and with no line break
         of the markup to look for. Such a run is mostly one text node, taken as it is: Saxon's
         string functions go through a string character by character, string-join too (over
         long paragraphs of prose, string-join of one node was a fifth of the plain text). -->
    <!-- A run with line breaks (ed:br) is laid out line by line; its breaks and notes are told
         apart where the pieces are made, as their templates below would make them (a template for
         each of test14.xml's 1,881 breaks was 2% of its plain text). -->
    <!-- A run whose elements are notes alone (an entry of a register with its note, a sentence with
         its footnote) has one line too: the notes' markers are put in its text as it is joined
         (test32.xml's 225 notes, listevent.xml's 779: their text 3.4% and 1.5% fewer instructions). -->
    <xsl:sequence select="
      if (every $item in $content satisfies not($item instance of node()) or $item instance of text())
      then normalize-space(ed:text-own-breaks-as-spaces(if (count($content) eq 1) then string($content) else string-join($content)))
      else if (every $item in $content satisfies not($item instance of node()) or $item instance of text() or $item instance of element(ed:note))
      then normalize-space(string-join($content ! (if (. instance of element(ed:note)) then ed:text-note-marker(.) else ed:text-own-breaks-as-spaces(string(.)))))
      else ed:text-lines($content ! (if (. instance of text() or not(. instance of node())) then ed:text-own-breaks-as-spaces(string(.))
        else if (. instance of element(ed:br)) then $ed:text-line-break
        else if (. instance of element(ed:note)) then ed:text-note-marker(.)
        else ed:text-inline-pieces(.)))"/>
  </xsl:function>

  <!-- The lines of a run's pieces, each collapsed on its own, empty ones dropped: a line break of the
       markup is a piece of its own ($ed:text-line-break). Text is taken as it stands, elements (a
       note's marker, a break, a paragraph inside) through their templates. Grouped at the breaks,
       not joined and split again by a regular expression: in a text broken into its source lines
       (1,890 lb in test14.xml) that splitting and a template per piece were a quarter of the plain
       text. -->
  <xsl:function name="ed:text-lines" as="xs:string">
    <xsl:param name="pieces" as="xs:string*"/>
    <xsl:variable name="lines" as="xs:string*">
      <xsl:for-each-group select="$pieces" group-adjacent=". eq $ed:text-line-break">
        <xsl:if test="not(current-grouping-key())">
          <xsl:sequence select="normalize-space(string-join(current-group()))[.]"/>
        </xsl:if>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="string-join($lines, '&#10;')"/>
  </xsl:function>

  <xsl:function name="ed:text-inline-pieces" as="xs:string*">
    <xsl:param name="content" as="item()*"/>
    <xsl:apply-templates select="$content" mode="ed:text-inline"/>
  </xsl:function>

  <!-- A line break asked for by the markup (ed:br), told apart from the newlines of the TEI's own
       layout, which are just whitespace: U+2028 LINE SEPARATOR, removed from the text itself. -->
  <xsl:variable name="ed:text-line-break" as="xs:string" select="'&#x2028;'"/>

  <!-- The text's own line separators as spaces. Looked for first: translate() builds a new string
       character by character, and over long paragraphs of prose it was a quarter of the plain
       text's work (ENG18850_Rutherford.xml: 128 -> 93 M instructions a pass). -->
  <xsl:function name="ed:text-own-breaks-as-spaces" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (contains($text, $ed:text-line-break)) then translate($text, $ed:text-line-break, ' ') else $text"/>
  </xsl:function>

  <xsl:mode name="ed:text-inline" on-no-match="shallow-skip"/>
  <xsl:template match="text()" mode="ed:text-inline"><xsl:sequence select="ed:text-own-breaks-as-spaces(.)"/></xsl:template>
  <xsl:template match=".[. instance of xs:anyAtomicType]" mode="ed:text-inline"><xsl:sequence select="ed:text-own-breaks-as-spaces(string(.))"/></xsl:template>
  <xsl:template match="ed:note" mode="ed:text-inline"><xsl:sequence select="ed:text-note-marker(.)"/></xsl:template>
  <xsl:template match="ed:carried" mode="ed:text-inline"/>
  <xsl:template match="ed:br" mode="ed:text-inline"><xsl:sequence select="$ed:text-line-break"/></xsl:template>
  <xsl:template match="ed:par | ed:cell" mode="ed:text-inline">
    <xsl:sequence select="' '"/>
    <xsl:apply-templates mode="ed:text-inline"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

  <!-- Where a note stands in the text: its number in brackets, "[3]". -->
  <xsl:function name="ed:text-note-marker" as="xs:string">
    <xsl:param name="note" as="element(ed:note)"/>
    <xsl:sequence select="'[' || $note/@n || ']'"/>
  </xsl:function>

  <!-- A note's text on one line, as the list of notes writes it: its line breaks as spaces. Its
       text is collapsed already (ed:text-inline), and only one that breaks is collapsed again (the
       walk of every character: test32.xml's 225 notes, 2% of its plain text). -->
  <xsl:function name="ed:text-one-line" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (contains($text, '&#10;')) then normalize-space($text) else $text"/>
  </xsl:function>

  <!-- Flat list of output paragraphs, each an array [kind, text, prefix]: the prefix is a list
       label or a note number, '' for none. A paragraph holding other paragraphs is split around
       them; a prefix (list label) goes to its first piece only. Not elements: a paragraph is made
       once and read once, and each new element is a tree of its own to build (maps instead: the
       plain text of the corpus 12% faster). Not maps: a map's entry is found by hashing its key,
       an array's member by its place (arrays instead: the layout of the corpus 15% faster). -->
  <xsl:function name="ed:text-paragraphs" as="array(xs:string)*">
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string?"/>
    <xsl:choose>
      <!-- Running text alone, as most paragraphs are: one run, nothing to group, and the prefix
           given to it as it is made (each paragraph's pieces held, to give the first its prefix
           afterwards: the layout of listevent.xml, a register of events, 11-14% slower). -->
      <xsl:when test="empty($content[. instance of element(ed:par)])"><xsl:sequence select="ed:text-run($content, $kind, $prefix)"/></xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="
          if (not($prefix)) then ed:text-block-pieces($content, $kind)
          else let $pieces := ed:text-block-pieces($content, $kind) return
          if (empty($pieces)) then [$kind, '', $prefix]
          else if (head($pieces)?3) then $pieces
          else (let $first := head($pieces) return [$first?1, $first?2, $prefix], tail($pieces))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- The paragraphs of a block's content: its paragraphs laid out in turn, the runs of text between
       them made paragraphs of $kind. Returned as they are made where nothing is done to the first
       (no prefix to give it): held in a variable at every level of nesting, they were copied once
       more per level. A paragraph holding none of its own is a run at once. (The text of the corpus,
       two alternated runs of 12 rounds: 0.5% and 1.8% faster.) -->
  <xsl:function name="ed:text-block-pieces" as="array(xs:string)*">
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:choose>
      <!-- Paragraphs alone, with nothing between them but the layout space of the markup (a
           division, a list, an entry of a register holding blocks), as most blocks hold: laid out
           in turn, not grouped (grouping them was 2% of the plain text of a register of events and
           of a text broken into its source lines, listevent.xml and test14.xml). -->
      <xsl:when test="every $item in $content satisfies $item instance of element(ed:par) or ($item instance of text() and not(normalize-space($item)))">
        <xsl:for-each select="$content[. instance of element(ed:par)]">
          <!-- Preformatted (an example of markup): its spaces and lines are its meaning. A
               paragraph holding none of its own is a run at once, made here (a call of ed:text-run
               for each was 1-2% of a register's plain text). -->
          <xsl:sequence select="if (@kind = 'pre') then ['pre', string(.), '']
            else let $prefix := if (@prefix or not(@kind = 'item' and ../@bulleted)) then string(@prefix) else $bullet
            return if (ed:par) then ed:text-paragraphs(node(), string(@kind), $prefix)
            else let $text := ed:text-inline(node()) return if ($text or $prefix) then [string(@kind), $text, $prefix] else ()"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each-group select="$content" group-adjacent=". instance of element(ed:par)">
          <xsl:choose>
            <xsl:when test="current-grouping-key()"><xsl:sequence select="ed:text-block-pieces(current-group(), $kind)"/></xsl:when>
            <!-- The layout space between two paragraphs (one text node, white space alone, as the
                 markup's indentation leaves it) makes no paragraph, and is passed by at once. -->
            <xsl:otherwise><xsl:sequence select="let $run := current-group() return
              if (count($run) eq 1 and $run instance of text() and not(normalize-space($run))) then ()
              else ed:text-run($run, $kind, ())"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A run of inline content as a paragraph of $kind led by $prefix; nothing when it holds
       neither text nor a prefix. -->
  <xsl:function name="ed:text-run" as="array(xs:string)?">
    <xsl:param name="content" as="item()*"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string?"/>
    <xsl:variable name="text" as="xs:string" select="ed:text-inline($content)"/>
    <xsl:sequence select="if ($text or $prefix) then [$kind, $text, string($prefix)] else ()"/>
  </xsl:function>

  <!-- The endnotes of the notes found in $content (notes within notes too), "n. text". -->
  <xsl:function name="ed:text-endnotes" as="array(xs:string)*">
    <xsl:param name="content" as="item()*"/>
    <xsl:sequence select="$content ! descendant-or-self::ed:note ! ['note', ed:text-one-line(ed:text-inline(node())), @n || '.']"/>
  </xsl:function>

  <!-- The text of the output: paragraphs joined by a blank line, lines of verse/tables by one break,
       and a final line break. Written piece by piece: the whole text as one string would be held
       several times over (the pieces, the joined string, the copy with its last line break). -->
  <xsl:template name="ed:text-write">
    <xsl:param name="outs" as="array(xs:string)*"/>
    <!-- Written in parts (a corpus member by member): the kind of the paragraph written before
         these, and whether these are the last. -->
    <xsl:param name="previous" as="xs:string?" select="()"/>
    <xsl:param name="last" as="xs:boolean" select="true()"/>
    <!-- Whether a paragraph's text may hold a line break: not when the content it was laid out from
         holds no ed:br, the one thing a line break of the text comes from (ed:text-lines), and the
         search of every paragraph's text for one is spared (it was 53 M instructions of the
         corpus's plain text, 3,122 a pass). -->
    <xsl:param name="may-break" as="xs:boolean" select="true()"/>
    <xsl:iterate select="$outs">
      <xsl:param name="previous-kind" as="xs:string?" select="$previous"/>
      <xsl:variable name="kind" as="xs:string" select="?1"/>
      <xsl:if test="exists($previous-kind)">
        <xsl:value-of select="if ($kind = 'line' and $previous-kind = 'line') then '&#10;' else '&#10;&#10;'"/>
      </xsl:if>
      <xsl:choose>
        <!-- Preformatted text (an example of markup) indented by four spaces, line by line: one
             replace() over it, not its lines split, each joined to the indent and joined again
             (the TEI Lite ODD's 112 examples: 211.6 -> 204.8 M instructions a pass of its text). -->
        <xsl:when test="$kind = 'pre'"><xsl:value-of select="let $text := ?2 return if ($text) then '    ' || replace($text, '&#10;', '&#10;    ') else ''"/></xsl:when>
        <!-- Unwrapped and on one line, as most paragraphs are: the prefix, the space after it where
             there is text (ed:text-lead) and the text written one after the other, not joined into
             new strings first (ed:text-lead's string for each item of a register of events was 17 of
             the 620 M instructions of its plain text). -->
        <xsl:when test="$ed:text-wrap-width eq 0 and not(($may-break and contains(?2, '&#10;')) or contains(?3, '&#10;'))">
          <xsl:variable name="prefix" as="xs:string" select="?3"/>
          <xsl:variable name="text" as="xs:string" select="?2"/>
          <xsl:if test="$prefix"><xsl:value-of select="$prefix"/><xsl:if test="$text"><xsl:value-of select="' '"/></xsl:if></xsl:if>
          <xsl:value-of select="$text"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="ed:text-format(?2, ?3)"/></xsl:otherwise>
      </xsl:choose>
      <xsl:next-iteration><xsl:with-param name="previous-kind" select="$kind"/></xsl:next-iteration>
    </xsl:iterate>
    <xsl:if test="$last"><xsl:value-of select="'&#10;'"/></xsl:if>
  </xsl:template>

  <!-- One paragraph: its prefix, its lines (each wrapped at $wrap if set), continuation lines
       indented under the text when there is a prefix. Without either there is nothing to do: a
       paragraph is split into lines by a regular expression, which costs Saxon about as much per
       character as the rest of the text output (a prose text with line breaks: a sixth of it). -->
  <xsl:function name="ed:text-format" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:sequence select="if (not($prefix) and $ed:text-wrap-width eq 0) then $text else ed:text-format-lines($text, $prefix)"/>
  </xsl:function>

  <xsl:function name="ed:text-format-lines" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:variable name="lead" as="xs:string" select="ed:text-lead($prefix, $text)"/>
    <xsl:variable name="whole" as="xs:string" select="$lead || $text"/>
    <!-- One line, unwrapped (most list items and notes): no continuation to indent, and the
         steps below for it cost a register's plain text a twelfth. -->
    <xsl:sequence select="if ($ed:text-wrap-width eq 0 and not(contains($whole, '&#10;'))) then $whole
      else ed:text-indent-lines($whole, string-join(for $c in 1 to string-length($lead) return ' '))"/>
  </xsl:function>

  <!-- What a paragraph starts with: its prefix and a space before its text, if it has both. A
       paragraph's text is collapsed already (ed:text-inline), so it holds text when it is not ''
       (asking normalize-space, a walk of every character, was a thirtieth of a register's text). -->
  <xsl:function name="ed:text-lead" as="xs:string">
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if ($prefix) then $prefix || ' '[$text] else ''"/>
  </xsl:function>

  <!-- $whole's lines, each wrapped at $wrap if set, the continuations indented by $indent. -->
  <xsl:function name="ed:text-indent-lines" as="xs:string">
    <xsl:param name="whole" as="xs:string"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:variable name="lines" as="xs:string*" select="(if (contains($whole, '&#10;')) then tokenize($whole, '&#10;') else $whole)
      ! (if ($ed:text-wrap-width gt 0) then ed:text-wrap(., $ed:text-wrap-width - string-length($indent)) else .)"/>
    <xsl:sequence select="string-join(($lines[1], subsequence($lines, 2) ! ($indent || .)), '&#10;')"/>
  </xsl:function>

  <!-- Greedy wrapping at spaces; a word longer than the width stays whole on its own line. -->
  <xsl:function name="ed:text-wrap" as="xs:string*">
    <xsl:param name="line" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:variable name="w" as="xs:integer" select="max((10, $width))"/>
    <xsl:sequence select="tokenize(replace($line, '(.{1,' || $w || '})( +|$)', '$1&#10;'), '&#10;')[normalize-space()]
      ! replace(., '\s+$', '')"/>
  </xsl:function>

</xsl:stylesheet>
