"""The organisers' admin for speakers: invitations (with the overview and travel pages),
materials to publish, travel plans and the consents on record.

Every page and action asks ``forums.permissions``: invitations, materials and
their actions are scoped by their session (a sub-forum host acts on its own
sub-forums), the edition-wide pages by the edition.
"""

from speakers.admin import consents, invitations, records, sessions  # noqa: F401 - registers the admins
