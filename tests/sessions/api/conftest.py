"""The API tests' ``edition`` (a small agenda) and a cleared cache before each test, for this directory."""

from tests.fixtures.api_scoped import _fresh_cache, edition  # noqa: F401 - fixtures scoped to this directory
