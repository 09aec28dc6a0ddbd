"""Admin for partner keys, and the page with the embed snippets.

Issuing a key shows its plaintext once, in the admin message; only a hash is
stored. Revoking is an action and takes effect on the key's next request.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from forums.admin.scope import ForumScopedAdminMixin
from partners import quotas
from partners.enums import Scope
from partners.models import ApiKey, EditionEmbed
from partners.services import issue_api_key, revoke_api_key


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = ApiKey
        fields = ["organisation", "name", "scopes", "forums", "editions", "daily_quota", "expires_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "organisation", "prefix", "scope_list", "daily_quota", "expires_at", "revoked_at"]
    list_filter = ["organisation", "revoked_at"]
    search_fields = ["name", "prefix", "organisation__name"]
    autocomplete_fields: list[str] = []
    filter_horizontal = ["forums", "editions"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at", "used_today"]
    actions = ["revoke"]

    @admin.display(description=_("scopes"))
    def scope_list(self, obj: ApiKey) -> str:
        return ", ".join(obj.scopes or [])

    @admin.display(description=_("requests today (UTC)"))
    def used_today(self, obj: ApiKey) -> str:
        return f"{quotas.usage_today(obj)} / {obj.daily_quota}" if obj.pk else "-"

    def save_model(self, request: HttpRequest, obj: ApiKey, form: forms.Form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        key, plaintext = issue_api_key(
            organisation=data["organisation"],
            name=data["name"],
            scopes=data["scopes"],
            forums=data["forums"],
            editions=data["editions"],
            daily_quota=data["daily_quota"],
            expires_at=data["expires_at"],
        )
        # The admin goes on with `obj` (related fields, log entry, redirect): make it the saved key.
        obj.pk, obj.prefix, obj.hashed_secret, obj.created_at = key.pk, key.prefix, key.hashed_secret, key.created_at
        obj._state.adding = False
        obj._state.db = key._state.db
        messages.warning(
            request,
            format_html(
                "{} <code style='user-select:all'>{}</code>",
                _("The new key — copy it now, it will not be shown again:"),
                plaintext,
            ),
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for key in queryset:
            revoke_api_key(api_key=key)
        self.message_user(request, _("Revoked %(count)d keys.") % {"count": len(queryset)})


def script_snippet(edition: EditionEmbed, lang: str = "zh-hans") -> str:
    """The HTML a partner pastes: the embed script for ``edition`` in ``lang``; every value escaped."""
    src = f"{settings.SITE_URL}{static('agora-embed/agora-embed.js')}"
    return (
        f'<script src="{escape(src)}" data-edition="{escape(edition.slug)}" data-lang="{escape(lang)}" async></script>'
    )


def iframe_snippet(edition: EditionEmbed, lang: str = "zh-hans") -> str:
    """The same as an <iframe>, titled in its own language (for screen readers); every value escaped."""
    src = f"{settings.SITE_URL}/api/embed/{edition.slug}/?lang={lang}"
    with translation.override(lang):
        title = str(edition.title)
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" loading="lazy" '
        'style="width:100%;min-height:800px;border:0"></iframe>'
    )


def _snippet_box(text: str) -> str:
    return format_html(
        '<textarea class="snippet" readonly rows="3" cols="100" style="font-family:monospace">{}</textarea>',
        text,
    )


@admin.register(EditionEmbed)
class EditionEmbedAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    """Read-only: copyable <script> and <iframe> snippets for the agenda of each edition the user sees."""

    forum_path = "forum"
    edition_path = "pk"
    list_display = ["title", "slug", "status"]

    class Media:
        js = ["partners/snippets.js"]

    search_fields = ["title_zh_hans", "title_en", "slug"]
    fields = ["title", "slug", "script_zh", "script_en", "iframe_zh", "iframe_en", "preview"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description=_("<script> (Chinese)"))
    def script_zh(self, obj: EditionEmbed) -> str:
        return _snippet_box(script_snippet(obj, "zh-hans"))

    @admin.display(description=_("<script> (English)"))
    def script_en(self, obj: EditionEmbed) -> str:
        return _snippet_box(script_snippet(obj, "en"))

    @admin.display(description=_("<iframe> (Chinese)"))
    def iframe_zh(self, obj: EditionEmbed) -> str:
        return _snippet_box(iframe_snippet(obj, "zh-hans"))

    @admin.display(description=_("<iframe> (English)"))
    def iframe_en(self, obj: EditionEmbed) -> str:
        return _snippet_box(iframe_snippet(obj, "en"))

    @admin.display(description=_("preview"))
    def preview(self, obj: EditionEmbed) -> str:
        return format_html('<a href="/api/embed/{}/" target="_blank">{}</a>', obj.slug, _("Open the embed page"))
