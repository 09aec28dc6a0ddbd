"""What a document may load while it is printed: the project's own files and data URIs, nothing else.

Letter texts are written by organisers and pictures uploaded by them; a URL
that reached the network or the server's files (``file:///etc/…``) would be a
way out, so the fetcher refuses every other address and a refused or missing
resource stops the printing instead of leaving a gap in the document.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # documents/: its fonts/ and pdf/assets/


class ProjectFetcher(URLFetcher):
    def __init__(self, roots: tuple[Path, ...] = (PACKAGE_DIR,)) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
        self._roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if parts.netloc not in ("", "localhost") or not any(path.is_relative_to(root) for root in self._roots):
                raise ValueError(f"not one of the project's files: {url}")
        elif parts.scheme != "data":
            raise ValueError(f"documents load nothing from outside: {url}")
        return super().fetch(url, headers)
