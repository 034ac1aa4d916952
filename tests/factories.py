"""Factories for test data; every patient belongs to a clinic."""

import datetime

import factory

from dryneedle.clinics.models import Clinic, Membership, User
from dryneedle.clinics.roles import Role
from dryneedle.outcomes.models import Response
from dryneedle.outcomes.scoring import score
from dryneedle.patients.models import Episode, Patient

PASSWORD = "correct-horse-battery-staple"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")
    slug = factory.Sequence(lambda n: f"clinic-{n}")
    timezone = "America/Chicago"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@clinic.test")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
    role = Role.CLINICIAN.value


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    clinic = factory.SubFactory(ClinicFactory)
    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    date_of_birth = datetime.date(1980, 5, 17)
    sex = Patient.Sex.FEMALE


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    patient = factory.SubFactory(PatientFactory)
    icd10_code = "M54.50"
    problem = "Low back pain for six weeks"


def response(episode, instrument: str, answers: list, *, stored=None, **fields) -> Response:
    """A stored questionnaire response, scored and built as the application builds one
    (Response.from_score), without an audit row. `stored` replaces the answers kept (e.g.
    PSFS activities); `fields` are from_score's keywords (source, entered_by, collected_at)."""
    fields.setdefault("source", Response.Source.CLINIC)
    made = Response.from_score(
        episode, score(instrument, answers), answers if stored is None else stored, **fields
    )
    made.save()
    return made
