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
    'interventions': 'Editorial interventions',
    'search': 'Search',
    'about': 'About',
    'documents': 'Documents',
    'documents-intro': 'Every document of the edition. Sort by a column heading; filter by type.',
    'title': 'Title',
    'author': 'Author',
    'date': 'Date',
    'type': 'Type',
    'all-types': 'All types',
    'filter-type': 'Show',
    'sort-by': 'Sort by',
    'read': 'Read',
    'flagged-invalid': 'published although it does not validate',
    'mentioned-in': 'Mentioned in',
    'defined-in': 'Described in',
    'chronology-collection-intro': 'The documents and their dated entries, in date order.',
    'search-intro': 'Search the text of every document and the registers.',
    'search-needs-server': 'Search runs in the browser but needs the site to be served over http(s): run “edition serve” and open the address it prints. Opened as a file, the browser does not load the search index.',
    'search-needs-script': 'Search needs JavaScript. Every document is listed on the home page.',
    'about-collection': 'This edition holds {count} documents, validated against {schema}.',
    'about-outputs': 'Every document is published as a web page, with its TEI source, its plain text and (where Apache FOP is installed) a PDF. The catalogue lists them for libraries: catalogue.csv, catalogue.json and an OAI-PMH static repository.',
    'catalogue': 'Catalogue',
    'no-documents': 'No documents are published yet.'
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

</xsl:stylesheet>
