"""The copy of a TEI document published beside its HTML pages (``downloads=tei``): inert in a browser.

Served from the same origin as the pages, an ``.xml`` file is rendered by browsers as a document:
XHTML, SVG and MathML elements inside it are live, their ``<script>``, ``onload`` and ``onerror``
run, and an ``<?xml-stylesheet?>`` instruction fetches (and applies) a stylesheet from anywhere. The
published copy is therefore the document with that active content taken out, and an XML comment
where each piece was, so a reader of the copy sees that something was removed (the full TEI stays
in the project's ``tei/`` folder). TEI text, attributes, comments and other processing
instructions (``xml-model``) are kept. The copy has no DOCTYPE (see :mod:`pipeline.xmlio`).
"""
from __future__ import annotations

import copy
import re

from lxml import etree

# Namespaces whose elements a browser renders and runs inside any XML document.
ACTIVE_NAMESPACES = {
    "http://www.w3.org/1999/xhtml": "XHTML",
    "http://www.w3.org/2000/svg": "SVG",
    "http://www.w3.org/1998/Math/MathML": "MathML",
}
XLINK_NS = "http://www.w3.org/1999/xlink"
# An attribute value that a browser would follow as a link: anything but http(s), a fragment or a
# relative path (the same rule as the pages' ed:safe-url).
_SAFE_LINK = re.compile(r"^(?:https?://[^/]|#|[^:]*(?:[/?#]|$))", re.IGNORECASE)


def published_copy(tree: etree._ElementTree, *, in_place: bool = False) -> bytes:
    """The bytes of the copy of ``tree`` to publish (UTF-8, with an XML declaration). ``in_place``:
    the tree is the caller's to spend, so its active content is taken out of it directly rather
    than out of a copy (which would double the memory a large document takes)."""
    original = tree.getroot()
    root = original if in_place else copy.deepcopy(original)
    removed = _strip_active(root)
    # Comments and instructions around the root element (deepcopy does not take them along).
    before = list(reversed(list(original.itersiblings(preceding=True))))
    after = list(original.itersiblings())
    removed += sum(map(_is_stylesheet_instruction, before + after))
    parts = [b'<?xml version="1.0" encoding="UTF-8"?>\n']
    for node in before:
        if not _is_stylesheet_instruction(node):
            parts.append(_node_bytes(node) + b"\n")
    if removed:
        parts.append(_comment(f"published copy: {removed} piece(s) of active web content removed "
                              "(scripts, event handlers, script links, stylesheet instructions)") + b"\n")
    parts.append(etree.tostring(root, encoding="UTF-8", xml_declaration=False, with_tail=False))
    for node in after:
        if not _is_stylesheet_instruction(node):
            parts.append(b"\n" + _node_bytes(node))
    return b"".join(parts) + b"\n"


def _strip_active(root: etree._Element) -> int:
    """Remove active content from ``root``'s subtree in place; return how many pieces were removed."""
    removed = 0
    for node in list(root.iter(etree.PI)):
        if _is_stylesheet_instruction(node):
            _replace_by_comment(node, "an xml-stylesheet instruction")
            removed += 1
    for element in list(root.iter(etree.Element)):
        if element.getparent() is None and element is not root:
            continue
        namespace = etree.QName(element).namespace
        if namespace in ACTIVE_NAMESPACES and element is not root:
            if _attached(element, root):
                _replace_by_comment(element, f"the {ACTIVE_NAMESPACES[namespace]} element "
                                             f"<{etree.QName(element).localname}>")
                removed += 1
            continue
        for name in list(element.attrib):
            qname = etree.QName(name)
            if (qname.namespace is None and qname.localname.lower().startswith("on")) or (
                    qname.namespace == XLINK_NS and qname.localname == "href"
                    and not _SAFE_LINK.match(re.sub(r"[\s\x00-\x1f]", "", element.get(name)).replace("\\", "/"))):
                del element.attrib[name]
                removed += 1
    return removed


def _attached(element: etree._Element, root: etree._Element) -> bool:
    # An element inside one already removed is gone with it.
    return any(ancestor is root for ancestor in element.iterancestors())


def _replace_by_comment(node, what: str) -> None:
    parent = node.getparent()
    comment = etree.Comment(f" removed from the published copy: {what} ")
    comment.tail = node.tail
    parent.replace(node, comment)


def _is_stylesheet_instruction(node) -> bool:
    return isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet"


def _node_bytes(node) -> bytes:
    return etree.tostring(node, encoding="UTF-8", with_tail=False)


def _comment(text: str) -> bytes:
    return etree.tostring(etree.Comment(f" {text} "), encoding="UTF-8")
