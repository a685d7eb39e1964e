"""Turn files (txt, jsonl, csv, html, folders) into `Document` records, failures included."""
from analysis.ingest.documents import Document
from analysis.ingest.readers import iter_documents

__all__ = ["Document", "iter_documents"]
