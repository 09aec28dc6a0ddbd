from django.urls import path
from rest_framework.routers import SimpleRouter

from sessions.api.agenda_views import AgendaView
from sessions.api.export_views import EXPORT_VIEWS
from sessions.api.views import AgendaVersionDetailView, AgendaVersionListView, SessionViewSet, SpeakerViewSet

router = SimpleRouter()
router.register("speakers", SpeakerViewSet, basename="speaker")
router.register("sessions", SessionViewSet, basename="session")

urlpatterns = [
    path("editions/<slug:slug>/agenda/", AgendaView.as_view(), name="agenda"),
    path("editions/<slug:slug>/agenda/versions/", AgendaVersionListView.as_view(), name="agenda-versions"),
    path(
        "editions/<slug:slug>/agenda/versions/<int:number>/",
        AgendaVersionDetailView.as_view(),
        name="agenda-version",
    ),
    *(
        path(
            f"editions/<slug:slug>/agenda/export/{export_format}/",
            view.as_view(),
            name=f"agenda-export-{export_format}",
        )
        for export_format, view in EXPORT_VIEWS.items()
    ),
    *router.urls,
]
