from rest_framework.routers import SimpleRouter

from forums.api.views import EditionViewSet, ForumViewSet, RoomViewSet, SubForumViewSet

router = SimpleRouter()
router.register("forums", ForumViewSet, basename="forum")
router.register("editions", EditionViewSet, basename="edition")
router.register("sub-forums", SubForumViewSet, basename="sub-forum")
router.register("rooms", RoomViewSet, basename="room")

urlpatterns = router.urls
