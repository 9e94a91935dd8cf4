"""The collection: every published document's record and the registers, merged into the site's own
pages (home, registers, chronology, search, about) and the catalogue (CSV, JSON, OAI-PMH).

The build's per-document steps write each document's *record* (``xslt/html/record.xsl``: title,
authors, date, type, language, source, licence, dated entries, the entities it describes and the
names it mentions with their anchors in its page). This module reads only those records and the
register files -- never the documents -- so the site step costs little however large the texts are.

Registers are merged: an entry of ``tei/register/`` and the entries the documents describe
themselves (standOff, listPerson/listPlace/listOrg in the header or back, particDesc, settingDesc)
are one entity when they share an ``xml:id`` (the project's registers and the standOff copies the
tagger makes share ids) or an authority identifier (GND, VIAF, Wikidata, GeoNames: an ``idno``, or a
URI in ``@ref``/``@sameAs``). A name whose ``@ref`` is such a URI links to the merged entry, whose
register article carries an anchor for every identifier it has (``gnd-118609807`` ...).
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..tables import csv_text
from ..xmlio import TEI_NS, XML_NS, parse_file

ED_NS = "https://tei-edition.org/ns/ed"
_XML_ID = f"{{{XML_NS}}}id"
_ED = f"{{{ED_NS}}}"
_TEI = f"{{{TEI_NS}}}"

#: The pages of the site step, as the site stylesheet's $page values (file: <page>.html).
#: (The search page is the site step's too, written by pipeline/publish/search.py.)
SITE_PAGES = ("index", "persons", "places", "organisations", "chronology", "about")
#: The site navigation of the search page, as (file, label): the labels are ed:string's.
SEARCH_NAV = (("index.html", "Home"), ("persons.html", "Persons"), ("places.html", "Places"),
              ("organisations.html", "Organisations"), ("chronology.html", "Chronology"), ("about.html", "About"))
KIND_OF = {"person": "person", "personGrp": "person", "place": "place", "org": "org"}

#: Authority URIs -> the collection's key ("gnd-118609807"). The same patterns are in
#: xslt/core/entities.xsl (ed:authority-key), which links names to the anchors made from these keys.
AUTHORITIES = (
    ("gnd", re.compile(r"^https?://d-nb\.info/gnd/([0-9X-]+)/?$", re.I)),
    ("viaf", re.compile(r"^https?://(?:www\.)?viaf\.org/viaf/(\d+)/?$", re.I)),
    ("wikidata", re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q\d+)/?$", re.I)),
    ("geonames", re.compile(r"^https?://(?:www\.|sws\.)?geonames\.org/(\d+)(?:/.*)?$", re.I)),
)
_BARE_IDS = {"gnd": re.compile(r"^[0-9X-]+$"), "viaf": re.compile(r"^\d+$"), "wikidata": re.compile(r"^Q\d+$"),
             "geonames": re.compile(r"^\d+$")}


def authority_key(value: str, idno_type: str | None = None) -> str | None:
    """``gnd-118609807`` for a GND/VIAF/Wikidata/GeoNames URI (or a bare id in an idno of that type)."""
    value = value.strip()
    for name, pattern in AUTHORITIES:
        match = pattern.match(value)
        if match:
            return f"{name}-{match.group(1)}"
    kind = (idno_type or "").strip().lower()
    if kind in _BARE_IDS and _BARE_IDS[kind].match(value):
        return f"{kind}-{value}"
    return None


@dataclass
class PublishedDocument:
    """One document as the site step sees it: its record and where its outputs are."""

    name: str                 # the output name (output/html/<name>.html ...)
    path: str                 # the TEI file, relative to tei/ (posix)
    record: etree._Element    # ed:record
    validity: str             # "valid", "invalid" (published, flagged) or "held back" (last good version)
    sha256: str
    outputs: dict[str, str] = field(default_factory=dict)  # kind -> path relative to output/

    def text(self, name: str) -> str:
        found = self.record.find(_ED + name)
        return " ".join("".join(found.itertext()).split()) if found is not None else ""

    def as_record(self) -> dict:
        """The catalogue record (catalogue.json, one row of catalogue.csv)."""
        licence = self.record.find(_ED + "licence")
        date = self.record.find(_ED + "date")
        return {
            "id": self.name,
            "title": self.text("title"),
            "authors": [" ".join("".join(a.itertext()).split()) for a in self.record.findall(_ED + "author")],
            "date": date.get("iso") if date is not None else "",
            "date_label": self.text("date"),
            "language": (self.record.find(_ED + "language").get("code") if self.record.find(_ED + "language") is not None
                         else ""),
            "type": self.text("type"),
            "source": self.text("source"),
            "licence": (licence.get("url") or self.text("licence")) if licence is not None else "",
            "publisher": self.text("publisher"),
            "updated": self.record.get("updated", ""),
            "validity": self.validity,
            "tei_file": "tei/" + self.path,
            "outputs": dict(sorted(self.outputs.items())),
            "sha256": self.sha256,
        }


def read_record(path: Path) -> etree._Element:
    return parse_file(path).getroot()


# ---------------------------------------------------------------------------------------------
# Registers, merged
# ---------------------------------------------------------------------------------------------
class _Groups:
    """Union-find over entity keys ("id:pmb2121", "gnd-118609807")."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, keys: list[str]) -> None:
        roots = [self.find(k) for k in keys]
        for other in roots[1:]:
            self.parent[other] = roots[0]


@dataclass
class _Entry:
    element: etree._Element
    kind: str
    source: str | None        # the document that describes it (None: tei/register/)
    keys: list[str]


def _entry_keys(element: etree._Element) -> list[str]:
    keys = [f"id:{element.get(_XML_ID)}"] if element.get(_XML_ID) else []
    for idno in element.findall(_TEI + "idno"):
        key = authority_key("".join(idno.itertext()), idno.get("type"))
        if key:
            keys.append(key)
    for attribute in ("ref", "sameAs", "corresp"):
        for token in (element.get(attribute) or "").split():
            key = authority_key(token)
            if key:
                keys.append(key)
    return list(dict.fromkeys(keys))


def _register_entries(register_files: list[Path]) -> list[_Entry]:
    entries = []
    for path in register_files:
        root = parse_file(path).getroot()
        for element in root.iter(*(_TEI + k for k in KIND_OF)):
            if element.get(_XML_ID):
                entries.append(_Entry(element, KIND_OF[etree.QName(element).localname], None, _entry_keys(element)))
    return entries


def merge_registers(documents: list[PublishedDocument], register_files: list[Path]) -> etree._Element:
    """The ed:register elements of the collection: merged entries with their sources and mentions."""
    entries = _register_entries(register_files)
    for document in documents:
        for wrapper in document.record.findall(_ED + "entity"):
            element = next(iter(wrapper), None)
            if element is not None and wrapper.get("kind") in ("person", "place", "org"):
                entries.append(_Entry(element, wrapper.get("kind"), document.name, _entry_keys(element)))
    groups = _Groups()
    for entry in entries:
        groups.union(entry.keys)

    # Every mention: the group its pointer resolves to. "#id" and @key tokens name an xml:id; URIs an authority.
    mentions: list[tuple[str, PublishedDocument, etree._Element]] = []
    made: dict[str, tuple[str, str, list[str]]] = {}  # what only names identify: key -> (kind, label, keys)
    for document in documents:
        for mention in document.record.findall(_ED + "mention"):
            # In the order the page's link prefers them (ed:name in xslt/html/inlines.xsl): an authority,
            # then a "#id" pointer; then a bare @key.
            tokens = mention.get("refs", "").split()
            keys = [k for k in map(authority_key, tokens) if k]
            keys += [f"id:{t[1:]}" for t in tokens if t.startswith("#") and len(t) > 1]
            keys += [f"id:{t}" for t in tokens if not t.startswith("#") and not authority_key(t)
                     and not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", t)]
            keys = list(dict.fromkeys(keys))
            known = [k for k in keys if k in groups.parent]
            if known:
                groups.union([known[0], *keys])  # every key the page may link by is an anchor of the entry
                mentions.append((groups.find(known[0]), document, mention))
            elif keys and mention.get("kind") in ("person", "place", "org"):
                # Only an authority URI or an id nobody describes identifies it: the register gets an entry
                # named as the text names it (so the link the document's page makes has a target).
                made.setdefault(keys[0], (mention.get("kind"), " ".join("".join(mention.itertext()).split()), keys))
                groups.union(keys)
                mentions.append((keys[0], document, mention))

    by_group: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.keys:
            by_group.setdefault(groups.find(entry.keys[0]), []).append(entry)
    for key, (kind, label, keys) in made.items():
        if groups.find(key) not in by_group:
            element = etree.Element(_TEI + {"person": "person", "place": "place", "org": "org"}[kind])
            name = etree.SubElement(element, _TEI + {"person": "persName", "place": "placeName", "org": "orgName"}[kind])
            name.text = label or key
            by_group[groups.find(key)] = [_Entry(element, kind, None, keys)]

    titles = {d.name: d.text("title") or d.name for d in documents}
    hrefs = {d.name: d.outputs.get("html", "").removeprefix("html/") for d in documents}
    found_in: dict[str, dict[str, list[etree._Element]]] = {}
    for root, document, mention in mentions:
        found_in.setdefault(groups.find(root), {}).setdefault(document.name, []).append(mention)

    keys_of: dict[str, set[str]] = {}
    for key in list(groups.parent):
        keys_of.setdefault(groups.find(key), set()).add(key)
    registers = {kind: etree.Element(_ED + "register", kind=kind) for kind in ("person", "place", "org")}
    taken: set[str] = set()
    for root in sorted(by_group, key=lambda r: _anchor_of(by_group[r])):
        members = by_group[root]
        primary = members[0]  # tei/register/ first (read first), else the first document describing it
        anchor = _anchor_of(members)
        group = etree.SubElement(registers[primary.kind], _ED + "group", anchor=anchor)
        taken.add(anchor)
        extra = sorted({k.removeprefix("id:") for k in keys_of.get(root, ())} - {anchor})
        for other in extra:
            if other not in taken:
                etree.SubElement(group, _ED + "anchor", id=other)
                taken.add(other)
        clone = copy.deepcopy(primary.element)
        clone.tail = None
        clone.set(_XML_ID, anchor)
        for child in list(clone):
            if etree.QName(child).localname in KIND_OF:  # entries nested in it have their own articles
                clone.remove(child)
        # Every source's authority identifiers, once, as idno (the register page links them).
        have = {k for k in _entry_keys(clone) if not k.startswith("id:")}
        for member in members:
            for key in member.keys:
                if not key.startswith("id:") and key not in have:
                    have.add(key)
                    name, _, value = key.partition("-")
                    idno = etree.SubElement(clone, _TEI + "idno", type=name.upper() if name != "wikidata" else "Wikidata")
                    idno.text = _authority_url(name, value)
        group.append(clone)
        for source in dict.fromkeys(m.source for m in members if m.source):
            etree.SubElement(group, _ED + "source", document=source, title=titles[source], href=hrefs[source])
        for name, found in found_in.get(root, {}).items():
            mentioned = etree.SubElement(group, _ED + "mentioned", document=name, title=titles[name], href=hrefs[name])
            for mention in found:
                at = etree.SubElement(mentioned, _ED + "at", anchor=mention.get("anchor"))
                at.text = " ".join("".join(mention.itertext()).split())
    return list(registers.values())


def _anchor_of(members: list[_Entry]) -> str:
    for member in members:
        for key in member.keys:
            if key.startswith("id:"):
                return key[3:]
    return members[0].keys[0]


def _authority_url(name: str, value: str) -> str:
    return {"gnd": "https://d-nb.info/gnd/{}", "viaf": "https://viaf.org/viaf/{}",
            "wikidata": "https://www.wikidata.org/wiki/{}", "geonames": "https://www.geonames.org/{}"}[name].format(value)


# ---------------------------------------------------------------------------------------------
# The collection document, the pages, the catalogue
# ---------------------------------------------------------------------------------------------
def collection_tree(title: str, language: str, schema: str, invalid: str, documents: list[PublishedDocument],
                    register_files: list[Path]) -> etree._Element:
    """The site stylesheet's input (its shape is documented in xslt/site/site.xsl)."""
    root = etree.Element(_ED + "collection", nsmap={"ed": ED_NS, None: TEI_NS}, title=title, schema=schema,
                         invalid=invalid)
    tei = etree.SubElement(root, _TEI + "TEI")
    tei.set(f"{{{XML_NS}}}lang", language)
    header = etree.SubElement(tei, _TEI + "teiHeader")
    file_desc = etree.SubElement(header, _TEI + "fileDesc")
    etree.SubElement(etree.SubElement(file_desc, _TEI + "titleStmt"), _TEI + "title").text = title
    etree.SubElement(etree.SubElement(file_desc, _TEI + "publicationStmt"), _TEI + "p")
    etree.SubElement(etree.SubElement(file_desc, _TEI + "sourceDesc"), _TEI + "p").text = \
        f"A collection of {len(documents)} TEI documents."
    etree.SubElement(etree.SubElement(tei, _TEI + "text"), _TEI + "body")
    for document in documents:
        element = etree.SubElement(root, _ED + "document", name=document.name, path=document.path,
                                   valid="no" if document.validity == "invalid" else "yes")
        for kind, attribute in (("html", "href"), ("tei", "tei"), ("text", "text"), ("pdf", "pdf")):
            if kind in document.outputs:
                # Links from output/html/: the page and the TEI copy beside it, the others one folder up.
                target = document.outputs[kind]
                element.set(attribute, target.removeprefix("html/") if target.startswith("html/") else "../" + target)
        for child in document.record:
            if etree.QName(child).localname not in ("entity", "mention"):
                element.append(etree.fromstring(etree.tostring(child)))
    root.extend(merge_registers(documents, register_files))
    return root


def render_pages(transformer, collection: etree._Element, params: dict[str, str]) -> dict[str, bytes]:
    """Every page of the site step (name -> bytes), rendered by xslt/site/site.xsl."""
    from .transform import XmlText

    source = XmlText(etree.tostring(collection, encoding="unicode"), "collection")  # parsed once, for every page
    return {f"{page}.html": transformer.render_xml("site", source, {**params, "page": page}) for page in SITE_PAGES}


CSV_FIELDS = ("id", "title", "authors", "date", "language", "type", "source", "licence", "publisher", "validity",
              "tei_file", "html", "tei", "text", "pdf", "fo", "sha256")


def catalogue_files(title: str, documents: list[PublishedDocument], base_url: str = "") -> dict[str, bytes]:
    """catalogue.csv, catalogue.json and oai-pmh.xml (an OAI-PMH static repository with oai_dc records)."""
    records = [d.as_record() for d in documents]
    # Titles and names are the documents' own: a cell that reads as a formula is made text.
    csv_rows = [CSV_FIELDS]
    csv_rows += [[record["id"], record["title"], "; ".join(record["authors"]), record["date"],
                  record["language"], record["type"], record["source"], record["licence"],
                  record["publisher"], record["validity"], record["tei_file"],
                  *(record["outputs"].get(k, "") for k in ("html", "tei", "text", "pdf", "fo")), record["sha256"]]
                 for record in records]
    as_json = json.dumps({"title": title, "documents": records}, ensure_ascii=False, indent=2) + "\n"
    return {"catalogue.csv": csv_text(csv_rows).encode("utf-8"), "catalogue.json": as_json.encode("utf-8"),
            "oai-pmh.xml": oai_static_repository(title, records, base_url)}


OAI_NS = "http://www.openarchives.org/OAI/2.0/"
STATIC_NS = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


def oai_static_repository(title: str, records: list[dict], base_url: str = "") -> bytes:
    """An OAI-PMH static repository (Identify, ListMetadataFormats, ListRecords of oai_dc).

    Its base URL is where the file is published; without a ``base-url`` it is a placeholder under
    http://localhost/ that a library's static repository gateway replaces when it registers the file.
    A record's datestamp is its document's latest revisionDesc change (no clock: the file is reproducible).
    """
    base = (base_url.rstrip("/") or "http://localhost") + "/catalogue/oai-pmh.xml"
    domain = re.sub(r"^https?://([^/:]+).*$", r"\1", base) or "localhost"
    E = lambda ns, tag: f"{{{ns}}}{tag}"  # noqa: E731
    repo = etree.Element(E(STATIC_NS, "Repository"), nsmap={None: STATIC_NS, "oai": OAI_NS, "oai_dc": OAI_DC_NS,
                                                           "dc": DC_NS, "xsi": XSI_NS})
    repo.set(E(XSI_NS, "schemaLocation"), f"{STATIC_NS} http://www.openarchives.org/OAI/2.0/static-repository.xsd")
    identify = etree.SubElement(repo, E(STATIC_NS, "Identify"))
    stamps = [r["updated"] or "1970-01-01" for r in records]
    earliest = min(stamps, default="1970-01-01")
    for tag, value in (("repositoryName", title), ("baseURL", base), ("protocolVersion", "2.0"),
                       ("adminEmail", "nobody@" + domain if "." in domain else "nobody@example.org"),
                       ("earliestDatestamp", earliest), ("deletedRecord", "no"), ("granularity", "YYYY-MM-DD")):
        etree.SubElement(identify, E(OAI_NS, tag)).text = value
    formats = etree.SubElement(repo, E(STATIC_NS, "ListMetadataFormats"))
    fmt = etree.SubElement(formats, E(OAI_NS, "metadataFormat"))
    for tag, value in (("metadataPrefix", "oai_dc"), ("schema", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"),
                       ("metadataNamespace", OAI_DC_NS)):
        etree.SubElement(fmt, E(OAI_NS, tag)).text = value
    listing = etree.SubElement(repo, E(STATIC_NS, "ListRecords"), metadataPrefix="oai_dc")
    for record in records:
        oai_record = etree.SubElement(listing, E(OAI_NS, "record"))
        header = etree.SubElement(oai_record, E(OAI_NS, "header"))
        etree.SubElement(header, E(OAI_NS, "identifier")).text = f"oai:{domain}:{record['id']}"
        etree.SubElement(header, E(OAI_NS, "datestamp")).text = record["updated"] or "1970-01-01"
        metadata = etree.SubElement(oai_record, E(OAI_NS, "metadata"))
        dc = etree.SubElement(metadata, E(OAI_DC_NS, "dc"))
        dc.set(E(XSI_NS, "schemaLocation"), f"{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

        def add(tag: str, value: str) -> None:
            if value:
                etree.SubElement(dc, E(DC_NS, tag)).text = value
        add("title", record["title"])
        for author in record["authors"]:
            add("creator", author)
        add("publisher", record["publisher"])
        add("date", record["date"].split("/")[0])
        add("type", "Text")
        add("type", record["type"])
        add("format", "application/tei+xml")
        add("identifier", record["id"])
        for kind in ("html", "tei", "pdf", "text"):
            if kind in record["outputs"]:
                add("identifier", (base_url.rstrip("/") + "/" if base_url else "../") + record["outputs"][kind])
        add("source", record["source"])
        add("language", record["language"])
        add("rights", record["licence"])
    return etree.tostring(repo, xml_declaration=True, encoding="UTF-8", pretty_print=True)
