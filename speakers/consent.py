"""The exact words a speaker agrees to; what is shown is what is recorded (``Consent.wording``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from speakers.enums import ConsentSubject

WORDING: dict[str, Promise] = {
    ConsentSubject.BIOGRAPHY: _(
        "I agree that the organisers publish my biography, as I wrote it here, on the forum's website, "
        "in its programme and on partner sites showing its agenda."
    ),
    ConsentSubject.PHOTO: _(
        "I agree that the organisers publish my photo on the forum's website, in its programme "
        "and on partner sites showing its agenda."
    ),
    ConsentSubject.RECORDING: _("I agree that my session is recorded and that the organisers publish the recording."),
}


def wording(subject: str) -> Promise:
    return WORDING[subject]
