from modeltranslation.translator import TranslationOptions, register

from documents.models import LetterTemplate


@register(LetterTemplate)
class LetterTemplateTranslation(TranslationOptions):
    fields = ("title", "body", "signatory")
