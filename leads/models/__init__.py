from leads.models.action_token import ActionToken
from leads.models.appointment import Appointment
from leads.models.artist import Artist
from leads.models.calendar_event import CalendarEventDeletion
from leads.models.consent import ConsentForm, ConsentKind, ConsentQuestion
from leads.models.customer import Customer
from leads.models.faq import FaqEntry
from leads.models.lead import Lead, LeadStatus, StatusChange
from leads.models.questions import Answer, Question, QuestionKind
from leads.models.studio import StudioSettings, TourStop
from leads.models.system_event import SystemEvent

__all__ = [
    "ActionToken",
    "Answer",
    "Appointment",
    "Artist",
    "CalendarEventDeletion",
    "ConsentForm",
    "ConsentKind",
    "ConsentQuestion",
    "Customer",
    "FaqEntry",
    "Lead",
    "LeadStatus",
    "Question",
    "QuestionKind",
    "StatusChange",
    "StudioSettings",
    "SystemEvent",
    "TourStop",
]
