<?xml version="1.0" encoding="UTF-8"?>
<!-- What the header says, for readers (introduction, colophon, how to cite) and for machines
     (Dublin Core and Highwire Press citation_* meta tags, read by Zotero and Google Scholar). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:html-citation-meta">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:variable name="date" as="xs:string" select="(ed:publication-date($doc)[.], substring(ed:last-updated($doc), 1, 10))[1]"/>
    <xsl:variable name="licence" as="map(*)?" select="ed:licence($doc)"/>
    <meta name="DC.title" content="{ed:title($doc)}"/>
    <xsl:for-each select="ed:authors($doc)"><meta name="DC.creator" content="{.}"/></xsl:for-each>
    <xsl:if test="ed:publisher($doc)"><meta name="DC.publisher" content="{ed:publisher($doc)}"/></xsl:if>
    <xsl:if test="$date"><meta name="DC.date" content="{$date}"/></xsl:if>
    <meta name="DC.language" content="{ed:language($doc)}"/>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <xsl:for-each select="ed:sources($doc)[self::tei:bibl or self::tei:biblStruct]"><meta name="DC.source" content="{ed:bibl-text(.)}"/></xsl:for-each>
    <xsl:if test="exists($licence)"><meta name="DC.rights" content="{($licence?url[.], $licence?text)[1]}"/></xsl:if>
    <meta name="citation_title" content="{ed:title($doc)}"/>
    <xsl:for-each select="ed:authors($doc)"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <!-- Highwire wants YYYY/MM/DD (or the year alone). -->
    <xsl:if test="$date"><meta name="citation_publication_date" content="{translate($date, '-', '/')}"/></xsl:if>
    <xsl:if test="ed:publisher($doc)"><meta name="citation_publisher" content="{ed:publisher($doc)}"/></xsl:if>
    <meta name="citation_language" content="{ed:language($doc)}"/>
    <xsl:if test="tokenize(lower-case($downloads)) = 'pdf'">
      <meta name="citation_pdf_url" content="{ed:html-absolute(ed:html-download-href('pdf'))}"/>
    </xsl:if>
    <xsl:if test="$ed:html-site"><meta name="citation_fulltext_html_url" content="{ed:html-absolute(ed:html-text-file())}"/></xsl:if>
  </xsl:template>

  <!-- A link made absolute against $base-url when the publisher gave one (reference managers need it). -->
  <xsl:function name="ed:html-absolute" as="xs:string">
    <xsl:param name="href" as="xs:string"/>
    <xsl:variable name="base" as="xs:string" select="ed:web-url($base-url)"/>
    <xsl:sequence select="if ($base) then string(resolve-uri($href, replace($base, '([^/])$', '$1/'))) else $href"/>
  </xsl:function>

  <!-- "Author. Title. Subtitle. Edition. Publisher, date. URL" -->
  <xsl:function name="ed:html-how-to-cite" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:sequence select="string-join((
      string-join(ed:authors($doc), ', ')[.],
      ed:title($doc), ed:subtitle($doc)[.], ed:edition($doc)[.],
      string-join((ed:publisher($doc)[.], ed:publication-date($doc)[.]), ', ')[.],
      ed:web-url($base-url)[.] ! ed:html-absolute(ed:html-text-file()))
      ! replace(., '([^.!?])$', '$1.'), ' ')"/>
  </xsl:function>

  <xsl:template name="ed:html-title-block">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="heading" as="xs:string" select="ed:title($doc)"/>
    <header class="title-block">
      <h1>{$heading}</h1>
      <xsl:if test="ed:subtitle($doc) and $heading = ed:title($doc)"><p class="subtitle">{ed:subtitle($doc)}</p></xsl:if>
      <xsl:if test="exists(ed:authors($doc))"><p class="author">{string-join(ed:authors($doc), ', ')}</p></xsl:if>
      <xsl:if test="ed:series-title($doc)"><p class="series">{ed:series-title($doc)}</p></xsl:if>
      <xsl:call-template name="ed:html-correspondence"><xsl:with-param name="doc" select="$doc"/></xsl:call-template>
    </header>
  </xsl:template>

  <!-- Sender, addressee, places and dates of a letter; the letters before and after it. -->
  <xsl:template name="ed:html-correspondence">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:for-each select="ed:correspondence($doc)">
      <xsl:variable name="parts" as="map(xs:string, xs:string)*" select="?*"/>
      <xsl:if test="exists($parts[?kind = 'action'])">
        <dl class="correspondence" aria-label="{ed:string('correspondence')}">
          <xsl:for-each select="$parts[?kind = 'action']">
            <dt>{?label}</dt><dd>{?text}</dd>
          </xsl:for-each>
        </dl>
      </xsl:if>
      <xsl:if test="exists($parts[?kind = ('previous', 'next')])">
        <ul class="letter-sequence">
          <xsl:for-each select="$parts[?kind = ('previous', 'next')]">
            <li class="{?kind}">{?label}: <xsl:choose>
                <xsl:when test="?href"><a href="{?href}" rel="{if (?kind = 'previous') then 'prev' else 'next'}{if (starts-with(?href, '#')) then '' else ' external noopener'}">{?text}</a></xsl:when>
                <xsl:otherwise>{?text}</xsl:otherwise>
              </xsl:choose></li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- The introduction generated from the header: source, project, editorial principles, how to
       cite, licence. Used on the index page of a site and at the top of a standalone page. The
       header's prose goes through the core's walk like the text (a note there is read in place). -->
  <!-- The editor's interventions in the text (corrections, expansions, regularisations), the same
       one in several places listed once: the reading of the text ] what the source has, then a link
       to each place ("1, 2, 3, 4"), so a reader can check every one. The readings are shown as the
       text page shows them first ($reading). -->
  <xsl:template name="ed:html-interventions">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:param name="base" as="xs:string" required="yes"/>
    <xsl:variable name="groups" as="array(element())*"
        select="ed:intervention-groups(ed:choices-in-text($doc)[ed:is-intervention(.)])"/>
    <xsl:if test="exists($groups)">
      <h3 id="{ed:own-id('interventions-heading')}">{ed:string('interventions')}</h3>
      <ul class="interventions" aria-labelledby="{ed:own-id('interventions-heading')}">
        <xsl:for-each select="$groups">
          <xsl:variable name="choice" as="element()" select="?1"/>
          <xsl:variable name="shown" as="element()?" select="ed:shown-reading($choice)"/>
          <xsl:variable name="kind" as="xs:string" select="ed:choice-kind($choice)"/>
          <xsl:variable name="diplomatic-shown" as="xs:boolean" select="exists($shown[self::tei:sic or self::tei:abbr or self::tei:orig])"/>
          <xsl:variable name="places" as="element()*" select="?*"/>
          <li>
            <span class="reading">{ed:plain-text($shown/node())}</span>
            <xsl:text> ] </xsl:text>
            <span class="label">{ed:string(if ($diplomatic-shown)
              then map{'correction': 'corrected-as', 'expansion': 'expanded-as', 'regularisation': 'regularised-as'}($kind)
              else $kind || '-of')}</span>
            <xsl:text> {ed:plain-text(($choice/* except $shown)/node())} </xsl:text>
            <span class="places">
              <xsl:for-each select="$places">
                <xsl:if test="position() gt 1">, </xsl:if>
                <a href="{$base}#{ed:id(.)}" aria-label="{ed:string('intervention-place')} {position()}/{count($places)}">{position()}</a>
              </xsl:for-each>
            </span>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ed:html-introduction">
    <xsl:param name="doc" as="element()" required="yes"/>
    <!-- The text page, for links to places in the text ('' when the introduction is on it). -->
    <xsl:param name="base" as="xs:string" select="''"/>
    <xsl:variable name="licence" as="map(*)?" select="ed:licence($doc)"/>
    <section class="introduction" aria-labelledby="{ed:own-id('intro-heading')}">
      <h2 id="{ed:own-id('intro-heading')}">{ed:string('introduction')}</h2>
      <xsl:apply-templates select="$doc/tei:teiHeader/tei:profileDesc/tei:abstract[normalize-space()]/node()" mode="ed:render"/>
      <xsl:if test="exists(ed:sources($doc))">
        <h3>{ed:string('source')}</h3>
        <xsl:for-each select="ed:sources($doc)">
          <xsl:choose>
            <xsl:when test="self::tei:p"><xsl:apply-templates select="." mode="ed:render"/></xsl:when>
            <xsl:otherwise>
              <p class="bibl">{ed:source-text(.)}<xsl:if test="ed:bibl-url(.)">
                <xsl:text> </xsl:text><a href="{ed:bibl-url(.)}" rel="external noopener">{ed:bibl-url(.)}</a></xsl:if></p>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:if>
      <xsl:for-each select="$doc/tei:teiHeader/tei:encodingDesc/tei:projectDesc[normalize-space()]">
        <h3>{ed:string('project')}</h3>
        <xsl:apply-templates select="node()" mode="ed:render"/>
      </xsl:for-each>
      <xsl:if test="exists(ed:editorial-sections($doc))">
        <h3>{ed:string('editorial-principles')}</h3>
        <dl class="editorial">
          <xsl:for-each select="ed:editorial-sections($doc)">
            <dt>{ed:string-or('decl-' || local-name(), local-name())}</dt>
            <dd><xsl:apply-templates select="if (self::tei:p or self::tei:ab) then . else node()" mode="ed:render"/></dd>
          </xsl:for-each>
        </dl>
      </xsl:if>
      <xsl:call-template name="ed:html-interventions">
        <xsl:with-param name="doc" select="$doc"/>
        <xsl:with-param name="base" select="$base"/>
      </xsl:call-template>
      <h3>{ed:string('how-to-cite')}</h3>
      <p class="how-to-cite">{ed:html-how-to-cite($doc)}</p>
      <xsl:if test="exists($licence)">
        <h3>{ed:string('licence')}</h3>
        <p class="licence"><xsl:call-template name="ed:html-licence"><xsl:with-param name="licence" select="$licence"/></xsl:call-template></p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- The licence, linked to its URL. A short name ("CC BY 4.0") is the link itself; a licence
       spelt out in full stays plain text with the URL linked after it, and in the colophon of
       every page (brief) it is just "Licence", linked. -->
  <xsl:template name="ed:html-licence">
    <xsl:param name="licence" as="map(*)" required="yes"/>
    <xsl:param name="brief" as="xs:boolean" select="false()"/>
    <xsl:variable name="text" as="xs:string" select="string($licence?text)"/>
    <xsl:variable name="url" as="xs:string" select="string($licence?url)"/>
    <xsl:variable name="short" as="xs:boolean" select="string-length($text) le 80"/>
    <xsl:choose>
      <xsl:when test="not($url)">{$text}</xsl:when>
      <xsl:when test="$text and $short">
        <a href="{$url}" rel="license external noopener">{$text}</a>
      </xsl:when>
      <xsl:when test="$brief"><a href="{$url}" rel="license external noopener">{ed:string('licence')}</a></xsl:when>
      <xsl:otherwise>
        <xsl:if test="$text">{$text}<xsl:text> </xsl:text></xsl:if>
        <a href="{$url}" rel="license external noopener">{$url}</a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:html-colophon">
    <xsl:param name="doc" as="element()" required="yes"/>
    <xsl:variable name="licence" as="map(*)?" select="ed:licence($doc)"/>
    <p class="colophon">
      <xsl:value-of select="(string-join(ed:responsibilities($doc), '; ')[.],
        ed:publisher($doc)[.] ! (ed:string('publisher') || ': ' || .),
        ed:last-updated($doc)[.] ! (ed:string('last-updated') || ': ' || ed:format-iso(.)))" separator=" · "/>
      <xsl:if test="exists($licence)">
        <xsl:text> · </xsl:text>
        <xsl:call-template name="ed:html-licence">
          <xsl:with-param name="licence" select="$licence"/>
          <xsl:with-param name="brief" select="true()"/>
        </xsl:call-template>
      </xsl:if>
    </p>
  </xsl:template>

</xsl:stylesheet>
