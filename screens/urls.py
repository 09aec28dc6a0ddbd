from django.urls import path

from screens import views

app_name = "screens"
urlpatterns = [
    path("e/<slug:edition_slug>/screens/", views.lobby, name="lobby"),
    path("e/<slug:edition_slug>/screens/now.json", views.lobby_data, name="lobby-data"),
    path("e/<slug:edition_slug>/screens/<int:room_id>/", views.room, name="room"),
    path("e/<slug:edition_slug>/screens/<int:room_id>/now.json", views.room_data, name="room-data"),
]
