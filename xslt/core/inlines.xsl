<?xml version="1.0" encoding="UTF-8"?>
<!-- Inline behaviours: highlighting, notes, links, names, dates, quotations, foreign words. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- Inline phrases; the hint starts with the element name, then presentation tokens (ed:rend-hint)
       and the default look TEI implies for the element (emph is stressed, a monograph title italic).
       The editorial signs (supplied, surplus, ex, add, del) have templates of their own: signs.xsl. -->
  <xsl:variable name="ed:phrases" static="yes" as="xs:string" select="'tei:hi | tei:emph | tei:title | tei:term | tei:mentioned | tei:soCalled
      | tei:gloss | tei:distinct | tei:forename | tei:surname | tei:roleName | tei:addName | tei:genName
      | tei:nameLink | tei:num | tei:measure | tei:unclear | tei:damage
      | tei:seg | tei:w | tei:c | tei:pc | tei:g | tei:sic | tei:corr | tei:abbr | tei:expan
      | tei:orig | tei:reg | tei:am | tei:subst | tei:restore | tei:mod | tei:gi | tei:att | tei:val
      | tei:ident | tei:code | tei:tag | tei:label | tei:role | tei:roleDesc | tei:actor | tei:time | tei:fw
      | tei:lem | tei:rdg | tei:secl | tei:metamark | tei:retrace | tei:author | tei:editor | tei:publisher
      | tei:pubPlace | tei:biblScope | tei:idno | tei:bibl | tei:biblStruct | tei:monogr | tei:analytic
      | tei:imprint | tei:s | tei:phr | tei:cl | tei:m | tei:affiliation | tei:occupation | tei:birth | tei:death
      | tei:country | tei:settlement | tei:region | tei:district | tei:bloc | tei:street | tei:postCode | tei:location
      | tei:eventName | tei:locus | tei:textLang | tei:origDate | tei:origPlace | tei:dim | tei:height | tei:width'"/>
  <!-- The phrases' rules call a template rather than hold its body: XSLT makes a rule whose pattern
       is a union one rule per alternative (each of its own default priority), and Saxon compiles the
       body once for each: the call of ed:inline with its hint was 115 M instructions, 14% of the
       text stylesheet's compilation (cold builds compile three stylesheets). Each alternative
       still costs most of a million instructions, whatever the body, and a priority written out
       on the union does not change that (text 598 against 594 M).
       So only the commonest phrases have a rule each ($ed:common-phrases, a part of the one list
       above: 80% of the corpus's phrases), which Saxon finds by the element's name; every other
       is found by one rule below every rule of a name, which looks its name up in the list made a
       map (it is tried only for elements that no rule of their name matched: phrases, and elements
       nobody mapped). 68 rules fewer: the text stylesheet's compilation 594 -> 518 M instructions;
       the look-up costs about 3,400 instructions a phrase, rendering the corpus 0.8% more for
       text, 0.3% for HTML, 0.4% for FO (all 85 by the map: text 1.6%, HTML 0.8%).
       A phrase's content is its children in running text, and it has no rule of mode ed:content:
       ed:in-line is set where ed:phrase calls the behaviour, and reaches the children through the
       default content rule (core.xsl), as tunnel parameters do. A content rule of the phrases'
       names, 85 rules more, was 97 M instructions of the text stylesheet's compilation (text 712
       -> 594 M, HTML 834 -> 727 M, FO 806 -> 682 M), and rendering the corpus is the same (text,
       HTML and FO within 0.4%). -->
  <xsl:variable name="ed:common-phrases" static="yes" as="xs:string" select="'tei:hi | tei:title | tei:emph | tei:seg
      | tei:term | tei:bibl | tei:idno | tei:location | tei:reg | tei:orig | tei:sic | tei:corr | tei:abbr | tei:expan
      | tei:forename | tei:surname | tei:num'"/>
  <xsl:variable name="ed:phrase-names" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge(tokenize(normalize-space($ed:phrases), ' ?\| ?') ! map:entry(substring-after(., 'tei:'), true()))"/>
  <xsl:template mode="ed:render" _match="{$ed:common-phrases}"><xsl:call-template name="ed:phrase"/></xsl:template>
  <xsl:template mode="ed:render" match="tei:*[map:contains($ed:phrase-names, local-name())]" priority="-0.5">
    <xsl:call-template name="ed:phrase"/>
  </xsl:template>
  <xsl:template name="ed:phrase">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/>
      <!-- Most phrases ask for no rendition: their hint is their name and implied look alone. The
           test is ed:rend-hint's first written out, and the hint made without a sequence of its
           words: every phrase asks, and a function call (0.15-0.5 µs) and a sequence of two strings
           kept distinct and joined (0.7 µs) were most of the 1.6 µs its hint cost (twenty-fourth
           session: about 1% of the plain text and HTML of the corpus, 40 pairs). -->
      <xsl:with-param name="hint" select="if (not(@rend or @rendition or @style or $ed:has-tag-usage)) then ed:implied-hint(.)
        else let $rend-only := if (@rendition or @style or $ed:has-tag-usage) then '' else ed:rend-only-hint(local-name(), @rend) return
        if ($rend-only) then $rend-only
        else let $rend := ed:rend-hint(.) return
          string-join(distinct-values((local-name(), $rend, if (empty($rend)) then ed:implied-look(.) else ())), ' ')"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The hint of a phrase whose one rendition is a @rend that says something: the rule above, made
       once per name and value (a document repeats a few: test14.xml's 436 hi rend="above"), where
       the rendition read, its words kept distinct and joined to the name cost 22,000 instructions a
       phrase. '' when the value has no word the rendition knows (the rule then adds the implied look). -->
  <xsl:function name="ed:rend-only-hint" as="xs:string" cache="yes">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="rend" as="xs:string"/>
    <xsl:sequence select="let $words := ed:rend-words($rend) return
      if (empty($words)) then '' else string-join(distinct-values(($name, $words)), ' ')"/>
  </xsl:function>

  <!-- A role followed by its description with nothing but space between them reads "Macduff, a
       Scottish noble", as a printed cast list has it, not "Macduff a Scottish noble". -->
  <xsl:template mode="ed:render" match="tei:castItem/text()[not(normalize-space())]
      [preceding-sibling::node()[1][self::tei:role]][following-sibling::node()[1][self::tei:roleDesc]]">
    <xsl:text>, </xsl:text>
  </xsl:template>
  <xsl:template mode="ed:render" match="tei:castItem/tei:roleDesc[preceding-sibling::node()[1][self::tei:role]]" priority="1">
    <xsl:text>, </xsl:text>
    <xsl:next-match/>
  </xsl:template>

  <!-- space has no text of its own: the reader sees a space instead (gap: signs.xsl). -->
  <xsl:template mode="ed:render" match="tei:space">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="'space'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:space">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- A space shows as a space. -->
  <xsl:template mode="ed:leaves-out-content" match="tei:space" as="xs:boolean"><xsl:sequence select="true()"/></xsl:template>

  <xsl:template mode="ed:render" match="tei:note">
    <xsl:call-template name="ed:note">
      <xsl:with-param name="number" select="ed:note-number(.)"/>
      <xsl:with-param name="id" select="ed:id(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:note">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <!-- A note in the header's prose (an abstract, a project description) is no note of the text:
       it has no number and no place among the notes, so it is read where it stands, in brackets. -->
  <xsl:template mode="ed:render" match="tei:teiHeader//tei:note">
    <xsl:call-template name="ed:inline">
      <xsl:with-param name="hint" select="'note-in-place'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:teiHeader//tei:note">
    <xsl:text> (</xsl:text>
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
    <xsl:text>)</xsl:text>
  </xsl:template>

  <!-- ref/ptr: the first target; ptr has no content, so its target is shown (ed:pointer-label,
       standoff.xsl). Unsafe targets vanish
       (the content stays, unlinked), and so do "#id" targets that are not in the text: the link
       would lead nowhere. -->
  <xsl:template mode="ed:render" match="tei:ref | tei:ptr">
    <xsl:variable name="first" as="xs:string?" select="tokenize(@target)[1]"/>
    <xsl:variable name="href" as="xs:string" select="
      if (starts-with($first, '#')) then (if (key('ed:by-xml-id', substring($first, 2))[ancestor::tei:text]) then $first else '')
      else ed:safe-url($first)"/>
    <xsl:call-template name="ed:link">
      <xsl:with-param name="href" select="$href"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:ref | tei:ptr">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
    <xsl:if test="self::tei:ptr">{ed:pointer-label(@target)}</xsl:if>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:geogName">
    <xsl:call-template name="ed:name">
      <xsl:with-param name="kind" select="ed:entity-kind(.)"/>
      <xsl:with-param name="entry" select="ed:entity(.)"/>
      <xsl:with-param name="href" select="ed:external-ref(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs | tei:geogName">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <xsl:template mode="ed:render" match="tei:date">
    <xsl:call-template name="ed:date">
      <xsl:with-param name="iso" select="ed:date-iso(.)"/>
      <xsl:with-param name="label" select="ed:date-label(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:date">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <!-- A quotation is a block only outside running text and when it holds block content. -->
  <xsl:template mode="ed:render" match="tei:q | tei:quote | tei:said">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:call-template name="ed:quote">
      <xsl:with-param name="block" select="not($ed:in-line) and ed:holds-quoted-blocks(.)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A block quotation's content is outside running text already ($ed:in-line is false). -->
  <xsl:template mode="ed:content" match="tei:q | tei:quote | tei:said">
    <xsl:param name="ed:in-line" as="xs:boolean" tunnel="yes" select="false()"/>
    <xsl:apply-templates mode="ed:render">
      <xsl:with-param name="ed:in-line" select="$ed:in-line or not(ed:holds-quoted-blocks(.))" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:function name="ed:holds-quoted-blocks" as="xs:boolean">
    <xsl:param name="quotation" as="element()"/>
    <xsl:sequence select="exists($quotation/(tei:p | tei:lg | tei:l | tei:sp | tei:list | tei:ab | tei:table))"/>
  </xsl:function>

  <xsl:template mode="ed:render" match="tei:foreign | tei:lang">
    <xsl:call-template name="ed:foreign">
      <xsl:with-param name="lang" select="normalize-space(ancestor-or-self::*[@xml:lang][1]/@xml:lang)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template mode="ed:content" match="tei:foreign | tei:lang">
    <xsl:apply-templates mode="ed:render"><xsl:with-param name="ed:in-line" select="true()" tunnel="yes"/></xsl:apply-templates>
  </xsl:template>

  <!-- Presentation tokens from @rend, @rendition and @style, mapped onto one small vocabulary that
       every output styles: italic upright bold underline overline strikethrough superscript
       subscript smallcaps uppercase larger smaller spaced blackletter left center right indent
       indent-N (indent(N), N levels) display-block display-inline. @rendition may be a word of that
       vocabulary ("simple:italic") or point to a tagsDecl rendition ("#r1"), whose CSS (or words)
       are read the same way. CSS is never copied into an output: only the declarations below have
       a meaning, anything else (colours, sizes, url(...)) is dropped. -->
  <xsl:function name="ed:rend-hint" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <!-- Most elements ask for nothing: they are answered by four tests, before the rendition is
         read. An element asks when it has @rend, @rendition or @style, or the document declares a
         rendition for every element of some name (tagUsage gi="hi" render="#it"), which is its
         rendition when it has none of its own. The tests written out and the rendition read in the
         branch that needs it, not a function and a variable: every block, line and editorial sign
         asks, and those cost 8,200 instructions an element that asks for nothing, now 4,300
         (test32.xml's lines). An element with @rend alone, as most that ask are, has its words
         (12,000 instructions less than the general case: test14.xml's hi rend="above"). -->
    <xsl:sequence select="if (not($e/@rend or $e/@rendition or $e/@style or $ed:has-tag-usage)) then ()
      else if (not($e/@rendition or $e/@style or $ed:has-tag-usage)) then distinct-values(ed:rend-words($e/@rend))
      else let $rendition := normalize-space(($e/@rendition,
        if ($e/(@rend | @style) or not($ed:has-tag-usage)) then () else key('ed:tag-usage', local-name($e), root($e))[1]/@render)[1])
      return if (not($rendition) and empty($e/(@rend | @style))) then () else distinct-values((
        ed:rend-words($e/@rend),
        tokenize($rendition) ! (
          if (starts-with(., '#')) then ed:rendition-hint(key('ed:by-xml-id', substring(., 2), root($e))[self::tei:rendition][1])
          else ed:rend-words(.)),
        ed:rend-words($e/@style)))"/>
  </xsl:function>

  <xsl:key name="ed:tag-usage" match="tei:tagsDecl//tei:tagUsage[@render]" use="normalize-space(@gi)"/>
  <!-- Whether the document (the global context item) declares a rendition per element name at all. -->
  <xsl:variable name="ed:has-tag-usage" as="xs:boolean" select="exists(//tei:tagsDecl//tei:tagUsage[@render])"/>

  <!-- The words and CSS declarations of a rend or style value ("italic bold", "font-style: italic;
       text-align:center", "indent(2)"). Remembered (cache) for each value: a document repeats a few
       values thousands of times (test14.xml: rend="hidden" on 1,890 line breaks), and reading one
       takes up to half a dozen regular expressions, microseconds each. -->
  <xsl:function name="ed:rend-words" as="xs:string*" visibility="private" cache="yes">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="tokenize(replace(lower-case(normalize-space($value)), '\s*:\s*', ':'), '[\s;,]+')[.]
      ! replace(., '^simple:', '') ! ed:rend-token(.)"/>
  </xsl:function>

  <!-- A tagsDecl rendition: CSS (scheme="css", or declarations without a scheme) or words. -->
  <xsl:function name="ed:rendition-hint" as="xs:string*" visibility="private">
    <xsl:param name="rendition" as="element(tei:rendition)?"/>
    <xsl:sequence select="ed:rend-words(string($rendition))"/>
  </xsl:function>

  <xsl:function name="ed:rend-token" as="xs:string*" visibility="private">
    <xsl:param name="t" as="xs:string"/>
    <xsl:variable name="indent" as="xs:string?" select="replace($t, '^indent\(?(\d+)\)?$', '$1')[matches($t, '^indent\(?\d+\)?$')]"/>
    <xsl:sequence select="
      if ($t = ('i', 'it', 'ital', 'italic', 'italics', 'italicised', 'italicized', 'cursiva', 'cursive', 'font-style:italic', 'font-style:oblique')) then 'italic'
      else if ($t = ('roman', 'upright', 'normal', 'font-style:normal')) then 'upright'
      else if ($t = ('b', 'bold', 'negrita', 'strong', 'font-weight:bold', 'font-weight:bolder')
        or matches($t, '^font-weight:[6-9]00$')) then 'bold'
      else if ($t = ('u', 'ul', 'underline', 'underlined', 'text-decoration:underline')) then 'underline'
      else if ($t = ('overline', 'text-decoration:overline')) then 'overline'
      else if ($t = ('strikethrough', 'strike', 'struck', 'overstrike', 'line-through', 'text-decoration:line-through')) then 'strikethrough'
      else if ($t = ('sup', 'super', 'superscript', 'above', 'vertical-align:super', 'vertical-align:top')) then 'superscript'
      else if ($t = ('sub', 'subscript', 'below', 'vertical-align:sub', 'vertical-align:bottom')) then 'subscript'
      else if ($t = ('sc', 'smallcaps', 'small-caps', 'font-variant:small-caps')) then 'smallcaps'
      else if ($t = ('caps', 'allcaps', 'uppercase', 'text-transform:uppercase')) then 'uppercase'
      else if ($t = ('large', 'larger', 'big', 'font-size:larger', 'font-size:large')) then 'larger'
      else if ($t = ('small', 'smaller', 'font-size:smaller', 'font-size:small')) then 'smaller'
      else if ($t = ('spaced', 'letterspace', 'letterspaced', 'gesperrt', 'expanded')
        or matches($t, '^letter-spacing:0*\.?0*[1-9]')) then 'spaced'
      else if ($t = ('gothic', 'blackletter', 'black-letter', 'fraktur', 'textura')) then 'blackletter'
      else if ($t = ('left', 'align-left', 'text-align:left', 'text-align:start', 'text-align:justify')) then 'left'
      else if ($t = ('center', 'centre', 'centered', 'centred', 'text-align:center')) then 'center'
      else if ($t = ('right', 'align-right', 'flush-right', 'text-align:right', 'text-align:end')) then 'right'
      else if ($t = ('block', 'display', 'display:block')) then 'display-block'
      else if ($t = ('inline', 'run-on', 'runon', 'display:inline', 'display:inline-block')) then 'display-inline'
      else if (exists($indent)) then ('indent', 'indent-' || min((6, max((1, xs:integer($indent))))))
      else if (starts-with($t, 'indent') or matches($t, '^(margin-left|padding-left|text-indent):[1-9]')) then 'indent'
      else ()"/>
  </xsl:function>

  <!-- The look TEI implies when @rend says nothing: a bare hi is highlighted (in italics, as the
       TEI Stylesheets have it); titles of books and journals, emphasis and terms in italic; article
       titles and soCalled in quotation marks; markup names in code. (Deletions and other editorial
       interventions show their Leiden signs instead: signs.xsl.) -->
  <xsl:function name="ed:default-look" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if (exists(ed:rend-hint($e))) then () else ed:implied-look($e)"/>
  </xsl:function>

  <!-- The look TEI implies for an element, whatever its @rend says; ed:default-look asks it only when
       @rend says nothing. Two elements imply a look by their attributes or place, and a hi only
       without a rendition of its own; the others by their name alone, looked up (not a type test of
       each name in turn: up to fifteen for a phrase that implies none, and every phrase asks). -->
  <xsl:function name="ed:implied-look" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e instance of element(tei:title)) then (if ($e/@level = ('a', 'u')) then 'quoted' else 'italic')
      else if ($e instance of element(tei:label)) then (if ($e/parent::tei:p) then 'bold' else ())
      else if ($e instance of element(tei:hi) and exists($e/(@rend | @rendition | @style))) then ()
      else $ed:implied-looks(node-name($e))"/>
  </xsl:function>

  <!-- The looks that follow from an element's name (hi's: without a rendition of its own). -->
  <xsl:variable name="ed:implied-looks" as="map(xs:QName, xs:string)" select="map:merge((
    ('hi', 'emph', 'mentioned', 'term', 'distinct') ! map{xs:QName('tei:' || .): 'italic'},
    map{xs:QName('tei:soCalled'): 'quoted'},
    ('gi', 'att', 'val', 'ident', 'code', 'tag') ! map{xs:QName('tei:' || .): 'code'}))"/>

  <!-- The hint of a phrase that asks for no rendition: its name, then the look it implies unless
       that is its name (code). Every phrase of the text asks; those whose look follows from their
       name alone (hi among them, as the caller has made sure it asks for no rendition) have their
       hint made once, in $ed:implied-hints: looked up, it costs half what its making does
       (test14.xml's 2,199 hi, 10,800 -> 5,000 instructions each). -->
  <xsl:function name="ed:implied-hint" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
      if ($e instance of element(tei:title) or $e instance of element(tei:label)) then ed:hint-with-look(local-name($e), ed:implied-look($e))
      else ($ed:implied-hints(node-name($e)), local-name($e))[1]"/>
  </xsl:function>

  <xsl:variable name="ed:implied-hints" as="map(xs:QName, xs:string)" select="map:merge(
    map:keys($ed:implied-looks) ! map{.: ed:hint-with-look(local-name-from-QName(.), $ed:implied-looks(.))})"/>

  <xsl:function name="ed:hint-with-look" as="xs:string" visibility="private">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="look" as="xs:string?"/>
    <xsl:sequence select="if (empty($look) or $look eq $name) then $name else $name || ' ' || $look"/>
  </xsl:function>

</xsl:stylesheet>
