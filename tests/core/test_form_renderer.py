"""core.form_renderer writes the plain inputs and selects exactly as Django's widget templates do."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.form_renderer import INPUTS, FormRenderer

WIDGETS = [
    forms.TextInput(attrs={"placeholder": 'say "cabai" & <more>', "autofocus": True, "hidden": False}),
    forms.NumberInput(attrs={"min": 0, "step": "0.25"}),
    forms.HiddenInput(),
    forms.EmailInput(attrs={"required": True}),
    forms.PasswordInput(render_value=True),
    forms.CheckboxInput(),
    forms.DateInput(),
    forms.TimeInput(),
    forms.DateTimeInput(),
    forms.URLInput(),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", [None, "", "12.500", 'a "quoted" <b>&', True, 7])
def test_inputs_render_as_the_templates_render_them(widget, value):
    django, ours = DjangoTemplates(), FormRenderer()

    assert widget.render("price", value, renderer=ours) == widget.render("price", value, renderer=django)


CHOICES = [("", "Every market"), ("pasar-batang", 'Pasar "Batang" & <co>'), (3, _("Approved"))]
SELECTS = [
    forms.Select(choices=CHOICES, attrs={"class": "wide", "data-x": '"q"', "disabled": False}),
    forms.Select(choices=[("Sayur", [("1", "Bayam"), ("2", "Kangkung")]), ("3", "Beras")]),
    forms.SelectMultiple(choices=CHOICES, attrs={"required": True}),
    forms.NullBooleanSelect(),
    forms.Select(choices=[]),
]


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        *((widget, value) for widget in SELECTS for value in (None, "", "pasar-batang", "2", 3, "unknown")),
        (SELECTS[2], ["", 3]),
    ],
    ids=lambda w: type(w).__name__ if isinstance(w, forms.Widget) else repr(w),
)
def test_selects_render_as_the_templates_render_them_in_both_languages(widget, value):
    django, ours = DjangoTemplates(), FormRenderer()

    for language in ("id", "en"):
        with translation.override(language):
            assert widget.render("m", value, renderer=ours) == widget.render("m", value, renderer=django)


def test_a_select_with_numbers_for_labels_keeps_its_template(monkeypatch):
    select = forms.Select(choices=[(1000, 1000)])
    monkeypatch.setattr(DjangoTemplates, "render", lambda *args: "from the template")

    assert select.render("n", 1000, renderer=FormRenderer()) == "from the template"


def test_every_other_widget_keeps_its_template():
    textarea = forms.Textarea()

    assert "django/forms/widgets/textarea.html" not in INPUTS
    assert textarea.render("c", "2", renderer=FormRenderer()) == textarea.render(
        "c", "2", renderer=DjangoTemplates()
    )
