"""The site's form renderer: Django's, with the plain <input> widgets written in Python.

Each `{{ form.field }}` renders a widget template through the template engine, about half a millisecond
apiece here: the quick update's 50 rows spent two thirds of their time on their 200 inputs. Django's
`input.html` and `attrs.html` are two lines, reproduced exactly below; every other widget (select,
textarea, file, radio, checkbox lists) keeps its template."""

import html

from django.forms.renderers import DjangoTemplates

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


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name not in INPUTS:
            return super().render(template_name, context, request)
        return render_input(context["widget"])


def render_input(widget: dict) -> str:
    html = [f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"']
    if widget["value"] is not None:
        html.append(f' value="{escaped(widget["value"])}"')
    for name, value in widget["attrs"].items():
        if value is True:
            html.append(f" {escaped(name)}")
        elif value is not False:
            html.append(f' {escaped(name)}="{escaped(value)}"')
    return "".join(html) + ">"


def escaped(value) -> str:
    """As the templates' autoescape with |stringformat:'s' does: a safe string is left as it is.
    Django's conditional_escape, without its lazy-argument wrapper (a tenth of the quick update's time):
    its escape is the standard library's."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
