"""The search words a region's staff teach the catalogue ("lombok" finds cabai). Another region's staff
neither see nor change them (404); non-staff get 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.pages import form_error, message_error
from market import services
from market.errors import MarketError
from market.forms import SearchSynonymForm
from market.models import SearchSynonym
from market.selectors import search_synonym_list_for_staff, staff_regions
from market.views.review import staff_only

SYNONYMS_PER_PAGE = 50


@staff_only
def synonym_list(request):
    """The regions' own search words and the common ones; POST adds one."""
    form = SearchSynonymForm(request.POST or None, regions=staff_regions(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.search_synonym_add(
                region_id=data["region"].pk, actor=request.user, word=data["word"], means=data["means"]
            )
        except MarketError as error:
            form_error(form, error)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Search word added: it works from the next search on."))
            return redirect("market:staff_synonyms")
    context = {
        "form": form,
        "page": Paginator(search_synonym_list_for_staff(request.user), SYNONYMS_PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "common": SearchSynonym.objects.filter(region__isnull=True),
    }
    return render(request, "market/staff/synonyms.html", context)


@staff_only
@require_POST
def synonym_remove(request, pk):
    try:
        services.search_synonym_remove(synonym_id=pk, actor=request.user)
    except MarketError as error:
        message_error(request, error)
    else:
        messages.success(request, _("Search word removed."))
    return redirect("market:staff_synonyms")
