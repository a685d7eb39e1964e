"""Place phrases the gazetteer could not resolve, counted for the researcher to review."""
from __future__ import annotations

from collections import Counter

import pandas as pd

from analysis import schemas


class UnresolvedPlaces:
    """Accumulates (phrase, doc_id, start, end, admin1 guess) over a run; first example kept."""

    def __init__(self):
        self.count: Counter = Counter()
        self.example: dict[str, tuple] = {}

    def add(self, items) -> None:
        for phrase, doc_id, start, end, guess in items:
            self.count[phrase] += 1
            self.example.setdefault(phrase, (doc_id, start, end, guess))

    def table(self) -> pd.DataFrame:
        rows = [{"phrase": p, "count": n, "doc_id": self.example[p][0], "char_start": self.example[p][1],
                 "char_end": self.example[p][2], "admin1_guess": self.example[p][3]}
                for p, n in sorted(self.count.items(), key=lambda kv: (-kv[1], kv[0]))]
        return schemas.frame("unresolved_places", rows)
