"""The one domain error every service raises, and what its code means at the edges.

Each app subclasses DomainError once (vendors.errors.VendorError, market.errors.ReviewError, ...) and
declares which of its codes mean "not found" (outside the caller's scope: 404) and which a conflict (a
lost race or a state that changed: 409). "busy" (core.locking) is a 409 with Retry-After for every app;
every other code is a refused request (400). core.api maps it for the API, core.pages for pages.
"""

from http import HTTPStatus

BUSY = "busy"


class DomainError(Exception):
    """A business rule refused the request: a message for the user and a stable code for clients."""

    not_found_codes: frozenset[str] = frozenset({"not_found"})
    conflict_codes: frozenset[str] = frozenset()

    def __init__(self, message, code: str = "invalid", *, field: str | None = None):
        super().__init__(str(message))
        # Forced now, not when shown: a Celery worker may run in another language (pretix's OrderError).
        self.message = str(message)
        self.code = code
        # The input the message is about, if one: pages show it on that field, the API answers it as
        # that field's validation error.
        self.field = field

    @property
    def status(self) -> HTTPStatus:
        return status_for(type(self), self.code)


def status_for(error_class: type[DomainError], code: str) -> HTTPStatus:
    """The HTTP status a code of `error_class` answers with, on pages and in the API alike."""
    if code in error_class.not_found_codes:
        return HTTPStatus.NOT_FOUND
    if code == BUSY or code in error_class.conflict_codes:
        return HTTPStatus.CONFLICT
    return HTTPStatus.BAD_REQUEST
