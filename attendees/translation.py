from modeltranslation.translator import TranslationOptions, register

from attendees.models import RegistrationType


@register(RegistrationType)
class RegistrationTypeTranslation(TranslationOptions):
    fields = ("name", "description")
