"""Imports of speakers, sessions and guest lists: read, previewed in a rolled-back
transaction through the same services and form rules as the admin, written only
when the organiser confirms (``spreadsheets.importing``)."""
