"""The site's form renderer: Django's, with the plain <input> widgets written in Python.

Each `{{ form.field }}` renders a widget template through the template engine, about half a millisecond
apiece here: the quick update's 50 rows spent two thirds of their time on their 200 inputs. Django's
`input.html` and `attrs.html` are two lines, reproduced exactly below, and so are `select.html` and
its `select_option.html` (a select renders one template per option: the staff lists' filters spent
about 3 ms a page on theirs); every other widget (textarea, file, radio, checkbox lists) keeps its
template."""

from html import escape

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise

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
    html = f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"'
    if widget["value"] is not None:
        html += f' value="{escaped(widget["value"])}"'
    return html + _attrs(widget["attrs"]) + ">"


def render_select(widget: dict) -> str:
    html = [f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{escaped(group_name)}">')
        html.extend(
            f'\n  <option value="{escaped(option["value"])}"{_attrs(option["attrs"])}>'
            f"{escaped(option['label'])}</option>\n"  # select_option.html's own line end
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
            html.append(f" {escaped(name)}")
        elif value is not False:
            html.append(f' {escaped(name)}="{escaped(value)}"')
    return "".join(html)


def escaped(value) -> str:
    """As the templates' autoescape with |stringformat:'s' does: a safe string is left as it is.
    Django's conditional_escape, without its lazy-argument wrapper (a tenth of the quick update's time):
    its escape is the standard library's."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))
