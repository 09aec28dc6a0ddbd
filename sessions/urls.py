from django.urls import path

from sessions import views

app_name = "agenda"
urlpatterns = [
    path("e/<slug:edition_slug>/agenda/", views.agenda, name="agenda"),
    path("e/<slug:edition_slug>/agenda/export/<str:fmt>/", views.agenda_export, name="export"),
    path(
        "e/<slug:edition_slug>/agenda/export/<str:fmt>/<slug:sub_forum_slug>/",
        views.agenda_export,
        name="export-sub-forum",
    ),
]
