"""Reading the booklets' PDFs back: text in reading order (poppler's pdftotext, as the
handout tests read it), link targets, and the payloads of the QR codes."""

from __future__ import annotations

import io

import segno
from pypdf import PdfReader

from tests.professionals.test_handout import pdftotext

__all__ = ["link_targets", "pdftotext", "qr_payloads"]


def link_targets(content: bytes) -> list[str]:
    """The URIs of the PDF's link annotations, in page order."""
    targets = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def _modules(image, border: int = 2) -> list[tuple[bool, ...]]:
    """The dark/light modules of a QR code drawn `scale` pixels per module with a quiet zone
    of `border` modules (how offers_directory.printing draws them)."""
    grey = image.convert("L")
    side = grey.width
    for version_side in range(21, 178, 4):
        scale, rest = divmod(side, version_side + 2 * border)
        if rest == 0 and scale:
            break
    else:
        raise AssertionError(f"not a QR code drawing: {side} px")
    size = side // scale - 2 * border
    return [
        tuple(
            grey.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2))
            < 128
            for x in range(size)
        )
        for y in range(size)
    ]


def qr_payloads(content: bytes, candidates: list[str]) -> list[str]:
    """For each QR image in the PDF (page order), the candidate text it encodes: the image's
    modules are compared with the symbol segno makes of each candidate (segno's encoding is
    deterministic), which decodes exactly without a QR reader. An image that encodes none of
    the candidates fails."""
    symbols = {
        tuple(tuple(bool(m) for m in row) for row in segno.make(text, error="m").matrix): text
        for text in candidates
    }
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for picture in page.images:
            modules = tuple(_modules(picture.image))
            assert modules in symbols, "a QR code encodes none of the expected URLs"
            found.append(symbols[modules])
    return found
