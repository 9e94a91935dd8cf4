<?xml version="1.0" encoding="UTF-8"?>
<!-- The pages of the whole collection: home (every document), the registers (persons, places,
     organisations), the chronology and the about page (the search page is the site step's too, written by
     pipeline/publish/search.py around Pagefind's UI). One page per run ($page),
     like the HTML stylesheet it imports, over the collection the site step writes
     (pipeline/publish/site.py), never over one document:

     <ed:collection title="…" schema="…" invalid="hold|publish">
       <tei:TEI>…</tei:TEI>                          the edition's own header (title, language)
       <ed:document name="…" href="…" tei="…" text="…" pdf="…" valid="yes|no" path="…">
         (the document's record, see record.xsl)
       </ed:document>*
       <ed:register kind="person|place|org">
         <ed:group anchor="…"> <ed:anchor id="…"/>* (one TEI entry, with every source's idno)
           <ed:source document="…" title="…"/>* <ed:mentioned document="…" href="…" title="…">
           <ed:at anchor="…">text</ed:at>* </ed:mentioned>* </ed:group>*
       </ed:register>*
     </ed:collection>

     Pages work without JavaScript; edition.js only adds sorting and filtering to the home table. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The HTML stylesheet in use, so that the site's pages look like its documents' pages: the
       project's own xslt/html/html.xsl when it has one (pipeline/publish/transform.py passes its
       address), else the packaged one. -->
  <xsl:param name="tei-edition-html" static="yes" as="xs:string" select="'../html/html.xsl'"/>
  <xsl:import _href="{$tei-edition-html}"/>

  <xsl:mode on-no-match="fail" use-accumulators="#all"/>
  <!-- Each page of the collection is one mode over ed:collection. -->
  <xsl:mode name="ed:site-home" on-no-match="fail"/>
  <xsl:mode name="ed:site-register" on-no-match="fail"/>
  <xsl:mode name="ed:site-chronology" on-no-match="fail"/>
  <xsl:mode name="ed:site-about" on-no-match="fail"/>

  <!-- A collection only: a TEI document is the imported HTML stylesheet's, so this stylesheet
       renders a document's page and record exactly as the HTML one does (the build uses that). -->
  <xsl:template match="document-node(element(ed:collection))">
    <xsl:variable name="collection" as="element(ed:collection)" select="ed:collection"/>
    <xsl:variable name="register" as="map(xs:string, xs:string)?" select="$ed:html-register-pages[?label = $page]"/>
    <xsl:call-template name="ed:html-page">
      <xsl:with-param name="doc" select="$collection/tei:TEI"/>
      <xsl:with-param name="text-link" select="false()"/>
      <xsl:with-param name="current" select="($register?file, $page || '.html')[1]"/>
      <xsl:with-param name="page-title" select="string-join((
        if ($page = 'index') then () else ed:string(($register?label, $page)[1]), string($collection/@title)), ' — ')"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:choose>
          <xsl:when test="$page = 'index'"><xsl:apply-templates select="$collection" mode="ed:site-home"/></xsl:when>
          <xsl:when test="exists($register)">
            <xsl:apply-templates select="$collection" mode="ed:site-register"><xsl:with-param name="kind" select="$register?kind"/></xsl:apply-templates>
          </xsl:when>
          <xsl:when test="$page = 'chronology'"><xsl:apply-templates select="$collection" mode="ed:site-chronology"/></xsl:when>
          <xsl:when test="$page = 'about'"><xsl:apply-templates select="$collection" mode="ed:site-about"/></xsl:when>
          <xsl:otherwise><xsl:sequence select="error(xs:QName('ed:page'), 'unknown site page: ' || $page)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Home: one row per document. A plain table (sortable and filterable by edition.js). -->
  <xsl:template match="ed:collection" mode="ed:site-home">
    <h1>{@title}</h1>
    <xsl:choose>
      <xsl:when test="empty(ed:document)"><p>{ed:string('no-documents')}</p></xsl:when>
      <xsl:otherwise>
        <section class="documents" aria-labelledby="{ed:own-id('documents-heading')}">
          <h2 id="{ed:own-id('documents-heading')}">{ed:string('documents')} ({count(ed:document)})</h2>
          <p>{ed:string('documents-intro')}</p>
          <xsl:variable name="types" as="xs:string*" select="sort(distinct-values(ed:document/ed:type ! string(.)))"/>
          <xsl:if test="count($types) gt 1">
            <p class="document-filter" hidden="">
              <label for="{ed:own-id('document-type')}">{ed:string('filter-type')}</label>
              <xsl:text> </xsl:text>
              <select id="{ed:own-id('document-type')}" data-filter-column="type">
                <option value="">{ed:string('all-types')}</option>
                <xsl:for-each select="$types"><option value="{.}">{.}</option></xsl:for-each>
              </select>
            </p>
          </xsl:if>
          <div class="table-wrap">
            <table class="document-list" id="{ed:own-id('documents')}">
              <thead>
                <tr>
                  <th scope="col" data-sort="text">{ed:string('title')}</th>
                  <th scope="col">{ed:string('author')}</th>
                  <th scope="col" data-sort="date">{ed:string('date')}</th>
                  <th scope="col">{ed:string('type')}</th>
                  <th scope="col">{ed:string('language')}</th>
                  <th scope="col">{ed:string('downloads')}</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="ed:document">
                  <xsl:sort select="(ed:date/@sort, '9999')[1]"/>
                  <xsl:sort select="lower-case(ed:title)"/>
                  <tr data-type="{ed:type}" data-date="{ed:date/@sort}" data-title="{lower-case(ed:title)}">
                    <td><a href="{ed:site-href(@href)}">{ed:title}</a>
                      <xsl:if test="@valid = 'no'"><xsl:text> </xsl:text><span class="flag" title="{ed:string('flagged-invalid')}">⚠</span></xsl:if></td>
                    <td>{string-join(ed:author, '; ')}</td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="ed:date[ed:html-date(@sort)]"><time datetime="{ed:date/@sort}">{ed:date}</time></xsl:when>
                        <xsl:when test="ed:date">{ed:date}</xsl:when>
                        <xsl:otherwise>{ed:string('undated')}</xsl:otherwise>
                      </xsl:choose>
                    </td>
                    <td>{ed:type}</td>
                    <td>{ed:language}</td>
                    <td class="document-downloads"><xsl:call-template name="ed:site-document-downloads"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:site-document-downloads">
    <xsl:variable name="doc" as="element(ed:document)" select="."/>
    <xsl:for-each select="for $kind in ('tei', 'pdf', 'text') return $doc/@*[local-name() = $kind]">
      <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
      <a href="{ed:site-href(.)}">{map{'tei': 'TEI', 'pdf': 'PDF', 'text': ed:string('text')}(local-name())}</a>
    </xsl:for-each>
  </xsl:template>

  <!-- A file name from the build as a link (names may hold spaces and any script). -->
  <xsl:function name="ed:site-href" as="xs:string">
    <xsl:param name="path" as="xs:string"/>
    <xsl:sequence select="string-join(tokenize($path, '/') ! (if (. = '..') then . else encode-for-uri(.)), '/')"/>
  </xsl:function>

  <!-- A register of the collection: every merged entry, what it is, its authorities, where it is
       described and every place that mentions it, by document. -->
  <xsl:template match="ed:collection" mode="ed:site-register">
    <xsl:param name="kind" as="xs:string" required="yes"/>
    <xsl:variable name="groups" as="element(ed:group)*" select="ed:register[@kind = $kind]/ed:group"/>
    <section class="register {$kind}" aria-labelledby="{ed:own-id('register-' || $kind)}">
      <h1 id="{ed:own-id('register-' || $kind)}">{ed:string($ed:html-register-pages[?kind = $kind]?label)} ({count($groups)})</h1>
      <xsl:for-each select="$groups">
        <xsl:sort select="ed:entity-sort(*[namespace-uri() = 'http://www.tei-c.org/ns/1.0'][1])" lang="en"/>
        <xsl:sort select="string(@anchor)"/>
        <xsl:variable name="entry" as="element()" select="*[namespace-uri() = 'http://www.tei-c.org/ns/1.0'][1]"/>
        <article class="entity" id="{@anchor}">
          <xsl:for-each select="ed:anchor"><span id="{@id}"></span></xsl:for-each>
          <h2>{ed:entity-label($entry)}<xsl:if test="ed:life-dates($entry)"><xsl:text> </xsl:text><span class="life-dates">({ed:life-dates($entry)})</span></xsl:if></h2>
          <xsl:for-each select="$entry"><xsl:call-template name="ed:html-identification"/></xsl:for-each>
          <xsl:variable name="authorities" as="map(*)*" select="ed:authorities($entry)"/>
          <xsl:if test="exists($authorities)">
            <p class="authority"><span class="field">{ed:string('authority')}:</span>
              <xsl:for-each select="$authorities">
                <xsl:text> </xsl:text><a href="{?url}" rel="external noopener">{?label}</a>
              </xsl:for-each>
            </p>
          </xsl:if>
          <xsl:if test="ed:source">
            <p class="sources"><span class="field">{ed:string('defined-in')}:</span>
              <xsl:for-each select="ed:source">
                <xsl:text>{if (position() gt 1) then ', ' else ' '}</xsl:text>
                <xsl:choose>
                  <xsl:when test="@href"><a href="{ed:site-href(@href)}">{@title}</a></xsl:when>
                  <xsl:otherwise>{@title}</xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
            </p>
          </xsl:if>
          <h3>{ed:string('mentioned-in')} ({count(ed:mentioned/ed:at)})</h3>
          <xsl:choose>
            <xsl:when test="empty(ed:mentioned)"><p class="no-mentions">{ed:string('no-mentions')}</p></xsl:when>
            <xsl:otherwise>
              <ul class="mentions">
                <xsl:for-each select="ed:mentioned">
                  <li><a class="context" href="{ed:site-href(@href)}">{@title}</a>
                    <xsl:text>: </xsl:text>
                    <xsl:for-each select="ed:at">
                      <xsl:if test="position() gt 1">, </xsl:if>
                      <a class="mention" href="{ed:site-href(../@href)}#{@anchor}">{(normalize-space(.)[.], ed:string('entry'))[1]}</a>
                    </xsl:for-each>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:otherwise>
          </xsl:choose>
        </article>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- The chronology across documents: every dated entry of every document (a diary's days, a
       collection of letters) and every dated document without such entries, in one date order. -->
  <xsl:template match="ed:collection" mode="ed:site-chronology">
    <h1>{ed:string('chronology')}</h1>
    <p>{ed:string('chronology-collection-intro')}</p>
    <xsl:variable name="items" as="element()*" select="ed:document/ed:entry, ed:document[empty(ed:entry)][ed:date/@sort != '']"/>
    <xsl:for-each-group select="$items" group-by="substring(ed:site-sort-key(.), 1, 4)">
      <xsl:sort select="current-grouping-key()"/>
      <section class="year" aria-labelledby="{ed:own-id('year-' || current-grouping-key())}">
        <h2 id="{ed:own-id('year-' || current-grouping-key())}">{current-grouping-key()}</h2>
        <ol class="chronology">
          <xsl:for-each select="current-group()">
            <xsl:sort select="ed:site-sort-key(.)"/>
            <xsl:sort select="lower-case((ancestor-or-self::ed:document/ed:title)[1])"/>
            <xsl:variable name="document" as="element(ed:document)" select="ancestor-or-self::ed:document"/>
            <li>
              <xsl:choose>
                <xsl:when test="self::ed:entry">
                  <a href="{ed:site-href($document/@href)}#{@anchor}">{@label}</a>
                  <xsl:text> — {$document/ed:title}</xsl:text>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:choose>
                    <xsl:when test="ed:date[ed:html-date(@sort)]"><time datetime="{ed:date/@sort}">{ed:date}</time></xsl:when>
                    <xsl:otherwise>{ed:date}</xsl:otherwise>
                  </xsl:choose>
                  <xsl:text>: </xsl:text>
                  <a href="{ed:site-href(@href)}">{ed:title}</a>
                </xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:for-each-group>
  </xsl:template>

  <xsl:function name="ed:site-sort-key" as="xs:string">
    <xsl:param name="item" as="element()"/>
    <xsl:sequence select="string(($item/self::ed:entry/@sort, $item/ed:date/@sort)[1])"/>
  </xsl:function>


  <xsl:template match="ed:collection" mode="ed:site-about">
    <h1>{ed:string('about')}: {@title}</h1>
    <p>{replace(replace(ed:string('about-collection'), '\{count\}', string(count(ed:document))), '\{schema\}', string(@schema))}</p>
    <p>{ed:string('about-outputs')}</p>
    <ul class="catalogue-links">
      <li><a href="../catalogue/catalogue.csv" type="text/csv">catalogue.csv</a></li>
      <li><a href="../catalogue/catalogue.json" type="application/json">catalogue.json</a></li>
      <li><a href="../catalogue/oai-pmh.xml" type="application/xml">oai-pmh.xml</a></li>
    </ul>
  </xsl:template>

</xsl:stylesheet>
