"""Stage 4, publish: XSLT transforms to HTML, XSL-FO and text, and FOP to PDF."""

#: What every command says when PDF output needs Apache FOP and the machine has none.
FOP_MISSING = "Apache FOP is not installed (Debian/Ubuntu: apt-get install -y fop)"
