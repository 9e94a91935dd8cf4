"""Stage 1, convert: plain text to TEI P5 (structure, inline markup, header, editorial decisions, dates)."""
