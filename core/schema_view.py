"""The API schema's view (config/urls.py); apart from core.api_schema, which DRF's settings import
while drf-spectacular's views are being imported."""

from typing import ClassVar

from django.http import HttpResponse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView


class SchemaView(SpectacularAPIView):
    """/api/schema/, generated once per process for each language, version and format: generating it
    walks every endpoint (about 100 ms) and it changes only with a deploy. The schema is public
    (SERVE_PUBLIC), so the caller does not enter the key."""

    _rendered: ClassVar[dict[tuple, tuple[bytes, str, str]]] = {}

    @extend_schema(**SCHEMA_KWARGS)  # as the parent's: left out of the schema it serves
    def get(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        key = (
            request.GET.get("lang") or get_language(),
            self.api_version or request.version or self._get_version_parameter(request),
            renderer.format,
            request.accepted_media_type,
        )
        if key not in self._rendered:
            response = super().get(request, *args, **kwargs)
            response.accepted_renderer = renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            self._rendered[key] = (
                response.content,
                response["Content-Type"],
                response["Content-Disposition"],
            )
        content, content_type, disposition = self._rendered[key]
        return HttpResponse(content, content_type=content_type, headers={"Content-Disposition": disposition})
