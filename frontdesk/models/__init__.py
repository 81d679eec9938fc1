"""All models, imported here so the metadata (and Alembic) sees every table."""
from .audit import AuditEntry
from .base import Base, utcnow
from .calls import CALL_STAGES, CallbackRequest, PhoneCall
from .chats import CannedResponse, Chat, ChatMessage, PartnerSite
from .contacts import EVENT_KINDS, AppendOnlyError, Contact, DecisionRecord, HandoffEvent
from .directory import DirectoryRevision, LocalAuthority, PlaceAlias, Postcode, Service, ServiceClosure
from .rulebooks import RulebookVersion
from .staff import ROLES, ApiToken, StaffUser

__all__ = ["AuditEntry", "Base", "utcnow", "CALL_STAGES", "CallbackRequest", "PhoneCall", "CannedResponse",
           "Chat", "ChatMessage", "PartnerSite", "EVENT_KINDS",
           "AppendOnlyError", "Contact", "DecisionRecord", "HandoffEvent", "DirectoryRevision", "LocalAuthority", "PlaceAlias", "Postcode", "Service",
           "ServiceClosure", "RulebookVersion", "ROLES", "ApiToken", "StaffUser"]
