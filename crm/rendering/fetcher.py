"""What WeasyPrint may load while rendering: bundled assets and `data:` URIs. Nothing else, ever.

Templates refer to their assets relative to ASSET_ROOT, an address in the reserved `.invalid` domain that never
resolves: a file next to a built-in template is ASSET_ROOT + "<template>/<file>" (relative: "<file>"), the shared
fonts are ASSET_ROOT + "fonts/…" (relative: "../fonts/fonts.css"). Logos reach templates as `data:` URIs made
from the stored, re-encoded PNGs.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

ASSET_ROOT = "https://assets.bondgenoot.invalid/"
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
MAX_DATA_URI = 5 * 1024 * 1024

log = logging.getLogger(__name__)


class RefusedResource(ValueError):
    """WeasyPrint logs and skips a resource whose fetch raises; the document renders without it."""


class AssetFetcher(URLFetcher):
    def __init__(self, template_name: str, template_dir: str | None = None):
        super().__init__(timeout=1, allow_redirects=False)
        self._template_prefix = f"{template_name}/"
        self._template_dir = Path(template_dir).resolve() if template_dir else None
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        if url.startswith("data:"):
            if len(url) > MAX_DATA_URI:
                return self._refuse(url, "data URI too large")
            return super().fetch(url, headers)  # urllib's DataHandler: no I/O
        if url.startswith(ASSET_ROOT):
            return self._asset(url)
        return self._refuse(url, "not an asset of this template")

    def _asset(self, url: str) -> URLFetcherResponse:
        relative = url[len(ASSET_ROOT) :].split("?")[0].split("#")[0]
        root = ASSETS_DIR  # shared: fonts/…
        if relative.startswith(self._template_prefix) and self._template_dir is not None:
            root, relative = self._template_dir, relative[len(self._template_prefix) :]  # the template's own files
        candidate = (root / relative).resolve()
        # Resolve first, then check: "../" and symlinks cannot climb out of the asset folder.
        if candidate.is_relative_to(root) and candidate.is_file():
            mime = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, candidate.read_bytes(), {"Content-Type": mime})
        return self._refuse(url, "no such asset")

    def _refuse(self, url: str, reason: str):
        shown = url if len(url) < 200 else url[:200] + "…"
        self.refused.append(shown)
        log.warning("Document render refused %s: %s", shown, reason)
        raise RefusedResource(f"{reason}: {shown}")
