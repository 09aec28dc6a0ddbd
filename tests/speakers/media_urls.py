"""The site's URLs plus uploaded files served from MEDIA_ROOT, for a browser test that must see a photo load.

(The site serves media itself only with DEBUG; in production the web server does.)
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from config.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    *site_urlpatterns,
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
