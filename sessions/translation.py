from modeltranslation.translator import TranslationOptions, register

from sessions.models import Session, Speaker


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("name", "honorific", "position", "affiliation", "biography")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "abstract")
