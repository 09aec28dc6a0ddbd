from django.urls import path

from attendees.api.views import RegistrationTypeListView

urlpatterns = [
    path("editions/<slug:slug>/registration-types/", RegistrationTypeListView.as_view(), name="registration-types"),
]
