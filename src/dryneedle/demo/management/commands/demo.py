"""`dryneedle demo`: create (idempotently) a demo clinic with staff, patients and episodes."""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dryneedle.clinics.models import Clinic, Membership, User
from dryneedle.clinics.roles import Role
from dryneedle.patients.models import Episode, Patient
from dryneedle.treatments.models import StockedNeedle

DEMO_PASSWORD = "needle-demo-2026"  # noqa: S105 - printed on the console; demo only

STAFF = [
    ("demo@clinic.test", "Dana Morgan, PT, DPT", Role.CLINICIAN),
    ("sam@clinic.test", "Sam Okafor, PT", Role.CLINICIAN),
    ("admin@clinic.test", "Alex Rivera", Role.ADMIN),
    ("frontdesk@clinic.test", "Jamie Lee", Role.FRONT_DESK),
]

# Common sizes (diameter, length in mm) of solid filiform needles, for the demo's stock list.
STOCKED_NEEDLES = [
    (Decimal("0.25"), 25),
    (Decimal("0.25"), 40),
    (Decimal("0.30"), 50),
    (Decimal("0.30"), 60),
    (Decimal("0.30"), 75),
]

# The six common diagnoses of the demo, with codes from clinical-facts.md §5.
DIAGNOSES = [
    ("M54.50", "Low back pain for {weeks} weeks after {cause}; worse sitting, eases walking."),
    (
        "G44.209",
        "Tension-type headaches {freq} a week, band-like, with neck and shoulder tightness.",
    ),
    ("M54.2", "Neck pain and stiffness for {weeks} weeks after {cause}; rotation limited."),
    ("M72.2", "Plantar heel pain, worst with the first steps in the morning, for {weeks} weeks."),
    ("M77.11", "Lateral elbow pain (right) with gripping, for {weeks} weeks after {cause}."),
    ("M76.62", "Left Achilles pain and morning stiffness for {weeks} weeks after {cause}."),
]
CAUSES = [
    "long hours at a desk",
    "a weekend of gardening",
    "starting to run again",
    "moving house",
    "a long drive",
    "increased training",
]
GIVEN = [
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Mateo",
    "Sophia",
    "Lucas",
    "Mia",
    "Ethan",
    "Amara",
    "Kenji",
    "Priya",
    "Jonas",
    "Fatima",
    "Diego",
    "Chloe",
    "Omar",
    "Ingrid",
    "Tariq",
    "Lena",
    "Hugo",
    "Zara",
    "Felix",
    "Nadia",
    "Theo",
    "Aisha",
    "Rafael",
    "Maya",
    "Samuel",
]
FAMILY = [
    "Hughes",
    "Nakamura",
    "Okonkwo",
    "Schmidt",
    "Patel",
    "García",
    "O'Brien",
    "Kowalski",
    "Andersen",
    "Haddad",
    "Dubois",
    "Moreau",
    "Fischer",
    "Ivanova",
    "Silva",
    "Bergström",
    "Murphy",
    "Khan",
    "Rossi",
    "Tanaka",
    "Walsh",
    "Novak",
    "Lindqvist",
    "Mensah",
    "Costa",
    "Becker",
    "Yilmaz",
    "Jensen",
    "Romero",
    "Clarke",
]


class Command(BaseCommand):
    help = "Create the demo clinic, its staff (passwords printed) and about 30 patients."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=30)
        parser.add_argument(
            "--force", action="store_true", help="Allow running with production settings."
        )

    def handle(self, *args, patients: int, force: bool, **options):
        if settings.PRODUCTION and not force:
            raise CommandError(
                "Refusing to create demo accounts with known passwords in production "
                "(DRYNEEDLE_ENV=production). Use --force only on a throw-away installation."
            )
        if not 0 <= patients <= 1000:
            raise CommandError("--patients must be between 0 and 1000.")
        with transaction.atomic():
            clinic, _ = Clinic.objects.get_or_create(
                slug="demo",
                defaults={
                    "name": "Riverside Physio & Dry Needling",
                    "timezone": "America/Chicago",
                    # Shared demo logins cannot hold a phone app; real clinics default to
                    # requiring two-factor sign-in for admins.
                    "mfa_policy": Clinic.MfaPolicy.OPTIONAL,
                },
            )
            if clinic.mfa_policy != Clinic.MfaPolicy.OPTIONAL:  # a demo made by an older version
                clinic.mfa_policy = Clinic.MfaPolicy.OPTIONAL
                clinic.save(update_fields=["mfa_policy"])
            staff = [self._staff_member(clinic, *row) for row in STAFF]
            for diameter, length in STOCKED_NEEDLES:
                StockedNeedle.objects.get_or_create(
                    clinic=clinic, diameter_mm=diameter, length_mm=length, brand=""
                )
            created = self._patients(clinic, staff[0], patients)

        self.stdout.write(self.style.SUCCESS(f"Demo clinic: {clinic.name}"))
        self.stdout.write(f"  {created} new patients ({clinic.patients.count()} in the clinic)")
        self.stdout.write("  Sign in with (password for all: " + DEMO_PASSWORD + "):")
        for email, name, role in STAFF:
            self.stdout.write(f"    {email:<24} {role.label:<13} {name}")
        self.stdout.write(
            "  Two-factor sign-in is optional in the demo clinic (each person may set it up on "
            "their account page); new clinics require it of admins."
        )

    def _staff_member(self, clinic: Clinic, email: str, name: str, role: Role) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
        else:
            user.set_password(DEMO_PASSWORD)  # demo logins always work as printed
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user, clinic=clinic, defaults={"role": role.value, "is_active": True}
        )
        return user

    def _patients(self, clinic: Clinic, clinician: User, count: int) -> int:
        rng = random.Random(2026)  # the same demo every time
        today = timezone.localdate()
        created = 0
        for n in range(count):
            given, family = GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)]
            born = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 55))
            patient, is_new = Patient.objects.get_or_create(
                clinic=clinic,
                record_number=f"DEMO-{n + 1:03d}",
                defaults={
                    "given_name": given,
                    "family_name": family,
                    "date_of_birth": born,
                    "sex": rng.choice([Patient.Sex.FEMALE, Patient.Sex.MALE]),
                    "email": f"{given.lower()}.{n + 1}@example.org",
                    "phone": f"+1 312 555 {rng.randrange(1000, 9999)}",
                    "created_by": clinician,
                },
            )
            if not is_new:
                continue
            created += 1
            code, problem = DIAGNOSES[n % len(DIAGNOSES)]
            Episode.objects.create(
                patient=patient,
                icd10_code=code,
                problem=problem.format(
                    weeks=rng.randrange(2, 20),
                    cause=rng.choice(CAUSES),
                    freq=rng.randrange(2, 6),
                ),
                opened_on=today - datetime.timedelta(days=rng.randrange(0, 90)),
                created_by=clinician,
            )
        return created
