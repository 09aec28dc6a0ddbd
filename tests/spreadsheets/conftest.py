"""The ``spreadsheets`` storage is one in-memory storage for the whole test run (the model
fields hold it): each test here starts with it empty, so the purge counts only its files."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages

from spreadsheets.retention import EXPORTS_FOLDER, IMPORTS_FOLDER


@pytest.fixture(autouse=True)
def _empty_spreadsheet_storage() -> None:
    storage = storages["spreadsheets"]
    for folder in (EXPORTS_FOLDER, IMPORTS_FOLDER):
        try:
            _folders, names = storage.listdir(folder)
        except FileNotFoundError:
            continue
        for name in names:
            storage.delete(f"{folder}/{name}")
