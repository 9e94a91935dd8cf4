"""tei-edition: a TEI P5 digital edition pipeline.

Stages, one module each: :mod:`pipeline.convert.converter` (plain text to TEI), :mod:`pipeline.entities.tagging`
(registers and name tagging), :mod:`pipeline.validate.validator` (schema and reference checks),
:mod:`pipeline.publish.transform` (XSLT 3.0 to HTML, XSL-FO, PDF and plain text) and :mod:`pipeline.build.engine`
(the whole project, incrementally). :mod:`pipeline.cli` is a thin click layer over them.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tei-edition")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

from .errors import EditionError, Problem  # noqa: E402

__all__ = ["EditionError", "Problem", "__version__"]
