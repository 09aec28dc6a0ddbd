"""What every documents admin shares: issuing is editing (``Can.EDIT``), checked row by row."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from forums.admin.scope import ForumScopedAdminMixin
from forums.permissions import Can


class DocumentsAdminMixin(ForumScopedAdminMixin):
    change_capability = Can.EDIT

    def has_issue_permission(self, request: HttpRequest) -> bool:
        """Actions that issue, regenerate or revoke (``permissions=["issue"]``)."""
        return self.may(request, Can.EDIT)

    def report_refusal(self, request: HttpRequest, subject: object, error: ValidationError) -> None:
        self.message_user(request, f"{subject}: {' '.join(error.messages)}", messages.ERROR)  # type: ignore[attr-defined]
