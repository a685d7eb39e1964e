"""Places: the gazetteer, matching place names in text, and what could not be resolved."""
