"""A database from before the layering moves (issue 14) upgrades with its rows: booking requests
(screening → public) and pain drawings (atlas → patients) keep their tables."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dryneedle.patients.models import PainDrawing
from dryneedle.public.models import BookingRequest

BEFORE = [("screening", "0002_consent_typed_name_fits_longest_names"), ("atlas", "0002_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_are_read_after_it(clinic, episode):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    old_booking = old.get_model("screening", "BookingRequest").objects.create(
        clinic_id=clinic.pk, name="Sam Reed", phone="555 0101"
    )
    old_drawing = old.get_model("atlas", "PainDrawing").objects.create(
        episode_id=episode.pk, marks=["occiput"], atlas_version="v-old"
    )

    _migrate(latest)

    assert BookingRequest.objects.get(pk=old_booking.pk).name == "Sam Reed"
    assert PainDrawing.objects.get(pk=old_drawing.pk).marks == ["occiput"]
