"""The admin home's first panel: the editions the user works on, with their key numbers."""

from __future__ import annotations

from typing import Any

from django import template

from forums.models import Edition
from forums.permissions import Can, ObjectScope, access_for
from workspace.dashboard.home import current_editions

register = template.Library()

# Editions read whole: a sub-forum host reads only its sub-forums, so sees none here.
EDITION_SCOPE = ObjectScope(forum="forum", edition="pk")


@register.inclusion_tag("admin/workspace/current_editions.html", takes_context=True)
def current_editions_panel(context: dict[str, Any]) -> dict[str, Any]:
    request = context["request"]
    access = access_for(request)
    editions = access.filter(Edition.objects.all(), Can.VIEW, EDITION_SCOPE)
    rows = current_editions(editions)
    checks_in = {
        row.edition.pk
        for row in rows
        if access.allows_place(Can.CHECK_IN, forum_id=row.edition.forum_id, edition_id=row.edition.pk)
    }
    return {"rows": rows, "checks_in": checks_in}
