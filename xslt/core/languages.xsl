<?xml version="1.0" encoding="UTF-8"?>
<!-- Language tags. TEI documents often use ISO 639-2/3 codes ("eng", "lat") where BCP 47 (HTML
     lang, XSL-FO language) requires the two-letter ISO 639-1 code when one exists, and sometimes
     values that are no language at all. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ISO 639-1: every language with a two-letter code. -->
  <xsl:variable name="ed:iso639-1" as="xs:string+" select="tokenize('aa ab ae af ak am an ar as av ay az ba be
    bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga
    gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr
    ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc
    oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg
    th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu')"/>

  <!-- Three-letter codes (bibliographic and terminological) of languages that have a two-letter code. -->
  <xsl:variable name="ed:iso639-2to1" as="map(xs:string, xs:string)" select="map{
    'eng': 'en', 'lat': 'la', 'pol': 'pl', 'deu': 'de', 'ger': 'de', 'fra': 'fr', 'fre': 'fr', 'ita': 'it',
    'spa': 'es', 'rus': 'ru', 'nld': 'nl', 'dut': 'nl', 'por': 'pt', 'ces': 'cs', 'cze': 'cs', 'slv': 'sl',
    'swe': 'sv', 'dan': 'da', 'nor': 'no', 'fin': 'fi', 'hun': 'hu', 'heb': 'he', 'ara': 'ar', 'zho': 'zh',
    'chi': 'zh', 'jpn': 'ja', 'ell': 'el', 'gre': 'el', 'lit': 'lt', 'lav': 'lv', 'ukr': 'uk', 'hrv': 'hr',
    'srp': 'sr', 'bul': 'bg', 'ron': 'ro', 'rum': 'ro', 'tur': 'tr', 'cym': 'cy', 'wel': 'cy', 'gle': 'ga',
    'isl': 'is', 'ice': 'is', 'cat': 'ca', 'eus': 'eu', 'baq': 'eu', 'glg': 'gl', 'slk': 'sk', 'slo': 'sk',
    'est': 'et', 'fas': 'fa', 'per': 'fa', 'hin': 'hi', 'san': 'sa', 'yid': 'yi', 'gla': 'gd', 'bre': 'br'}"/>

  <!-- A BCP 47 tag for an xml:lang value, or '' when it cannot be one. Subtags after the language
       are kept if well-formed; private-use and TEI's "x-" values are kept as they are valid tags.
       Asked of every element with an xml:lang, with a handful of values: cached (for the
       transformation, as ed:html-classes is). -->
  <xsl:function name="ed:bcp47" as="xs:string" cache="yes">
    <xsl:param name="code" as="xs:string?"/>
    <xsl:variable name="c" as="xs:string" select="normalize-space($code)"/>
    <xsl:variable name="primary" as="xs:string" select="lower-case(substring-before($c || '-', '-'))"/>
    <xsl:variable name="rest" as="xs:string" select="substring-after($c, '-')"/>
    <xsl:variable name="mapped" as="xs:string?" select="
      if ($primary = $ed:iso639-1) then $primary
      else if (map:contains($ed:iso639-2to1, $primary)) then $ed:iso639-2to1($primary)
      else if (matches($primary, '^[a-z]{3}$') or $primary = ('x', 'i')) then $primary
      else ()"/>
    <xsl:sequence select="
      if (empty($mapped)) then ''
      else if ($rest = '') then $mapped
      else if (matches($rest, '^[A-Za-z0-9]{1,8}(-[A-Za-z0-9]{1,8})*$')) then $mapped || '-' || $rest
      else $mapped"/>
  </xsl:function>

</xsl:stylesheet>
