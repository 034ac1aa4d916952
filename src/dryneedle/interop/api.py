"""FHIR API (routes arrive with the FHIR export)."""

from ninja import Router

router = Router(tags=["fhir"])
