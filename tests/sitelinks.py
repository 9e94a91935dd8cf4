"""Every internal link of a built site: its target file exists, and so does the anchor it names."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html


def broken_links(output_dir: Path) -> list[str]:
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
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                if not target.exists():
                    broken.append(f"{page.name}: {link} (no such file)")
                elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors(target):
                    broken.append(f"{page.name}: {link} (no such anchor)")
    return broken
