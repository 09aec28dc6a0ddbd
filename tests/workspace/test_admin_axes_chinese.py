"""django-axes ships no Chinese: the Chinese admin names its app, models and columns from the
project's catalogue and app config (login security, attempts, logs, failures)."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import reverse

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def _headings(html: str) -> list[str]:
    thead = re.search(r"<thead>(.*?)</thead>", html, re.S)
    assert thead is not None
    cells = re.findall(r'<div class="text">(.*?)</div>', thead.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_admin_index_names_axes_and_its_models_in_chinese(admin_client) -> None:
    html = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    section = html[html.index('class="app-axes') :]
    section = section[: section.index("</table>")]
    assert ">登录安全</a>" in section
    models = re.findall(r'<th scope="row"[^>]*>\s*<a href="/admin/axes/[^"]+">([^<]+)</a>', section)
    assert models == ["登录失败记录", "登录尝试", "登录日志"]
    assert "Axes" not in section
    assert "Access" not in section


@pytest.mark.parametrize("model", [AccessAttempt, AccessLog, AccessFailureLog], ids=lambda m: m.__name__)
def test_every_axes_list_reads_in_chinese(admin_client, model) -> None:
    common = {"user_agent": "curl", "ip_address": "203.0.113.5", "username": "organiser", "path_info": "/admin/login/"}
    if model is AccessAttempt:
        model.objects.create(**common, http_accept="*/*", get_data="", post_data="", failures_since_start=2)
    else:
        model.objects.create(**common, http_accept="*/*")
    url = reverse(f"admin:axes_{model._meta.model_name}_changelist")
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    headings = [h for h in _headings(html) if h]
    assert headings, html[:500]
    assert [h for h in headings if not CJK.search(h)] == []
    assert "organiser" in html


def test_an_attempts_status_reads_in_chinese(admin_client, settings) -> None:
    AccessAttempt.objects.create(
        user_agent="curl",
        ip_address="203.0.113.5",
        username="organiser",
        path_info="/admin/login/",
        http_accept="*/*",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    html = admin_client.get(
        reverse("admin:axes_accessattempt_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert f"{settings.AXES_FAILURE_LIMIT - 2} 次尝试机会剩余" in html
