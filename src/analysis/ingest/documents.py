"""The document record every reader yields, successful or not."""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class Document:
    doc_id: str
    text: str = ""
    source: str | None = None
    published: str | None = None  # ISO date
    published_basis: str = "none"
    title: str | None = None
    url: str | None = None
    path: str | None = None
    status: str = "ok"
    error: str | None = None
    decode_warning: str | None = None  # what decoding replaced or repaired, e.g. "3 invalid UTF-8 bytes replaced"

    @property
    def n_chars(self) -> int:
        return len(self.text)

    def row(self) -> dict:
        """The `documents` table row."""
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "text"}
        d["n_chars"] = self.n_chars
        return d

    def failed(self, status: str, error: str) -> "Document":
        self.status, self.error, self.text = status, error, ""
        return self

    def warn(self, note: str | None) -> None:
        """Add a decoding note to `decode_warning`."""
        if note:
            self.decode_warning = f"{self.decode_warning}; {note}" if self.decode_warning else note
