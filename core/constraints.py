"""Database constraints in words a user reads: a constraint left with Django's default message
("Constraint “product_step_positive” is violated.") or broken in the database itself (an IntegrityError)
answers a plain message on the field it is about, never the constraint's name.

A constraint's own violation_error_message says it best; these are the fallbacks for the rest.
"""

import functools
import re

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import BaseConstraint, CheckConstraint, UniqueConstraint
from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("This value is not allowed.")
NOT_ALLOWED_TOGETHER = _("These values cannot be saved together.")

CHECK, UNIQUE, FOREIGN_KEY = "check", "unique", "foreign_key"
_POSTGRES_KINDS = {"23514": CHECK, "23505": UNIQUE, "23503": FOREIGN_KEY}
_SQLITE_KINDS = {
    "SQLITE_CONSTRAINT_CHECK": CHECK,
    "SQLITE_CONSTRAINT_UNIQUE": UNIQUE,
    "SQLITE_CONSTRAINT_PRIMARYKEY": UNIQUE,
    "SQLITE_CONSTRAINT_FOREIGNKEY": FOREIGN_KEY,
}


@functools.cache
def _constraint_fields() -> dict[str, frozenset[str]]:
    """Every model constraint's name and the fields it is about."""
    fields = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, CheckConstraint):
                names = {name for name, *_ in model._get_expr_references(constraint.condition)}
            elif isinstance(constraint, UniqueConstraint):
                names = set(constraint.fields)
            else:
                names = set()
            fields[constraint.name] = frozenset(names)
    return fields


def constraint_field(name: str | None) -> str | None:
    """The one field constraint `name` is about; None if several, an expression or no such constraint."""
    fields = _constraint_fields().get(name or "", frozenset())
    return next(iter(fields)) if len(fields) == 1 else None


def _default_message_name(message: str) -> str | None:
    """The constraint named by Django's default violation message (in the active language), if it is one."""
    template = re.escape(str(BaseConstraint.default_violation_error_message))
    match = re.fullmatch(template.replace(re.escape("%(name)s"), "(?P<name>.+)"), message)
    return match["name"] if match else None


def readable_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A model's validation errors as messages per field, each default constraint message replaced by
    a plain one on its constraint's field (the request as a whole, NON_FIELD_ERRORS, if it has none)."""
    readable: dict[str, list[str]] = {}
    by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for field, messages in by_field.items():
        for message in messages:
            name = _default_message_name(message)
            if name is None:
                readable.setdefault(field, []).append(message)
                continue
            target = constraint_field(name)
            plain = NOT_ALLOWED if target else NOT_ALLOWED_TOGETHER
            readable.setdefault(target or NON_FIELD_ERRORS, []).append(str(plain))
    return readable


def violation(error: IntegrityError) -> tuple[str | None, str | None]:
    """What an IntegrityError broke, on PostgreSQL or SQLite: its kind (CHECK, UNIQUE, FOREIGN_KEY or
    None for anything else) and the constraint's name where the database tells it."""
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return _POSTGRES_KINDS.get(sqlstate), cause.diag.constraint_name
    kind = _SQLITE_KINDS.get(getattr(cause, "sqlite_errorname", ""))
    # SQLite names only a CHECK constraint: "CHECK constraint failed: product_step_positive"
    name = str(cause).partition(": ")[2] if kind == CHECK else None
    return kind, name or None
