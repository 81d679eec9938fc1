"""The Frontdesk rules engine: load and check rulebooks, evaluate them, explain the result.

Pure: no Flask, no database, no clock. Give it a resolved contact, a directory snapshot
and a moment; it gives back a Decision with its trace.
"""
from .contact import TOPICS, AuthorityMatch, Candidate, ResolvedContact
from .directory import Directory, Service
from .evaluate import Decision, DecisionTarget, TraceStep, evaluate
from .hours import OpeningHours, is_bank_holiday
from .rulebook import (Rulebook, RulebookError, default_rulebook_path, load_rulebook,
                       load_rulebook_file, rulebook_version, schema)

__all__ = ["TOPICS", "AuthorityMatch", "Candidate", "ResolvedContact", "Directory", "Service",
           "Decision", "DecisionTarget", "TraceStep", "evaluate", "OpeningHours", "is_bank_holiday",
           "Rulebook", "RulebookError", "default_rulebook_path", "load_rulebook",
           "load_rulebook_file", "rulebook_version", "schema"]
