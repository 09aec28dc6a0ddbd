"""Turning a template and its context into PDF bytes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from documents.pdf.assets import ASSET_DIR, stylesheet
from documents.pdf.fonts import FAMILY, font_face_css


def print_html(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """``html`` printed with the engine's font and ``stylesheets`` (names in ``documents/pdf/assets``).

    The HTML names no font: the shipped font is the default of every element,
    so no character is drawn from a font of the machine.
    """
    # WeasyPrint loads Pango and fontTools on import (0.7 s of CPU): imported where a
    # PDF is printed, not by every web process and worker at start.
    from weasyprint import CSS, HTML  # noqa: PLC0415 - 0.7 s at import, see above
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 - as above

    from documents.pdf.fetcher import ProjectFetcher  # noqa: PLC0415 - subclasses WeasyPrint's fetcher

    fetcher = ProjectFetcher()
    font_config = FontConfiguration()
    sheets = [
        CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher),
        CSS(string=f'html {{ font-family: "{FAMILY}"; }}', font_config=font_config),
        *(CSS(filename=str(stylesheet(name)), font_config=font_config, url_fetcher=fetcher) for name in stylesheets),
    ]
    document = HTML(string=html, base_url=ASSET_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=sheets, font_config=font_config)


def render_pdf(template_name: str, context: Mapping[str, Any], *, language: str, stylesheets: tuple[str, ...]) -> bytes:
    """``template_name`` rendered with ``context`` in ``language``, then printed (``print_html``)."""
    with translation.override(language):
        html = render_to_string(template_name, {**context, "language": language})
    return print_html(html, stylesheets=stylesheets)
