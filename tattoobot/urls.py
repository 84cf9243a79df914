from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from leads.admin.today import today_view
from leads.views import action_link_view, calendar_file_view, consent_form_view
from tattoobot.web import health, metrics, root

handler500 = "tattoobot.foundations.errors.handler500"
admin.site.site_url = None  # no "View site" link: the site's root is the admin itself

urlpatterns = [
    path("", root.root, name="root"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("admin/", include("tattoobot.web.staff_auth.urls")),  # staff sign-in; before the admin's own login
    # The admin's home page is Today (before the admin's own index, which it replaces).
    path("admin/", admin.site.admin_view(today_view), name="today"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/schema/ui/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("leads.api.urls")),
    path("", include("conversations.urls")),
    path("", include("payments.urls")),
    path("a/<str:token>", action_link_view, name="action-link"),
    path("c/<str:token>.ics", calendar_file_view, name="calendar-file"),
    path("consent/<str:token>", consent_form_view, name="consent-form"),
]
