from django.urls import path

from leads.api import actions, views

urlpatterns = [
    path("leads/", views.LeadListApi.as_view(), name="api-lead-list"),
    path("leads/<int:lead_id>/", views.LeadDetailApi.as_view(), name="api-lead-detail"),
    path("leads/<int:lead_id>/approve/", actions.ApproveApi.as_view(), name="api-lead-approve"),
    path("leads/<int:lead_id>/reject/", actions.RejectApi.as_view(), name="api-lead-reject"),
    path("leads/<int:lead_id>/resume/", actions.ResumeApi.as_view(), name="api-lead-resume"),
    path("leads/<int:lead_id>/messages/", actions.MessageApi.as_view(), name="api-lead-messages"),
    path("leads/<int:lead_id>/offer-slots/", actions.OfferSlotsApi.as_view(), name="api-lead-offer-slots"),
    path("leads/<int:lead_id>/reschedule/", actions.RescheduleApi.as_view(), name="api-lead-reschedule"),
    path("leads/<int:lead_id>/cancel/", actions.CancelApi.as_view(), name="api-lead-cancel"),
    path("metrics/funnel/", views.FunnelApi.as_view(), name="api-metrics-funnel"),
]
