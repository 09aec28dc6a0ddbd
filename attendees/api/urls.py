from django.urls import path
from rest_framework.routers import SimpleRouter

from attendees.api.views import RegistrationTypeListView, RegistrationViewSet

router = SimpleRouter()
router.register("registrations", RegistrationViewSet, basename="registration")

urlpatterns = [
    path("editions/<slug:slug>/registration-types/", RegistrationTypeListView.as_view(), name="registration-types"),
    *router.urls,
]
