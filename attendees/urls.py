from django.urls import path

from attendees.views import checkin, pages, programme

app_name = "attendees"
urlpatterns = [
    path("", pages.home, name="home"),
    path("e/<slug:slug>/", pages.edition_detail, name="edition"),
    path("e/<slug:slug>/register/", pages.register, name="register"),
    path("e/<slug:slug>/register/done/", pages.registered, name="registered"),
    path("e/<slug:slug>/check-in/", checkin.checkin, name="checkin"),
    path("r/confirm/<str:token>/", pages.confirm, name="confirm"),
    path("r/feed/<str:token>.ics", programme.feed, name="feed"),
    path("r/<str:token>/", pages.manage, name="manage"),
    path("r/<str:token>/choices/", pages.manage_choices, name="manage_choices"),
    path("r/<str:token>/cancel/", pages.manage_cancel, name="manage_cancel"),
    path("r/<str:token>/ticket/", pages.ticket, name="ticket"),
    path("r/<str:token>/ticket.ics", pages.ticket_ics, name="ticket_ics"),
    path("r/<str:token>/programme/", programme.other_sessions, name="other_sessions"),
    path("r/<str:token>/programme/star/", programme.star, name="star"),
    path("r/<str:token>/calendar/new-link/", programme.reissue_feed, name="reissue_feed"),
]
