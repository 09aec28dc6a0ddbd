"""A speaker with a rare character in the name, on the programme of an edition's sub-forum."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from forums.models import Edition, SubForum
from sessions.enums import SpeakerRole
from sessions.models import Speaker
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SpeakerFactory, SubForumFactory


@dataclass
class Programme:
    edition: Edition
    sub_forum: SubForum
    speaker: Speaker


@pytest.fixture
def programme(db) -> Programme:
    edition = EditionFactory(
        title_zh_hans="第十九届长三角科技论坛",
        title_en="The 19th Yangtze River Delta S&T Forum",
        host_city_zh_hans="芜湖",
        host_city_en="Wuhu",
    )
    sub_forum = SubForumFactory(edition=edition)
    speaker = SpeakerFactory(name_zh_hans="王𠈌", name_en="Wang Yan", affiliation_zh_hans="堃喆昇龑研究院")
    session = SessionFactory(
        edition=edition, sub_forum=sub_forum, title_zh_hans="人工智能与先进制造", title_en="AI and manufacturing"
    )
    SessionSpeakerFactory(session=session, speaker=speaker, role=SpeakerRole.SPEAKER)
    return Programme(edition=edition, sub_forum=sub_forum, speaker=speaker)
