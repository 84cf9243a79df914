from django.urls import path, re_path

from conversations import views

urlpatterns = [
    re_path(r"^webhooks/whatsapp/?$", views.whatsapp_webhook, name="whatsapp-webhook"),
    path("staff/media/<int:media_id>", views.reference_media_file, name="reference-media-file"),
]
