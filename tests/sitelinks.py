"""Every internal link of a built site: its target file exists, and so does the anchor it names."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html


def sources_own_links(page: Path) -> set[str]:
    """The relative links a document's TEI itself holds (``ref/@target``, ``graphic/@url`` ...).

    They point wherever the document's authors put things (a letter "L03412" of their own edition, an
    image beside their file): not links the site makes, and not ours to resolve.
    """
    from lxml import etree
    tei = page.with_suffix(".xml")
    if not tei.is_file():
        return set()
    own = set()
    for element in etree.parse(str(tei)).iter():
        if isinstance(element.tag, str):
            for name in ("target", "url", "facs", "ref", "corresp", "source", "key"):
                own.update((element.get(name) or "").split())
    return own


def broken_links(output_dir: Path, *, skip_sources_own: bool = False) -> list[str]:
    """``page: href`` for every link, script, stylesheet or image of output/html/ that leads nowhere."""
    pages = sorted((output_dir / "html").glob("*.html"))
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            tree = lxml_html.parse(str(path))
            ids[path] = {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
        return ids[path]

    broken = []
    for page in pages:
        own = sources_own_links(page) if skip_sources_own else set()
        tree = lxml_html.parse(str(page))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute in ("href", "src"):
                link = element.get(attribute)
                if link is None:
                    continue
                parts = urlsplit(link)
                if parts.scheme or parts.netloc:
                    continue  # the web: not ours to check
                if link in own or unquote(link) in own:
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if not target.exists():
                    broken.append(f"{page.name}: {link} (no such file)")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors(target):
                    broken.append(f"{page.name}: {link} (no such anchor)")
    return broken
