"""Organiser admin for documents: letter templates, the speakers to invite by letter, visa requests
and the issued documents (download, regenerate, revoke).

Who may act follows ``forums.permissions``: the edition's owners and organisers
for every speaker, a sub-forum host for the speakers of its sub-forums, the
desk and viewers not at all (they may read the list of what was issued).
"""

from documents.admin import issued, recipients, templates, visa

__all__ = ["issued", "recipients", "templates", "visa"]
