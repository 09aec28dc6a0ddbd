from django.urls import path

from sessions.views import agenda, speakers

app_name = "agenda"
urlpatterns = [
    path("e/<slug:edition_slug>/agenda/", agenda.agenda, name="agenda"),
    path("e/<slug:edition_slug>/agenda/export/<str:fmt>/", agenda.agenda_export, name="export"),
    path(
        "e/<slug:edition_slug>/agenda/export/<str:fmt>/<slug:sub_forum_slug>/",
        agenda.agenda_export,
        name="export-sub-forum",
    ),
    path("e/<slug:edition_slug>/agenda/session/<int:session_id>.ics", agenda.session_calendar, name="session-ics"),
    path("e/<slug:edition_slug>/speakers/", speakers.speaker_list, name="speakers"),
    path("e/<slug:edition_slug>/speakers/<slug:speaker_slug>/", speakers.speaker_detail, name="speaker"),
]
