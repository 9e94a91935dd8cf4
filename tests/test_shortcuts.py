"""Core services that answer by a quicker route answer as their definitions do.

Regular expressions. A regular expression costs saxonche microseconds a call (``matches(., '\\d$')`` over the corpus's
34,401 attribute values: 55 ms, against 15 ms for a translate() of each), and some services run for
every line, date or rendition of a document. Those services read the usual values with string
functions and hand the rest to the regular expressions. The definitions below are what the services
computed before they had shortcuts; for any value, odd ones included, both must give the same answer.
(tests/test_urls.py does the same for the URL services.)

Keys. The elements of several names below a node (divisions, names, register entries, parts of lists
and tables) come from a key: a path such as ``$n//(tei:div | tei:div1 ...)`` tests every element against each name,
ten times the cost. A key reads only trees under a document node; elsewhere the services take the
path. For every element of every test document and corpus file, and in a tree a stylesheet makes,
both routes must find the same elements.

Ordinals. An anchor without an xml:id is "ed-<name>-<n>", the element's place among the elements
of its local name in document order; the core counts them in maps made once per document: of the
anchor names through Saxon's index of names (by local name in a document with elements of other
namespaces), of any other name from one walk of the document. For every element of the test
documents, the corpus, a teiCorpus whose frames, entries and lines have no xml:id, and the same with
elements of another namespace, it must be the element's place in its name's group.

Notes. HTML and FO write the content of a note that holds its text alone (ed:note-is-text-alone)
where it goes, and hold any other note's content to look inside first (for ids to leave out of the
copy HTML shows in place; for blocks and notes within, in FO). For notes of every sort, the page and
the book must be what the general way makes of them.

Lists. Whether a list holds its members alone is asked twice of every list by HTML and FO; it asks
the list's text first and tries each element against the members of that kind of list only. For
every element of the test documents, the corpus and a document of every kind of list with whatever
may stand in it, it must answer as its definition (every child node against every kind) does.

Renditions. A phrase whose one rendition is @rend has its hint made once per name and value, and
ed:rend-hint reads @rend alone without the general route's rendition and style; for names of every
kind of look and values odd and repeated, both must give what the general rule gives.

Runs of plain text. A run of text whose elements are notes alone is laid out as one line with the
notes' markers joined into it, not through the grouping of its pieces at line breaks that any other
run takes: for text of every sort of whitespace and line separator, with notes anywhere in it, both
must give the same line.

Authorities. An identifier that is a plain web URL is its own link; any other value goes through the
URL services and the known authorities' patterns, as every value did before: for identifiers as
registers write them and any string, both must give the same link.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.project import PACKAGE_XSLT_DIR
from pipeline.publish.transform import Transformer
from teitools import checking_stylesheet, compiled_stylesheet, tei_document

DEFINITIONS = r"""
  <xsl:function name="def:shown-line-number" as="xs:string">
    <xsl:param name="line" as="element()"/>
    <xsl:variable name="n" as="xs:string" select="normalize-space($line/@n)"/>
    <xsl:variable name="count" as="xs:string?" select="replace($n, '^(.*\D)?(\d+)$', '$2')[matches($n, '\d$')]"/>
    <xsl:sequence select="
      if (not($n)) then ''
      else if ($count castable as xs:integer and not(matches($n, '[^\d.]'))) then
        (if (xs:integer($count) mod 5 = 0 or tokenize($line/@rend) = 'numbered') then $count else '')
      else replace($n, '^.*\.', '')"/>
  </xsl:function>
"""

#: The core with an output that implements its behaviours (the core alone does not compile).
CORE_WITH_TEXT = PACKAGE_XSLT_DIR / "text" / "text.xsl"


def values_check(imported: Path, declarations: str, each_value: str) -> str:
    """A checking stylesheet (see :func:`checking_stylesheet`) run over the parameter $values (see
    :func:`mismatches`): ``declarations`` (the definitions), then ``each_value`` for each value, the
    value in $value, reporting each difference on a line that starts "MISMATCH"."""
    return checking_stylesheet(imported, f"""
  <xsl:param name="values" as="array(xs:string)"/>
  {declarations}
  <xsl:template name="xsl:initial-template">
    <xsl:for-each select="$values?*">
      <xsl:variable name="value" as="xs:string" select="."/>
      {each_value}
    </xsl:for-each>
  </xsl:template>""")


CHECK = values_check(CORE_WITH_TEXT, DEFINITIONS, """
  <xsl:variable name="lines" as="element()*">
    <tei:l n="{$value}"/>
    <tei:lb n="{$value}" rend="numbered"/>
  </xsl:variable>
  <xsl:for-each select="$lines">
    <xsl:if test="ed:shown-line-number(.) ne def:shown-line-number(.)">
      <xsl:value-of select="'MISMATCH shown-line-number ' || string-to-codepoints(@n) => string-join(' ')
        || ' ' || @rend || ': ' || ed:shown-line-number(.) || ' | ' || def:shown-line-number(.) || '&#10;'"/>
    </xsl:if>
  </xsl:for-each>
""")


def mismatches(values: list[str], check: str = CHECK) -> str:
    processor, executable = compiled_stylesheet(check)
    # What the core asks of the document rendered (a name's anchor, whether it declares renditions
    # by element name) it asks of the global context item: a small TEI document.
    executable.set_global_context_item(xdm_item=processor.parse_xml(xml_text=tei_document("<p>x</p>")))
    executable.set_parameter("values", processor.make_array([processor.make_string_value(v) for v in values]))
    return executable.call_template_returning_string() or ""


#: What line numbers are made of: ASCII and other digits (Arabic-Indic, fullwidth, a superscript),
#: dots, letters, signs and whitespace.
LINE_NUMBER_ALPHABET = "0123456789.. aivx-+ \t\n\u0661\u0669\uff15\u00b2"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=LINE_NUMBER_ALPHABET, max_size=12), min_size=1, max_size=40))
def test_line_numbers_answer_as_their_definition(values):
    assert mismatches(values) == ""


def test_known_line_numbers():
    assert mismatches(["", "5", "7", "10", "0", "00", "007", "010", "1.1.5", "1.1.7a", "10a", "iv",
                       " 15 ", "1.", ".5", "12345678901234567890", "\u0661\u0665", "５", "1 5", "-5"]) == ""


def test_the_check_finds_a_difference():
    """The comparison can fail: a definition that shows every line is told apart (a check that could
    never mismatch would prove nothing)."""
    wrong = CHECK.replace("mod 5 = 0 or", "mod 1 = 0 or")
    assert "MISMATCH shown-line-number" in mismatches(["7"], wrong)


KEYED = checking_stylesheet(CORE_WITH_TEXT, """
  <xsl:template match="/" priority="10">
    <xsl:variable name="made" as="element()"><xsl:copy-of select="/*"/></xsl:variable>
    <xsl:for-each select="/, //*, $made, $made//*">
      <xsl:variable name="here" select="(if (. instance of document-node()) then 'document' else local-name())
        || ' ' || count(ancestor::*) || (if (root(.) instance of document-node()) then '' else ' (made)')"/>
      <xsl:if test="not(deep-equal(ed:divisions-below(.) ! generate-id(),
          .//(tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7) ! generate-id()))">
        <xsl:value-of select="'MISMATCH divisions-below at ' || $here || '&#10;'"/>
      </xsl:if>
      <xsl:if test="not(deep-equal(ed:names-below(.) ! generate-id(),
          .//(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs) ! generate-id()))">
        <xsl:value-of select="'MISMATCH names-below at ' || $here || '&#10;'"/>
      </xsl:if>
      <xsl:if test=". instance of element() and not(deep-equal(ed:register-entries(., ('person', 'place')) ! generate-id(),
          .//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id][ed:entity-kind(.) = ('person', 'place')] ! generate-id()))">
        <xsl:value-of select="'MISMATCH register-entries at ' || $here || '&#10;'"/>
      </xsl:if>
      <xsl:if test="not(deep-equal(ed:first-part-out-of-place(.) ! generate-id(),
          (.//(tei:item | tei:castItem | tei:specDesc | tei:row | tei:cell))[ed:is-part-out-of-place(.)][1] ! generate-id()))">
        <xsl:value-of select="'MISMATCH first-part-out-of-place at ' || $here || '&#10;'"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:value-of select="'checked ' || count(//*) || '&#10;'"/>
  </xsl:template>
""")


def keyed_report(path, check: str = KEYED) -> str:
    processor, executable = compiled_stylesheet(check)
    return executable.transform_to_string(xdm_node=processor.parse_xml(xml_file_name=str(path))) or ""


#: Documents with divisions, names and lists and tables in and out of place.
CASES = sorted((Path(__file__).parent / "cases").glob("*/input.xml"))


#: Numbered divisions inside unnumbered ones, names in the header and the text, register entries
#: (one without an id), list items, a row and a cell out of place, and a castItem in a castGroup.
NUMBERED = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T
  <persName>Author</persName></title></titleStmt><publicationStmt><p>P</p></publicationStmt>
  <sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>
  <text><body><div1><head>One</head><div2><p>A <placeName ref="#x">place</placeName> and
  <rs type="person">him</rs>.</p><div3><p><item>stray</item></p><div><p><cell>c</cell></p></div></div3></div2></div1>
  <div><list><item><name>n</name></item><item><list><item>inner</item></list></item></list>
  <table><row><cell>1</cell></row></table><p><row><cell>r</cell></row></p>
  <castList><castGroup><castItem>Duncan</castItem></castGroup></castList><div2><p>late</p></div2></div>
  <div><listPlace><place xml:id="x"><placeName>X</placeName><place><placeName>Y</placeName></place></place>
  </listPlace><listPerson><person xml:id="p"/><personGrp xml:id="g"/></listPerson></div>
  </body></text></TEI>"""


def test_keyed_searches_with_numbered_divisions(tmp_path):
    path = tmp_path / "numbered.xml"
    path.write_text(NUMBERED, encoding="utf-8")
    report = keyed_report(path)
    assert "checked" in report and "MISMATCH" not in report, report


def test_the_keyed_check_finds_a_difference(tmp_path):
    """A route that leaves out div2 is told apart, in a document and in a made tree."""
    path = tmp_path / "numbered.xml"
    path.write_text(NUMBERED, encoding="utf-8")
    wrong = KEYED.replace(".//(tei:div | tei:div1 | tei:div2 |", ".//(tei:div | tei:div1 |")
    report = keyed_report(path, wrong)
    assert "MISMATCH divisions-below at document" in report and "(made)" in report, report


# --- a list of members alone --------------------------------------------------------------------
#: ed:holds-only-members as it was written before it asked its text first and tried each element
#: against the members of its own kind of list only: every child node against every kind of member;
#: and no child the anchor of a standoff app's call (which would follow it, between the members).
MEMBERS = checking_stylesheet(CORE_WITH_TEXT, """
  <xsl:function name="def:holds-only-members" as="xs:boolean">
    <xsl:param name="list" as="element()"/>
    <xsl:sequence select="not($ed:has-standoff-apps and exists($list/*[@xml:id][exists(ed:apps-called-after(.))]))
      and (every $n in ($list/node() except $list/tei:head)
      satisfies ($n/self::text()[not(normalize-space())] or $n/self::comment() or $n/self::processing-instruction()
        or $n/self::tei:item or $n/self::tei:label[following-sibling::*[1][self::tei:item]]
        or $n/(self::tei:bibl | self::tei:biblStruct)[parent::tei:listBibl] or $n/self::tei:witness[parent::tei:listWit]
        or $n/self::tei:person[parent::tei:listPerson] or $n/self::tei:place[parent::tei:listPlace]
        or $n/self::tei:org[parent::tei:listOrg] or $n/self::tei:event[parent::tei:listEvent]
        or $n/self::tei:relation[parent::tei:listRelation]))"/>
  </xsl:function>
  <xsl:template match="/" priority="10">
    <xsl:for-each select="//*[ed:holds-only-members(.) ne def:holds-only-members(.)]">
      <xsl:value-of select="'MISMATCH holds-only-members at ' || local-name() || ' ' || count(preceding::*) || '&#10;'"/>
    </xsl:for-each>
    <xsl:value-of select="'checked ' || count(//*) || ', members only ' || count(//*[ed:holds-only-members(.)]) || '&#10;'"/>
  </xsl:template>
""")

#: Each kind of list with what may stand in it: its own members, another kind's, a label before
#: its item or not, a head, text, white space, a comment and a processing instruction.
LIST_KINDS = {"list": "item", "listBibl": "bibl", "listWit": "witness", "listPerson": "person", "listPlace": "place",
              "listOrg": "org", "listEvent": "event", "listRelation": "relation", "castList": "castItem",
              "castGroup": "castItem"}


def lists_document(standoff: bool = False) -> str:
    """With ``standoff``, a standoff apparatus whose entry is called after a list's first member."""
    lists = ['<list><item xml:id="called"/><item>b</item></list>'] if standoff else []
    for kind, member in LIST_KINDS.items():
        other = "person" if member != "person" else "place"
        for content in (f"<{member}/>", f"\n  <{member}/> <!-- c --> <?pi x?>\n  <{member}/>", f"<head>H</head><{member}/>",
                        f"<{other}/>", f"<{member}/>text", f"<{member}/><p>p</p>", "<label>1</label><item/>",
                        "<item/><label>1</label>", "<biblStruct/>", "<head>H</head>", ""):
            lists.append(f"<{kind}>{content}</{kind}>")
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
            f'<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>'
            f'<text><body><div>{"".join(lists)}</div>'
            + ('<listApp><app from="#called"><rdg>r</rdg></app></listApp>' if standoff else '')
            + '</body></text></TEI>')


@pytest.mark.parametrize("standoff", [False, True], ids=["without-standoff-apps", "with-a-standoff-app"])
def test_lists_of_members_alone_are_told_as_their_definition_tells(tmp_path, standoff):
    path = tmp_path / "lists.xml"
    path.write_text(lists_document(standoff), encoding="utf-8")
    report = keyed_report(path, MEMBERS)
    # Both answers occur: a check whose every list were the same either way would prove little.
    assert "checked" in report and "members only 0" not in report and "MISMATCH" not in report, report


def test_a_list_whose_member_a_standoff_app_is_called_after_is_not_members_alone(tmp_path):
    """The call follows that member, between it and the next: the list is not its members alone,
    while the document's other lists still are."""
    path = tmp_path / "lists.xml"
    path.write_text(lists_document(standoff=True), encoding="utf-8")
    check = MEMBERS.replace("<xsl:template match=\"/\" priority=\"10\">", """<xsl:template match="/" priority="10">
      <xsl:value-of select="'called list: ' || ed:holds-only-members(//tei:item[@xml:id = 'called']/..) || '&#10;'"/>""")
    report = keyed_report(path, check)
    assert "called list: false" in report and "members only 0" not in report, report


def test_the_members_check_finds_a_difference(tmp_path):
    """A definition that takes a person for a member of any list is told apart."""
    path = tmp_path / "lists.xml"
    path.write_text(lists_document(), encoding="utf-8")
    wrong = MEMBERS.replace("$n/self::tei:person[parent::tei:listPerson]", "$n/self::tei:person")
    assert "MISMATCH holds-only-members" in keyed_report(path, wrong)


#: Every element's ordinal against its definition: its place among the elements of its local name,
#: in document order (a group of one name, in every namespace, is in document order).
ORDINALS = checking_stylesheet(CORE_WITH_TEXT, """
  <xsl:template match="/" priority="10">
    <xsl:for-each-group select="//*" group-by="local-name()">
      <xsl:for-each select="current-group()">
        <xsl:if test="ed:ordinal(.) ne position()">
          <xsl:value-of select="'MISMATCH ordinal of ' || local-name() || ' ' || position() || ': ' || ed:ordinal(.) || '&#10;'"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:for-each-group>
    <xsl:value-of select="'checked ' || count(//*) || ', of ' || count(distinct-values(//*/local-name())) || ' names&#10;'"/>
  </xsl:template>
""")


def anchors_document(other_namespace: bool = False) -> str:
    """A teiCorpus whose members' frames, register entries and line beginnings have no xml:id,
    beside notes, names and elements of no anchor name; with ``other_namespace``, an example of
    markup holding elements of those names in the Examples namespace."""
    example = ('<egXML xmlns="http://www.tei-c.org/ns/Examples"><div><note>n</note><person/><lb/>'
               "<place/><text>t</text></div></egXML>") if other_namespace else ""
    member = ('<TEI><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>'
              "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>"
              "<standOff><listPerson><person><persName>A</persName></person><person/></listPerson>"
              "<listPlace><place><placeName>P</placeName></place></listPlace></standOff>"
              f"<text><front><div><p>f<lb/>g</p></div></front><body><div><p>a<note>n</note><lb/>b"
              f"<persName>A</persName></p>{example}<p>c<lb/>d</p></div></body><back/></text></TEI>")
    return ('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>C</title>'
            "</titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>"
            f"</teiHeader>{member}{member}</teiCorpus>")


@pytest.mark.parametrize("other_namespace", [False, True], ids=["tei-only", "with-an-example"])
def test_ordinals_are_each_elements_place_among_its_names(tmp_path, other_namespace):
    path = tmp_path / "anchors.xml"
    path.write_text(anchors_document(other_namespace), encoding="utf-8")
    report = keyed_report(path, ORDINALS)
    assert "checked" in report and "MISMATCH" not in report, report


@pytest.mark.parametrize("other_namespace", [False, True], ids=["tei-only", "with-an-example"])
def test_the_ordinals_check_finds_a_difference(tmp_path, other_namespace):
    """A map that counts line beginnings wrongly is told apart."""
    path = tmp_path / "anchors.xml"
    path.write_text(anchors_document(other_namespace), encoding="utf-8")
    wrong = ORDINALS.replace('<xsl:template match="/" priority="10">', """
      <xsl:variable name="ed:ordinals" as="map(xs:string, xs:integer)"
          xmlns:map="http://www.w3.org/2005/xpath-functions/map"
          select="map:merge(//*[local-name() = 'lb'] ! map{generate-id(.): 7})"/>
      <xsl:template match="/" priority="10">""")
    assert "MISMATCH ordinal of lb" in keyed_report(path, wrong)


# --- searches by name from the document node ---------------------------------------------------
#: A page's searches of its document by element name start from ed:descendants-root($doc), the
#: document node where $doc is its document's element (Saxon's index of names); ed:date-written
#: takes the first docDate or dateline date from that index, and ed:document-type's test for
#: speeches too. Below, as they were written before: paths from the element itself.
NAMED = checking_stylesheet(CORE_WITH_TEXT, """
  <xsl:function name="def:date-written" as="element()?">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="profile" as="element()*" select="$doc/tei:teiHeader/tei:profileDesc"/>
    <xsl:variable name="source" as="element()*" select="$doc/tei:teiHeader/tei:fileDesc/tei:sourceDesc"/>
    <xsl:sequence select="(
      $profile/tei:correspDesc/tei:correspAction[@type = 'sent']/tei:date,
      $profile/tei:creation//(tei:date | tei:origDate),
      $source//tei:msDesc//tei:origDate,
      ed:divisions-below($doc)[ed:is-dated-entry(.)][ancestor::tei:text][not(preceding-sibling::*[ed:is-dated-entry(.)])] ! ed:entry-date(.),
      $doc/descendant::*[self::tei:date or self::tei:docDate][ancestor::tei:text]
        [self::tei:docDate or ancestor::tei:dateline[ancestor::tei:text]][1],
      $source/tei:bibl[@type = ('firstEdition', 'printSource', 'copyText', 'edition')]/tei:date,
      $source//tei:biblFull//tei:publicationStmt/tei:date
      )[ed:date-sort(.)][1]"/>
  </xsl:function>
  <xsl:function name="def:document-type" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="class" as="element()*" select="$doc/tei:teiHeader/tei:profileDesc/tei:textClass"/>
    <xsl:sequence select="(
      ($class/tei:catRef/@target ! tokenize(.)[1] ! replace(., '^.*#', '')),
      normalize-space(($class/tei:keywords[matches(string-join((@scheme, @n, @type), ' '), 'genre|form|type', 'i')]/tei:term)[1]),
      normalize-space($doc/@type),
      normalize-space($doc/tei:text/@type),
      (if ($doc/tei:teiHeader/tei:profileDesc/tei:correspDesc) then 'letter' else ()),
      'drama'[$doc/tei:text//tei:sp],
      $doc/tei:text/tei:body[count(tei:div | tei:div1) = 1]/(tei:div | tei:div1)/normalize-space(@type),
      '')[.][1] => string()"/>
  </xsl:function>
  <xsl:template match="/" priority="10">
    <xsl:variable name="made" as="element()"><xsl:copy-of select="/*"/></xsl:variable>
    <xsl:for-each select="//*, $made, $made//*">
      <xsl:variable name="e" as="element()" select="."/>
      <xsl:variable name="here" select="local-name() || ' ' || count(ancestor::*)
        || (if (root(.) instance of document-node()) then '' else ' (made)')"/>
      <xsl:for-each select="'note', 'choice', 'text', 'head', 'app', 'witness', 'sp', 'date', 'docDate', 'dateline'">
        <xsl:variable name="name" select="."/>
        <xsl:if test="not(deep-equal(ed:descendants-root($e)//tei:*[local-name() = $name] ! generate-id(),
            $e//tei:*[local-name() = $name] ! generate-id()))">
          <xsl:value-of select="'MISMATCH descendants-root //' || $name || ' at ' || $here || '&#10;'"/>
        </xsl:if>
      </xsl:for-each>
      <xsl:if test="not(deep-equal(ed:choices-in-text(.) ! generate-id(), .//tei:text//tei:choice ! generate-id()))">
        <xsl:value-of select="'MISMATCH choices-in-text at ' || $here || '&#10;'"/>
      </xsl:if>
      <xsl:if test="ed:document-type(.) ne def:document-type(.)">
        <xsl:value-of select="'MISMATCH document-type at ' || $here || '&#10;'"/>
      </xsl:if>
      <xsl:if test="not(deep-equal(ed:date-written(.) ! generate-id(), def:date-written(.) ! generate-id()))">
        <xsl:value-of select="'MISMATCH date-written at ' || $here || '&#10;'"/>
      </xsl:if>
    </xsl:for-each>
    <xsl:value-of select="'checked ' || count(//*) || '&#10;'"/>
  </xsl:template>
""")


#: A corpus whose own header holds a dateline (no date of a text, though first in the document) and
#: whose members hold speeches, a dateline in an opener and a docDate: the corpus is no drama and
#: its members are. (Not schema-valid: the services must still answer as their definitions do.)
CORPUS_OF_NAMES = """<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>C</title>
  </titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p><dateline><date when="1800">1800</date>
  </dateline></p></sourceDesc></fileDesc></teiHeader>
  <TEI><teiHeader><fileDesc><titleStmt><title>A</title></titleStmt><publicationStmt><p>P</p></publicationStmt>
  <sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body><div><opener><dateline>Vienna,
  <date when="1901-02-03">3 Feb. 1901</date></dateline></opener><sp><speaker>A</speaker><p>Hi<note>n</note>
  <choice><sic>teh</sic><corr>the</corr></choice></p></sp></div></body></text></TEI>
  <TEI><teiHeader><fileDesc><titleStmt><title>B</title></titleStmt><publicationStmt><p>P</p></publicationStmt>
  <sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><front><docDate when="1902">1902</docDate></front>
  <body><p>Text</p></body></text></TEI></teiCorpus>"""


@pytest.mark.parametrize("document", [NUMBERED, CORPUS_OF_NAMES], ids=["numbered", "corpus"])
def test_searches_by_name_find_what_paths_from_the_element_find(tmp_path, document):
    path = tmp_path / "document.xml"
    path.write_text(document, encoding="utf-8")
    report = keyed_report(path, NAMED)
    assert "checked" in report and "MISMATCH" not in report, report


def test_the_named_check_finds_a_difference(tmp_path):
    """A root that is always the document's, whatever element asks, is told apart."""
    path = tmp_path / "numbered.xml"
    path.write_text(NUMBERED, encoding="utf-8")
    wrong = NAMED.replace('<xsl:template match="/" priority="10">', """
      <xsl:function name="ed:descendants-root" as="node()"><xsl:param name="doc" as="element()"/>
        <xsl:sequence select="root($doc)"/></xsl:function>
      <xsl:template match="/" priority="10">""")
    assert "MISMATCH descendants-root //head at div2" in keyed_report(path, wrong)


#: Each check above, over every test case and every corpus file: no element may answer otherwise
#: than its definition.
CHECKS = {"keyed-searches": KEYED, "lists-of-members-alone": MEMBERS, "ordinals": ORDINALS,
          "searches-by-name": NAMED}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("path", CASES, ids=[p.parent.name for p in CASES])
def test_the_cases_answer_as_the_definitions(check, path):
    report = keyed_report(path, CHECKS[check])
    assert "checked" in report and "MISMATCH" not in report, report


@pytest.mark.parametrize("check", CHECKS)
def test_the_corpus_answers_as_the_definitions(check, corpus_files):
    for path in corpus_files:
        report = keyed_report(path, CHECKS[check])
        assert "checked" in report and "MISMATCH" not in report, f"{path.name}: {report}"


#: Notes of text alone (one with a spaced en dash; one numbered by its source), notes holding a name
#: (an id in the text, none in the copy shown in place), a note within a note and notes of white
#: space or nothing at all.
NOTES = ('<p>One<note>A note.</note> two<note>A note – with a spaced dash.</note> three<note n="*">Its own '
         'number.</note> four<note>With <persName ref="#p1">a name</persName> in it.</note> five<note>Outer '
         '<note>inner.</note></note> six<note>  </note> seven<note/>.</p>'
         '<p>In a <hi>phrase<note>A note in a phrase.</note></hi>; a <list><item>list<note>Of an item.</note></item>'
         '</list></p><listPerson><person xml:id="p1"><persName>P</persName><note>About P.</note></person></listPerson>')
NOTE_DOCUMENTS = {
    "notes": tei_document(NOTES),
    "with-unclear-text": tei_document(NOTES + '<p><unclear>unclear<note>In unclear text.</note></unclear></p>'),
    "with-a-standoff-app": tei_document(NOTES + '<p><anchor xml:id="a"/>Called<note>Not called.</note> after'
                                       '<anchor xml:id="b"/></p><listApp><app from="#a" to="#b"><rdg wit="#W">x'
                                       '</rdg></app></listApp>'),
}


def every_note_the_general_way(tmp_path: Path) -> Transformer:
    """A project's HTML stylesheet: the package's, with no note taken for text alone (the one output
    that writes such a note by a way of its own; FO writes every note's content one way)."""
    folder = tmp_path / "xslt" / "html"
    folder.mkdir(parents=True)
    (folder / "html.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ed="https://tei-edition.org/ns/ed">'
        '<xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>'
        '<xsl:import _href="{$tei-edition-xslt}html/html.xsl"/>'
        '<xsl:function name="ed:note-is-text-alone" as="xs:boolean"><xsl:param name="note" as="element()"/>'
        '<xsl:sequence select="false()"/></xsl:function></xsl:stylesheet>', encoding="utf-8")
    return Transformer(tmp_path / "xslt")


@pytest.mark.parametrize("document", NOTE_DOCUMENTS)
def test_notes_of_text_alone_are_written_as_the_general_way_writes_them(tmp_path, document):
    source = tmp_path / "notes.xml"
    source.write_text(NOTE_DOCUMENTS[document], encoding="utf-8")
    written = Transformer().render(source, "html", {})
    assert "A note in a phrase." in written["notes.html"].decode()
    assert written == every_note_the_general_way(tmp_path).render(source, "html", {})


# --- calls of notes in choices ------------------------------------------------------------------
#: Notes in every place a choice can hold them: both readings of a correction, the original of a
#: regularisation, the two readings of an alternative (its other reading is copied without ids, so
#: that note's call has none), the choice itself outside its readings (rendered nowhere), and choices
#: within the readings of an alternative, shown and not.
CHOICE_NOTES = tei_document(
    '<p>A <choice><sic>teh<note>Sic.</note></sic><corr>the<note>Corrected.</note></corr></choice>,'
    ' an <choice><orig>olde<note>Old.</note></orig><reg>old</reg></choice>,'
    ' <choice><seg>bat<note>First.</note></seg><seg>cat<note>Second.</note></seg></choice>,'
    ' <choice><note>Beside.</note><abbr>Fr.</abbr><expan>French</expan></choice>,'
    ' <choice><seg><choice><sic>x<note>Deep.</note></sic><corr>y</corr></choice></seg><seg>z</seg></choice>,'
    ' <choice><seg>u</seg><seg><choice><sic>v<note>Deeper.</note></sic><corr>w</corr></choice></seg></choice>.</p>')


def every_call_looked_for(tmp_path: Path) -> Transformer:
    """A project's HTML stylesheet: the package's, looking for every call the core says may be missing
    in its container rendered again (the general way), none taken as rendered by a choice."""
    folder = tmp_path / "xslt" / "html"
    folder.mkdir(parents=True)
    (folder / "html.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ed="https://tei-edition.org/ns/ed"'
        ' xmlns:tei="http://www.tei-c.org/ns/1.0">'
        '<xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>'
        '<xsl:import _href="{$tei-edition-xslt}html/html.xsl"/>'
        '<xsl:function name="ed:html-call-may-be-left-out" as="xs:boolean"><xsl:param name="note" as="element(tei:note)"/>'
        '<xsl:sequence select="true()"/></xsl:function></xsl:stylesheet>', encoding="utf-8")
    return Transformer(tmp_path / "xslt")


@pytest.mark.parametrize("reading", ["corrected", "diplomatic"])
def test_calls_of_notes_in_choices_are_found_as_the_general_way_finds_them(tmp_path, reading):
    source = tmp_path / "choices.xml"
    source.write_text(CHOICE_NOTES, encoding="utf-8")
    written = Transformer().render(source, "html", {"reading": reading})
    page = written["choices.html"].decode()
    assert page.count('class="note-back"') == 8
    assert written == every_call_looked_for(tmp_path).render(source, "html", {"reading": reading})


#: HTML's classes of a member (ed:item), a list (ed:list), a name (ed:name) and a verse line
#: (ed:verse-line), written out for the usual ones, against the rules they shorten: "item" then the
#: member's name in small letters ("item" alone for an item), a list's from "list", its name and its
#: type, "name" then the name's kind ("name" alone for a name of no kind), a line's from its name and
#: the look it asks for.
CLASSES = values_check(PACKAGE_XSLT_DIR / "html" / "html.xsl", """
  <xsl:function name="def:mismatch" as="xs:string?">
    <xsl:param name="what" as="xs:string"/>
    <xsl:param name="made" as="element()"/>
    <xsl:param name="defined" as="xs:string"/>
    <xsl:sequence select="if (string($made/@class) eq $defined) then ()
      else 'MISMATCH ' || $what || ': ' || $made/@class || ' | ' || $defined || '&#10;'"/>
  </xsl:function>
""", """
  <xsl:variable name="elements" as="element()*">
    <xsl:element name="{$value}" namespace="http://www.tei-c.org/ns/1.0"/>
    <xsl:element name="{$value}" namespace="urn:another"/>
  </xsl:variable>
  <xsl:for-each select="$elements">
    <xsl:variable name="made" as="element()"><xsl:call-template name="ed:item"><xsl:with-param name="label" select="()"/></xsl:call-template></xsl:variable>
    <xsl:variable name="defined" select="if (local-name() = 'item') then 'item' else 'item ' || lower-case(local-name())"/>
    <xsl:value-of select="def:mismatch('item {' || namespace-uri() || '}' || $value, $made, $defined)"/>
  </xsl:for-each>
  <xsl:variable name="lines" as="element()*"><tei:l/><tei:line/><tei:l rend="{$value}"/><tei:line rend="{$value}"/></xsl:variable>
  <xsl:for-each select="$lines">
    <xsl:variable name="made" as="element()"><xsl:call-template name="ed:verse-line">
      <xsl:with-param name="number" select="''"/><xsl:with-param name="indent" select="0"/>
    </xsl:call-template></xsl:variable>
    <xsl:variable name="defined" select="ed:html-classes(('l', local-name(), ed:rend-hint(.)))"/>
    <xsl:value-of select="def:mismatch('line ' || local-name() || ' ' || @rend, $made, $defined)"/>
  </xsl:for-each>
  <xsl:variable name="lists" as="element()*">
    <xsl:sequence select="$elements"/>
    <xsl:element name="{$value}" namespace="http://www.tei-c.org/ns/1.0"><xsl:attribute name="type" select="'Gloss x'"/></xsl:element>
  </xsl:variable>
  <xsl:for-each select="$lists">
    <xsl:variable name="made" as="element()"><xsl:call-template name="ed:list"><xsl:with-param name="ordered" select="false()"/></xsl:call-template></xsl:variable>
    <xsl:variable name="defined" select="ed:html-classes(('list', local-name(), @type))"/>
    <xsl:value-of select="def:mismatch('list {' || namespace-uri() || '}' || $value || ' ' || @type, $made, $defined)"/>
  </xsl:for-each>
  <xsl:for-each select="$elements[1]">
    <xsl:variable name="made" as="element()"><xsl:call-template name="ed:name">
      <xsl:with-param name="kind" select="$value"/><xsl:with-param name="entry" select="()"/><xsl:with-param name="href" select="''"/>
    </xsl:call-template></xsl:variable>
    <xsl:variable name="defined" select="if ($value = 'name') then 'name' else 'name ' || $value"/>
    <xsl:value-of select="def:mismatch('name ' || $value, $made, $defined)"/>
  </xsl:for-each>
""")


def test_classes_of_members_lists_names_and_lines_answer_as_their_rules():
    values = ["item", "place", "person", "event", "bibl", "org", "biblStruct", "castItem", "witness",
              "relation", "personGrp", "name", "Item", "Place", "x", "italic", "right", "indent",
              "list", "listBibl", "listPerson", "listPlace", "listOrg", "listEvent", "listWit", "castList", "ListBibl"]
    assert mismatches(values, CLASSES) == ""


#: The core's look of an element (ed:look), which answers an element without @type from its name
#: alone, against its definition: every name's and @type token's looks, each once.
LOOKS = values_check(CORE_WITH_TEXT, """
  <xsl:function name="def:look" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="distinct-values(
      if ($e[self::tei:titlePart][not(@type) or @type = 'main']) then 'title-main'
      else ($e/self::tei:*/local-name(), tokenize($e/@type)) ! $ed:looks(.))"/>
  </xsl:function>
""", """
  <xsl:variable name="elements" as="element()*">
    <xsl:for-each select="('http://www.tei-c.org/ns/1.0', 'urn:another')">
      <xsl:element name="{$value}" namespace="{.}"/>
      <xsl:for-each select="('closer', 'main', 'argument closer', 'x', '')">
        <xsl:element name="{$value}" namespace="{current()}"><xsl:attribute name="type" select="."/></xsl:element>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:variable>
  <xsl:for-each select="$elements[not(deep-equal(ed:look(.), def:look(.)))]">
    <xsl:value-of select="'MISMATCH look {' || namespace-uri() || '}' || $value || ' type=' || @type || ': '
      || string-join(ed:look(.), ',') || ' | ' || string-join(def:look(.), ',') || '&#10;'"/>
  </xsl:for-each>
""")


def test_looks_answer_as_their_definition():
    values = ["p", "closer", "argument", "titlePart", "castItem", "head", "opener", "div", "x", "cit"]
    assert mismatches(values, LOOKS) == ""


#: The hint of a phrase with @rend alone, made once per name and value (ed:rend-only-hint) from the
#: words ed:rend-hint reads of @rend alone, against the rule for any phrase that asks for a
#: rendition: its name, its rendition's words and, when they say nothing, its implied look, each once.
RENDITIONS = values_check(CORE_WITH_TEXT, """
  <xsl:template name="ed:inline">
    <xsl:param name="hint" as="xs:string" required="yes"/>
    <xsl:sequence select="$hint"/>
  </xsl:template>
  <!-- ed:rend-hint as it reads an element with no @rendition in a document with no tagsDecl. -->
  <xsl:function name="def:rend" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="distinct-values((ed:rend-words($e/@rend), ed:rend-words($e/@style)))"/>
  </xsl:function>
  <xsl:function name="def:hint" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="let $rend := def:rend($e) return
      string-join(distinct-values((local-name($e), $rend, if (empty($rend)) then ed:implied-look($e) else ())), ' ')"/>
  </xsl:function>
""", """
  <xsl:variable name="phrases" as="element()*">
    <xsl:for-each select="('hi', 'emph', 'title', 'label', 'code', 'term', 'seg', 'w')">
      <xsl:element name="tei:{.}"><xsl:attribute name="rend" select="$value"/>x</xsl:element>
    </xsl:for-each>
    <tei:title level="a" rend="{$value}">x</tei:title>
    <tei:p><tei:label rend="{$value}">x</tei:label></tei:p>
  </xsl:variable>
  <xsl:for-each select="$phrases/descendant-or-self::*[not(self::tei:p)]">
    <xsl:variable name="made" as="item()*"><xsl:apply-templates select="." mode="ed:render"/></xsl:variable>
    <xsl:if test="not(deep-equal(ed:rend-hint(.), def:rend(.)))">
      <xsl:value-of select="'MISMATCH rend-hint ' || local-name() || ' rend=' || $value || ': '
        || string-join(ed:rend-hint(.), ',') || ' | ' || string-join(def:rend(.), ',') || '&#10;'"/>
    </xsl:if>
    <xsl:if test="not(deep-equal($made, def:hint(.)))">
      <xsl:value-of select="'MISMATCH hint ' || local-name() || ' rend=' || $value || ': '
        || string-join($made, ',') || ' | ' || def:hint(.) || '&#10;'"/>
    </xsl:if>
  </xsl:for-each>
""")


def test_hints_of_phrases_with_a_rend_alone_answer_as_their_rule():
    values = ["above", "italic", "it", "italic bold", "it italic", "bold italic bold", "", "  ", "unknown",
              "font-style: italic", "  ITALIC  ", "indent(2)", "hi", "code", "quoted", "simple:italic",
              "italic;bold", "sup", "above below above"]
    assert mismatches(values, RENDITIONS) == ""


def test_the_renditions_check_finds_a_difference():
    wrong = RENDITIONS.replace("(local-name($e), $rend,", "($rend, local-name($e),")
    assert "MISMATCH hint" in mismatches(["italic"], wrong)


#: An identifier's link (ed:authority-url), which answers a plain web URL as it stands, against the
#: rule it shortens: a web URL made safe, else an id of a known authority made its URL, else none.
AUTHORITIES = values_check(CORE_WITH_TEXT, """
  <xsl:function name="def:authority-url" as="xs:string">
    <xsl:param name="idno" as="element()"/>
    <xsl:variable name="v" as="xs:string" select="normalize-space($idno)"/>
    <xsl:variable name="type" as="xs:string" select="lower-case(normalize-space($idno/@type))"/>
    <xsl:sequence select="
      if (ed:has-web-scheme($v)) then ed:web-url($v)
      else if ($type = 'wikidata' and matches($v, '^Q[0-9]+$')) then 'https://www.wikidata.org/wiki/' || $v
      else if ($type = 'viaf' and matches($v, '^[0-9]+$')) then 'https://viaf.org/viaf/' || $v
      else if ($type = 'geonames' and matches($v, '^[0-9]+$')) then 'https://www.geonames.org/' || $v
      else if ($type = 'gnd' and matches($v, '^[0-9X-]+$')) then 'https://d-nb.info/gnd/' || $v
      else ''"/>
  </xsl:function>
""", """
  <xsl:variable name="idnos" as="element()*">
    <xsl:for-each select="('', 'geonames', ' GeoNames ', 'wikidata', 'viaf', 'gnd', 'URL')">
      <tei:idno type="{.}"><xsl:value-of select="$value"/></tei:idno>
    </xsl:for-each>
    <tei:idno><xsl:value-of select="$value"/></tei:idno>
  </xsl:variable>
  <xsl:for-each select="$idnos[ed:authority-url(.) ne def:authority-url(.)]">
    <xsl:value-of select="'MISMATCH authority-url ' || @type || ' ' || string-to-codepoints(.) => string-join(' ')
      || ': ' || ed:authority-url(.) || ' | ' || def:authority-url(.) || '&#10;'"/>
  </xsl:for-each>
""")

#: Identifiers as registers write them, and the URLs of tests/test_urls.py's kinds.
IDENTIFIERS = ["https://www.geonames.org/2797656/", "http://hdl.handle.net/21.11115/0000-000C-1CDF-B",
               "HTTPS://Example.org/a", "https://ex.org/a b", " https://ex.org/x ", "https://ex.org/é",
               "https://ex.org/a[1]", "https://", "https:///x", "javascript:alert(1)", "Q365546", "2797656",
               "118609807", "11860980X", "pmb5588", "", "L-17", "//evil.example", "https://ex.org/\"<>"]


def test_authority_links_answer_as_their_rule():
    assert mismatches(IDENTIFIERS, AUTHORITIES) == ""


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="hHtTpPsS:/\\?#[]%. -_aé\t\n0123456789Qq~@!$&'()*+,;=\"<>{}|^`", max_size=30),
                min_size=1, max_size=20))
def test_any_identifier_s_link_answers_as_its_rule(values):
    assert mismatches(values, AUTHORITIES) == ""


def test_the_authorities_check_finds_a_difference():
    wrong = AUTHORITIES.replace("if (ed:has-web-scheme($v)) then ed:web-url($v)", "if (ed:has-web-scheme($v)) then $v")
    assert "MISMATCH authority-url" in mismatches(["https://ex.org/a b"], wrong)


#: A run of text and notes laid out by ed:text-inline, which joins it in one line, against the general
#: route of every run: its pieces grouped at the markup's line breaks (ed:text-lines).
RUNS = values_check(CORE_WITH_TEXT, """
  <xsl:function name="def:text-inline" as="xs:string">
    <xsl:param name="content" as="item()*"/>
    <xsl:sequence select="ed:text-lines($content ! (if (. instance of text() or not(. instance of node()))
      then ed:text-own-breaks-as-spaces(string(.)) else ed:text-inline-pieces(.)))"/>
  </xsl:function>
""", """
  <xsl:variable name="tree"><ed:note n="{substring($value, 1, 2)}"/><xsl:value-of select="$value"/><ed:note n="7"/></xsl:variable>
  <xsl:variable name="note" as="element()" select="$tree/ed:note[1]"/>
  <xsl:variable name="text" as="text()?" select="$tree/text()"/>
  <xsl:variable name="runs" as="array(item()*)*" select="[$text], [$text, $note], [$note, $text], [$note],
    [$value, $note, $text, $tree/ed:note[2]], [$note, ' ', $note], [$text, $note, $value]"/>
  <xsl:for-each select="$runs[ed:text-inline(?*) ne def:text-inline(?*)]">
    <xsl:value-of select="'MISMATCH text-inline ' || string-to-codepoints($value) => string-join(' ')
      || ' (' || count(?*) || ' pieces): ' || ed:text-inline(?*) || ' | ' || def:text-inline(?*) || '&#10;'"/>
  </xsl:for-each>
""")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab [] \t\n\r\u2028\u00a0.", max_size=12), min_size=1, max_size=20))
def test_runs_of_text_and_notes_answer_as_the_general_route(values):
    assert mismatches(values, RUNS) == ""


def test_the_runs_check_finds_a_difference():
    wrong = RUNS.replace("then ed:text-own-breaks-as-spaces(string(.)) else", "then string(.) else")
    assert "MISMATCH text-inline" in mismatches(["a\u2028b"], wrong)
