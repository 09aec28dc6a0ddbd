from django.urls import path

from attendees import checkin_views, views

app_name = "attendees"
urlpatterns = [
    path("e/<slug:slug>/", views.edition_detail, name="edition"),
    path("e/<slug:slug>/register/", views.register, name="register"),
    path("e/<slug:slug>/register/done/", views.registered, name="registered"),
    path("e/<slug:slug>/check-in/", checkin_views.checkin, name="checkin"),
    path("r/confirm/<str:token>/", views.confirm, name="confirm"),
    path("r/<str:token>/", views.manage, name="manage"),
    path("r/<str:token>/choices/", views.manage_choices, name="manage_choices"),
    path("r/<str:token>/cancel/", views.manage_cancel, name="manage_cancel"),
    path("r/<str:token>/ticket/", views.ticket, name="ticket"),
    path("r/<str:token>/ticket.ics", views.ticket_ics, name="ticket_ics"),
]
