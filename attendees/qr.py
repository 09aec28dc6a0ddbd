"""The ticket's QR code."""

from __future__ import annotations

import segno


def ticket_qr(code: str) -> segno.QRCode:
    """A regular QR code carrying only the registration code, nothing personal.

    ``segno.make`` would choose a Micro QR code for a code this short, which
    phone cameras (and the check-in page's decoders) do not read.
    """
    return segno.make_qr(code, error="m")
