"""The site's form renderer: Django's, with the plain <input> widgets written in Python.

Each `{{ form.field }}` renders a widget template through the template engine, about half a millisecond
apiece here: the quick update's 50 rows spent two thirds of their time on their 200 inputs. Django's
`input.html` and `attrs.html` are two lines, reproduced exactly below, and so are `select.html` and
its `select_option.html` (a select renders one template per option: the staff lists' filters spent
about 3 ms a page on theirs); every other widget (textarea, file, radio, checkbox lists) keeps its
template."""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape

INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "input",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}


SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUTS:
            return render_input(context["widget"])
        if template_name == SELECT and _plain_options(context["widget"]):
            return render_select(context["widget"])
        return super().render(template_name, context, request)


def render_input(widget: dict) -> str:
    html = f'<input type="{_escaped(widget["type"])}" name="{_escaped(widget["name"])}"'
    if widget["value"] is not None:
        html += f' value="{_escaped(widget["value"])}"'
    return html + _attrs(widget["attrs"]) + ">"


def render_select(widget: dict) -> str:
    html = [f'<select name="{_escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{_escaped(group_name)}">')
        html.extend(
            f'\n  <option value="{_escaped(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_escaped(option['label'])}</option>\n"  # select_option.html's own line end
            for option in options
        )
        if group_name:
            html.append("\n  </optgroup>")
    return "".join(html) + "\n</select>"


def _plain_options(widget: dict) -> bool:
    # Options with a template of their own, or labels the template would localise (numbers, dates),
    # are left to the templates.
    return all(
        option["template_name"] == OPTION and isinstance(option["label"], str | Promise)
        for _group, options, _index in widget["optgroups"]
        for option in options
    )


def _attrs(attrs: dict) -> str:
    html = []
    for name, value in attrs.items():
        if value is True:
            html.append(f" {_escaped(name)}")
        elif value is not False:
            html.append(f' {_escaped(name)}="{_escaped(value)}"')
    return "".join(html)


def _escaped(value) -> str:
    """As the templates' autoescape with |stringformat:'s' does: a safe string is left as it is."""
    return conditional_escape(str(value))
