from django.urls import path, re_path

from payments import views

urlpatterns = [
    re_path(r"^webhooks/stripe/?$", views.stripe_webhook, name="stripe-webhook"),
    path("payments/thanks/", views.checkout_thanks, name="checkout-thanks"),
    path("payments/cancelled/", views.checkout_cancelled, name="checkout-cancelled"),
]
