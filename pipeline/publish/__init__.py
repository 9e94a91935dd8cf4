"""Stage 4, publish: XSLT transforms to HTML, XSL-FO and text, and FOP to PDF."""
