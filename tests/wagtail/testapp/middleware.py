"""Test-only: which process served a response, so a test with several app-server processes
knows that each of them answered."""

import os
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def served_by(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[..., HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response["X-Served-By"] = str(os.getpid())
        return response

    return middleware
