<?xml version="1.0" encoding="UTF-8"?>
<!-- Dates: normalised form (ISO 8601 / W3C, as in @when) and the human label every output shows. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The normalised value of a dating element: "1937-09-01", or a range "1937-09/1937-10"
       (@from/@to or @notBefore/@notAfter), or '' when it carries no machine-readable date. -->
  <xsl:function name="ed:date-iso" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="start" as="xs:string" select="normalize-space(($d/@from, $d/@notBefore, $d/@from-iso, $d/@notBefore-iso)[1])"/>
    <xsl:variable name="end" as="xs:string" select="normalize-space(($d/@to, $d/@notAfter, $d/@to-iso, $d/@notAfter-iso)[1])"/>
    <xsl:sequence select="
      if (normalize-space(($d/@when, $d/@when-iso)[1])) then normalize-space(($d/@when, $d/@when-iso)[1])
      else if ($start or $end) then $start || '/' || $end
      else ''"/>
  </xsl:function>

  <!-- The date that dates an entry: the date in its head or in the run-in label that opens its first
       paragraph (label type="dateline"), else the first date of the block after the head, else its
       first dated date. -->
  <xsl:function name="ed:entry-date" as="element()?">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="run-in" as="element()?" select="$div/*[1][self::tei:p]/*[1][self::tei:label]"/>
    <xsl:sequence select="($div/tei:head//tei:date, $run-in//tei:date,
      $div/tei:head/following-sibling::*[1]/descendant-or-self::tei:date[1],
      $div//tei:date[ed:date-iso(.)])[1]"/>
  </xsl:function>

  <!-- What a dated entry is called in contents and bookmarks: its normalised date in words
       ("15 September 1937"), never the diarist's raw words and punctuation ("The 15th of Sept.,"). -->
  <xsl:function name="ed:entry-label" as="xs:string?">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div[@type = ('entry', 'letter', 'day', 'diaryEntry')] ! ed:entry-date(.)[ed:date-iso(.)] ! ed:date-label(.)"/>
  </xsl:function>

  <!-- A division without a heading named by its kind (introduction, colophon ...), if the kind is known. -->
  <xsl:function name="ed:division-kind-label" as="xs:string?">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="$div/@type ! ('division-' || lower-case(normalize-space(.))) ! ed:string-or(., '')[.]"/>
  </xsl:function>

  <!-- A sortable key (the earliest known point), '' when undated: "1937-09-01" sorts after "1937-09". -->
  <xsl:function name="ed:date-sort" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="iso" as="xs:string" select="ed:date-iso($d)"/>
    <xsl:sequence select="if ($iso = '') then '' else (tokenize($iso, '/')[normalize-space()][1], '')[1]"/>
  </xsl:function>

  <!-- One ISO date as words: "1 September 1937", "September 1937", "1937"; anything else unchanged. -->
  <xsl:function name="ed:format-iso" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <!-- Only the date part of a dateTime; negative (BCE) years are left as written. -->
    <xsl:variable name="date" as="xs:string" select="replace($iso, 'T.*$', '')"/>
    <xsl:variable name="ok" as="xs:boolean" select="matches($date, '^\d{4}(-\d{2}(-\d{2})?)?$')"/>
    <xsl:variable name="parts" as="xs:string*" select="if ($ok) then tokenize($date, '-') else ()"/>
    <xsl:variable name="y" as="xs:string?" select="$parts[1]"/>
    <xsl:variable name="m" as="xs:integer?" select="$parts[2] ! xs:integer(.)"/>
    <xsl:variable name="day" as="xs:integer?" select="$parts[3] ! xs:integer(.)"/>
    <xsl:sequence select="
      if (empty($y)) then $iso
      else if (exists($m) and ($m lt 1 or $m gt 12)) then $iso
      else string-join((
        if (exists($day) and exists($m)) then string($day) else (),
        if (exists($m)) then $ed:month-names[$m] else (),
        string(xs:integer($y))), ' ')"/>
  </xsl:function>

  <!-- The label an output shows for a dating element: "1 September 1937", "between 1 and 5 September
       1937" style ranges as "A to B" (@from/@to) or "between A and B" (@notBefore/@notAfter), prefixed
       with "c." when @cert says the editor inferred it. Falls back to the element's own text. -->
  <xsl:function name="ed:date-label" as="xs:string">
    <xsl:param name="d" as="element()"/>
    <xsl:variable name="from" as="xs:string" select="normalize-space(($d/@from, $d/@from-iso)[1])"/>
    <xsl:variable name="to" as="xs:string" select="normalize-space(($d/@to, $d/@to-iso)[1])"/>
    <xsl:variable name="nb" as="xs:string" select="normalize-space(($d/@notBefore, $d/@notBefore-iso)[1])"/>
    <xsl:variable name="na" as="xs:string" select="normalize-space(($d/@notAfter, $d/@notAfter-iso)[1])"/>
    <xsl:variable name="when" as="xs:string" select="normalize-space(($d/@when, $d/@when-iso)[1])"/>
    <xsl:variable name="label" as="xs:string" select="
      if ($when) then ed:format-iso($when)
      else if ($from and $to) then ed:format-iso($from) || ' ' || ed:string('to') || ' ' || ed:format-iso($to)
      else if ($nb and $na) then ed:string('between') || ' ' || ed:format-iso($nb) || ' ' || ed:string('and') || ' ' || ed:format-iso($na)
      else if ($from or $nb) then ed:string('after') || ' ' || ed:format-iso($from || $nb)
      else if ($to or $na) then ed:string('before') || ' ' || ed:format-iso($to || $na)
      else normalize-space($d)"/>
    <xsl:sequence select="if ($d/@cert = ('low', 'medium', 'unknown') and $label) then ed:string('circa') || ' ' || $label else $label"/>
  </xsl:function>

</xsl:stylesheet>
