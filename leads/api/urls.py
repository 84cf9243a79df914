from django.urls import path

from leads.api import action_views, artist_views, views

urlpatterns = [
    path("leads/", views.LeadListApi.as_view(), name="api-lead-list"),
    path("leads/<int:lead_id>/", views.LeadDetailApi.as_view(), name="api-lead-detail"),
    path("leads/<int:lead_id>/approve/", action_views.ApproveApi.as_view(), name="api-lead-approve"),
    path("leads/<int:lead_id>/reject/", action_views.RejectApi.as_view(), name="api-lead-reject"),
    path("leads/<int:lead_id>/resume/", action_views.ResumeApi.as_view(), name="api-lead-resume"),
    path("leads/<int:lead_id>/messages/", action_views.MessageApi.as_view(), name="api-lead-messages"),
    path("leads/<int:lead_id>/offer-slots/", action_views.OfferSlotsApi.as_view(), name="api-lead-offer-slots"),
    path("leads/<int:lead_id>/reschedule/", action_views.RescheduleApi.as_view(), name="api-lead-reschedule"),
    path("leads/<int:lead_id>/cancel/", action_views.CancelApi.as_view(), name="api-lead-cancel"),
    path("leads/<int:lead_id>/complete/", action_views.CompleteApi.as_view(), name="api-lead-complete"),
    path("leads/<int:lead_id>/no-show/", action_views.NoShowApi.as_view(), name="api-lead-no-show"),
    path("leads/<int:lead_id>/next-session/", action_views.NextSessionApi.as_view(), name="api-lead-next-session"),
    path("artists/", artist_views.ArtistsApi.as_view(), name="api-artists"),
    path("metrics/funnel/", views.FunnelApi.as_view(), name="api-metrics-funnel"),
]
