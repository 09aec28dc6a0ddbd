from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("d/<str:token>/", views.verify, name="verify"),
]
