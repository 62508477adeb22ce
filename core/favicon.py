"""/favicon.ico: browsers and crawlers ask for it whatever the pages link; send them to the SVG icon."""

from django.templatetags.static import static
from django.views.generic import RedirectView


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        # At request time: the hashed name of production's manifest storage is known once collected.
        return static("img/favicon.svg")
