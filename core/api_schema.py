"""The API schema as drf-spectacular writes it, plus what every endpoint shares.

Each view documents its own answers; AutoSchema adds the ones that come from the layers around every
view, so a client (and the fuzzer, fuzz/) finds every status an endpoint can give in the schema:
401 and 403 from authentication and permissions, 400 for a body or query that cannot be read,
404 for an id that matches nothing or a page past the end, 413 and 415 for a body too large or of
another type, 414 for an address too long for the web server. A view's own description of a status
wins.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions

from core.api import VALIDATION_FAILED_SCHEMA, ErrorSerializer

URI_TOO_LONG = (
    "The address is over the web server's limit (gunicorn's limit_request_line, about 4 KB): a page "
    "from the server in front of the application, not JSON"
)
# Permissions any signed-in caller passes: another one (a role) can answer 403.
_ANY_SIGNED_IN = (permissions.AllowAny, permissions.IsAuthenticated)


class SessionTokenScheme(OpenApiAuthenticationExtension):
    """App clients send the session token from allauth's headless login as X-Session-Token."""

    target_class = "core.api_auth.SessionTokenAuthentication"
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "meta.session_token from POST /_allauth/app/v1/auth/login",
        }


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            responses = operation.setdefault("responses", {})
            for code, description in self._shared_answers(operation).items():
                responses.setdefault(code, self._error_response(code, description))
        return operation

    def _shared_answers(self, operation) -> dict[str, str]:
        parameters = operation.get("parameters", [])
        in_path = any(parameter["in"] == "path" for parameter in parameters)
        query = {parameter["name"] for parameter in parameters if parameter["in"] == "query"}
        has_body = "requestBody" in operation
        signed_in = {} not in operation.get("security", [{}])
        answers = {}
        if has_body or query:
            answers["400"] = "The body or a query parameter could not be read or is not valid"
        if signed_in:
            answers["401"] = "No session and no valid X-Session-Token"
        if signed_in and (self.method not in permissions.SAFE_METHODS or self._needs_a_role()):
            answers["403"] = "The caller lacks the role this needs (or a browser session sent no CSRF token)"
        if in_path or "page" in query:
            answers["404"] = "Unknown, outside what the caller may see, or a page past the last"
        if has_body:
            answers["413"] = "The body is over the size limit (code too_large)"
            answers["415"] = "The body is of a type this endpoint does not read"
        if query:
            answers["414"] = URI_TOO_LONG
        return answers

    def _needs_a_role(self) -> bool:
        return any(not isinstance(p, _ANY_SIGNED_IN) for p in self.view.get_permissions())

    def _error_response(self, code: str, description: str) -> dict:
        if code == "414":
            return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}
        if code == "400":
            schema = VALIDATION_FAILED_SCHEMA
        else:
            schema = self.resolve_serializer(ErrorSerializer, "response").ref
        return {"description": description, "content": {"application/json": {"schema": schema}}}
