from django.urls import re_path

from conversations import views

urlpatterns = [
    re_path(r"^webhooks/whatsapp/?$", views.whatsapp_webhook, name="whatsapp-webhook"),
]
