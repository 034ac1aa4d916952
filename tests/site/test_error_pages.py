"""The error pages wear the app's look, even the 500 page that renders when things are broken,
and browsers asking for /favicon.ico get the app's icon."""

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import include, path

from dryneedle.clinics.access import public


@public
def broken(request):
    raise DatabaseError("the database went away")


# This module is also the URL configuration of its tests: the app's routes plus one that fails.
urlpatterns = [path("broken/", broken), path("", include("dryneedle.urls"))]
handler500 = "dryneedle.errors.server_error"


@pytest.fixture
def failing_request(db, settings):
    settings.DEBUG = False
    return Client(raise_request_exception=False).get("/broken/")


@pytest.mark.urls(__name__)
def test_a_failing_page_answers_500_with_plain_words(failing_request):
    assert failing_request.status_code == 500
    assert "Something went wrong" in failing_request.content.decode()


@pytest.mark.urls(__name__)
def test_the_500_page_links_the_apps_stylesheet_and_icon(failing_request):
    content = failing_request.content.decode()
    assert '<link rel="stylesheet" href="/static/dryneedle/app.css">' in content
    assert '<header class="topbar">' in content
    assert 'src="/static/dryneedle/icon.svg"' in content


def test_the_favicon_is_the_apps_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    icon = b"".join(response.streaming_content)
    assert icon.startswith(b"\x00\x00\x01\x00")  # the ICO file signature
