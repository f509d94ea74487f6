"""Reading generated PDFs the way an archivist would: text, pages, metadata, fonts, PDF/A identification."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-"), pdf[:40]
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    """All text, whitespace folded (hyphenation may split words, so tests look for short phrases)."""
    pages = reader(pdf).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))


def page_count(pdf: bytes) -> int:
    return len(reader(pdf).pages)


def metadata(pdf: bytes) -> dict[str, str]:
    info = reader(pdf).metadata or {}
    return {key: str(value) for key, value in info.items()}


def fonts(pdf: bytes) -> set[str]:
    """Names of the embedded fonts ("ABCDEF+SourceSans3-Regular" → "SourceSans3-Regular")."""
    found = set()
    for page in reader(pdf).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            for descendant in font.get("/DescendantFonts") or []:
                descriptor = descriptor or descendant.get_object().get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if embedded:
                found.add(str(font.get("/BaseFont")).lstrip("/").split("+")[-1])
    return found


def xmp(pdf: bytes) -> str:
    metadata_stream = reader(pdf).trailer["/Root"].get("/Metadata")
    return metadata_stream.get_object().get_data().decode("utf-8", "replace") if metadata_stream else ""


def is_pdfa_3b(pdf: bytes) -> bool:
    found = xmp(pdf)
    part = re.search(r"pdfaid:part(?:>|=\")\s*3", found)
    conformance = re.search(r"pdfaid:conformance(?:>|=\")\s*B", found)
    intents = reader(pdf).trailer["/Root"].get("/OutputIntents")
    return bool(part and conformance and intents)


def is_tagged(pdf: bytes) -> bool:
    root = reader(pdf).trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    return "/StructTreeRoot" in root and bool(mark_info and mark_info.get_object().get("/Marked"))


def is_pdfua(pdf: bytes) -> bool:
    """Tagged and identified as PDF/UA-1 in the XMP metadata (pdfuaid:part = 1)."""
    return is_tagged(pdf) and bool(re.search(r"pdfuaid:part(?:>|=\")\s*1", xmp(pdf)))


def language(pdf: bytes) -> str:
    return str(reader(pdf).trailer["/Root"].get("/Lang", ""))
