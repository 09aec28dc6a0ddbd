"""The factories make what their names say."""

import pytest
from django.utils import translation

from forums.models import Edition
from tests.factories import EditionFactory


@pytest.mark.django_db
def test_edition_factory_creates_bilingual_edition() -> None:
    edition = EditionFactory(title_zh_hans="第19届", title_en="19th")
    stored = Edition.objects.get()
    assert stored.pk == edition.pk
    assert (stored.title_zh_hans, stored.title_en) == ("第19届", "19th")
    with translation.override("zh-hans"):
        assert stored.title == "第19届"
    with translation.override("en"):
        assert stored.title == "19th"
