"""Stage 2, entities: the registers of persons, places and organisations, and linking names to them."""
