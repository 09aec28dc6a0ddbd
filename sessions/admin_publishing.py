"""Admin pieces for publishing the agenda. The lead registers them (this helper
does not own sessions/admin.py):

    from sessions.admin_publishing import AgendaVersionAdmin, publish_agenda_action
    admin.site.register(AgendaVersion, AgendaVersionAdmin)
    # and in EditionAdmin: actions = [..., publish_agenda_action]
"""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from forums.models import Edition
from sessions.models import AgendaVersion
from sessions.services import publish_agenda


@admin.action(description=_("Publish the agenda (next version)"), permissions=["change"])
def publish_agenda_action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Edition]) -> None:
    for edition in queryset:
        version = publish_agenda(edition=edition, user=request.user)
        modeladmin.message_user(
            request,
            _("%(edition)s: published version %(number)d with %(changes)d change(s).")
            % {"edition": edition, "number": version.number, "changes": len(version.changelog)},
            messages.SUCCESS,
        )


class AgendaVersionAdmin(admin.ModelAdmin):
    """Published versions are immutable: read-only, no add, no delete."""

    list_display = ["edition", "number", "published_at", "published_by", "change_count", "note"]
    list_filter = ["edition"]
    list_select_related = ["edition", "published_by"]
    readonly_fields = ["edition", "number", "published_at", "published_by", "note", "changes", "exports_list"]
    exclude = ["snapshot", "changelog"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AgendaVersion]:
        return super().get_queryset(request).defer("snapshot")

    @admin.display(description=_("changes"))
    def change_count(self, obj: AgendaVersion) -> int:
        return len(obj.changelog)

    @admin.display(description=_("changelog"))
    def changes(self, obj: AgendaVersion) -> str:
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong> {} <code>{}</code></li>",
                (
                    (e["type"], e["title"].get("zh-hans") or e["title"].get("en"), json.dumps(e.get("after", ""))[:200])
                    for e in obj.changelog
                ),
            ),
        )

    @admin.display(description=_("exports"))
    def exports_list(self, obj: AgendaVersion) -> str:
        rows = obj.exports.values_list("format", "language", "sub_forum_slug", "filename")
        return format_html_join(
            "<br>",
            '<a href="{}?lang={}">{}</a> ({})',
            (
                (
                    reverse(
                        "agenda:export-sub-forum" if sub else "agenda:export",
                        args=[obj.edition.slug, fmt, sub] if sub else [obj.edition.slug, fmt],
                    ),
                    language,
                    filename,
                    language or "zh-hans+en",
                )
                for fmt, language, sub, filename in rows
            ),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AgendaVersion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AgendaVersion | None = None) -> bool:
        return False
