<?xml version="1.0" encoding="UTF-8"?>
<!-- Registers of persons, places and organisations: alphabetical, with identification, life dates,
     the forms used in the text, authority links, and a link back to every mention, grouped by entry. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="ed:html-register-entries" as="element()*">
    <xsl:param name="doc" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:perform-sort select="ed:html-register-members($doc, $kind)">
      <xsl:sort select="ed:entity-sort(.)" lang="en"/>
      <xsl:sort select="string(@xml:id)"/>
    </xsl:perform-sort>
  </xsl:function>

  <!-- The entries of one register, in document order. A page asks for each kind several times
       (whether it has a register, its link, the register itself), and every entry of the text is
       looked up for its mentions: remembered (cache), that is done once. -->
  <xsl:function name="ed:html-register-members" as="element()*" cache="yes">
    <xsl:param name="doc" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="ed:register-entries($doc, $kind)[$ed:html-site or ed:html-in-page-register(.)]"/>
  </xsl:function>

  <!-- Whether the register of a document's own page lists the entry: every entry the text mentions,
       and every entry the text does not show itself (one in the header or standOff), so that its
       words reach the page. An entry of a list in the text that nothing mentions is shown where it
       stands: an article saying that it is not mentioned would repeat the page's own content (the
       index of places whose body is a listPlace of 2,252 places came out twice). A site's register
       pages are pages of their own and list every entry. -->
  <xsl:function name="ed:html-in-page-register" as="xs:boolean">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="not($entry/ancestor::tei:text) or exists(ed:mentions($entry))"/>
  </xsl:function>

  <!-- Whether a document has a register of $kind (asked without sorting its entries). -->
  <xsl:function name="ed:html-has-register" as="xs:boolean">
    <xsl:param name="doc" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="exists(ed:html-register-members($doc, $kind))"/>
  </xsl:function>

  <!-- Where a register entry is shown: its register page in a site, a section of the same page
       otherwise. An entry no register lists (an event, a work, an object) is shown only where the
       text itself has it (a listEvent in the back); in the header or standOff it is shown nowhere,
       and a link to it would lead nowhere: ''. -->
  <xsl:function name="ed:html-entry-href" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:variable name="register" as="map(xs:string, xs:string)?" select="$ed:html-register-pages[?kind = ed:entity-kind($entry)]"/>
    <xsl:sequence select="
      if ($entry[self::tei:person or self::tei:personGrp or self::tei:place or self::tei:org] and exists($register)
        and ($ed:html-site or ed:html-in-page-register($entry)))
      then (if ($ed:html-site) then $register?file else '') || '#' || ed:html-entry-anchor($entry)
      else if ($entry/ancestor::tei:text) then (if ($ed:html-site) then ed:html-text-file() else '') || '#' || ed:id($entry)
      else ''"/>
  </xsl:function>

  <!-- The register's anchor for an entry: its id, unless the entry also appears in the text (a
       listPlace in the body), where that id is already taken on the same standalone page. -->
  <xsl:function name="ed:html-entry-anchor" as="xs:string">
    <xsl:param name="entry" as="element()"/>
    <xsl:sequence select="if (not($ed:html-site) and $entry/ancestor::tei:text) then ed:own-id('register-' || ed:id($entry)) else ed:id($entry)"/>
  </xsl:function>

  <!-- The passage a mention is grouped under: its dated entry, else its nearest headed division. -->
  <xsl:function name="ed:html-mention-context" as="element()?">
    <xsl:param name="mention" as="element()"/>
    <xsl:sequence select="($mention/ancestor::tei:div[@type = ('entry', 'letter', 'day', 'diaryEntry')][1],
      $mention/ancestor::*[ed:is-division(.)][tei:head][1])[1]"/>
  </xsl:function>

  <!-- A dated entry is named by its normalised date ("15 September 1937"), anything else by its label. -->
  <xsl:function name="ed:html-context-label" as="xs:string">
    <xsl:param name="context" as="element()"/>
    <xsl:sequence select="(($context[@type = ('entry', 'letter', 'day', 'diaryEntry')] ! ed:entry-date(.)) ! ed:date-label(.)[.],
      ed:division-label($context))[1]"/>
  </xsl:function>

  <xsl:template name="ed:html-register">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="kind" as="xs:string" required="yes"/>
    <xsl:param name="level" as="xs:integer" required="yes"/>
    <xsl:param name="heading" as="xs:string?"/>
    <xsl:variable name="entries" as="element()*" select="ed:html-register-entries($doc, $kind)"/>
    <xsl:variable name="base" as="xs:string" select="if ($ed:html-site) then ed:html-text-file() else ''"/>
    <section class="register {$kind}" aria-labelledby="{ed:own-id('register-' || $kind)}">
      <xsl:element name="h{$level}"><xsl:attribute name="id" select="ed:own-id('register-' || $kind)"/>{($heading, ed:string($ed:html-register-pages[?kind = $kind]?label))[1]}</xsl:element>
      <xsl:for-each select="$entries">
        <article class="entity" id="{ed:html-entry-anchor(.)}">
          <xsl:variable name="life-dates" as="xs:string" select="ed:life-dates(.)"/>
          <xsl:element name="h{$level + 1}">{ed:entity-label(.)}<xsl:if test="$life-dates"><xsl:text> </xsl:text><span class="life-dates">({$life-dates})</span></xsl:if></xsl:element>
          <xsl:call-template name="ed:html-identification"/>
          <xsl:variable name="mentions" as="element()*" select="ed:mentions(.)"/>
          <xsl:variable name="forms" as="xs:string*" select="distinct-values($mentions ! ed:plain-text(.)[.])"/>
          <xsl:if test="exists($forms)">
            <p class="variants"><span class="field">{ed:string('variants')}:</span> {string-join($forms ! ('“' || . || '”'), ', ')}</p>
          </xsl:if>
          <xsl:variable name="authorities" as="map(*)*" select="ed:authorities(.)"/>
          <xsl:if test="exists($authorities)">
            <p class="authority"><span class="field">{ed:string('authority')}:</span>
              <xsl:for-each select="$authorities">
                <xsl:text> </xsl:text><a href="{?url}" rel="external noopener">{?label}</a>
              </xsl:for-each>
            </p>
          </xsl:if>
          <xsl:element name="h{$level + 2}">{ed:string('mentions')} ({count($mentions)})</xsl:element>
          <xsl:choose>
            <xsl:when test="empty($mentions)"><p class="no-mentions">{ed:string('no-mentions')}</p></xsl:when>
            <xsl:otherwise>
              <ul class="mentions">
                <xsl:for-each-group select="$mentions" group-adjacent="(ed:html-mention-context(.) ! ed:id(.), '')[1]">
                  <xsl:variable name="context" as="element()?" select="ed:html-mention-context(.)"/>
                  <li>
                    <xsl:choose>
                      <xsl:when test="$context"><a class="context" href="{$base}#{ed:id($context)}">{ed:html-context-label($context)}</a></xsl:when>
                      <xsl:otherwise><span class="context">{ed:string('in-text')}</span></xsl:otherwise>
                    </xsl:choose>
                    <xsl:text>: </xsl:text>
                    <xsl:for-each select="current-group()">
                      <xsl:if test="position() gt 1">, </xsl:if>
                      <a class="mention" href="{$base}#{ed:id(.)}">{(ed:plain-text(.)[.], ed:string('entry'))[1]}</a>
                    </xsl:for-each>
                  </li>
                </xsl:for-each-group>
              </ul>
            </xsl:otherwise>
          </xsl:choose>
        </article>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- Who or what the entry is: occupation, affiliation, description, location. -->
  <xsl:template name="ed:html-identification">
    <xsl:variable name="facts" as="xs:string*" select="(
      (tei:occupation, tei:affiliation, tei:roleName, tei:sex[normalize-space()], tei:faith) ! normalize-space(.)[.],
      (tei:settlement, tei:region, tei:country, tei:location/(tei:settlement, tei:country, tei:address)) ! normalize-space(.)[.])"/>
    <xsl:if test="exists($facts)"><p class="facts">{string-join(distinct-values($facts), '; ')}</p></xsl:if>
    <xsl:call-template name="ed:html-place-setting"/>
    <xsl:for-each select="(tei:note, tei:desc)[normalize-space()]">
      <p class="identification">{normalize-space(.)}</p>
    </xsl:for-each>
  </xsl:template>

  <!-- A place is identified by what it is and where: "Street in Brussels, Belgium" (the places it is
       nested in, nearest first, each a link), the places within it, and a map link for its geo. -->
  <xsl:template name="ed:html-place-setting">
    <xsl:if test="self::tei:place">
      <xsl:variable name="within" as="element(tei:place)*" select="reverse(ancestor::tei:place[@xml:id])"/>
      <xsl:variable name="kind" as="xs:string" select="normalize-space(@type)"/>
      <xsl:if test="$kind or exists($within)">
        <p class="place-setting">
          <xsl:if test="$kind">{upper-case(substring($kind, 1, 1)) || substring($kind, 2)}</xsl:if>
          <xsl:if test="exists($within)">
            <xsl:text>{if ($kind) then ' ' || ed:string('place-in') else ed:string('place-in-start')} </xsl:text>
            <xsl:for-each select="$within">
              <xsl:if test="position() gt 1">, </xsl:if>
              <a href="{ed:html-entry-href(.)}">{ed:entity-label(.)}</a>
            </xsl:for-each>
          </xsl:if>
        </p>
      </xsl:if>
      <xsl:variable name="inner" as="element(tei:place)*" select="tei:place[@xml:id]"/>
      <xsl:if test="exists($inner)">
        <p class="places-within"><span class="field">{ed:string('places-within')}:</span>
          <xsl:for-each select="sort($inner, 'en', ed:entity-sort#1)">
            <xsl:text>{if (position() gt 1) then ', ' else ' '}</xsl:text>
            <a href="{ed:html-entry-href(.)}">{ed:entity-label(.)}</a>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:variable name="geo" as="xs:string*" select="tokenize(normalize-space((tei:location/tei:geo)[1]))"/>
      <xsl:if test="count($geo) = 2 and (every $n in $geo satisfies $n castable as xs:decimal)
          and abs(xs:decimal($geo[1])) le 90 and abs(xs:decimal($geo[2])) le 180">
        <p class="map"><a href="https://www.openstreetmap.org/?mlat={$geo[1]}&amp;mlon={$geo[2]}#map=14/{$geo[1]}/{$geo[2]}"
            rel="external noopener">{ed:string('map')}</a> ({$geo[1]}, {$geo[2]})</p>
      </xsl:if>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
