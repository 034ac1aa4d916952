"""Signals the treatment note sends."""

from django.dispatch import Signal

# Sent after a note is signed and committed: sender=Treatment, treatment=<the signed note>.
treatment_signed = Signal()
