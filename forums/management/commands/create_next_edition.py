"""``python manage.py create_next_edition <edition-slug>``: next year's draft edition,
as the admin's “Create next edition” button makes it (``create_edition_from_previous``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime

from forums import carry_over
from forums.models import Edition
from forums.services import create_edition_from_previous


class Command(BaseCommand):
    help = (
        "Create the next edition of a forum from an edition: the next number, the year after, every "
        "date one year on, and what --carry names carried over (default: everything that can be)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        keys = ", ".join(step.key for step in carry_over.steps())
        parser.add_argument("edition", help="The slug of the edition to start from.")
        parser.add_argument("--number", type=int, help="The new edition's number (default: the next one).")
        parser.add_argument("--year", type=int, help="Its year (default: the year after).")
        parser.add_argument("--slug", help="Its slug (default: <forum slug>-<year>).")
        parser.add_argument(
            "--start", help="When it starts, ISO 8601 in the edition's time zone (default: one year on)."
        )
        parser.add_argument("--end", help="When it ends, ISO 8601 (default: moved like the start).")
        parser.add_argument(
            "--carry", help=f"Comma-separated steps to carry over, or 'none' (default: all). Steps: {keys}."
        )
        parser.add_argument("--user", help="The username recorded in the audit trail as the one who created it.")

    def handle(self, *args: Any, **options: Any) -> None:
        previous = Edition.objects.select_related("forum").filter(slug=options["edition"]).first()
        if previous is None:
            raise CommandError(f"No edition with the slug {options['edition']!r}.")
        carry = None
        if options["carry"]:
            carry = [] if options["carry"] == "none" else [k.strip() for k in options["carry"].split(",") if k.strip()]
        actor = None
        if options["user"]:
            actor = get_user_model()._default_manager.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user {options['user']!r}.")
        try:
            edition = create_edition_from_previous(
                previous=previous,
                number=options["number"],
                year=options["year"],
                slug=options["slug"],
                start=self._moment(options["start"], previous),
                end=self._moment(options["end"], previous),
                carry=carry,
                actor=actor,
            )
        except ValidationError as error:
            raise CommandError(
                "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            ) from error
        self.stdout.write(
            f"Created {edition.slug} (number {edition.number}, {edition.year}, draft) from {previous.slug}; "
            f"edit it at /admin/forums/edition/{edition.pk}/change/"
        )

    @staticmethod
    def _moment(value: str | None, previous: Edition) -> dt.datetime | None:
        if not value:
            return None
        moment = parse_datetime(value)
        if moment is None:
            raise CommandError(f"Not an ISO 8601 date and time: {value!r}.")
        return moment if moment.tzinfo else moment.replace(tzinfo=previous.tz)
