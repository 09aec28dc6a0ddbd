from modeltranslation.translator import TranslationOptions, register

from forums.models import Edition, Forum, Organisation, Room, SubForum, Venue


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name")


@register(Forum)
class ForumTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("name", "city", "address")


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name",)


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("title", "theme", "description", "host_city")


@register(SubForum)
class SubForumTranslation(TranslationOptions):
    fields = ("title", "theme", "description")
