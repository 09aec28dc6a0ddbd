from rest_framework.routers import SimpleRouter

from partners.api.registrations import RegistrationViewSet
from partners.api.webhooks import WebhookSubscriptionViewSet

router = SimpleRouter()
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("webhooks", WebhookSubscriptionViewSet, basename="webhook")

urlpatterns = router.urls
