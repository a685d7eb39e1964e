"""Generators of hostile and broken input (see generate.py); no data is committed here."""
