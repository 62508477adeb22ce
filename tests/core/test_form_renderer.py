"""core.form_renderer writes the plain inputs exactly as Django's widget templates do."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

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


def test_every_other_widget_keeps_its_template():
    select = forms.Select(choices=[("1", "Beras"), ("2", "Cabai")])

    assert "django/forms/widgets/select.html" not in INPUTS
    assert select.render("c", "2", renderer=FormRenderer()) == select.render(
        "c", "2", renderer=DjangoTemplates()
    )
