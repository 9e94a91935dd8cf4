"""Stage 3, validate: schemas (XSD, RELAX NG), the edition's reference rules, source locations."""
