<?xml version="1.0" encoding="UTF-8"?>
<!-- Every user-visible word of every output, in one place (translate here, nowhere else). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="ed:strings" as="map(xs:string, xs:string)" select="map{
    'untitled': 'Untitled document',
    'contents': 'Contents',
    'contents-sections': 'Contents by section',
    'chronology': 'Chronology',
    'chronology-intro': 'Entries in date order, with their normalised dates.',
    'introduction': 'About this edition',
    'source': 'Source',
    'editorial-principles': 'Editorial principles',
    'project': 'The project',
    'how-to-cite': 'How to cite',
    'licence': 'Licence',
    'edition': 'Edition',
    'publisher': 'Publisher',
    'last-updated': 'Last updated',
    'responsibility': 'Responsibility',
    'notes': 'Notes',
    'note': 'Note',
    'back-to-text': 'Back to the text',
    'downloads': 'Downloads',
    'download-tei': 'TEI XML',
    'download-pdf': 'PDF',
    'download-text': 'Plain text',
    'text': 'Text',
    'home': 'Home',
    'persons': 'Persons',
    'places': 'Places',
    'organisations': 'Organisations',
    'registers': 'Registers',
    'register-entry': 'Register entry',
    'attributes': 'attributes',
    'correspondence': 'Correspondence',
    'corresp-sent': 'From',
    'corresp-received': 'To',
    'corresp-transmitted': 'Transmitted by',
    'corresp-redirected': 'Redirected to',
    'corresp-forwarded': 'Forwarded to',
    'corresp-other': 'Correspondent',
    'corresp-previous': 'Previous letter',
    'corresp-next': 'Next letter',
    'page-break': 'Page break',
    'mentions': 'Mentions',
    'no-mentions': 'Not mentioned in the text.',
    'variants': 'Forms used in the text',
    'authority': 'Authority records',
    'born': 'born',
    'died': 'died',
    'occupation': 'Occupation',
    'reading': 'Reading',
    'reading-corrected': 'Corrected reading',
    'reading-diplomatic': 'Diplomatic reading',
    'show-diplomatic': 'Show the diplomatic reading',
    'show-corrected': 'Show the corrected reading',
    'original': 'Original',
    'correction': 'Editorial correction',
    'correction-of': 'original:',
    'expansion': 'Abbreviation',
    'expansion-of': 'abbreviated:',
    'regularisation': 'Regularised spelling',
    'regularisation-of': 'original spelling:',
    'corrected-as': 'corrected to:',
    'expanded-as': 'expanded to:',
    'regularised-as': 'regularised to:',
    'page': 'page',
    'column': 'column',
    'gap': '[…]',
    'gap-label': 'omitted or illegible text',
    'unclear': 'unclear reading',
    'witness': 'witness',
    'readings': 'Variant readings',
    'omitted': 'om.',
    'lemma': 'Lemma',
    'apparatus': 'Apparatus',
    'apparatus-entry': 'Apparatus entry',
    'line-abbr': 'l.',
    'apparatus-note-separator': ' — ',
    'witnesses': 'Witnesses',
    'gap-lost': 'lost',
    'gap-illegible': 'illegible',
    'gap-omitted': 'omitted',
    'unit-character': 'character',
    'unit-characters': 'characters',
    'unit-line': 'line',
    'unit-lines': 'lines',
    'unit-word': 'word',
    'unit-words': 'words',
    'unit-page': 'page',
    'unit-pages': 'pages',
    'div-edition': 'Edition',
    'div-apparatus': 'Apparatus',
    'div-translation': 'Translation',
    'div-commentary': 'Commentary',
    'div-bibliography': 'Bibliography',
    'coordinates': 'coordinates',
    'passage': 'passage',
    'authority-geonames': 'GeoNames',
    'authority-wikidata': 'Wikidata',
    'authority-gnd': 'GND',
    'authority-viaf': 'VIAF',
    'authority-pmb': 'PMB',
    'figure': 'Figure',
    'image': 'Image',
    'date-uncertain': 'date uncertain',
    'circa': 'c.',
    'between': 'between',
    'and': 'and',
    'to': 'to',
    'before': 'before',
    'after': 'after',
    'skip-to-content': 'Skip to the text',
    'main-navigation': 'Site',
    'site-footer': 'About this page',
    'metadata': 'Document information',
    'language': 'Language',
    'keywords': 'Keywords',
    'abstract': 'Summary',
    'entry': 'Entry',
    'section': 'Section',
    'no-date': 'undated',
    'untitled-section': 'Untitled section',
    'cite-accessed': 'accessed',
    'decl-correction': 'Corrections',
    'decl-normalization': 'Normalisation',
    'decl-quotation': 'Quotations',
    'decl-segmentation': 'Segmentation',
    'decl-interpretation': 'Interpretation',
    'decl-hyphenation': 'Hyphenation',
    'decl-punctuation': 'Punctuation',
    'decl-stdVals': 'Standard values',
    'decl-p': 'Editorial practice',
    'text-front': 'Front matter',
    'text-back': 'Back matter',
    'unnamed-entry': 'Unnamed entry',
    'in-text': 'In the text',
    'place-in': 'in',
    'place-in-start': 'In',
    'places-within': 'Places within',
    'map': 'Map',
    'index': 'Index',
    'interventions': 'Editorial interventions'
  }"/>

  <!-- The user-visible string for $key; an unknown key is a programming error, shown loudly. -->
  <xsl:function name="ed:string" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="($ed:strings($key), '[' || $key || ']')[1]"/>
  </xsl:function>

  <!-- The string for $key if there is one, else $fallback (for keys derived from element names). -->
  <xsl:function name="ed:string-or" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:sequence select="($ed:strings($key), $fallback)[1]"/>
  </xsl:function>

  <xsl:variable name="ed:month-names" as="xs:string+" select="('January', 'February', 'March',
    'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December')"/>

  <!-- A yes/no stylesheet parameter: the pipeline passes every parameter as a string. -->
  <xsl:function name="ed:yes" as="xs:boolean">
    <xsl:param name="flag" as="xs:string"/>
    <xsl:sequence select="lower-case(normalize-space($flag)) = ('yes', 'true', '1')"/>
  </xsl:function>

</xsl:stylesheet>
