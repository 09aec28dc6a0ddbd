"""Which part of an edition's speakers a user answers for: the whole edition (its team), or
the sessions of the sub-forums they host (a sub-forum host), as ``forums.permissions`` says;
and which speakers a user may act for (where they speak).

The organisers' overview, its export and reminder, the travel lists and the letters'
mailing read the edition through this, so a host sees, exports and writes to only the
speakers and invitees of its own sub-forums' sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from forums.models import Edition, SubForum
from forums.permissions import Access, Can, ObjectScope
from sessions.models import Session, SessionSpeaker, Speaker

# Where a session lives, and a sub-forum, for forums.permissions.
SESSION_SCOPE = ObjectScope(forum="edition__forum", edition="edition", sub_forum="sub_forum")
SUB_FORUM_SCOPE = ObjectScope(forum="edition__forum", edition="edition", sub_forum="pk")
# Where a speaker's part in a session lives.
ROLE_SCOPE = ObjectScope(forum="session__edition__forum", edition="session__edition", sub_forum="session__sub_forum")
# The editions where a user may do something, a host's included (through its sub-forums).
EDITION_SCOPE = ObjectScope(forum="forum", edition="pk", sub_forum="sub_forums__pk")


@dataclass(frozen=True)
class EditionPart:
    """The edition as a whole (``sessions`` is None) or only these sessions of it."""

    edition: Edition
    sessions: QuerySet[Session] | None

    @property
    def whole(self) -> bool:
        return self.sessions is None


def edition_part(access: Access, edition: Edition, capability: Can) -> EditionPart | None:
    """The part of ``edition`` on which the user may do ``capability``; None when there is none.

    A host's part is the sessions of its sub-forums (an empty part is still a part: its
    sub-forum may have no session yet); a plenary session belongs to the whole edition.
    """
    if access.allows_place(capability, forum_id=edition.forum_id, edition_id=edition.pk):
        return EditionPart(edition=edition, sessions=None)
    if not access.filter(SubForum.objects.filter(edition=edition), capability, SUB_FORUM_SCOPE).exists():
        return None
    sessions = access.filter(Session.objects.filter(edition=edition), capability, SESSION_SCOPE)
    return EditionPart(edition=edition, sessions=sessions)


def editions_with_part(access: Access, capability: Can) -> QuerySet[Edition]:
    """The editions where the user may do ``capability`` on some part (a host: where it hosts)."""
    return access.filter(Edition.objects.all(), capability, EDITION_SCOPE)


def may_act_for_speaker(access: Access, speaker: Speaker, capability: Can) -> bool:
    """Whether the user may do ``capability`` for this speaker: the speaker has a part in a
    session the user may do it on (a host: a session of its sub-forums). A speaker is shared
    by every forum; what an organiser records for them is tied to where they speak."""
    if access.is_superuser:
        return True
    return access.filter(SessionSpeaker.objects.filter(speaker=speaker), capability, ROLE_SCOPE).exists()
