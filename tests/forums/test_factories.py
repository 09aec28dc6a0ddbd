import pytest

from forums.models import Edition
from tests.factories import EditionFactory


@pytest.mark.django_db
def test_edition_factory_creates_bilingual_edition() -> None:
    edition = EditionFactory(title_zh_hans="第19届", title_en="19th")
    assert Edition.objects.get().pk == edition.pk
