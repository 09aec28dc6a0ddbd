"""``python manage.py load_demo``: the demo forum (``demo.loader``), idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from demo.loader import DemoLoader, ensure_admin


class Command(BaseCommand):
    help = "Load the demo: the Yangtze River Delta Science and Technology Forum, 18th and 19th editions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-admin", action="store_true", help="Do not create the demo admin user.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(DemoLoader().load())
        if not options["no_admin"]:
            self.stdout.write(ensure_admin())
