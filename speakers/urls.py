from django.urls import path

from speakers.views import invitation, selfservice

app_name = "speakers"
urlpatterns = [
    path("speakers/invitation/<str:token>/", invitation.invitation, name="invitation"),
    path("speakers/invitation/<str:token>/accept/", invitation.accept, name="accept"),
    path("speakers/invitation/<str:token>/decline/", invitation.decline, name="decline"),
    path("speakers/me/<str:token>/", selfservice.profile, name="profile"),
    path("speakers/me/<str:token>/photo/", selfservice.photo, name="photo"),
    path("speakers/me/<str:token>/consent/", selfservice.consent, name="consent"),
    path("speakers/me/<str:token>/materials/", selfservice.upload_material, name="upload_material"),
    path("speakers/me/<str:token>/materials/<uuid:key>/", selfservice.own_material, name="own_material"),
    path("speakers/me/<str:token>/travel/<int:edition_id>/", selfservice.travel, name="travel"),
    path("speakers/materials/<uuid:key>/", selfservice.published_material, name="material"),
]
