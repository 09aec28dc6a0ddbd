# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""The messages organisers send every year, ready in both languages: a targeted
mail may start from one of them (the organiser then edits it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MailTemplate:
    key: str
    label: str | Promise
    texts: dict[str, tuple[str, str]]  # language → (subject, text)


TEMPLATES = [
    MailTemplate(
        key="practical",
        label=_("Practical information before the forum"),
        texts={
            "zh-hans": (
                "{{ edition }}参会须知",
                "{{ attendee_name }}，您好：\n\n"
                "{{ edition }}将于{{ start_time }}开幕，地点：{{ venue }}{% if room %}，{{ room }}{% endif %}。\n\n"
                "报到时请出示您的电子票（报名编号 {{ registration_code }}）：\n{{ ticket_url }}\n\n"
                "会议议程：{{ agenda_url }}\n"
                "如需修改分论坛选择或取消报名，请访问：{{ manage_url }}\n\n"
                "期待与您相见！\n{{ edition }}组委会",
            ),
            "en": (
                "Practical information: {{ edition }}",
                "Dear {{ attendee_name }},\n\n"
                "{{ edition }} opens on {{ start_time }} at {{ venue }}{% if room %}, {{ room }}{% endif %}.\n\n"
                "Please show your ticket at the registration desk (registration code {{ registration_code }}):\n"
                "{{ ticket_url }}\n\n"
                "The programme: {{ agenda_url }}\n"
                "To change your sub-forums or cancel: {{ manage_url }}\n\n"
                "We look forward to welcoming you.\nThe organising committee of {{ edition }}",
            ),
        },
    ),
    MailTemplate(
        key="room_change",
        label=_("Change of room"),
        texts={
            "zh-hans": (
                "会场变更：{{ sub_forum }}",
                "{{ attendee_name }}，您好：\n\n"
                "您报名参加的{{ sub_forum }}（{{ start_time }}）会场已变更为：{{ room }}（{{ venue }}）。\n\n"
                "最新议程：{{ agenda_url }}\n电子票：{{ ticket_url }}\n\n"
                "给您带来不便，敬请谅解。\n{{ edition }}组委会",
            ),
            "en": (
                "Room change: {{ sub_forum }}",
                "Dear {{ attendee_name }},\n\n"
                "{{ sub_forum }} ({{ start_time }}) now takes place in {{ room }} ({{ venue }}).\n\n"
                "The latest programme: {{ agenda_url }}\nYour ticket: {{ ticket_url }}\n\n"
                "We apologise for any inconvenience.\nThe organising committee of {{ edition }}",
            ),
        },
    ),
    MailTemplate(
        key="thank_you",
        label=_("Thank you after the forum"),
        texts={
            "zh-hans": (
                "感谢您参加{{ edition }}",
                "{{ attendee_name }}，您好：\n\n"
                "感谢您参加{{ edition }}！会议议程及相关资料请见：{{ agenda_url }}\n\n"
                "欢迎您明年继续关注并参加本论坛。\n{{ edition }}组委会",
            ),
            "en": (
                "Thank you for attending {{ edition }}",
                "Dear {{ attendee_name }},\n\n"
                "Thank you for taking part in {{ edition }}. The programme and its materials remain at "
                "{{ agenda_url }}\n\n"
                "We hope to see you again next year.\nThe organising committee of {{ edition }}",
            ),
        },
    ),
    MailTemplate(
        key="blank",
        label=_("An empty message"),
        texts={
            "zh-hans": ("{{ edition }}", "{{ attendee_name }}，您好：\n\n\n\n{{ edition }}组委会"),
            "en": ("{{ edition }}", "Dear {{ attendee_name }},\n\n\n\nThe organising committee of {{ edition }}"),
        },
    ),
]
BY_KEY = {template.key: template for template in TEMPLATES}
