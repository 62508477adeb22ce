"""Our own fuzzing: schemathesis against a live server of the demo data, in every role (see fuzz.run)."""
