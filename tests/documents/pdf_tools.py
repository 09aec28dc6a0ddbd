"""Looking at a PDF as a reader would: poppler's pdffonts, pdftotext and pdftoppm, and a QR decoder."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        required = os.environ.get("CI", "").lower() == "true" or os.environ.get("AGORA_REQUIRE_SERVICES") == "1"
        (pytest.fail if required else pytest.skip)(f"{name} missing: run `make pdf-deps` (poppler-utils)")
    return found


def _run(program: str, *args: str, pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        return subprocess.run(  # noqa: S603 - poppler's own tools on a file we wrote
            [tool(program), *args, str(path), *(["-"] if program == "pdftotext" else [])],
            check=True,
            capture_output=True,
            text=True,
            cwd=folder,
        ).stdout


def embedded_fonts(pdf: bytes) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font (name, type, emb)."""
    lines = _run("pdffonts", pdf=pdf).splitlines()[2:]  # a header and a rule first
    rows = []
    for line in lines:
        parts = line.split()
        # name type [type…] encoding emb sub uni object ID: read from the right, the name first.
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def text_of(pdf: bytes) -> str:
    return _run("pdftotext", "-enc", "UTF-8", pdf=pdf)


def pages_as_images(
    pdf: bytes, *, dpi: int = 150, area: tuple[float, float, float, float] | None = None
) -> list[Image.Image]:
    """Each page as a greyscale picture; with ``area`` (left, top, right, bottom in points) only that part."""
    crop: list[str] = []
    if area is not None:
        left, top, right, bottom = (round(value * dpi / 72) for value in area)
        crop = ["-x", str(left), "-y", str(top), "-W", str(right - left), "-H", str(bottom - top)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        subprocess.run(  # noqa: S603
            [tool("pdftoppm"), "-r", str(dpi), *crop, "-png", str(path), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
        )
        return [Image.open(p).convert("L").copy() for p in sorted(Path(folder).glob("page*.png"))]


def qr_codes(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode]
