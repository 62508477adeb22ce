"""Typo-tolerant search on PostgreSQL: the pg_trgm extension and a trigram index on product names.

Nothing on SQLite (no pg_trgm there; the search falls back to plain matching). The index is kept out of
the model's state, so makemigrations stays clean on every database."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "vendors_product_name_trgm"


class PostgresOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("vendors", "0006_catalogue_prices_and_contact")]

    operations = [
        TrigramExtension(),
        # UPPER(name) is what Django's icontains compares, so the same index serves both.
        PostgresOnly(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON vendors_product USING gin (UPPER("name") gin_trgm_ops)',
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
