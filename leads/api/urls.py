from django.urls import path

from leads.api import views

urlpatterns = [
    path("leads/", views.LeadListApi.as_view(), name="api-lead-list"),
    path("leads/<int:lead_id>/", views.LeadDetailApi.as_view(), name="api-lead-detail"),
]
