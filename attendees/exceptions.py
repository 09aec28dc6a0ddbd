"""Why a registration change was refused.

Every refusal is a ``RegistrationError`` with a stable machine ``code`` (the API
puts it in its 400 body), the ``field`` it concerns (a form/API field name, or
None for the whole request) and a translatable message for people. Pages show
the message; nothing here ever becomes a 500.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    code: str = "invalid"
    field: str | None = None
    default_message: str | Promise = _("The registration could not be completed.")

    def __init__(self, message: str | Promise | None = None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))

    def __str__(self) -> str:
        # Evaluated lazily so the text follows the language active when shown.
        return str(self.message)


class DuplicateRegistrationError(RegistrationError):
    code = "duplicate"
    field = "email"
    default_message = _("This e-mail address is already registered for this edition. Use the link in your e-mail.")


class RegistrationClosedError(RegistrationError):
    code = "closed"
    default_message = _("Registration for this edition is closed.")


class RegistrationNotOpenError(RegistrationError):
    code = "not_open"
    default_message = _("Registration for this edition has not opened yet.")


class RegistrationTypeUnavailableError(RegistrationError):
    code = "invalid_type"
    field = "registration_type"
    default_message = _("This registration type is not available.")


class RegistrationFullError(RegistrationError):
    code = "full"
    field = "registration_type"
    default_message = _("We are sorry: this registration type is fully booked and has no waiting list.")


class OverlappingSubForumsError(RegistrationError):
    code = "overlap"
    field = "sub_forums"
    default_message = _("Two of the sub-forums you chose take place at the same time.")


class TooFewChoicesError(RegistrationError):
    code = "too_few_choices"
    field = "sub_forums"
    default_message = _("Please choose more sub-forums.")


class TooManyChoicesError(RegistrationError):
    code = "too_many_choices"
    field = "sub_forums"
    default_message = _("Please choose fewer sub-forums.")


class InvalidSubForumError(RegistrationError):
    code = "invalid_sub_forum"
    field = "sub_forums"
    default_message = _("One of the chosen sub-forums is not part of this edition.")


class NoRegistrationNeededError(RegistrationError):
    code = "no_registration_needed"
    field = "sub_forums"
    default_message = _("A chosen sub-forum needs no registration: everyone may attend it.")


class TooManyUnconfirmedError(RegistrationError):
    code = "too_many_unconfirmed"
    default_message = _(
        "Many registrations from your network (or your e-mail domain) are still waiting for their "
        "e-mail address to be confirmed. Please confirm those first, using the link in each e-mail, "
        "then register again."
    )


class InvalidStateError(RegistrationError):
    code = "invalid_state"
    default_message = _("This registration can no longer be changed.")


class RegistrationExpiredError(RegistrationError):
    code = "expired"
    default_message = _("This registration was not confirmed in time and has expired. Please register again.")


class NotAdmittedError(RegistrationError):
    code = "not_admitted"
    default_message = _("This registration does not admit entry.")


class UnknownSessionError(RegistrationError):
    code = "unknown_session"
    field = "session"
    default_message = _("This session is not part of this edition's agenda.")


class TryAgainError(RegistrationError):
    code = "try_again"
    default_message = _("Many people are registering right now. Please try again in a moment.")


def refusal_codes() -> list[str]:
    """The ``code`` of every refusal, for documentation (the API's schema lists them)."""
    codes: list[str] = []
    pending = list(RegistrationError.__subclasses__())
    while pending:
        error = pending.pop(0)
        codes.append(error.code)
        pending.extend(error.__subclasses__())
    return list(dict.fromkeys(codes))
