from django import forms
from django.utils.translation import gettext_lazy as _


class ReleaseForm(forms.Form):
    reason = forms.CharField(label=_("Why do you give the job back?"), max_length=300)
